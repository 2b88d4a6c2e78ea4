package bulwark.rules.backup.plan_without_selection_test

import data.bulwark.rules.backup.plan_without_selection
import data.bulwark.testing

plan := {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {"BackupPlanRule": [
	{"ScheduleExpression": "rate(12 hours)"},
	{"ScheduleExpression": "cron(0 5 ? * * *)"},
]}}}

selection(plan_id) := {"Type": "AWS::Backup::BackupSelection", "Properties": {"BackupPlanId": plan_id, "BackupSelection": {"Resources": ["*"]}}}

schedules := {"rate(12 hours)": {"interval_seconds": 43200}, "cron(0 5 ? * * *)": {"interval_seconds": 86400}}

test_fails_without_any_selection if {
	res := plan_without_selection.deny with input as testing.template_input({"Plan": plan}, {"schedules": schedules})
	count(res) == 1
	some f in res
	f.resource == "Plan"
	f.path == []
	f.details == {"interval_seconds": 43200}
	contains(f.message, "Backup plan Plan is not referred to by any AWS::Backup::BackupSelection (the template has 0)")
}

test_fails_when_selection_targets_other_plan if {
	res := plan_without_selection.deny with input as testing.template({
		"Plan": plan,
		"Other": plan,
		"Sel": selection({"Fn::GetAtt": ["Other", "BackupPlanId"]}),
	})
	count(res) == 1
	some f in res
	f.resource == "Plan"
}

test_passes_with_selection_ref if {
	count(plan_without_selection.deny) == 0 with input as testing.template({"Plan": plan, "Sel": selection({"Ref": "Plan"})})
}

test_passes_when_a_selection_plan_is_unknown if {
	count(plan_without_selection.deny) == 0 with input as testing.template({"Plan": plan, "Sel": selection({"Fn::ImportValue": "shared-plan-id"})})
}
