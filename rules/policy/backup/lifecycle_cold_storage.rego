# METADATA
# title: Backup lifecycle deletes before the cold storage minimum
# description: >-
#   AWS Backup keeps a recovery point moved to cold storage there for at
#   least 90 days, so DeleteAfterDays must be at least
#   MoveToColdStorageAfterDays + 90. AWS rejects a plan rule or copy action
#   that breaks this, and the plan never protects anything.
# custom:
#   id: BW-BACKUP-001
#   severity: high
#   concern: backup
#   well_architected: [REL09-BP03]
#   resource_types: [AWS::Backup::BackupPlan]
#   inputs: [template, account]
#   remediation: >-
#     Raise DeleteAfterDays to at least MoveToColdStorageAfterDays + 90, or
#     remove MoveToColdStorageAfterDays to keep the recovery points in warm
#     storage.
package bulwark.rules.backup.lifecycle_cold_storage

import data.bulwark.lib

rules_path := ["Properties", "BackupPlan", "BackupPlanRule"]

# Each lifecycle of a plan: the rule's own, then each copy action's.
lifecycles contains [id, i, rule, base, "its lifecycle"] if {
	some id, r in lib.resources(["AWS::Backup::BackupPlan"])
	some i, rule in lib.list(object.get(r, rules_path, null))
	base := array.concat(rules_path, [i, "Lifecycle"])
}

lifecycles contains [id, i, rule, base, sprintf("copy action %d", [j])] if {
	some id, r in lib.resources(["AWS::Backup::BackupPlan"])
	some i, rule in lib.list(object.get(r, rules_path, null))
	some j, _ in lib.list(rule.CopyActions)
	base := array.concat(rules_path, [i, "CopyActions", j, "Lifecycle"])
}

deny contains finding(id, array.concat(base, ["DeleteAfterDays"]), msg, rule) if {
	some [id, i, rule, base, which] in lifecycles
	lifecycle := object.get(input.resources[id], base, null)
	delete := lib.number(lifecycle.DeleteAfterDays)
	cold := lib.number(lifecycle.MoveToColdStorageAfterDays)
	delete < cold + 90
	msg := sprintf("Backup plan %s rule %s: %s deletes recovery points after %v days but moves them to cold storage after %v, and cold storage needs 90 days (DeleteAfterDays >= %v); CloudFormation/AWS rejects this at deploy time", [id, rule_name(rule, i), which, delete, cold, cold + 90])
}

rule_name(rule, i) := name if {
	name := rule.RuleName
	is_string(name)
} else := sprintf("#%d", [i])

finding(id, path, msg, rule) := lib.finding_with(id, path, msg, {"interval_seconds": n}) if {
	n := lib.schedule_interval(rule.ScheduleExpression)
} else := lib.finding(id, path, msg)
