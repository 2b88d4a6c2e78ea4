package bulwark.rules.backup.lifecycle_missing_test

import data.bulwark.rules.backup.lifecycle_missing
import data.bulwark.testing

plan(rules) := {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {"BackupPlanName": "p", "BackupPlanRule": rules}}}

test_fails_without_lifecycle if {
	res := lifecycle_missing.deny with input as testing.template_input(
		{"Plan": plan([{"RuleName": "hourly", "ScheduleExpression": "rate(1 hour)"}])},
		{"schedules": {"rate(1 hour)": {"interval_seconds": 3600}}},
	)
	some f in res
	f.path == ["Properties", "BackupPlan", "BackupPlanRule", 0]
	f.details.interval_seconds == 3600
	contains(f.message, "Backup plan Plan rule hourly has no Lifecycle.DeleteAfterDays")
}

test_fails_with_cold_storage_only if {
	res := lifecycle_missing.deny with input as testing.template({"Plan": plan([{"Lifecycle": {"MoveToColdStorageAfterDays": 30}}])})
	some f in res
	f.path == ["Properties", "BackupPlan", "BackupPlanRule", 0, "Lifecycle"]
}

test_passes_with_delete_after_days if {
	count(lifecycle_missing.deny) == 0 with input as testing.template({"Plan": plan([{"Lifecycle": {"DeleteAfterDays": 35}}])})
}

test_passes_when_unknown if {
	count(lifecycle_missing.deny) == 0 with input as testing.template({"Plan": plan([
		{"Lifecycle": {"Fn::If": ["Prod", {"DeleteAfterDays": 35}, {"Ref": "AWS::NoValue"}]}},
		{"Lifecycle": {"DeleteAfterDays": {"Ref": "Days"}}},
	])})
}
