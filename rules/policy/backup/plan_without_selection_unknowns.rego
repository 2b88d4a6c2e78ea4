# What the rule in plan_without_selection.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.backup.plan_without_selection

import data.bulwark.lib

# In --strict mode: what this rule could not verify: a plan no identified
# selection refers to, while some selection's BackupPlanId is not one of
# the template's plans (a parameter, an import, a literal id), so it may be.
unknowns contains lib.finding(id, [], msg) if {
	some id, _ in plans
	coverage_unknown
	not selected(id)
	msg := sprintf("Backup plan %s: BackupPlanId of %s is not resolved to a plan of the template, so whether any selection refers to it is unknown", [id, _open_listing])
}

_open := sort([sid | some sid, s in selections; not selected_plan(s)])

_open_listing := sprintf("selection %s", [_open[0]]) if count(_open) == 1

_open_listing := sprintf("selections %s", [concat(", ", _open)]) if {
	count(_open) > 1
	count(_open) <= 3
}

_open_listing := sprintf("selections %s and %d more", [concat(", ", array.slice(_open, 0, 3)), count(_open) - 3]) if count(_open) > 3
