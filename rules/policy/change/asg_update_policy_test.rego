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
	f.message == "Auto Scaling group Web has an AutoScalingRollingUpdate with MinInstancesInService 0 and MaxBatchSize 2, so a batch may replace all 2 instances of the group at once (MinSize 2): nothing serves until the new instances are up; set MaxBatchSize below 2 or MinInstancesInService to 1 or more"
}

# A group of one instance that cannot grow: MinInstancesInService 1 is not
# allowed (it must be below MaxSize), so the message says what would help.
test_fails_for_single_instance_group_that_cannot_surge if {
	res := asg_update_policy.deny with input as testing.template({"Web": asg({
		"Properties": {"MinSize": 1, "MaxSize": 1},
		"UpdatePolicy": {"AutoScalingRollingUpdate": {"MinInstancesInService": 0, "MaxBatchSize": 1}},
	})})
	some f in res
	f.path == ["UpdatePolicy", "AutoScalingRollingUpdate", "MinInstancesInService"]
	f.message == "Auto Scaling group Web has an AutoScalingRollingUpdate with MinInstancesInService 0 and MaxBatchSize 1, so a batch may replace all 1 instances of the group at once (MinSize 1): nothing serves until the new instances are up; MaxSize 1 leaves no room to start a new instance before stopping the old one: raise MaxSize to 2 and set MinInstancesInService to 1, or use AutoScalingReplacingUpdate"
}

test_fails_for_single_instance_group_that_can_surge if {
	res := asg_update_policy.deny with input as testing.template({
		"One": asg({"Properties": {"MinSize": "1", "MaxSize": "3"}, "UpdatePolicy": {"AutoScalingRollingUpdate": {}}}),
		"Zero": asg({"Properties": {"MinSize": 0, "MaxSize": 2, "DesiredCapacity": 1}, "UpdatePolicy": {"AutoScalingRollingUpdate": {"MaxBatchSize": 1}}}),
	})
	{[f.resource, f.message] | some f in res} == {
		["One", "Auto Scaling group One has an AutoScalingRollingUpdate with MinInstancesInService 0 and MaxBatchSize 1, so a batch may replace all 1 instances of the group at once (MinSize 1): nothing serves until the new instances are up; set MinInstancesInService to 1 (CloudFormation then starts a new instance before stopping the old one), or use AutoScalingReplacingUpdate"],
		["Zero", "Auto Scaling group Zero has an AutoScalingRollingUpdate with MinInstancesInService 0 and MaxBatchSize 1, so a batch may replace all 1 instances of the group at once (MinSize 0, when it runs 1 instance): nothing serves until the new instances are up; set MinInstancesInService to 1 (CloudFormation then starts a new instance before stopping the old one), or use AutoScalingReplacingUpdate"],
	}
}

# MinSize 2 with one instance replaced at a time keeps the other in service,
# even with MinInstancesInService 0 (issue #17).
test_passes_with_batches_smaller_than_the_group if {
	count(asg_update_policy.deny) == 0 with input as testing.template({
		"Web": asg({"UpdatePolicy": {"AutoScalingRollingUpdate": {"MaxBatchSize": 1, "MinInstancesInService": 0}}}),
		"Default": asg({"UpdatePolicy": {"AutoScalingRollingUpdate": {"PauseTime": "PT5M"}}}),
		"Big": asg({"Properties": {"MinSize": 4, "MaxSize": 8}, "UpdatePolicy": {"AutoScalingRollingUpdate": {"MaxBatchSize": "3"}}}),
		"Parked": asg({"Properties": {"MinSize": 0, "MaxSize": 2, "DesiredCapacity": 0}, "UpdatePolicy": {"AutoScalingRollingUpdate": {}}}),
	})
}

test_unknown_batch_or_size if {
	inp := testing.template({
		"Batch": asg({"UpdatePolicy": {"AutoScalingRollingUpdate": {"MaxBatchSize": {"Ref": "Batch"}}}}),
		"Size": asg({"Properties": {"MinSize": {"Ref": "Min"}, "MaxSize": 4}, "UpdatePolicy": {"AutoScalingRollingUpdate": {"MaxBatchSize": 1}}}),
		"MinKnownSafe": asg({"UpdatePolicy": {"AutoScalingRollingUpdate": {"MinInstancesInService": {"Ref": "M"}, "MaxBatchSize": 1}}}),
	})
	count(asg_update_policy.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in asg_update_policy.unknowns} == {
		["Batch", ["UpdatePolicy", "AutoScalingRollingUpdate", "MaxBatchSize"]],
		["Size", ["Properties", "MinSize"]],
	} with input as inp
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
		"A": asg({"UpdatePolicy": {"AutoScalingRollingUpdate": {"MinInstancesInService": {"Ref": "MinInService"}, "MaxBatchSize": 2}}}),
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
