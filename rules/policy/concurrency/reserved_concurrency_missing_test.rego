package bulwark.rules.concurrency.reserved_concurrency_missing_test

import data.bulwark.rules.concurrency.reserved_concurrency_missing
import data.bulwark.testing

test_fails_for_lambda_without_reservation if {
	res := reserved_concurrency_missing.deny with input as testing.template({"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.12"}}})
	some f in res
	f.path == ["Properties"]
	contains(f.message, "Lambda function Fn has no ReservedConcurrentExecutions")
}

test_fails_for_sam_function if {
	count(reserved_concurrency_missing.deny) == 1 with input as testing.template({"Fn": {"Type": "AWS::Serverless::Function", "Properties": {}}})
}

test_passes_with_reservation if {
	count(reserved_concurrency_missing.deny) == 0 with input as testing.template({"Fn": {"Type": "AWS::Serverless::Function", "Properties": {"ReservedConcurrentExecutions": "50"}}})
}

test_passes_when_unknown if {
	count(reserved_concurrency_missing.deny) == 0 with input as testing.template({"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"ReservedConcurrentExecutions": {"Ref": "Reserved"}}}})
}

test_unknown_when_condition_may_remove_reservation if {
	# What the resolver leaves of !If [Prod, 100, !Ref AWS::NoValue].
	inp := testing.template({"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"ReservedConcurrentExecutions": {"Fn::If": ["Prod", 100]}}}})
	count(reserved_concurrency_missing.deny) == 0 with input as inp
	reserved_concurrency_missing.unknowns == {{
		"resource": "Fn",
		"path": ["Properties", "ReservedConcurrentExecutions"],
		"message": "Lambda function Fn: ReservedConcurrentExecutions is not resolved, so whether it reserves concurrency is unknown",
	}} with input as inp
}

test_no_unknown_when_reservation_is_set if {
	count(reserved_concurrency_missing.unknowns) == 0 with input as testing.template({
		"A": {"Type": "AWS::Lambda::Function", "Properties": {"ReservedConcurrentExecutions": {"Ref": "Reserved"}}},
		"B": {"Type": "AWS::Lambda::Function", "Properties": {"ReservedConcurrentExecutions": {"Fn::If": ["Prod", 100, 10]}}},
		"C": {"Type": "AWS::Serverless::Function", "Properties": {}},
	})
}
