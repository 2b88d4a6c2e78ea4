package bulwark.rules.change.asg_update_policy_test

import data.bulwark.rules.change.asg_update_policy
import data.bulwark.testing

asg(attrs) := object.union({"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {"MinSize": "2", "MaxSize": "4", "LaunchTemplate": {"LaunchTemplateId": {"Ref": "Lt"}, "Version": {"Fn::GetAtt": ["Lt", "LatestVersionNumber"]}}}}, attrs)

test_fails_without_update_policy if {
	res := asg_update_policy.deny with input as testing.template({"Web": asg({})})
	count(res) == 1
	some f in res
	f.resource == "Web"
	f.path == []
	f.message == "Auto Scaling group Web has no UpdatePolicy with AutoScalingRollingUpdate or AutoScalingReplacingUpdate: a launch template or configuration change is not rolled out to running instances under CloudFormation's control"
}

test_fails_with_rolling_update_keeping_no_instance if {
	res := asg_update_policy.deny with input as testing.template({"Web": asg({"UpdatePolicy": {"AutoScalingRollingUpdate": {"MaxBatchSize": "2", "PauseTime": "PT5M"}}})})
	some f in res
	f.path == ["UpdatePolicy", "AutoScalingRollingUpdate"]
	contains(f.message, "has an AutoScalingRollingUpdate with MinInstancesInService 0")
}

test_fails_with_scheduled_actions_policy_only if {
	res := asg_update_policy.deny with input as testing.template({"Web": asg({"UpdatePolicy": {"AutoScalingScheduledAction": {"IgnoreUnmodifiedGroupSizeProperties": true}, "AutoScalingReplacingUpdate": {"WillReplace": false}}})})
	some f in res
	f.path == ["UpdatePolicy"]
}

test_passes_with_rolling_update if {
	count(asg_update_policy.deny) == 0 with input as testing.template({"Web": asg({"UpdatePolicy": {"AutoScalingRollingUpdate": {"MinInstancesInService": "1", "MaxBatchSize": 1, "WaitOnResourceSignals": true}}})})
}

test_passes_with_replacing_update if {
	count(asg_update_policy.deny) == 0 with input as testing.template({"Web": asg({"UpdatePolicy": {"AutoScalingReplacingUpdate": {"WillReplace": "true"}}})})
}

test_passes_when_unknown if {
	count(asg_update_policy.deny) == 0 with input as testing.template({
		"A": asg({"UpdatePolicy": {"AutoScalingRollingUpdate": {"MinInstancesInService": {"Ref": "MinInService"}}}}),
		"B": asg({"UpdatePolicy": {"Fn::If": ["Rolling", {"AutoScalingRollingUpdate": {"MinInstancesInService": 1}}, {"Ref": "AWS::NoValue"}]}}),
		"C": asg({"UpdatePolicy": {"AutoScalingReplacingUpdate": {"WillReplace": {"Ref": "Replace"}}}}),
		"D": asg({"UpdatePolicy": {"AutoScalingRollingUpdate": {"Fn::If": ["Prod", {"MinInstancesInService": 1}, {"MinInstancesInService": 0}]}}}),
		"E": asg({"UpdatePolicy": {"AutoScalingRollingUpdate": {"MinInstancesInService": 2, "PauseTime": {"Ref": "Pause"}}}}),
	})
}

test_unknown_update_policy if {
	inp := testing.template({
		"A": asg({"UpdatePolicy": {"AutoScalingRollingUpdate": {"MinInstancesInService": {"Ref": "MinInService"}}}}),
		"B": asg({"UpdatePolicy": {"Fn::If": ["Rolling", {"AutoScalingRollingUpdate": {"MinInstancesInService": 1}}, {"Ref": "AWS::NoValue"}]}}),
		"C": asg({"UpdatePolicy": {"AutoScalingReplacingUpdate": {"WillReplace": {"Ref": "Replace"}}}}),
		"D": asg({"UpdatePolicy": {"AutoScalingRollingUpdate": {"Fn::If": ["Prod", {"MinInstancesInService": 1}, {"MinInstancesInService": 0}]}}}),
	})
	count(asg_update_policy.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in asg_update_policy.unknowns} == {
		["A", ["UpdatePolicy", "AutoScalingRollingUpdate", "MinInstancesInService"]],
		["B", ["UpdatePolicy"]],
		["C", ["UpdatePolicy", "AutoScalingReplacingUpdate", "WillReplace"]],
		["D", ["UpdatePolicy", "AutoScalingRollingUpdate"]],
	} with input as inp
	some f in asg_update_policy.unknowns with input as inp
	f.resource == "A"
	f.message == "Auto Scaling group A: UpdatePolicy.AutoScalingRollingUpdate.MinInstancesInService is not resolved, so whether a launch template or configuration change is rolled out under CloudFormation's control is unknown"
}

test_no_unknowns_when_known if {
	inp := testing.template({
		"None": asg({}),
		"Rolling": asg({"UpdatePolicy": {"AutoScalingRollingUpdate": {"MinInstancesInService": 2, "PauseTime": {"Ref": "Pause"}}, "AutoScalingReplacingUpdate": {"WillReplace": {"Ref": "Replace"}}}}),
		"Either": asg({"UpdatePolicy": {"AutoScalingRollingUpdate": {"MinInstancesInService": {"Fn::If": ["Prod", 2, "1"]}}}}),
		"Replacing": asg({"UpdatePolicy": {"AutoScalingReplacingUpdate": {"WillReplace": true}, "AutoScalingRollingUpdate": {"Ref": "Rolling"}}}),
	})
	count(asg_update_policy.deny) == 1 with input as inp
	count(asg_update_policy.unknowns) == 0 with input as inp
}
