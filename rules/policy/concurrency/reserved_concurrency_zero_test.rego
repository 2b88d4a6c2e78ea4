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
