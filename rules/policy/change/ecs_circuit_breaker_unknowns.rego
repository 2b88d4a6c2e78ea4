# What the rule in ecs_circuit_breaker.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.change.ecs_circuit_breaker

import data.bulwark.lib

# In --strict mode: what this rule could not verify.
unknowns contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::ECS::Service"])
	not _other_controller(r)
	not alarm_rollback(r)
	not _breaker_ok(r)
	not _denied(r)
	path := _unresolved_path(r)
	msg := sprintf("ECS service %s: %s is not resolved, so whether a failing deployment is stopped and rolled back automatically is unknown", [id, concat(".", array.slice(path, 1, count(path)))])
}

_denied(r) if {
	ecs_controller(r)
	not alarm_rollback(r)
	not _alarms_unresolved(r)
	problem(r, lib.get(r, breaker, null))
}

controller_type := ["Properties", "DeploymentController", "Type"]

# DeploymentController.Type is known and not ECS.
_other_controller(r) if {
	t := lib.get(r, controller_type, "ECS")
	is_string(t)
	upper(t) != "ECS"
}

_breaker_ok(r) if {
	cb := lib.get(r, breaker, null)
	is_object(cb)
	not lib.is_intrinsic(cb)
	lib.is_true(cb.Enable)
	lib.is_true(cb.Rollback)
}

# The first unresolved value the answer depends on: the controller, the
# circuit breaker, then alarm based rollback.
_unresolved_path(r) := lib.at(r, controller_type) if {
	lib.unknown(lib.get(r, controller_type, "ECS"))
} else := path if {
	cb := lib.get(r, breaker, null)
	lib.is_intrinsic(cb)
	path := lib.at(r, breaker)
} else := path if {
	cb := lib.get(r, breaker, null)
	is_object(cb)
	some k in ["Enable", "Rollback"]
	lib.unknown(object.get(cb, k, false))
	not _breaker_known_off(cb, k)
	path := array.concat(breaker, [k])
} else := _alarms_unresolved(r)

# The breaker is known to be off before key k is needed: Enable is known
# false when k is Rollback.
_breaker_known_off(cb, "Rollback") if {
	enable := object.get(cb, "Enable", false)
	not lib.unknown(enable)
	not lib.is_true(enable)
}
