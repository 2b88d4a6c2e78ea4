package bulwark.rules.coupling.eventbridge_target_dlq_test

import data.bulwark.rules.coupling.eventbridge_target_dlq
import data.bulwark.testing

rule(targets) := {"Type": "AWS::Events::Rule", "Properties": {"EventPattern": {"source": ["orders"]}, "Targets": targets}}

target(extra) := object.union({"Id": "Notify", "Arn": {"Fn::GetAtt": ["Fn", "Arn"]}}, extra)

test_fails_without_dead_letter_config if {
	res := eventbridge_target_dlq.deny with input as testing.template({"OrderPlaced": rule([target({})])})
	count(res) == 1
	some f in res
	f.resource == "OrderPlaced"
	f.path == ["Properties", "Targets", 0]
	f.message == "EventBridge rule OrderPlaced target Notify has no DeadLetterConfig: an event that cannot be delivered is dropped without trace after 185 attempts over 24 h"
}

test_fails_with_retry_policy_only if {
	res := eventbridge_target_dlq.deny with input as testing.template({"OrderPlaced": rule([
		target({"DeadLetterConfig": {"Arn": {"Fn::GetAtt": ["Dlq", "Arn"]}}}),
		{"Id": "Audit", "Arn": "arn:aws:sqs:eu-west-1:123456789012:audit", "RetryPolicy": {"MaximumRetryAttempts": "3", "MaximumEventAgeInSeconds": 600}},
	])})
	count(res) == 1
	some f in res
	f.path == ["Properties", "Targets", 1]
	contains(f.message, "target Audit has no DeadLetterConfig")
	contains(f.message, "after 3 attempts over 600 s")
}

test_fails_for_sam_schedule_event if {
	res := eventbridge_target_dlq.deny with input as testing.template({"Nightly": {"Type": "AWS::Serverless::Function", "Properties": {"Events": {"Every": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)"}}}}}})
	some f in res
	f.path == ["Properties", "Events", "Every", "Properties"]
	f.message == "Schedule event Every of function Nightly has no DeadLetterConfig: an event that cannot be delivered is dropped without trace after 185 attempts over 24 h"
}

test_passes_with_dead_letter_config if {
	count(eventbridge_target_dlq.deny) == 0 with input as testing.template({
		"OrderPlaced": rule([target({"DeadLetterConfig": {"Arn": {"Fn::GetAtt": ["Dlq", "Arn"]}}})]),
		"Nightly": {"Type": "AWS::Serverless::Function", "Properties": {"Events": {"Every": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)", "DeadLetterConfig": {"Type": "SQS"}}}}}},
	})
}

test_passes_for_disabled_rules if {
	count(eventbridge_target_dlq.deny) == 0 with input as testing.template({
		"Off": {"Type": "AWS::Events::Rule", "Properties": {"State": "DISABLED", "Targets": [target({})]}},
		"Nightly": {"Type": "AWS::Serverless::Function", "Properties": {"Events": {"Every": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)", "Enabled": "false"}}}}},
	})
}

test_passes_when_retries_disabled_reported_by_the_medium_rule if {
	count(eventbridge_target_dlq.deny) == 0 with input as testing.template({"OrderPlaced": rule([target({"RetryPolicy": {"MaximumRetryAttempts": 0}})])})
}

test_passes_when_unknown if {
	count(eventbridge_target_dlq.deny) == 0 with input as testing.template({
		"A": rule({"Ref": "Targets"}),
		"B": rule([{"Fn::If": ["Notify", target({}), {"Ref": "AWS::NoValue"}]}]),
		"C": rule([target({"RetryPolicy": {"MaximumRetryAttempts": {"Ref": "Retries"}}})]),
	})
}
