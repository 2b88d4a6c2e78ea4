# What the rule in schedule_invalid.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.backup.schedule_invalid

import data.bulwark.lib

# In --strict mode: what this rule could not verify.
plans := lib.resources(["AWS::Backup::BackupPlan"])

# The plan's rules (or the BackupPlan holding them) are unresolved.
unknowns contains lib.finding(id, at, msg) if {
	some id, r in plans
	lib.is_intrinsic(lib.get(r, rules_path, null))
	at := lib.at(r, rules_path)
	msg := sprintf("Backup plan %s: %s is not resolved, so whether its rules' ScheduleExpression parses is unknown", [id, at[count(at) - 1]])
}

unknowns contains lib.finding(id, array.concat(rules_path, [i]), msg) if {
	some id, r in plans
	some i, rule in lib.list(object.get(r, rules_path, null))
	lib.is_intrinsic(rule)
	msg := sprintf("Backup plan %s rule #%d: BackupPlanRule[%d] is not resolved, so whether its ScheduleExpression parses is unknown", [id, i, i])
}

unknowns contains lib.finding(id, array.concat(rules_path, [i, "ScheduleExpression"]), msg) if {
	some id, r in plans
	some i, rule in lib.list(object.get(r, rules_path, null))
	not lib.is_intrinsic(rule)
	lib.unknown(rule.ScheduleExpression)
	msg := sprintf("Backup plan %s rule %s: ScheduleExpression is not resolved, so whether it parses is unknown", [id, rule_name(rule, i)])
}
