package bulwark.rules.backup.lifecycle_cold_storage_test

import data.bulwark.rules.backup.lifecycle_cold_storage
import data.bulwark.testing

plan(rules) := {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {"BackupPlanName": "p", "BackupPlanRule": rules}}}

daily := "cron(0 5 ? * * *)"

test_fails_when_deleted_too_early if {
	res := lifecycle_cold_storage.deny with input as testing.template_input(
		{"Plan": plan([{"RuleName": "daily", "ScheduleExpression": daily, "Lifecycle": {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": "100"}}])},
		{"schedules": {daily: {"interval_seconds": 86400}}},
	)
	count(res) == 1
	some f in res
	f.path == ["Properties", "BackupPlan", "BackupPlanRule", 0, "Lifecycle", "DeleteAfterDays"]
	f.details == {"interval_seconds": 86400}
	contains(f.message, "Backup plan Plan rule daily: its lifecycle deletes recovery points after 100 days")
	contains(f.message, "(DeleteAfterDays >= 120)")
	contains(f.message, "rejects this at deploy time")
}

test_fails_on_copy_action if {
	res := lifecycle_cold_storage.deny with input as testing.template({"Plan": plan([{"CopyActions": [{"Lifecycle": {"MoveToColdStorageAfterDays": 1, "DeleteAfterDays": 7}}]}])})
	some f in res
	f.path == ["Properties", "BackupPlan", "BackupPlanRule", 0, "CopyActions", 0, "Lifecycle", "DeleteAfterDays"]
	not f.details
	contains(f.message, "rule #0: copy action 0")
}

test_passes_with_90_days_in_cold_storage if {
	count(lifecycle_cold_storage.deny) == 0 with input as testing.template({"Plan": plan([{"Lifecycle": {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 120}}])})
}

test_passes_without_cold_storage if {
	count(lifecycle_cold_storage.deny) == 0 with input as testing.template({"Plan": plan([{"Lifecycle": {"DeleteAfterDays": 7}}])})
}

test_passes_when_unknown if {
	count(lifecycle_cold_storage.deny) == 0 with input as testing.template({"Plan": plan([{"Lifecycle": {"MoveToColdStorageAfterDays": {"Ref": "Cold"}, "DeleteAfterDays": 7}}])})
}
