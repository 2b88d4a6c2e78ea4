# What the rule in opensearch_zone_awareness.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.opensearch_zone_awareness

import data.bulwark.lib

# In --strict mode: what this rule could not verify.
unknowns contains lib.finding(id, at, msg) if {
	some id, r in lib.resources(object.keys(config_key))
	path := ["Properties", config_key[r.Type], "ZoneAwarenessEnabled"]
	lib.unknown(lib.get(r, path, false))
	at := lib.at(r, path)
	msg := sprintf("%s domain %s: %s is not resolved, so whether zone awareness is on is unknown", [engine(r), id, _name(at)])
}

# Zone awareness on, with the data node count or the zone count unresolved
# (AvailabilityZoneCount is 2 or 3: a multiple of 6 nodes fits either).
unknowns contains lib.finding(id, at, msg) if {
	some id, r in lib.resources(object.keys(config_key))
	key := config_key[r.Type]
	lib.is_true(lib.get(r, ["Properties", key, "ZoneAwarenessEnabled"], false))
	some path in [["Properties", key, "InstanceCount"], ["Properties", key, "ZoneAwarenessConfig", "AvailabilityZoneCount"]]
	lib.unknown(lib.get(r, path, null))
	not _fits_any_zone_count(r, key)
	at := lib.at(r, path)
	msg := sprintf("%s domain %s: %s is not resolved, so whether its data node count is a multiple of its Availability Zone count is unknown", [engine(r), id, _name(at)])
}

_fits_any_zone_count(r, key) if {
	nodes := lib.number(lib.get(r, ["Properties", key, "InstanceCount"], 1))
	nodes % 6 == 0
}

_name(at) := at[count(at) - 1]
