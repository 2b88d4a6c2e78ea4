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
