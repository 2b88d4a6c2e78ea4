# METADATA
# title: ECS service without any health check
# description: >-
#   An ECS service that is not behind a load balancer learns about task
#   health only from container health checks. Without one on its essential
#   containers, a task whose process hangs but does not exit is never
#   replaced.
# custom:
#   id: BW-HEALTH-CHECK-006
#   severity: medium
#   concern: health-check
#   well_architected: [REL11-BP01, REL11-BP03]
#   resource_types: [AWS::ECS::Service, AWS::ECS::TaskDefinition]
#   inputs: [template]
#   remediation: >-
#     Add a HealthCheck (command, interval, retries) to each essential
#     container definition of the task definition, or register the service
#     with a load balancer target group.
package bulwark.rules.health_check.ecs_container_health_check

import data.bulwark.lib

deny contains lib.finding(id, ["Properties", "TaskDefinition"], msg) if {
	some id, r in lib.resources(["AWS::ECS::Service"])
	no_load_balancers(r)
	task_id := lib.ref_target(r.Properties.TaskDefinition)
	task := input.resources[task_id]
	task.Type == "AWS::ECS::TaskDefinition"
	containers := lib.list(task.Properties.ContainerDefinitions)
	unchecked := [name |
		some i, c in containers
		essential_without_check(c)
		name := container_name(c, i)
	]
	count(unchecked) > 0
	msg := sprintf("ECS service %s has no load balancer and task definition %s has essential container(s) without a HealthCheck (%s): a hung task is never replaced", [id, task_id, concat(", ", unchecked)])
}

no_load_balancers(r) if not r.Properties.LoadBalancers

no_load_balancers(r) if r.Properties.LoadBalancers == []

# Essential defaults to true.
essential_without_check(c) if {
	is_object(c)
	not lib.is_intrinsic(c)
	essential := object.get(c, "Essential", true)
	not lib.unknown(essential)
	not lib.is_false(essential)
	not c.HealthCheck
}

container_name(c, i) := name if {
	name := c.Name
	is_string(name)
} else := sprintf("#%d", [i])

# In --strict mode: what this rule could not verify.

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
