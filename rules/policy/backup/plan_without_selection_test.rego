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

test_unknown_when_a_selection_plan_is_unknown if {
	inp := testing.template({
		"Plan": plan,
		"Covered": plan,
		"Sel": selection({"Fn::ImportValue": "shared-plan-id"}),
		"Own": selection({"Ref": "Covered"}),
	})
	count(plan_without_selection.deny) == 0 with input as inp
	plan_without_selection.unknowns == {{
		"resource": "Plan",
		"path": [],
		"message": "Backup plan Plan: BackupPlanId of selection Sel is not resolved to a plan of the template, so whether any selection refers to it is unknown",
	}} with input as inp
}

test_unknown_names_at_most_three_selections if {
	inp := testing.template({
		"Plan": plan,
		"S1": selection({"Ref": "P1"}),
		"S2": selection({"Ref": "P2"}),
		"S3": selection("plan-id"),
		"S4": selection({"Ref": "P4"}),
	})
	res := plan_without_selection.unknowns with input as inp
	count(res) == 1
	some f in res
	contains(f.message, "BackupPlanId of selections S1, S2, S3 and 1 more is not resolved")
}

test_no_unknown_when_known if {
	count(plan_without_selection.unknowns) == 0 with input as testing.template({"Plan": plan})
	count(plan_without_selection.unknowns) == 0 with input as testing.template({"Plan": plan, "Sel": selection({"Ref": "Plan"})})
	count(plan_without_selection.unknowns) == 0 with input as testing.template({"Plan": plan, "Other": plan, "Sel": selection({"Fn::GetAtt": ["Other", "BackupPlanId"]})})
}
