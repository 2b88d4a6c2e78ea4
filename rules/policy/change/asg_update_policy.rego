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
#   inputs: [template]
#   remediation: >-
#     Add an UpdatePolicy with AutoScalingRollingUpdate {MinInstancesInService:
#     1 or more, MaxBatchSize, PauseTime, WaitOnResourceSignals: true} or
#     AutoScalingReplacingUpdate {WillReplace: true} (the only choice for a
#     group of at most one instance), with a CreationPolicy so new instances
#     must signal success.
package bulwark.rules.change.asg_update_policy

import data.bulwark.lib

rolling := ["UpdatePolicy", "AutoScalingRollingUpdate"]

deny contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::AutoScaling::AutoScalingGroup"])
	not replacing(r)
	[path, why] := problem(r)
	msg := sprintf("Auto Scaling group %s %s: a launch template or configuration change is not rolled out to running instances under CloudFormation's control", [id, why])
}

replacing(r) if lib.is_true(lib.get(r, will_replace, false))

replacing(r) if lib.unknown(lib.get(r, will_replace, false))

will_replace := ["UpdatePolicy", "AutoScalingReplacingUpdate", "WillReplace"]

problem(r) := [lib.at(r, rolling), "has no UpdatePolicy with AutoScalingRollingUpdate or AutoScalingReplacingUpdate"] if {
	lib.get(r, rolling, null) == null
}

problem(r) := [lib.at(r, array.concat(rolling, ["MinInstancesInService"])), sprintf("has an AutoScalingRollingUpdate with MinInstancesInService %v, which may take every instance out of service at once", [n])] if {
	update := lib.get(r, rolling, null)
	is_object(update)
	not lib.is_intrinsic(update)
	n := lib.number(object.get(update, "MinInstancesInService", 0))
	n < 1
}
