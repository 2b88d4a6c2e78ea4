# What the rule in lifecycle_cold_storage.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.backup.lifecycle_cold_storage

import data.bulwark.lib

# In --strict mode: what this rule could not verify.
plans := lib.resources(["AWS::Backup::BackupPlan"])

# The plan's rules (or the BackupPlan holding them) are unresolved.
unknowns contains lib.finding(id, at, msg) if {
	some id, r in plans
	lib.is_intrinsic(lib.get(r, rules_path, null))
	at := lib.at(r, rules_path)
	msg := sprintf("Backup plan %s: %s is not resolved, so whether its lifecycles keep recovery points in cold storage for the 90-day minimum is unknown", [id, _name(at)])
}

# A rule's CopyActions are unresolved.
unknowns contains lib.finding(id, path, msg) if {
	some id, r in plans
	some i, rule in lib.list(object.get(r, rules_path, null))
	lib.is_intrinsic(rule.CopyActions)
	path := array.concat(rules_path, [i, "CopyActions"])
	msg := sprintf("Backup plan %s rule %s: CopyActions is not resolved, so whether its copy actions keep recovery points in cold storage for the 90-day minimum is unknown", [id, rule_name(rule, i)])
}

# A lifecycle, or the rule or copy action holding it, is unresolved.
unknowns contains lib.finding(id, at, msg) if {
	some [id, i, rule, base, which] in lifecycles
	lib.is_intrinsic(lib.get(input.resources[id], base, null))
	at := lib.at(input.resources[id], base)
	msg := _lifecycle_msg(id, rule, i, _name(at), which)
}

# DeleteAfterDays and MoveToColdStorageAfterDays are both set, and one of
# them (or both) is unresolved.
unknowns contains lib.finding(id, array.concat(base, [props[0]]), msg) if {
	some [id, i, rule, base, which] in lifecycles
	lifecycle := lib.get(input.resources[id], base, null)
	is_object(lifecycle)
	not lib.is_intrinsic(lifecycle)
	keys := ["DeleteAfterDays", "MoveToColdStorageAfterDays"]
	every k in keys {
		_number_or_unknown(lifecycle[k])
	}
	props := [k | some k in keys; lib.unknown(lifecycle[k])]
	count(props) > 0
	msg := _lifecycle_msg(id, rule, i, concat(" and ", props), which)
}

_number_or_unknown(v) if lib.number(v)

_number_or_unknown(v) if lib.unknown(v)

_lifecycle_msg(id, rule, i, what, which) := sprintf("Backup plan %s rule %s: %s %s not resolved, so whether %s keeps recovery points in cold storage for the 90-day minimum is unknown", [id, rule_name(rule, i), what, _is(what), which])

_is(what) := "are" if contains(what, " and ")

_is(what) := "is" if not contains(what, " and ")

# _name(path) names the last property of path: "Lifecycle", or
# "BackupPlanRule[0]" for a list entry.
_name(path) := path[count(path) - 1] if {
	is_string(path[count(path) - 1])
} else := sprintf("%s[%d]", [path[count(path) - 2], path[count(path) - 1]])
