# METADATA
# title: Backup lifecycle deletes before the cold storage minimum
# description: >-
#   AWS Backup keeps a recovery point moved to cold storage there for at
#   least 90 days, so DeleteAfterDays must be at least
#   MoveToColdStorageAfterDays + 90. AWS rejects a plan rule or copy action
#   that breaks this, and the plan never protects anything.
# custom:
#   id: BW-BACKUP-001
#   severity: high
#   concern: backup
#   well_architected: [REL09-BP03]
#   resource_types: [AWS::Backup::BackupPlan]
#   inputs: [template, account]
#   remediation: >-
#     Raise DeleteAfterDays to at least MoveToColdStorageAfterDays + 90, or
#     remove MoveToColdStorageAfterDays to keep the recovery points in warm
#     storage.
package bulwark.rules.backup.lifecycle_cold_storage

import data.bulwark.lib

rules_path := ["Properties", "BackupPlan", "BackupPlanRule"]

# Each lifecycle of a plan: the rule's own, then each copy action's.
lifecycles contains [id, i, rule, base, "its lifecycle"] if {
	some id, r in lib.resources(["AWS::Backup::BackupPlan"])
	some i, rule in lib.list(object.get(r, rules_path, null))
	base := array.concat(rules_path, [i, "Lifecycle"])
}

lifecycles contains [id, i, rule, base, sprintf("copy action %d", [j])] if {
	some id, r in lib.resources(["AWS::Backup::BackupPlan"])
	some i, rule in lib.list(object.get(r, rules_path, null))
	some j, _ in lib.list(rule.CopyActions)
	base := array.concat(rules_path, [i, "CopyActions", j, "Lifecycle"])
}

deny contains finding(id, array.concat(base, ["DeleteAfterDays"]), msg, rule) if {
	some [id, i, rule, base, which] in lifecycles
	lifecycle := object.get(input.resources[id], base, null)
	delete := lib.number(lifecycle.DeleteAfterDays)
	cold := lib.number(lifecycle.MoveToColdStorageAfterDays)
	delete < cold + 90
	msg := sprintf("Backup plan %s rule %s: %s deletes recovery points after %v days but moves them to cold storage after %v, and cold storage needs 90 days (DeleteAfterDays >= %v); CloudFormation/AWS rejects this at deploy time", [id, rule_name(rule, i), which, delete, cold, cold + 90])
}

rule_name(rule, i) := name if {
	name := rule.RuleName
	is_string(name)
} else := sprintf("#%d", [i])

finding(id, path, msg, rule) := lib.finding_with(id, path, msg, {"interval_seconds": n}) if {
	n := lib.schedule_interval(rule.ScheduleExpression)
} else := lib.finding(id, path, msg)

# In --strict mode: what this rule could not verify.
plans := lib.resources(["AWS::Backup::BackupPlan"])

# The plan's rules (or the BackupPlan holding them) are unresolved.
unknowns contains lib.finding(id, at, msg) if {
	some id, r in plans
	lib.is_intrinsic(lib.get(r, rules_path, null))
	at := lib.at(r, rules_path)
	msg := sprintf("Backup plan %s: %s is not resolved, so whether its lifecycles keep recovery points in cold storage for the 90-day minimum is unknown", [id, _name(at)])
}

# A rule's CopyActions are unresolved.
unknowns contains lib.finding(id, path, msg) if {
	some id, r in plans
	some i, rule in lib.list(object.get(r, rules_path, null))
	lib.is_intrinsic(rule.CopyActions)
	path := array.concat(rules_path, [i, "CopyActions"])
	msg := sprintf("Backup plan %s rule %s: CopyActions is not resolved, so whether its copy actions keep recovery points in cold storage for the 90-day minimum is unknown", [id, rule_name(rule, i)])
}

# A lifecycle, or the rule or copy action holding it, is unresolved.
unknowns contains lib.finding(id, at, msg) if {
	some [id, i, rule, base, which] in lifecycles
	lib.is_intrinsic(lib.get(input.resources[id], base, null))
	at := lib.at(input.resources[id], base)
	msg := _lifecycle_msg(id, rule, i, _name(at), which)
}

# DeleteAfterDays and MoveToColdStorageAfterDays are both set, and one of
# them (or both) is unresolved.
unknowns contains lib.finding(id, array.concat(base, [props[0]]), msg) if {
	some [id, i, rule, base, which] in lifecycles
	lifecycle := lib.get(input.resources[id], base, null)
	is_object(lifecycle)
	not lib.is_intrinsic(lifecycle)
	keys := ["DeleteAfterDays", "MoveToColdStorageAfterDays"]
	every k in keys {
		_number_or_unknown(lifecycle[k])
	}
	props := [k | some k in keys; lib.unknown(lifecycle[k])]
	count(props) > 0
	msg := _lifecycle_msg(id, rule, i, concat(" and ", props), which)
}

_number_or_unknown(v) if lib.number(v)

_number_or_unknown(v) if lib.unknown(v)

_lifecycle_msg(id, rule, i, what, which) := sprintf("Backup plan %s rule %s: %s %s not resolved, so whether %s keeps recovery points in cold storage for the 90-day minimum is unknown", [id, rule_name(rule, i), what, _is(what), which])

_is(what) := "are" if contains(what, " and ")

_is(what) := "is" if not contains(what, " and ")

# _name(path) names the last property of path: "Lifecycle", or
# "BackupPlanRule[0]" for a list entry.
_name(path) := path[count(path) - 1] if {
	is_string(path[count(path) - 1])
} else := sprintf("%s[%d]", [path[count(path) - 2], path[count(path) - 1]])
