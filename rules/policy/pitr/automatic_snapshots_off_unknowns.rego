# What the rule in automatic_snapshots_off.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.pitr.automatic_snapshots_off

import data.bulwark.lib

# In --strict mode: the retention, or a cache cluster's Engine, is
# unresolved.
unknowns contains lib.finding(id, ["Properties", prop], msg) if {
	some id, r in candidates
	[label, prop, _] := settings[r.Type]
	lib.unknown(object.get(r.Properties, prop, null))
	msg := sprintf("%s %s: %s is not resolved, so whether it takes automatic snapshots is unknown", [label, id, prop])
}

unknowns contains lib.finding(id, ["Properties", "Engine"], msg) if {
	some id, r in lib.resources(["AWS::ElastiCache::CacheCluster"])
	lib.unknown(object.get(r.Properties, "Engine", null))
	lib.number(object.get(r.Properties, "SnapshotRetentionLimit", 0)) == 0
	msg := sprintf("ElastiCache cluster %s: Engine is not resolved, so whether it is a Redis or Valkey cluster without automatic snapshots is unknown", [id])
}

unknowns contains lib.finding(id, [], msg) if {
	some id, r in candidates
	customs := lib.custom_resource_inputs[id]
	[label, prop, dflt] := settings[r.Type]
	lib.number(object.get(r.Properties, prop, dflt)) == 0
	msg := sprintf("%s %s: custom resource %s is given it and may turn on automatic snapshots, so whether it takes them is unknown", [label, id, concat(", ", sort(customs))])
}
