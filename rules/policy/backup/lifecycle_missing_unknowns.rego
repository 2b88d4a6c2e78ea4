# What the rule in lifecycle_missing.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.backup.lifecycle_missing

import data.bulwark.lib

# In --strict mode: what this rule could not verify.
plans := lib.resources(["AWS::Backup::BackupPlan"])

# The plan's rules (or the BackupPlan holding them) are unresolved.
unknowns contains lib.finding(id, at, msg) if {
	some id, r in plans
	lib.is_intrinsic(lib.get(r, rules_path, null))
	at := lib.at(r, rules_path)
	msg := sprintf("Backup plan %s: %s is not resolved, so whether its rules set Lifecycle.DeleteAfterDays is unknown", [id, at[count(at) - 1]])
}

# A rule, its Lifecycle, or a DeleteAfterDays that a condition may remove
# is unresolved.
unknowns contains lib.finding(id, path, msg) if {
	some id, r in plans
	some i, rule in lib.list(object.get(r, rules_path, null))
	[rel, what] := _unresolved(rule, i)
	path := array.concat(array.concat(rules_path, [i]), rel)
	msg := sprintf("Backup plan %s rule %s: %s is not resolved, so whether it sets Lifecycle.DeleteAfterDays is unknown", [id, rule_name(rule, i), what])
}

_unresolved(rule, i) := [[], sprintf("BackupPlanRule[%d]", [i])] if {
	lib.is_intrinsic(rule)
} else := [["Lifecycle"], "Lifecycle"] if {
	lib.is_intrinsic(rule.Lifecycle)
} else := [["Lifecycle", "DeleteAfterDays"], "DeleteAfterDays"] if {
	lib.may_be_removed(rule.Lifecycle.DeleteAfterDays)
}
