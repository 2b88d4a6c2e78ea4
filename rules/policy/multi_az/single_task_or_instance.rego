# METADATA
# title: Service that runs a single task or instance in a tiered workload
# description: >-
#   An ECS service with DesiredCount 1 (the default for a new replica
#   service), or an Auto Scaling group with MaxSize 1, runs one copy of the
#   workload in one Availability Zone: any task, instance or zone failure is
#   an outage until a replacement starts. Checked for tier 1 to 3
#   workloads, whose availability targets cannot absorb that; templates
#   without a tier are not checked.
# custom:
#   id: BW-MULTI-AZ-017
#   severity: high
#   concern: multi-az
#   well_architected: [REL10-BP01, REL11-BP05]
#   resource_types: [AWS::ECS::Service, AWS::AutoScaling::AutoScalingGroup]
#   inputs: [template, account]
#   tiers: [1, 2, 3]
#   remediation: >-
#     Run at least two tasks (DesiredCount, or an Application Auto Scaling
#     MinCapacity of 2) or instances (MinSize and MaxSize at least 2) in
#     subnets of two or more Availability Zones.
package bulwark.rules.multi_az.single_task_or_instance

import data.bulwark.lib

level := lib.number(input.tier.level)

tiered if level in {1, 2, 3}

# The ECS scalable targets of the template, with the service they scale
# (null when their ResourceId names no service bulwark can see).
_ecs_targets contains [_service_of(p.ResourceId), p] if {
	some t in lib.resources(["AWS::ApplicationAutoScaling::ScalableTarget"])
	p := t.Properties
	is_string(p.ServiceNamespace)
	lower(p.ServiceNamespace) == "ecs"
}

_service_of(v) := id if {
	ids := {x | some x in lib.refs(v); input.resources[x].Type == "AWS::ECS::Service"}
	count(ids) == 1
	some id in ids
} else := null

# min_tasks is {service id: {MinCapacity, ...}} of its scalable targets.
min_tasks := {s: mins | some s, mins in _min_tasks}

_min_tasks[s] contains object.get(p, "MinCapacity", null) if {
	some [s, p] in _ecs_targets
	s != null
}

# An ECS scalable target that may scale any service.
unplaced_target if {
	some [null, _] in _ecs_targets
}

deny contains lib.finding(id, lib.at(r, ["Properties", "DesiredCount"]), msg) if {
	tiered
	not unplaced_target
	some id, r in lib.resources(["AWS::ECS::Service"])
	not _daemon(r)
	n := lib.number(object.get(r.Properties, "DesiredCount", 1))
	n <= 1
	not _scaled_above_one(id)
	msg := sprintf("ECS service %s runs %s in a tier %v workload: one task failure or Availability Zone failure is an outage until a replacement starts", [id, _tasks(r, n), level])
}

deny contains lib.finding(id, ["Properties", "MaxSize"], msg) if {
	tiered
	some id, r in lib.resources(["AWS::AutoScaling::AutoScalingGroup"])
	lib.number(r.Properties.MaxSize) <= 1
	msg := sprintf("Auto Scaling group %s has MaxSize %v in a tier %v workload: it never runs more than one instance, so an instance or Availability Zone failure is an outage until a replacement boots", [id, r.Properties.MaxSize, level])
}

_daemon(r) if {
	s := r.Properties.SchedulingStrategy
	is_string(s)
	upper(s) == "DAEMON"
}

_daemon(r) if lib.unknown(object.get(r.Properties, "SchedulingStrategy", null))

# A scalable target keeps at least two tasks (or its minimum is unknown:
# the unknowns set reports that).
_scaled_above_one(id) if {
	some m in object.get(min_tasks, id, set())
	not _at_most_one(m)
}

_at_most_one(m) if lib.number(m) <= 1

_tasks(r, n) := sprintf("DesiredCount %v", [n]) if r.Properties.DesiredCount != null

_tasks(r, _) := "a single task (DesiredCount unset, 1 by default)" if not _has_count(r)

_has_count(r) if r.Properties.DesiredCount != null
