# METADATA
# title: Backup rule keeps recovery points forever
# description: >-
#   A backup plan rule without Lifecycle.DeleteAfterDays never expires its
#   recovery points: storage grows without bound and nobody has decided how
#   long backups are needed.
# custom:
#   id: BW-BACKUP-002
#   severity: low
#   concern: backup
#   well_architected: [REL09-BP03]
#   resource_types: [AWS::Backup::BackupPlan]
#   inputs: [template, account]
#   remediation: >-
#     Add Lifecycle.DeleteAfterDays to the rule (and to copy actions) with
#     the retention the data needs.
package bulwark.rules.backup.lifecycle_missing

import data.bulwark.lib

rules_path := ["Properties", "BackupPlan", "BackupPlanRule"]

deny contains finding(id, lib.at(r, array.concat(rules_path, [i, "Lifecycle"])), msg, rule) if {
	some id, r in lib.resources(["AWS::Backup::BackupPlan"])
	some i, rule in lib.list(object.get(r, rules_path, null))
	is_object(rule)
	not lib.is_intrinsic(rule)
	lifecycle := object.get(rule, "Lifecycle", {})
	not lib.is_intrinsic(lifecycle)
	not lifecycle.DeleteAfterDays
	msg := sprintf("Backup plan %s rule %s has no Lifecycle.DeleteAfterDays: its recovery points are kept forever", [id, rule_name(rule, i)])
}

rule_name(rule, i) := name if {
	name := rule.RuleName
	is_string(name)
} else := sprintf("#%d", [i])

finding(id, path, msg, rule) := lib.finding_with(id, path, msg, {"interval_seconds": n}) if {
	n := lib.schedule_interval(rule.ScheduleExpression)
} else := lib.finding(id, path, msg)

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
