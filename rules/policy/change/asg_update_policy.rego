# METADATA
# title: Auto Scaling group without a safe update policy
# description: >-
#   Without an UpdatePolicy, a change to an Auto Scaling group's launch
#   template or configuration does not replace running instances: they keep
#   the old configuration until something terminates them, so a change (or a
#   bad one) reaches the fleet unpredictably and cannot be rolled back by
#   CloudFormation. A rolling update that keeps at least one instance in
#   service, or a replacing update, rolls it out under CloudFormation's
#   control.
# custom:
#   id: BW-CHANGE-003
#   severity: low
#   concern: change
#   well_architected: [REL08-BP04, REL08-BP05]
#   resource_types: [AWS::AutoScaling::AutoScalingGroup]
#   inputs: [template]  # Template only: UpdatePolicy is an attribute of a stack template, not of the live group.
#   remediation: >-
#     Add an UpdatePolicy with AutoScalingRollingUpdate {MinInstancesInService:
#     1 or more, MaxBatchSize below the group's MinSize, PauseTime,
#     WaitOnResourceSignals: true} or AutoScalingReplacingUpdate
#     {WillReplace: true}, with a CreationPolicy so new instances must signal
#     success. MinInstancesInService must stay below MaxSize: a group of
#     MaxSize 1 needs MaxSize 2 (room to start the new instance before the
#     old one stops) or a replacing update.
package bulwark.rules.change.asg_update_policy

import data.bulwark.lib

rolling := ["UpdatePolicy", "AutoScalingRollingUpdate"]

deny contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::AutoScaling::AutoScalingGroup"])
	not replacing(r)
	[path, msg] := problem(id, r)
}

replacing(r) if lib.is_true(lib.get(r, will_replace, false))

replacing(r) if lib.unknown(lib.get(r, will_replace, false))

will_replace := ["UpdatePolicy", "AutoScalingReplacingUpdate", "WillReplace"]

problem(id, r) := [lib.at(r, rolling), msg] if {
	lib.get(r, rolling, null) == null
	msg := sprintf("Auto Scaling group %s has no UpdatePolicy with AutoScalingRollingUpdate or AutoScalingReplacingUpdate: a launch template or configuration change is not rolled out to running instances under CloudFormation's control", [id])
}

# A rolling update keeps max(MinInstancesInService, size - MaxBatchSize)
# instances in service (CloudFormation starts new instances first, within
# MaxSize, only to honour MinInstancesInService): with MinInstancesInService
# 0 and a batch as large as the group, a batch replaces every instance at
# once.
problem(id, r) := [lib.at(r, array.concat(rolling, ["MinInstancesInService"])), msg] if {
	update := lib.get(r, rolling, null)
	is_object(update)
	not lib.is_intrinsic(update)
	m := lib.number(object.get(update, "MinInstancesInService", 0))
	m < 1
	batch := lib.number(object.get(update, "MaxBatchSize", 1))
	size := update_size(r.Properties)
	batch >= size
	msg := sprintf("Auto Scaling group %s has an AutoScalingRollingUpdate with MinInstancesInService %v and MaxBatchSize %v, so a batch may replace all %v instances of the group at once (%s): nothing serves until the new instances are up; %s", [id, m, batch, size, size_source(r.Properties), remedy(r.Properties, size)])
}

# update_size(p) is the fewest instances the group may run when an update
# starts: MinSize (scaling may bring it there), or 1 for a MinSize 0 group
# whose DesiredCapacity is not 0. Undefined when MinSize is unresolved or
# the group runs no instance.
update_size(p) := n if {
	n := lib.number(p.MinSize)
	n >= 1
} else := 1 if {
	lib.number(p.MinSize) == 0
	not lib.number(object.get(p, "DesiredCapacity", 1)) == 0
}

size_source(p) := sprintf("MinSize %v", [p.MinSize]) if {
	lib.number(p.MinSize) >= 1
} else := "MinSize 0, when it runs 1 instance"

# What keeps an instance in service. MinInstancesInService must be below
# MaxSize, so a group that cannot grow past its size needs MaxSize raised
# (or a replacing update); a larger group can also take smaller batches.
remedy(p, size) := sprintf("set MaxBatchSize below %v or MinInstancesInService to 1 or more", [size]) if {
	size >= 2
} else := "set MinInstancesInService to 1 (CloudFormation then starts a new instance before stopping the old one), or use AutoScalingReplacingUpdate" if {
	lib.number(p.MaxSize) >= 2
} else := "MaxSize 1 leaves no room to start a new instance before stopping the old one: raise MaxSize to 2 and set MinInstancesInService to 1, or use AutoScalingReplacingUpdate" if {
	lib.number(p.MaxSize) == 1
} else := "set MinInstancesInService to 1 with a MaxSize of at least 2, or use AutoScalingReplacingUpdate"
