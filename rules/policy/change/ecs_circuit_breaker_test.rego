package bulwark.rules.change.ecs_circuit_breaker_test

import data.bulwark.rules.change.ecs_circuit_breaker
import data.bulwark.testing

service(props) := {"Type": "AWS::ECS::Service", "Properties": object.union({"Cluster": {"Ref": "Cluster"}, "DesiredCount": 2, "TaskDefinition": {"Ref": "Task"}}, props)}

test_fails_without_circuit_breaker if {
	res := ecs_circuit_breaker.deny with input as testing.template({"Web": service({"DeploymentConfiguration": {"MinimumHealthyPercent": 100, "MaximumPercent": 200}})})
	count(res) == 1
	some f in res
	f.resource == "Web"
	f.path == ["Properties", "DeploymentConfiguration"]
	f.message == "ECS service Web has no DeploymentConfiguration.DeploymentCircuitBreaker: a deployment whose tasks never become healthy is not stopped and rolled back automatically"
}

test_fails_without_rollback if {
	res := ecs_circuit_breaker.deny with input as testing.template({"Web": service({"DeploymentConfiguration": {"DeploymentCircuitBreaker": {"Enable": "true", "Rollback": "false"}}})})
	some f in res
	f.path == ["Properties", "DeploymentConfiguration", "DeploymentCircuitBreaker", "Rollback"]
	contains(f.message, "enables the deployment circuit breaker without Rollback")
}

test_fails_when_disabled if {
	res := ecs_circuit_breaker.deny with input as testing.template({"Web": service({"DeploymentController": {"Type": "ECS"}, "DeploymentConfiguration": {"DeploymentCircuitBreaker": {"Enable": false, "Rollback": true}}})})
	some f in res
	f.path == ["Properties", "DeploymentConfiguration", "DeploymentCircuitBreaker", "Enable"]
}

test_passes_with_circuit_breaker_rollback if {
	count(ecs_circuit_breaker.deny) == 0 with input as testing.template({"Web": service({"DeploymentConfiguration": {"DeploymentCircuitBreaker": {"Enable": true, "Rollback": "true"}}})})
}

test_passes_with_alarm_rollback if {
	count(ecs_circuit_breaker.deny) == 0 with input as testing.template({"Web": service({"DeploymentConfiguration": {"Alarms": {"AlarmNames": ["web-5xx"], "Enable": true, "Rollback": true}}})})
}

test_passes_for_code_deploy_and_external_controllers if {
	count(ecs_circuit_breaker.deny) == 0 with input as testing.template({
		"BlueGreen": service({"DeploymentController": {"Type": "CODE_DEPLOY"}}),
		"External": service({"DeploymentController": {"Type": "external"}}),
	})
}

test_passes_when_unknown if {
	count(ecs_circuit_breaker.deny) == 0 with input as testing.template({
		"A": service({"DeploymentConfiguration": {"DeploymentCircuitBreaker": {"Enable": {"Ref": "Breaker"}, "Rollback": true}}}),
		"B": service({"DeploymentConfiguration": {"Fn::If": ["Prod", {"DeploymentCircuitBreaker": {"Enable": true, "Rollback": true}}, {"Ref": "AWS::NoValue"}]}}),
		"C": service({"DeploymentController": {"Type": {"Ref": "Controller"}}}),
		"D": service({"DeploymentConfiguration": {"DeploymentCircuitBreaker": {"Enable": true, "Rollback": {"Ref": "Rollback"}}}}),
	})
}
