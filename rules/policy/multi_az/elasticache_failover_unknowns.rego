# What the rule in elasticache_failover.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.elasticache_failover

import data.bulwark.lib

# The zones provably span two Availability Zones.
_zones_span(r) if {
	zones := lib.list(r.Properties.PreferredCacheClusterAZs)
	lib.spans_zones([z | some x in zones; z := lib.zone(x)])
}

# In --strict mode: what this rule could not verify.
unknowns contains lib.finding(id, ["Properties", "AutomaticFailoverEnabled"], msg) if {
	some id, r in groups
	lib.unknown(r.Properties.AutomaticFailoverEnabled)
	msg := sprintf("ElastiCache replication group %s: AutomaticFailoverEnabled is not resolved, so whether a failed primary is replaced by a replica is unknown", [id])
}

unknowns contains lib.finding(id, ["Properties", "MultiAZEnabled"], msg) if {
	some id, r in groups
	lib.unknown(r.Properties.MultiAZEnabled)
	not _proven_across(r)
	msg := sprintf("ElastiCache replication group %s: MultiAZEnabled is not resolved, so whether it fails over to a replica in another Availability Zone is unknown", [id])
}

# MultiAZEnabled is off: deny gave the benefit of the doubt to unresolved
# PreferredCacheClusterAZs (an unresolved AutomaticFailoverEnabled is
# reported above).
unknowns contains lib.finding(id, ["Properties", "PreferredCacheClusterAZs"], msg) if {
	some id, r in groups
	off(r, "MultiAZEnabled")
	placed_across_zones(r)
	not _zones_span(r)
	msg := sprintf("ElastiCache replication group %s: PreferredCacheClusterAZs is not resolved, so whether it fails over to a replica in another Availability Zone is unknown", [id])
}

_proven_across(r) if {
	lib.is_true(r.Properties.AutomaticFailoverEnabled)
	_zones_span(r)
}
