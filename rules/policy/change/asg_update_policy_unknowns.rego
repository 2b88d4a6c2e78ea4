# What the rule in asg_update_policy.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.change.asg_update_policy

import data.bulwark.lib

# In --strict mode: what this rule could not verify: WillReplace, the
# rolling update, or a value that decides whether it keeps an instance in
# service (MinInstancesInService, MaxBatchSize, MinSize) is unresolved, and
# the group is not known to be safe by the others.
unknowns contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::AutoScaling::AutoScalingGroup"])
	not lib.is_true(lib.get(r, will_replace, false))
	not _rolling_ok(r)
	path := _unresolved_path(id, r)
	msg := sprintf("Auto Scaling group %s: %s is not resolved, so whether a launch template or configuration change is rolled out under CloudFormation's control is unknown", [id, concat(".", path)])
}

_unresolved_path(id, r) := lib.at(r, will_replace) if {
	lib.unknown(lib.get(r, will_replace, false))
} else := lib.at(r, array.concat(rolling, ["MinInstancesInService"])) if {
	lib.is_intrinsic(lib.get(r, rolling, null))
} else := path if {
	not problem(id, r)
	update := lib.get(r, rolling, null)
	lib.plain_object(update)
	not _batch_fits(r, update)
	unresolved := [p |
		some p in [
			array.concat(rolling, ["MinInstancesInService"]),
			array.concat(rolling, ["MaxBatchSize"]),
			["Properties", "MinSize"],
		]
		lib.unknown(object.get(r, p, null))
	]
	path := unresolved[0]
}

# The batch is known to leave an instance in service whatever
# MinInstancesInService is.
_batch_fits(r, update) if {
	batch := lib.number(object.get(update, "MaxBatchSize", 1))
	batch < update_size(r.Properties)
}

# A rolling update that surely keeps an instance in service (an Fn::If of
# two such counts included).
_rolling_ok(r) if {
	update := lib.get(r, rolling, null)
	is_object(update)
	not lib.is_intrinsic(update)
	_least(object.get(update, "MinInstancesInService", 0)) >= 1
}

_least(v) := n if {
	n := lib.number(v)
} else := min({a, b}) if {
	[_, x, y] := v["Fn::If"]
	a := lib.number(x)
	b := lib.number(y)
}
