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
