package bulwark.rules.concurrency.reserved_concurrency_zero_test

import data.bulwark.rules.concurrency.reserved_concurrency_zero
import data.bulwark.testing

test_fails_with_zero if {
	res := reserved_concurrency_zero.deny with input as testing.template({"Fn": {"Type": "AWS::Serverless::Function", "Properties": {"ReservedConcurrentExecutions": "0"}}})
	some f in res
	f.path == ["Properties", "ReservedConcurrentExecutions"]
	contains(f.message, "Lambda function Fn has ReservedConcurrentExecutions 0")
}

test_passes_with_positive if {
	count(reserved_concurrency_zero.deny) == 0 with input as testing.template({"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"ReservedConcurrentExecutions": 5}}})
}

test_passes_when_unknown if {
	count(reserved_concurrency_zero.deny) == 0 with input as testing.template({"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"ReservedConcurrentExecutions": {"Fn::If": ["Off", 0, 5]}}}})
}

test_unknown_when_reservation_may_be_zero if {
	inp := testing.template({"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"ReservedConcurrentExecutions": {"Fn::If": ["Off", 0, 5]}}}})
	count(reserved_concurrency_zero.deny) == 0 with input as inp
	reserved_concurrency_zero.unknowns == {{
		"resource": "Fn",
		"path": ["Properties", "ReservedConcurrentExecutions"],
		"message": "Lambda function Fn: ReservedConcurrentExecutions is not resolved, so whether it is 0 (every invocation throttled) is unknown",
	}} with input as inp
}

test_unknown_when_reservation_is_a_parameter if {
	inp := testing.template({"Fn": {"Type": "AWS::Serverless::Function", "Properties": {"ReservedConcurrentExecutions": {"Ref": "Reserved"}}}})
	count(reserved_concurrency_zero.deny) == 0 with input as inp
	count(reserved_concurrency_zero.unknowns) == 1 with input as inp
}

test_no_unknown_when_never_zero if {
	count(reserved_concurrency_zero.unknowns) == 0 with input as testing.template({
		"A": {"Type": "AWS::Lambda::Function", "Properties": {"ReservedConcurrentExecutions": {"Fn::If": ["Prod", 100, "10"]}}},
		"B": {"Type": "AWS::Lambda::Function", "Properties": {"ReservedConcurrentExecutions": {"Fn::If": ["Prod", 100]}}},
		"C": {"Type": "AWS::Lambda::Function", "Properties": {"ReservedConcurrentExecutions": 0}},
		"D": {"Type": "AWS::Lambda::Function", "Properties": {}},
	})
}
