# What the rule in single_task_or_instance.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.single_task_or_instance

import data.bulwark.lib

# In --strict mode, in a tier 1 to 3 workload: a count that is unresolved,
# or an ECS service of one task while a scalable target's ResourceId or
# MinCapacity is unresolved.
unknowns contains lib.finding(id, ["Properties", "DesiredCount"], msg) if {
	tiered
	some id, r in lib.resources(["AWS::ECS::Service"])
	lib.unknown(object.get(r.Properties, "DesiredCount", null))
	msg := sprintf("ECS service %s: DesiredCount is not resolved, so whether it runs a single task is unknown", [id])
}

unknowns contains lib.finding(id, [], msg) if {
	tiered
	some id, r in lib.resources(["AWS::ECS::Service"])
	not _daemon(r)
	n := lib.number(object.get(r.Properties, "DesiredCount", 1))
	n <= 1
	not _scaled_known_above_one(id)
	_scaling_unresolved(id)
	msg := sprintf("ECS service %s: the ResourceId or MinCapacity of an ECS scalable target is not resolved, so whether the service runs more than one task is unknown", [id])
}

unknowns contains lib.finding(id, ["Properties", "MaxSize"], msg) if {
	tiered
	some id, r in lib.resources(["AWS::AutoScaling::AutoScalingGroup"])
	lib.unknown(r.Properties.MaxSize)
	msg := sprintf("Auto Scaling group %s: MaxSize is not resolved, so whether it runs a single instance is unknown", [id])
}

_scaling_unresolved(_) if unplaced_target

_scaling_unresolved(id) if {
	some m in object.get(min_tasks, id, set())
	lib.unknown(m)
}

_scaled_known_above_one(id) if {
	some m in object.get(min_tasks, id, set())
	lib.number(m) > 1
}
