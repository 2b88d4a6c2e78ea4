# What the rule in ecs_container_health_check.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.health_check.ecs_container_health_check

import data.bulwark.lib

# The service's task definition cannot be followed (a parameter, an import).
unknowns contains lib.finding(id, ["Properties", "TaskDefinition"], msg) if {
	some id, r in lib.resources(["AWS::ECS::Service"])
	no_load_balancers(r)
	_unresolved_task(r)
	msg := sprintf("ECS service %s: TaskDefinition is not resolved, so whether its essential containers have a HealthCheck is unknown", [id])
}

# The task definition's containers cannot all be read.
unknowns contains lib.finding(task_id, path, msg) if {
	some id, r in lib.resources(["AWS::ECS::Service"])
	no_load_balancers(r)
	task_id := _task_id(r)
	not task_id in _failing_tasks
	some [path, what] in _task_unknowns[task_id]
	msg := sprintf("ECS task definition %s (of service %s, which has no load balancer): %s is not resolved, so whether its essential containers have a HealthCheck is unknown", [task_id, id, what])
}

# The service may have no load balancer, and its containers have, or may
# have, no health check.
unknowns contains lib.finding(id, ["Properties", "LoadBalancers"], msg) if {
	some id, r in lib.resources(["AWS::ECS::Service"])
	_maybe_no_load_balancers(r.Properties.LoadBalancers)
	_task_not_known_checked(r)
	msg := sprintf("ECS service %s: LoadBalancers is not resolved, so whether anything health-checks its tasks is unknown", [id])
}

# The AWS::ECS::TaskDefinition of the template the service runs.
_task_id(r) := task_id if {
	task_id := lib.ref_target(r.Properties.TaskDefinition)
	input.resources[task_id].Type == "AWS::ECS::TaskDefinition"
}

_unresolved_task(r) if {
	lib.unknown(r.Properties.TaskDefinition)
	not _task_id(r)
}

# Task definitions with an essential container known to lack a HealthCheck.
_failing_tasks contains task_id if {
	some task_id, t in lib.resources(["AWS::ECS::TaskDefinition"])
	some c in lib.list(t.Properties.ContainerDefinitions)
	essential_without_check(c)
}

# _task_unknowns[task] holds [path, property] for each unresolved value of
# the task definition that decides whether an essential container lacks a
# HealthCheck.
_task_unknowns[task_id] contains [["Properties", "ContainerDefinitions"], "ContainerDefinitions"] if {
	some task_id, t in lib.resources(["AWS::ECS::TaskDefinition"])
	defs := t.Properties.ContainerDefinitions
	not lib.list(defs)
	lib.unknown(defs)
}

_task_unknowns[task_id] contains [["Properties", "ContainerDefinitions", i], sprintf("ContainerDefinitions entry #%d", [i])] if {
	some task_id, t in lib.resources(["AWS::ECS::TaskDefinition"])
	some i, c in lib.list(t.Properties.ContainerDefinitions)
	lib.is_intrinsic(c)
}

_task_unknowns[task_id] contains [["Properties", "ContainerDefinitions", i, "Essential"], sprintf("Essential of container %s", [container_name(c, i)])] if {
	some task_id, t in lib.resources(["AWS::ECS::TaskDefinition"])
	some i, c in lib.list(t.Properties.ContainerDefinitions)
	is_object(c)
	not lib.is_intrinsic(c)
	lib.unknown(object.get(c, "Essential", true))
	not _surely_checked(c)
}

_task_unknowns[task_id] contains [["Properties", "ContainerDefinitions", i, "HealthCheck"], sprintf("HealthCheck of container %s", [container_name(c, i)])] if {
	some task_id, t in lib.resources(["AWS::ECS::TaskDefinition"])
	some i, c in lib.list(t.Properties.ContainerDefinitions)
	is_object(c)
	not lib.is_intrinsic(c)
	essential := object.get(c, "Essential", true)
	not lib.unknown(essential)
	not lib.is_false(essential)
	_maybe_absent(c.HealthCheck)
}

_surely_checked(c) if {
	c.HealthCheck
	not _maybe_absent(c.HealthCheck)
}

# An unresolved value that may be AWS::NoValue (an Fn::If with a branch that
# is not a plain object). Stricter than lib.maybe_absent, which also counts
# a Ref, Fn::GetAtt, ... (alone or as a branch) as present.
_maybe_absent(v) if {
	lib.is_intrinsic(v)
	not _surely_present(v)
}

_surely_present(v) if {
	[_, a, b] := v["Fn::If"]
	lib.plain_object(a)
	lib.plain_object(b)
}

# LoadBalancers is unresolved, or every entry is unresolved: the list may
# be empty.
_maybe_no_load_balancers(v) if lib.is_intrinsic(v)

_maybe_no_load_balancers(v) if {
	is_array(v)
	count(v) > 0
	every x in v {
		lib.is_intrinsic(x)
	}
}

_task_not_known_checked(r) if _task_id(r) in _failing_tasks

_task_not_known_checked(r) if _unresolved_task(r)

_task_not_known_checked(r) if count(_task_unknowns[_task_id(r)]) > 0
