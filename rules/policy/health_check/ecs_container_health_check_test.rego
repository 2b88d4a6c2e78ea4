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
