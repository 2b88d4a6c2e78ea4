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

test_unknown_deployment_settings if {
	inp := testing.template({
		"A": service({"DeploymentConfiguration": {"MinimumHealthyPercent": {"Ref": "MinHealthy"}}}),
		"B": service({"DesiredCount": {"Ref": "Count"}, "DeploymentConfiguration": {"MinimumHealthyPercent": 0}}),
		"C": service({"DeploymentConfiguration": {"Fn::If": ["Prod", {"MinimumHealthyPercent": 100}, {"MinimumHealthyPercent": 0}]}}),
		"D": service({"DeploymentController": {"Type": {"Ref": "Controller"}}, "SchedulingStrategy": {"Ref": "Strategy"}, "DeploymentConfiguration": {"MinimumHealthyPercent": {"Fn::If": ["Prod", 50, 0]}}}),
	})
	count(ecs_minimum_healthy_zero.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in ecs_minimum_healthy_zero.unknowns} == {
		["A", ["Properties", "DeploymentConfiguration", "MinimumHealthyPercent"]],
		["B", ["Properties", "DesiredCount"]],
		["C", ["Properties", "DeploymentConfiguration"]],
		["D", ["Properties", "DeploymentConfiguration", "MinimumHealthyPercent"]],
	} with input as inp
	some f in ecs_minimum_healthy_zero.unknowns with input as inp
	f.resource == "B"
	f.message == "ECS service B: DesiredCount is not resolved, so whether a deployment may stop every task is unknown"
}

test_no_unknowns_when_known if {
	inp := testing.template({
		"Zero": service({"DesiredCount": 2, "DeploymentConfiguration": {"MinimumHealthyPercent": 0}}),
		"Healthy": service({"DesiredCount": {"Ref": "Count"}, "DeploymentConfiguration": {"MinimumHealthyPercent": {"Fn::If": ["Prod", 100, 50]}}}),
		"Daemon": service({"SchedulingStrategy": "DAEMON", "DeploymentConfiguration": {"MinimumHealthyPercent": {"Ref": "MinHealthy"}}}),
		"BlueGreen": service({"DeploymentController": {"Type": "CODE_DEPLOY"}, "DeploymentConfiguration": {"Ref": "Config"}}),
		"Idle": service({"DesiredCount": {"Fn::If": ["Prod", 0, "0"]}, "DeploymentConfiguration": {"MinimumHealthyPercent": {"Ref": "MinHealthy"}}}),
	})
	count(ecs_minimum_healthy_zero.deny) == 1 with input as inp
	count(ecs_minimum_healthy_zero.unknowns) == 0 with input as inp
}

test_unknown_when_every_branch_is_zero if {
	inp := testing.template({"Web": service({"DesiredCount": 2, "DeploymentConfiguration": {"MinimumHealthyPercent": {"Fn::If": ["Prod", 0, "0"]}}})})
	count(ecs_minimum_healthy_zero.deny) == 0 with input as inp
	count(ecs_minimum_healthy_zero.unknowns) == 1 with input as inp
}
