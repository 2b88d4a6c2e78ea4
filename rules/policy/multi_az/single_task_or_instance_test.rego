package bulwark.rules.multi_az.single_task_or_instance_test

import data.bulwark.rules.multi_az.single_task_or_instance as rule
import data.bulwark.testing

tier(level, resources) := testing.template_input(resources, {"tier": {"level": level}})

service(props) := {"Type": "AWS::ECS::Service", "Properties": props}

asg(max) := {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {"MinSize": "1", "MaxSize": max}}

target(min) := {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {"ServiceNamespace": "ecs", "ResourceId": {"Fn::Sub": "service/${Cluster}/${Svc.Name}"}, "ScalableDimension": "ecs:service:DesiredCount", "MinCapacity": min, "MaxCapacity": 10}}

test_fails_default_desired_count_and_max_size_1 if {
	rule.deny == {
		{
			"resource": "Svc",
			"path": ["Properties"],
			"message": "ECS service Svc runs a single task (DesiredCount unset, 1 by default) in a tier 2 workload: one task failure or Availability Zone failure is an outage until a replacement starts",
		},
		{
			"resource": "Fleet",
			"path": ["Properties", "MaxSize"],
			"message": "Auto Scaling group Fleet has MaxSize 1 in a tier 2 workload: it never runs more than one instance, so an instance or Availability Zone failure is an outage until a replacement boots",
		},
	} with input as tier(2, {"Svc": service({}), "Fleet": asg("1")})
}

test_fails_when_scaling_minimum_is_one if {
	inp := tier(3, {"Svc": service({"DesiredCount": 1}), "Scale": target(1)})
	count(rule.deny) == 1 with input as inp
}

test_passes_with_two_tasks_scaling_or_daemon if {
	inp := tier(1, {
		"Two": service({"DesiredCount": 2}),
		"Svc": service({"DesiredCount": 1}),
		"Scale": target(2),
		"Daemon": service({"SchedulingStrategy": "DAEMON"}),
		"Fleet": asg("4"),
	})
	count(rule.deny) == 0 with input as inp
	count(rule.unknowns) == 0 with input as inp
}

test_passes_in_tier_4_and_without_tier if {
	count(rule.deny) == 0 with input as tier(4, {"Svc": service({})})
	count(rule.deny) == 0 with input as testing.template({"Svc": service({})})
}

test_unknown_when_counts_unresolved if {
	inp := tier(1, {"Svc": service({"DesiredCount": {"Ref": "Count"}}), "Fleet": asg({"Ref": "Max"})})
	count(rule.deny) == 0 with input as inp
	count(rule.unknowns) == 2 with input as inp
}

test_unknown_when_scaling_minimum_unresolved if {
	inp := tier(1, {"Svc": service({"DesiredCount": 1}), "Scale": target({"Ref": "Min"})})
	count(rule.deny) == 0 with input as inp
	count(rule.unknowns) == 1 with input as inp
}
