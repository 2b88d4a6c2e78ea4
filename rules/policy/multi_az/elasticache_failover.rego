# METADATA
# title: ElastiCache replication group without automatic Multi-AZ failover
# description: >-
#   Without AutomaticFailoverEnabled a failed primary is not replaced by a
#   replica; without MultiAZEnabled ElastiCache does not keep and promote a
#   replica in another Availability Zone, so a zone failure takes the cache
#   down.
# custom:
#   id: BW-MULTI-AZ-006
#   severity: high
#   concern: multi-az
#   well_architected: [REL10-BP01, REL11-BP02]
#   resource_types: [AWS::ElastiCache::ReplicationGroup]
#   inputs: [template, account]
#   remediation: >-
#     Give the group at least one replica (NumCacheClusters >= 2 or
#     ReplicasPerNodeGroup >= 1) and set both AutomaticFailoverEnabled: true
#     and MultiAZEnabled: true.
package bulwark.rules.multi_az.elasticache_failover

import data.bulwark.lib

groups := lib.resources(["AWS::ElastiCache::ReplicationGroup"])

deny contains lib.finding(id, lib.at(r, ["Properties", "AutomaticFailoverEnabled"]), msg) if {
	some id, r in groups
	off(r, "AutomaticFailoverEnabled")
	msg := sprintf("ElastiCache replication group %s has AutomaticFailoverEnabled %s: a failed primary is not replaced by a replica%s", [id, shown(r, "AutomaticFailoverEnabled"), rejected(r)])
}

# Without MultiAZEnabled nothing keeps the replica in another Availability
# Zone, unless the template places the nodes in two zones itself
# (PreferredCacheClusterAZs) and automatic failover is on.
deny contains lib.finding(id, lib.at(r, ["Properties", "MultiAZEnabled"]), msg) if {
	some id, r in groups
	off(r, "MultiAZEnabled")
	not placed_across_zones(r)
	msg := sprintf("ElastiCache replication group %s has MultiAZEnabled %s: it does not fail over to a replica in another Availability Zone", [id, shown(r, "MultiAZEnabled")])
}

# The template may place the nodes in two zones (deny gives it the benefit of
# the doubt when PreferredCacheClusterAZs is unresolved).
placed_across_zones(r) if {
	not off(r, "AutomaticFailoverEnabled")
	_zones_may_span(r)
}

_zones_may_span(r) if lib.is_intrinsic(r.Properties.PreferredCacheClusterAZs)

_zones_may_span(r) if {
	zones := r.Properties.PreferredCacheClusterAZs
	is_array(zones)
	count(zones) >= 2
	not lib.single_az_zones(zones)
}

off(r, prop) if {
	v := object.get(r, ["Properties", prop], false)
	not lib.unknown(v)
	not lib.is_true(v)
}

shown(r, prop) := sprintf("%v", [r.Properties[prop]])

shown(r, prop) := "not set" if not has(r, prop)

has(r, prop) if r.Properties[prop]

has(r, prop) if r.Properties[prop] == false

# AWS refuses Multi-AZ, and cluster mode with several shards, without
# automatic failover.
rejected(r) := "; CloudFormation/AWS rejects MultiAZEnabled true without AutomaticFailoverEnabled true at deploy time" if {
	multi_az(r)
}

rejected(r) := sprintf("; CloudFormation/AWS rejects a cluster-mode group of %v shards without it at deploy time", [shards(r)]) if {
	not multi_az(r)
	shards(r) > 1
}

rejected(r) := "" if {
	not multi_az(r)
	not sharded(r)
}

multi_az(r) if lib.is_true(r.Properties.MultiAZEnabled)

shards(r) := lib.number(r.Properties.NumNodeGroups)

sharded(r) if shards(r) > 1
