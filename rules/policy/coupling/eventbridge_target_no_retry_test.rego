package bulwark.rules.coupling.eventbridge_target_no_retry_test

import data.bulwark.rules.coupling.eventbridge_target_no_retry
import data.bulwark.testing

rule(targets) := {"Type": "AWS::Events::Rule", "Properties": {"EventPattern": {"source": ["orders"]}, "Targets": targets}}

target(extra) := object.union({"Id": "Notify", "Arn": {"Fn::GetAtt": ["Fn", "Arn"]}}, extra)

test_fails_with_zero_retries if {
	res := eventbridge_target_no_retry.deny with input as testing.template({"OrderPlaced": rule([target({"RetryPolicy": {"MaximumRetryAttempts": "0"}})])})
	count(res) == 1
	some f in res
	f.path == ["Properties", "Targets", 0, "RetryPolicy", "MaximumRetryAttempts"]
	f.message == "EventBridge rule OrderPlaced target Notify has RetryPolicy MaximumRetryAttempts 0 and no DeadLetterConfig: an event whose first delivery fails is lost"
}

test_fails_for_sam_event if {
	res := eventbridge_target_no_retry.deny with input as testing.template({"Fn": {"Type": "AWS::Serverless::Function", "Properties": {"Events": {"Placed": {"Type": "EventBridgeRule", "Properties": {"Pattern": {"source": ["orders"]}, "RetryPolicy": {"MaximumRetryAttempts": 0}}}}}}})
	some f in res
	f.path == ["Properties", "Events", "Placed", "Properties", "RetryPolicy", "MaximumRetryAttempts"]
}

test_passes_with_dead_letter_config if {
	count(eventbridge_target_no_retry.deny) == 0 with input as testing.template({"OrderPlaced": rule([target({"RetryPolicy": {"MaximumRetryAttempts": 0}, "DeadLetterConfig": {"Arn": {"Fn::GetAtt": ["Dlq", "Arn"]}}})])})
}

test_passes_with_retries if {
	count(eventbridge_target_no_retry.deny) == 0 with input as testing.template({"OrderPlaced": rule([target({"RetryPolicy": {"MaximumRetryAttempts": 5}}), target({})])})
}

test_passes_when_unknown if {
	count(eventbridge_target_no_retry.deny) == 0 with input as testing.template({"OrderPlaced": rule([target({"RetryPolicy": {"MaximumRetryAttempts": {"Ref": "Retries"}}})])})
}
