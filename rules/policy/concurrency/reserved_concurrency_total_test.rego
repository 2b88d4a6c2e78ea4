package bulwark.rules.concurrency.reserved_concurrency_total_test

import data.bulwark.rules.concurrency.reserved_concurrency_total
import data.bulwark.testing

fn(n) := {"Type": "AWS::Lambda::Function", "Properties": {"ReservedConcurrentExecutions": n}}

sam(n) := {"Type": "AWS::Serverless::Function", "Properties": {"ReservedConcurrentExecutions": n}}

test_fails_on_every_contributor if {
	res := reserved_concurrency_total.deny with input as testing.template({"A": fn(500), "B": sam("450"), "C": fn(0), "D": fn({"Ref": "X"})})
	{f.resource | some f in res} == {"A", "B"}
	some f in res
	f.resource == "A"
	f.path == ["Properties", "ReservedConcurrentExecutions"]
	f.details.total_reserved == 950
	f.details.reservable == 900
	contains(f.message, "reserve 950 in total (A 500, B 450), above the 900 reservable (account limit 1000 minus 100 kept unreserved)")
	contains(f.message, "rejects this at deploy time")
}

test_fails_with_lower_account_limit if {
	res := reserved_concurrency_total.deny with input as testing.template_with({"A": fn(60)}, {"account_concurrency_limit": 150, "unreserved_concurrency_min": 100})
	count(res) == 1
}

test_passes_at_the_limit if {
	count(reserved_concurrency_total.deny) == 0 with input as testing.template({"A": fn(450), "B": sam(450)})
}

test_passes_when_unknown if {
	count(reserved_concurrency_total.deny) == 0 with input as testing.template({"A": fn(800), "B": fn({"Fn::If": ["Prod", 500, 1]})})
}
