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

test_unknown_when_cold_storage_unresolved if {
	inp := testing.template({"Plan": plan([{"RuleName": "daily", "Lifecycle": {"MoveToColdStorageAfterDays": {"Ref": "Cold"}, "DeleteAfterDays": 7}}])})
	count(lifecycle_cold_storage.deny) == 0 with input as inp
	lifecycle_cold_storage.unknowns == {{
		"resource": "Plan",
		"path": ["Properties", "BackupPlan", "BackupPlanRule", 0, "Lifecycle", "MoveToColdStorageAfterDays"],
		"message": "Backup plan Plan rule daily: MoveToColdStorageAfterDays is not resolved, so whether its lifecycle keeps recovery points in cold storage for the 90-day minimum is unknown",
	}} with input as inp
}

test_unknown_when_rules_or_lifecycles_unresolved if {
	inp := testing.template({
		"Plan": plan([
			{"Fn::If": ["Prod", {"Lifecycle": {"DeleteAfterDays": 7}}, {"Ref": "AWS::NoValue"}]},
			{"Lifecycle": {"Fn::If": ["Long", {"DeleteAfterDays": 365, "MoveToColdStorageAfterDays": 30}]}},
			{"CopyActions": {"Ref": "Copies"}},
			{"CopyActions": [{"Lifecycle": {"MoveToColdStorageAfterDays": 1, "DeleteAfterDays": {"Ref": "Days"}}}]},
		]),
		"Other": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {"Fn::ImportValue": "plan"}}},
	})
	count(lifecycle_cold_storage.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in lifecycle_cold_storage.unknowns} == {
		["Plan", ["Properties", "BackupPlan", "BackupPlanRule", 0]],
		["Plan", ["Properties", "BackupPlan", "BackupPlanRule", 1, "Lifecycle"]],
		["Plan", ["Properties", "BackupPlan", "BackupPlanRule", 2, "CopyActions"]],
		["Plan", ["Properties", "BackupPlan", "BackupPlanRule", 3, "CopyActions", 0, "Lifecycle", "DeleteAfterDays"]],
		["Other", ["Properties", "BackupPlan"]],
	} with input as inp
}

test_no_unknown_when_known if {
	count(lifecycle_cold_storage.unknowns) == 0 with input as testing.template({"Plan": plan([
		{"Lifecycle": {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 120}},
		{"Lifecycle": {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 100}},
		# Without cold storage, an unresolved DeleteAfterDays does not matter.
		{"Lifecycle": {"DeleteAfterDays": {"Ref": "Days"}}},
	])})
}
