# METADATA
# title: Backup plan that selects no resources
# description: >-
#   An AWS Backup plan only backs up what a BackupSelection assigns to it.
#   A plan that no selection of the template refers to runs no backup jobs.
# custom:
#   id: BW-BACKUP-004
#   severity: high
#   concern: backup
#   well_architected: [REL09-BP01, REL09-BP03]
#   resource_types: [AWS::Backup::BackupPlan, AWS::Backup::BackupSelection]
#   inputs: [template]  # Template only: in an audit a plan and the selections that name it can sit in different sources (a stack, the Region), and this rule sees one source at a time.
#   remediation: >-
#     Add an AWS::Backup::BackupSelection with BackupPlanId: !Ref <plan>
#     that lists the resources (or tags) to back up, or delete the plan.
package bulwark.rules.backup.plan_without_selection

import data.bulwark.lib

plans := lib.resources(["AWS::Backup::BackupPlan"])

selections := lib.resources(["AWS::Backup::BackupSelection"])

# The plan each selection refers to, when it is a plan of this template.
selected_plan(s) := p if {
	p := lib.ref_target(s.Properties.BackupPlanId)
	plans[p]
}

# A selection naming a plan we cannot identify might name any plan.
coverage_unknown if {
	some s in selections
	not selected_plan(s)
}

deny contains finding(id, msg, r) if {
	some id, r in plans
	not coverage_unknown
	not selected(id)
	msg := sprintf("Backup plan %s is not referred to by any AWS::Backup::BackupSelection (the template has %d): it backs up nothing", [id, count(selections)])
}

selected(id) if {
	some s in selections
	selected_plan(s) == id
}

# details.interval_seconds: the shortest interval among the plan's rules.
finding(id, msg, r) := lib.finding_with(id, [], msg, {"interval_seconds": min(intervals)}) if {
	intervals := {n |
		some rule in lib.list(object.get(r, ["Properties", "BackupPlan", "BackupPlanRule"], null))
		n := lib.schedule_interval(rule.ScheduleExpression)
	}
	count(intervals) > 0
} else := lib.finding(id, [], msg)
