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

test_unknown_when_a_reservation_may_cross_the_limit if {
	inp := testing.template({"A": fn(800), "B": fn({"Fn::If": ["Prod", 500, 1]}), "C": sam({"Ref": "Reserved"})})
	count(reserved_concurrency_total.deny) == 0 with input as inp
	{f.resource | some f in reserved_concurrency_total.unknowns} == {"B", "C"} with input as inp
	some f in reserved_concurrency_total.unknowns with input as inp
	f.message == "Lambda function C: ReservedConcurrentExecutions is not resolved, so whether the template's reservations stay within the 900 reservable (account limit 1000 minus 100 kept unreserved) is unknown"
}

test_unknown_when_an_unbounded_reservation_exists if {
	inp := testing.template({"A": fn(10), "B": fn({"Ref": "Reserved"})})
	count(reserved_concurrency_total.deny) == 0 with input as inp
	count(reserved_concurrency_total.unknowns) == 1 with input as inp
}

test_no_unknown_when_known if {
	# Conditional reservations whose larger branch still fits.
	count(reserved_concurrency_total.unknowns) == 0 with input as testing.template({"A": fn(300), "B": fn({"Fn::If": ["Prod", 500, 1]}), "C": fn({"Fn::If": ["Big", 100]})})

	# Denied already: the unresolved one does not change the verdict.
	count(reserved_concurrency_total.unknowns) == 0 with input as testing.template({"A": fn(500), "B": sam("450"), "D": fn({"Ref": "X"})})
	count(reserved_concurrency_total.unknowns) == 0 with input as testing.template({"A": fn(450)})
}
