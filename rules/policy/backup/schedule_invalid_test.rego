package bulwark.rules.backup.schedule_invalid_test

import data.bulwark.rules.backup.schedule_invalid
import data.bulwark.testing

plan(expr) := {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {"BackupPlanRule": [{"RuleName": "nightly", "ScheduleExpression": expr}]}}}

test_fails_when_schedule_does_not_parse if {
	res := schedule_invalid.deny with input as testing.template_input(
		{"Plan": plan("cron(0 5 * * *)")},
		{"schedules": {"cron(0 5 * * *)": {"error": "cron needs 6 fields, got 5"}}},
	)
	some f in res
	f.path == ["Properties", "BackupPlan", "BackupPlanRule", 0, "ScheduleExpression"]
	contains(f.message, "Backup plan Plan rule nightly has ScheduleExpression \"cron(0 5 * * *)\", which does not parse: cron needs 6 fields, got 5")
}

test_passes_when_schedule_parses if {
	count(schedule_invalid.deny) == 0 with input as testing.template_input(
		{"Plan": plan("cron(0 5 ? * * *)")},
		{"schedules": {"cron(0 5 ? * * *)": {"interval_seconds": 86400}}},
	)
}

test_passes_when_unknown if {
	count(schedule_invalid.deny) == 0 with input as testing.template_input(
		{"Plan": plan({"Ref": "Schedule"})},
		{"schedules": {}},
	)
}

test_unknown_when_schedule_unresolved if {
	inp := testing.template_input({"Plan": plan({"Ref": "Schedule"})}, {"schedules": {}})
	count(schedule_invalid.deny) == 0 with input as inp
	schedule_invalid.unknowns == {{
		"resource": "Plan",
		"path": ["Properties", "BackupPlan", "BackupPlanRule", 0, "ScheduleExpression"],
		"message": "Backup plan Plan rule nightly: ScheduleExpression is not resolved, so whether it parses is unknown",
	}} with input as inp
}

test_unknown_when_rules_unresolved if {
	inp := testing.template({
		"A": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {"BackupPlanRule": {"Ref": "Rules"}}}},
		"B": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {"BackupPlanRule": [{"Fn::If": ["Prod", {"ScheduleExpression": "cron(bad)"}]}]}}},
	})
	count(schedule_invalid.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in schedule_invalid.unknowns} == {
		["A", ["Properties", "BackupPlan", "BackupPlanRule"]],
		["B", ["Properties", "BackupPlan", "BackupPlanRule", 0]],
	} with input as inp
}

test_no_unknown_when_known if {
	count(schedule_invalid.unknowns) == 0 with input as testing.template_input(
		{"Plan": plan("cron(0 5 ? * * *)")},
		{"schedules": {"cron(0 5 ? * * *)": {"interval_seconds": 86400}}},
	)
	count(schedule_invalid.unknowns) == 0 with input as testing.template_input(
		{"Plan": plan("every day")},
		{"schedules": {"every day": {"error": "not cron() or rate()"}}},
	)
}
