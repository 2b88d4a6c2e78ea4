# What the rule in asg_update_policy.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.change.asg_update_policy

import data.bulwark.lib

# In --strict mode: what this rule could not verify: WillReplace, the
# rolling update or MinInstancesInService is unresolved, and the group is
# not known to be safe by the other.
unknowns contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::AutoScaling::AutoScalingGroup"])
	not lib.is_true(lib.get(r, will_replace, false))
	not _rolling_ok(r)
	path := _unresolved_path(r)
	msg := sprintf("Auto Scaling group %s: %s is not resolved, so whether a launch template or configuration change is rolled out under CloudFormation's control is unknown", [id, concat(".", path)])
}

_unresolved_path(r) := lib.at(r, will_replace) if {
	lib.unknown(lib.get(r, will_replace, false))
} else := path if {
	not problem(r)
	path := lib.at(r, array.concat(rolling, ["MinInstancesInService"]))
	lib.unknown(lib.get(r, array.concat(rolling, ["MinInstancesInService"]), 0))
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
