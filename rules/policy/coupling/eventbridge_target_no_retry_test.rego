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

sam_fn(events) := {"Type": "AWS::Serverless::Function", "Properties": {"Handler": "app.handler", "Events": events}}

test_unknown_retry_attempts if {
	inp := testing.template({"OrderPlaced": rule([target({"RetryPolicy": {"MaximumRetryAttempts": {"Ref": "Retries"}}})])})
	count(eventbridge_target_no_retry.deny) == 0 with input as inp
	eventbridge_target_no_retry.unknowns == {{
		"resource": "OrderPlaced",
		"path": ["Properties", "Targets", 0, "RetryPolicy", "MaximumRetryAttempts"],
		"message": "EventBridge rule OrderPlaced: RetryPolicy.MaximumRetryAttempts of target Notify is not resolved, so whether an event whose first delivery fails is lost is unknown",
	}} with input as inp
}

test_unknown_targets_dead_letter_config_and_state if {
	inp := testing.template({
		"A": rule({"Ref": "Targets"}),
		"B": rule([{"Fn::If": ["Notify", target({"RetryPolicy": {"MaximumRetryAttempts": 0}}), {"Ref": "AWS::NoValue"}]}]),
		"C": rule([target({"RetryPolicy": {"MaximumRetryAttempts": 0}, "DeadLetterConfig": {"Fn::If": ["HasDlq", {"Arn": "arn"}, {"Ref": "AWS::NoValue"}]}})]),
		"D": {"Type": "AWS::Events::Rule", "Properties": {"State": {"Ref": "State"}, "Targets": [target({"RetryPolicy": {"MaximumRetryAttempts": "0"}})]}},
		"E": rule([{"Fn::If": ["Notify", target({}), {"Ref": "AWS::NoValue"}]}]),
	})
	count(eventbridge_target_no_retry.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in eventbridge_target_no_retry.unknowns} == {
		["A", ["Properties", "Targets"]],
		["B", ["Properties", "Targets", 0]],
		["C", ["Properties", "Targets", 0, "DeadLetterConfig"]],
		["D", ["Properties", "State"]],
	} with input as inp
}

test_unknown_sam_events if {
	inp := testing.template({
		"Props": sam_fn({"Placed": {"Type": "EventBridgeRule", "Properties": {"Fn::If": ["Retry", {"Pattern": {}}, {"Pattern": {}, "RetryPolicy": {"MaximumRetryAttempts": 0}}]}}}),
		"Retries": sam_fn({"Placed": {"Type": "EventBridgeRule", "Properties": {"Pattern": {}, "RetryPolicy": {"MaximumRetryAttempts": {"Ref": "Retries"}}}}}),
		"Typed": sam_fn({"E": {"Type": {"Ref": "EventType"}, "Properties": {}}}),
	})
	count(eventbridge_target_no_retry.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in eventbridge_target_no_retry.unknowns} == {
		["Props", ["Properties", "Events", "Placed", "Properties"]],
		["Retries", ["Properties", "Events", "Placed", "Properties", "RetryPolicy", "MaximumRetryAttempts"]],
		["Typed", ["Properties", "Events", "E"]],
	} with input as inp
}

test_no_unknowns_when_known if {
	inp := testing.template({
		"Failing": rule([target({"RetryPolicy": {"MaximumRetryAttempts": 0}})]),
		"Retrying": rule([target({"RetryPolicy": {"MaximumRetryAttempts": 3}, "DeadLetterConfig": {"Fn::If": ["HasDlq", {"Arn": "arn"}, {"Ref": "AWS::NoValue"}]}})]),
		"WithDlq": rule([target({"RetryPolicy": {"MaximumRetryAttempts": {"Ref": "Retries"}}, "DeadLetterConfig": {"Arn": {"Ref": "DlqArn"}}})]),
		"Off": {"Type": "AWS::Events::Rule", "Properties": {"State": "DISABLED", "Targets": {"Ref": "Targets"}}},
		"Default": rule([target({})]),
	})
	count(eventbridge_target_no_retry.deny) == 1 with input as inp
	count(eventbridge_target_no_retry.unknowns) == 0 with input as inp
}

test_passes_for_disabled_sam_schedule_and_unresolved_state if {
	count(eventbridge_target_no_retry.deny) == 0 with input as testing.template({
		"Off": sam_fn({"Every": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)", "Enabled": false, "RetryPolicy": {"MaximumRetryAttempts": 0}}}}),
		"Maybe": {"Type": "AWS::Events::Rule", "Properties": {"State": {"Ref": "State"}, "Targets": [target({"RetryPolicy": {"MaximumRetryAttempts": 0}})]}},
	})
}
