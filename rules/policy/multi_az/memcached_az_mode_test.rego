package bulwark.rules.multi_az.memcached_az_mode_test

import data.bulwark.rules.multi_az.memcached_az_mode
import data.bulwark.testing

cluster(props) := {"Type": "AWS::ElastiCache::CacheCluster", "Properties": object.union({"Engine": "memcached"}, props)}

test_fails_without_az_mode if {
	res := memcached_az_mode.deny with input as testing.template({"Mc": cluster({"NumCacheNodes": "3"})})
	some f in res
	f.path == ["Properties"]
	contains(f.message, "all 3 nodes")
}

test_fails_with_single_az if {
	res := memcached_az_mode.deny with input as testing.template({"Mc": cluster({"NumCacheNodes": 2, "AZMode": "single-az"})})
	some f in res
	f.path == ["Properties", "AZMode"]
}

test_passes_cross_az if {
	count(memcached_az_mode.deny) == 0 with input as testing.template({"Mc": cluster({"NumCacheNodes": 2, "AZMode": "cross-az"})})
}

test_passes_single_node if {
	count(memcached_az_mode.deny) == 0 with input as testing.template({"Mc": cluster({"NumCacheNodes": 1})})
}

test_passes_for_redis if {
	count(memcached_az_mode.deny) == 0 with input as testing.template({"R": {"Type": "AWS::ElastiCache::CacheCluster", "Properties": {"Engine": "redis", "NumCacheNodes": 2}}})
}

test_passes_when_unknown if {
	count(memcached_az_mode.deny) == 0 with input as testing.template({"Mc": cluster({"NumCacheNodes": {"Ref": "Nodes"}, "AZMode": {"Ref": "Mode"}})})
}

test_passes_when_engine_unknown if {
	count(memcached_az_mode.deny) == 0 with input as testing.template({"Mc": {"Type": "AWS::ElastiCache::CacheCluster", "Properties": {"Engine": {"Ref": "Engine"}, "NumCacheNodes": 3}}})
}

test_unknown_when_engine_unknown if {
	inp := testing.template({"Mc": {"Type": "AWS::ElastiCache::CacheCluster", "Properties": {"Engine": {"Ref": "Engine"}, "NumCacheNodes": 3}}})
	count(memcached_az_mode.deny) == 0 with input as inp
	memcached_az_mode.unknowns == {{
		"resource": "Mc",
		"path": ["Properties", "Engine"],
		"message": "ElastiCache cluster Mc: Engine is not resolved, so whether its Memcached nodes are all in one Availability Zone is unknown",
	}} with input as inp
}

test_unknown_when_nodes_and_mode_unknown if {
	inp := testing.template({"Mc": cluster({"NumCacheNodes": {"Ref": "Nodes"}, "AZMode": {"Ref": "Mode"}})})
	count(memcached_az_mode.deny) == 0 with input as inp
	res := memcached_az_mode.unknowns with input as inp
	count(res) == 1
	some f in res
	f.path == ["Properties", "NumCacheNodes"]
	contains(f.message, "NumCacheNodes and AZMode are not resolved")
}

test_no_unknown_when_an_other_property_passes if {
	# One node, or cross-az, or redis: compliant whatever the unresolved value.
	count(memcached_az_mode.unknowns) == 0 with input as testing.template({"Mc": cluster({"NumCacheNodes": 1, "AZMode": {"Ref": "Mode"}})})
	count(memcached_az_mode.unknowns) == 0 with input as testing.template({"Mc": cluster({"NumCacheNodes": {"Ref": "N"}, "AZMode": "cross-az"})})
	count(memcached_az_mode.unknowns) == 0 with input as testing.template({"R": {"Type": "AWS::ElastiCache::CacheCluster", "Properties": {"Engine": "redis", "NumCacheNodes": {"Ref": "N"}}}})

	# Known failure: reported by deny only.
	count(memcached_az_mode.unknowns) == 0 with input as testing.template({"Mc": cluster({"NumCacheNodes": 2})})
}
