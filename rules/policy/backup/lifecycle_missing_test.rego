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

test_unknown_when_lifecycle_unresolved if {
	inp := testing.template({"Plan": plan([
		{"RuleName": "daily", "Lifecycle": {"Fn::If": ["Prod", {"DeleteAfterDays": 35}, {"Ref": "AWS::NoValue"}]}},
		{"Lifecycle": {"DeleteAfterDays": {"Ref": "Days"}}},
	])})
	count(lifecycle_missing.deny) == 0 with input as inp
	lifecycle_missing.unknowns == {{
		"resource": "Plan",
		"path": ["Properties", "BackupPlan", "BackupPlanRule", 0, "Lifecycle"],
		"message": "Backup plan Plan rule daily: Lifecycle is not resolved, so whether it sets Lifecycle.DeleteAfterDays is unknown",
	}} with input as inp
}

test_unknown_when_rules_or_delete_after_days_may_be_removed if {
	inp := testing.template({
		"Plan": plan([
			{"Fn::If": ["Prod", {"Lifecycle": {"DeleteAfterDays": 7}}]},
			# What the resolver leaves of !If [Expire, 35, !Ref AWS::NoValue].
			{"Lifecycle": {"DeleteAfterDays": {"Fn::If": ["Expire", 35]}}},
		]),
		"Other": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {"BackupPlanName": "o", "BackupPlanRule": {"Ref": "Rules"}}}},
	})
	count(lifecycle_missing.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in lifecycle_missing.unknowns} == {
		["Plan", ["Properties", "BackupPlan", "BackupPlanRule", 0]],
		["Plan", ["Properties", "BackupPlan", "BackupPlanRule", 1, "Lifecycle", "DeleteAfterDays"]],
		["Other", ["Properties", "BackupPlan", "BackupPlanRule"]],
	} with input as inp
}

test_no_unknown_when_known if {
	count(lifecycle_missing.unknowns) == 0 with input as testing.template({"Plan": plan([
		{"Lifecycle": {"DeleteAfterDays": 35}},
		{"Lifecycle": {"MoveToColdStorageAfterDays": 30}},
		{"Lifecycle": {"DeleteAfterDays": {"Fn::If": ["Long", 365, 35]}}},
	])})
}
