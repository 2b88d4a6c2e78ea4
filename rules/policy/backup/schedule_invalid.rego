# METADATA
# title: Backup rule schedule does not parse
# description: >-
#   A backup plan rule whose ScheduleExpression is not a valid cron() or
#   rate() expression does not run backups on the schedule its author meant,
#   if AWS Backup accepts it at all.
# custom:
#   id: BW-BACKUP-003
#   severity: high
#   concern: backup
#   well_architected: [REL09-BP03]
#   resource_types: [AWS::Backup::BackupPlan]
#   inputs: [template, account]
#   remediation: >-
#     Write the schedule as an AWS cron expression with six fields, e.g.
#     cron(0 5 ? * * *) for 05:00 UTC daily, or as rate(N hours|days).
package bulwark.rules.backup.schedule_invalid

import data.bulwark.lib

rules_path := ["Properties", "BackupPlan", "BackupPlanRule"]

deny contains lib.finding(id, array.concat(rules_path, [i, "ScheduleExpression"]), msg) if {
	some id, r in lib.resources(["AWS::Backup::BackupPlan"])
	some i, rule in lib.list(object.get(r, rules_path, null))
	expr := rule.ScheduleExpression
	is_string(expr)
	why := input.schedules[expr].error
	msg := sprintf("Backup plan %s rule %s has ScheduleExpression %q, which does not parse: %s", [id, rule_name(rule, i), expr, why])
}

rule_name(rule, i) := name if {
	name := rule.RuleName
	is_string(name)
} else := sprintf("#%d", [i])
