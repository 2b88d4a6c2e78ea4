package bulwark.rules.change.ecs_minimum_healthy_zero_test

import data.bulwark.rules.change.ecs_minimum_healthy_zero
import data.bulwark.testing

service(props) := {"Type": "AWS::ECS::Service", "Properties": object.union({"Cluster": {"Ref": "Cluster"}, "TaskDefinition": {"Ref": "Task"}}, props)}

test_fails_with_zero_minimum_healthy if {
	res := ecs_minimum_healthy_zero.deny with input as testing.template({"Web": service({"DesiredCount": 2, "DeploymentConfiguration": {"MinimumHealthyPercent": 0, "MaximumPercent": 100}})})
	count(res) == 1
	some f in res
	f.resource == "Web"
	f.path == ["Properties", "DeploymentConfiguration", "MinimumHealthyPercent"]
	f.details == {"desired_count": 2}
	f.message == "ECS service Web has MinimumHealthyPercent 0 with DesiredCount 2: a deployment may stop all 2 task(s) before their replacements are healthy, taking the service down"
}

test_fails_with_default_desired_count_and_string_percent if {
	res := ecs_minimum_healthy_zero.deny with input as testing.template({"Web": service({"DeploymentConfiguration": {"MinimumHealthyPercent": "0"}})})
	some f in res
	contains(f.message, "with DesiredCount 1")
}

test_passes_with_minimum_healthy if {
	count(ecs_minimum_healthy_zero.deny) == 0 with input as testing.template({
		"Web": service({"DesiredCount": 2, "DeploymentConfiguration": {"MinimumHealthyPercent": 50}}),
		"Default": service({"DesiredCount": 2}),
	})
}

test_passes_for_scaled_to_zero_daemon_and_code_deploy if {
	count(ecs_minimum_healthy_zero.deny) == 0 with input as testing.template({
		"Idle": service({"DesiredCount": 0, "DeploymentConfiguration": {"MinimumHealthyPercent": 0}}),
		"Agent": service({"SchedulingStrategy": "DAEMON", "DeploymentConfiguration": {"MinimumHealthyPercent": 0}}),
		"BlueGreen": service({"DeploymentController": {"Type": "CODE_DEPLOY"}, "DeploymentConfiguration": {"MinimumHealthyPercent": 0}}),
	})
}

test_passes_when_unknown if {
	count(ecs_minimum_healthy_zero.deny) == 0 with input as testing.template({
		"A": service({"DeploymentConfiguration": {"MinimumHealthyPercent": {"Ref": "MinHealthy"}}}),
		"B": service({"DesiredCount": {"Ref": "Count"}, "DeploymentConfiguration": {"MinimumHealthyPercent": 0}}),
		"C": service({"DeploymentConfiguration": {"Fn::If": ["Prod", {"MinimumHealthyPercent": 100}, {"MinimumHealthyPercent": 0}]}}),
	})
}
