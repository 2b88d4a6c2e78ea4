# What the rule in deletion_policy.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.data_protection.deletion_policy

import data.bulwark.lib

# In --strict mode: a data store that deny did not report whose
# DeletionPolicy or UpdateReplacePolicy is unresolved (an Fn::If or a
# parameter), or a cache cluster whose Engine is unresolved.
unknowns contains lib.finding(id, [attr], msg) if {
	some id, r in stores
	not _reported[id]
	some attr in ["DeletionPolicy", "UpdateReplacePolicy"]
	lib.unknown(object.get(r, attr, null))
	msg := sprintf("%s %s: %s is not resolved, so whether its data survives a stack deletion or replacement is unknown", [kinds[r.Type][0], id, attr])
}

unknowns contains lib.finding(id, ["Properties", "Engine"], msg) if {
	some id, r in stores
	_engine_unknown(r)
	count(problems(r)) > 0
	msg := sprintf("ElastiCache cluster %s: Engine is not resolved, so whether it holds Redis data that a stack deletion or replacement loses is unknown", [id])
}

_reported := {f.resource | some f in deny}
