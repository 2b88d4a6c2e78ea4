package bulwark.rules.health_check.ecs_container_health_check_test

import data.bulwark.rules.health_check.ecs_container_health_check
import data.bulwark.testing

service(props) := {"Type": "AWS::ECS::Service", "Properties": object.union({"TaskDefinition": {"Ref": "Task"}}, props)}

task(containers) := {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": containers}}

check := {"Command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]}

test_fails_for_essential_container_without_check if {
	res := ecs_container_health_check.deny with input as testing.template({
		"Svc": service({}),
		"Task": task([{"Name": "app"}, {"Name": "log-router", "Essential": "false"}, {"Name": "proxy", "HealthCheck": check}]),
	})
	some f in res
	f.resource == "Svc"
	f.path == ["Properties", "TaskDefinition"]
	contains(f.message, "ECS service Svc has no load balancer and task definition Task has essential container(s) without a HealthCheck (app)")
}

test_passes_with_health_checks if {
	count(ecs_container_health_check.deny) == 0 with input as testing.template({
		"Svc": service({"LoadBalancers": []}),
		"Task": task([{"Name": "app", "HealthCheck": check}, {"Name": "sidecar", "Essential": false}]),
	})
}

test_passes_behind_load_balancer if {
	count(ecs_container_health_check.deny) == 0 with input as testing.template({
		"Svc": service({"LoadBalancers": [{"ContainerName": "app", "ContainerPort": 80, "TargetGroupArn": {"Ref": "Tg"}}]}),
		"Task": task([{"Name": "app"}]),
	})
}

test_passes_when_task_definition_unknown if {
	count(ecs_container_health_check.deny) == 0 with input as testing.template({"Svc": service({"TaskDefinition": {"Ref": "TaskArnParam"}})})
}

test_passes_when_unknown if {
	count(ecs_container_health_check.deny) == 0 with input as testing.template({
		"Svc": service({}),
		"Other": service({"LoadBalancers": {"Fn::If": ["Public", [{"TargetGroupArn": "x"}], {"Ref": "AWS::NoValue"}]}}),
		"Task": task([{"Name": "app", "Essential": {"Ref": "Essential"}}, {"Fn::If": ["Debug", {"Name": "debug"}, {"Ref": "AWS::NoValue"}]}]),
	})
}

test_unknown_task_definition if {
	inp := testing.template({"Svc": service({"TaskDefinition": {"Ref": "TaskArnParam"}})})
	count(ecs_container_health_check.deny) == 0 with input as inp
	ecs_container_health_check.unknowns == {{
		"resource": "Svc",
		"path": ["Properties", "TaskDefinition"],
		"message": "ECS service Svc: TaskDefinition is not resolved, so whether its essential containers have a HealthCheck is unknown",
	}} with input as inp
}

test_unknown_containers if {
	inp := testing.template({
		"Svc": service({}),
		"Task": task([
			{"Name": "app", "Essential": {"Ref": "Essential"}},
			{"Fn::If": ["Debug", {"Name": "debug"}, {"Ref": "AWS::NoValue"}]},
			{"Name": "proxy", "HealthCheck": {"Fn::If": ["Checked", check, {"Ref": "AWS::NoValue"}]}},
			{"Name": "sidecar", "Essential": {"Ref": "Essential"}, "HealthCheck": check},
			{"Name": "web", "HealthCheck": {"Fn::If": ["Deep", check, check]}},
		]),
	})
	count(ecs_container_health_check.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in ecs_container_health_check.unknowns} == {
		["Task", ["Properties", "ContainerDefinitions", 0, "Essential"]],
		["Task", ["Properties", "ContainerDefinitions", 1]],
		["Task", ["Properties", "ContainerDefinitions", 2, "HealthCheck"]],
	} with input as inp
	some f in ecs_container_health_check.unknowns with input as inp
	f.message == "ECS task definition Task (of service Svc, which has no load balancer): Essential of container app is not resolved, so whether its essential containers have a HealthCheck is unknown"
}

test_unknown_container_definitions if {
	inp := testing.template({"Svc": service({}), "Task": task({"Fn::If": ["Debug", [{"Name": "a"}], [{"Name": "a", "HealthCheck": check}]]})})
	count(ecs_container_health_check.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in ecs_container_health_check.unknowns} == {["Task", ["Properties", "ContainerDefinitions"]]} with input as inp
}

test_unknown_load_balancers if {
	inp := testing.template({
		"Svc": service({"LoadBalancers": {"Fn::If": ["Public", [{"TargetGroupArn": "x"}], {"Ref": "AWS::NoValue"}]}}),
		"Other": service({"LoadBalancers": [{"Fn::If": ["Public", {"TargetGroupArn": "x"}, {"Ref": "AWS::NoValue"}]}], "TaskDefinition": {"Ref": "Checked"}}),
		"Task": task([{"Name": "app"}]),
		"Checked": task([{"Name": "app", "HealthCheck": check}]),
	})
	count(ecs_container_health_check.deny) == 0 with input as inp
	ecs_container_health_check.unknowns == {{
		"resource": "Svc",
		"path": ["Properties", "LoadBalancers"],
		"message": "ECS service Svc: LoadBalancers is not resolved, so whether anything health-checks its tasks is unknown",
	}} with input as inp
}

test_no_unknowns_when_known if {
	inp := testing.template({
		"Failing": service({}),
		"Task": task([{"Name": "app"}, {"Name": "debug", "Essential": {"Ref": "Essential"}}]),
		"Behind": service({"LoadBalancers": [{"ContainerName": "app", "ContainerPort": 80, "TargetGroupArn": {"Ref": "Tg"}}], "TaskDefinition": {"Ref": "TaskArnParam"}}),
		"External": service({"TaskDefinition": "arn:aws:ecs:eu-west-1:123456789012:task-definition/app:3"}),
	})
	count(ecs_container_health_check.deny) == 1 with input as inp
	count(ecs_container_health_check.unknowns) == 0 with input as inp
}
