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

sam_fn(events) := {"Type": "AWS::Serverless::Function", "Properties": {"Handler": "app.handler", "Events": events}}

test_unknown_targets_and_retry_policy if {
	inp := testing.template({
		"A": rule({"Ref": "Targets"}),
		"B": rule([{"Fn::If": ["Notify", target({}), {"Ref": "AWS::NoValue"}]}]),
		"C": rule([target({"RetryPolicy": {"MaximumRetryAttempts": {"Ref": "Retries"}}})]),
		"D": rule([target({"DeadLetterConfig": {"Fn::If": ["HasDlq", {"Arn": "arn"}, {"Ref": "AWS::NoValue"}]}})]),
	})
	count(eventbridge_target_dlq.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in eventbridge_target_dlq.unknowns} == {
		["A", ["Properties", "Targets"]],
		["B", ["Properties", "Targets", 0]],
		["C", ["Properties", "Targets", 0, "RetryPolicy", "MaximumRetryAttempts"]],
		["D", ["Properties", "Targets", 0, "DeadLetterConfig"]],
	} with input as inp
	some f in eventbridge_target_dlq.unknowns with input as inp
	f.resource == "C"
	f.message == "EventBridge rule C: RetryPolicy.MaximumRetryAttempts of target Notify is not resolved, so whether an event it cannot deliver is kept in a dead-letter queue is unknown"
}

test_unknown_rule_state if {
	inp := testing.template({
		"Maybe": {"Type": "AWS::Events::Rule", "Properties": {"State": {"Ref": "State"}, "ScheduleExpression": "rate(1 hour)", "Targets": [target({})]}},
		"Safe": {"Type": "AWS::Events::Rule", "Properties": {"State": {"Ref": "State"}, "ScheduleExpression": "rate(1 hour)", "Targets": [target({"DeadLetterConfig": {"Arn": "arn"}})]}},
	})
	count(eventbridge_target_dlq.deny) == 0 with input as inp
	eventbridge_target_dlq.unknowns == {{
		"resource": "Maybe",
		"path": ["Properties", "State"],
		"message": "EventBridge rule Maybe: State is not resolved, so whether it delivers events to a target without a DeadLetterConfig is unknown",
	}} with input as inp
}

test_unknown_sam_events if {
	inp := testing.template({
		"Props": sam_fn({"Every": {"Type": "Schedule", "Properties": {"Fn::If": ["Fast", {"Schedule": "rate(1 minute)"}, {"Schedule": "rate(1 hour)"}]}}}),
		"Enabled": sam_fn({"Every": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)", "Enabled": {"Ref": "On"}}}}),
		"Typed": sam_fn({"E": {"Type": {"Ref": "EventType"}, "Properties": {}}}),
		"Cond": sam_fn({"E": {"Fn::If": ["Prod", {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)"}}, {"Ref": "AWS::NoValue"}]}}),
		"Safe": sam_fn({"E": {"Fn::If": ["Prod", {"Type": "Api", "Properties": {"Path": "/", "Method": "get"}}, {"Ref": "AWS::NoValue"}]}}),
	})
	count(eventbridge_target_dlq.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in eventbridge_target_dlq.unknowns} == {
		["Props", ["Properties", "Events", "Every", "Properties"]],
		["Enabled", ["Properties", "Events", "Every", "Properties", "Enabled"]],
		["Typed", ["Properties", "Events", "E"]],
		["Cond", ["Properties", "Events", "E"]],
	} with input as inp
}

test_no_unknowns_when_known if {
	inp := testing.template({
		"Failing": rule([target({})]),
		"Off": {"Type": "AWS::Events::Rule", "Properties": {"State": "DISABLED", "Targets": {"Ref": "Targets"}}},
		"NoRetry": rule([target({"RetryPolicy": {"MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": {"Ref": "Age"}}})]),
		"Either": rule([target({"DeadLetterConfig": {"Fn::If": ["Prod", {"Arn": "a"}, {"Arn": "b"}]}})]),
		"Nightly": sam_fn({"Every": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)", "Enabled": false, "RetryPolicy": {"Ref": "Policy"}}}}),
	})
	count(eventbridge_target_dlq.deny) == 1 with input as inp
	count(eventbridge_target_dlq.unknowns) == 0 with input as inp
}

test_passes_when_rule_state_or_sam_properties_unresolved if {
	count(eventbridge_target_dlq.deny) == 0 with input as testing.template({
		"Maybe": {"Type": "AWS::Events::Rule", "Properties": {"State": {"Fn::If": ["Prod", "ENABLED", "DISABLED"]}, "Targets": [target({})]}},
		"Props": sam_fn({"Every": {"Type": "Schedule", "Properties": {"Fn::If": ["Fast", {"Schedule": "rate(1 minute)"}, {"Schedule": "rate(1 hour)"}]}}}),
		"State": sam_fn({"Every": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)", "State": {"Ref": "State"}}}}),
	})
}
