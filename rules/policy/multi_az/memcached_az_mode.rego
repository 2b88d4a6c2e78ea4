# METADATA
# title: Memcached cluster with all nodes in one Availability Zone
# description: >-
#   A Memcached cluster of several nodes with AZMode single-az (the default)
#   puts every node in the same zone, so a zone failure empties the whole
#   cache at once instead of a share of it.
# custom:
#   id: BW-MULTI-AZ-007
#   severity: medium
#   concern: multi-az
#   well_architected: [REL10-BP01]
#   resource_types: [AWS::ElastiCache::CacheCluster]
#   inputs: [template, account]
#   remediation: >-
#     Set AZMode: cross-az (optionally with PreferredAvailabilityZones) so
#     the nodes are spread over several Availability Zones.
package bulwark.rules.multi_az.memcached_az_mode

import data.bulwark.lib

deny contains lib.finding(id, lib.at(r, ["Properties", "AZMode"]), msg) if {
	some id, r in lib.resources(["AWS::ElastiCache::CacheCluster"])
	engine := r.Properties.Engine
	is_string(engine)
	lower(engine) == "memcached"
	nodes := lib.number(r.Properties.NumCacheNodes)
	nodes > 1
	mode := object.get(r, ["Properties", "AZMode"], "single-az")
	is_string(mode)
	lower(mode) == "single-az"
	msg := sprintf("Memcached cluster %s puts all %v nodes in one Availability Zone (AZMode single-az)", [id, nodes])
}
