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
