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

test_unknown_circuit_breaker if {
	inp := testing.template({
		"A": service({"DeploymentConfiguration": {"DeploymentCircuitBreaker": {"Enable": {"Ref": "Breaker"}, "Rollback": true}}}),
		"B": service({"DeploymentConfiguration": {"Fn::If": ["Prod", {"DeploymentCircuitBreaker": {"Enable": true, "Rollback": true}}, {"Ref": "AWS::NoValue"}]}}),
		"C": service({"DeploymentController": {"Type": {"Ref": "Controller"}}}),
		"D": service({"DeploymentConfiguration": {"DeploymentCircuitBreaker": {"Enable": true, "Rollback": {"Ref": "Rollback"}}}}),
	})
	count(ecs_circuit_breaker.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in ecs_circuit_breaker.unknowns} == {
		["A", ["Properties", "DeploymentConfiguration", "DeploymentCircuitBreaker", "Enable"]],
		["B", ["Properties", "DeploymentConfiguration"]],
		["C", ["Properties", "DeploymentController", "Type"]],
		["D", ["Properties", "DeploymentConfiguration", "DeploymentCircuitBreaker", "Rollback"]],
	} with input as inp
	some f in ecs_circuit_breaker.unknowns with input as inp
	f.resource == "D"
	f.message == "ECS service D: DeploymentConfiguration.DeploymentCircuitBreaker.Rollback is not resolved, so whether a failing deployment is stopped and rolled back automatically is unknown"
}

test_unknown_alarm_rollback if {
	inp := testing.template({"Web": service({"DeploymentConfiguration": {"Alarms": {"AlarmNames": ["web-5xx"], "Enable": {"Ref": "UseAlarms"}, "Rollback": true}}})})
	count(ecs_circuit_breaker.deny) == 0 with input as inp
	ecs_circuit_breaker.unknowns == {{
		"resource": "Web",
		"path": ["Properties", "DeploymentConfiguration", "Alarms", "Enable"],
		"message": "ECS service Web: DeploymentConfiguration.Alarms.Enable is not resolved, so whether a failing deployment is stopped and rolled back automatically is unknown",
	}} with input as inp
}

test_no_unknowns_when_known if {
	inp := testing.template({
		"Missing": service({}),
		"Ok": service({"DeploymentController": {"Type": {"Ref": "Controller"}}, "DeploymentConfiguration": {"DeploymentCircuitBreaker": {"Enable": true, "Rollback": true}}}),
		"Off": service({"DeploymentConfiguration": {"DeploymentCircuitBreaker": {"Enable": false, "Rollback": {"Ref": "Rollback"}}}}),
		"BlueGreen": service({"DeploymentController": {"Type": "CODE_DEPLOY"}, "DeploymentConfiguration": {"Ref": "Config"}}),
		"AlarmOff": service({"DeploymentConfiguration": {"DeploymentCircuitBreaker": {"Enable": true, "Rollback": true}, "Alarms": {"Enable": {"Ref": "A"}, "Rollback": false}}}),
	})
	count(ecs_circuit_breaker.deny) == 2 with input as inp
	count(ecs_circuit_breaker.unknowns) == 0 with input as inp
}

test_fails_when_disabled_and_rollback_unresolved if {
	res := ecs_circuit_breaker.deny with input as testing.template({"Web": service({"DeploymentConfiguration": {"DeploymentCircuitBreaker": {"Enable": "false", "Rollback": {"Ref": "Rollback"}}}})})
	some f in res
	f.path == ["Properties", "DeploymentConfiguration", "DeploymentCircuitBreaker", "Enable"]
}

test_passes_when_alarm_rollback_unresolved if {
	count(ecs_circuit_breaker.deny) == 0 with input as testing.template({"Web": service({"DeploymentConfiguration": {"Alarms": {"AlarmNames": ["web-5xx"], "Enable": true, "Rollback": {"Ref": "Rollback"}}}})})
}
