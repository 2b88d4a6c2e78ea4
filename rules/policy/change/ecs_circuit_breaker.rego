# METADATA
# title: ECS service without deployment circuit breaker rollback
# description: >-
#   A rolling ECS deployment whose new tasks never become healthy keeps
#   launching and stopping tasks for hours before CloudFormation gives up.
#   The deployment circuit breaker stops a failing deployment and, with
#   Rollback, returns the service to the last deployment that completed.
#   Services deployed by CodeDeploy or an external controller are not
#   checked.
# custom:
#   id: BW-CHANGE-001
#   severity: medium
#   concern: change
#   well_architected: [REL08-BP05, REL08-BP04]
#   resource_types: [AWS::ECS::Service]
#   inputs: [template, account]
#   remediation: >-
#     Set DeploymentConfiguration.DeploymentCircuitBreaker {Enable: true,
#     Rollback: true} on the service (or DeploymentConfiguration.Alarms with
#     Enable and Rollback true, to roll back on CloudWatch alarms).
package bulwark.rules.change.ecs_circuit_breaker

import data.bulwark.lib

config := ["Properties", "DeploymentConfiguration"]

breaker := array.concat(config, ["DeploymentCircuitBreaker"])

deny contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::ECS::Service"])
	ecs_controller(r)
	not alarm_rollback(r)
	not _alarms_unresolved(r)
	cb := lib.get(r, breaker, null)
	[path, why] := problem(r, cb)
	msg := sprintf("ECS service %s %s: a deployment whose tasks never become healthy is not stopped and rolled back automatically", [id, why])
}

problem(r, null) := [lib.at(r, breaker), "has no DeploymentConfiguration.DeploymentCircuitBreaker"]

problem(r, cb) := [lib.at(r, array.concat(breaker, ["Enable"])), "has its deployment circuit breaker disabled (Enable false)"] if {
	is_object(cb)
	not lib.is_intrinsic(cb)
	enable := object.get(cb, "Enable", false)
	not lib.unknown(enable)
	not lib.is_true(enable)
}

problem(r, cb) := [lib.at(r, array.concat(breaker, ["Rollback"])), "enables the deployment circuit breaker without Rollback"] if {
	is_object(cb)
	not lib.is_intrinsic(cb)
	lib.is_true(cb.Enable)
	rollback := object.get(cb, "Rollback", false)
	not lib.unknown(rollback)
	not lib.is_true(rollback)
}

# DeploymentController.Type defaults to ECS; CODE_DEPLOY and EXTERNAL
# deployments are not rolling ECS deployments.
ecs_controller(r) if {
	t := lib.get(r, ["Properties", "DeploymentController", "Type"], "ECS")
	is_string(t)
	upper(t) == "ECS"
}

# CloudWatch alarm based rollback also stops and rolls back a deployment.
alarm_rollback(r) if {
	alarms := lib.get(r, array.concat(config, ["Alarms"]), null)
	lib.is_true(alarms.Enable)
	lib.is_true(alarms.Rollback)
}

alarms_path := array.concat(config, ["Alarms"])

# Alarm based rollback that may be on: Alarms, or its Enable or Rollback,
# unresolved, and not known to be off.
_alarms_unresolved(r) := lib.at(r, alarms_path) if {
	lib.is_intrinsic(lib.get(r, alarms_path, null))
} else := path if {
	alarms := lib.get(r, alarms_path, null)
	is_object(alarms)
	not lib.is_intrinsic(alarms)
	not _alarm_off(alarms)
	some k in ["Enable", "Rollback"]
	lib.unknown(object.get(alarms, k, false))
	path := array.concat(alarms_path, [k])
}

_alarm_off(alarms) if {
	some k in ["Enable", "Rollback"]
	v := object.get(alarms, k, false)
	not lib.unknown(v)
	not lib.is_true(v)
}
