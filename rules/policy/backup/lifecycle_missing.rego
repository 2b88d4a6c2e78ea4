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
