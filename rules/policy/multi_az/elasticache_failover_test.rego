package bulwark.rules.multi_az.elasticache_failover_test

import data.bulwark.rules.multi_az.elasticache_failover
import data.bulwark.testing

group(props) := {"Type": "AWS::ElastiCache::ReplicationGroup", "Properties": props}

test_fails_twice_when_both_absent if {
	res := elasticache_failover.deny with input as testing.template({"Cache": group({"NumCacheClusters": 2})})
	count(res) == 2
	every f in res {
		f.path == ["Properties"]
	}
}

test_fails_multi_az_without_failover_and_says_rejected if {
	res := elasticache_failover.deny with input as testing.template({"Cache": group({"MultiAZEnabled": true, "AutomaticFailoverEnabled": "false"})})
	count(res) == 1
	some f in res
	f.path == ["Properties", "AutomaticFailoverEnabled"]
	contains(f.message, "CloudFormation/AWS rejects MultiAZEnabled true without AutomaticFailoverEnabled true")
}

test_fails_multi_az_off if {
	res := elasticache_failover.deny with input as testing.template({"Cache": group({"MultiAZEnabled": false, "AutomaticFailoverEnabled": true})})
	count(res) == 1
	some f in res
	f.path == ["Properties", "MultiAZEnabled"]
	contains(f.message, "MultiAZEnabled false")
}

test_fails_cluster_mode_without_failover_says_rejected if {
	res := elasticache_failover.deny with input as testing.template({"Cache": group({"NumNodeGroups": "3", "MultiAZEnabled": {"Ref": "MultiAz"}})})
	count(res) == 1
	some f in res
	contains(f.message, "cluster-mode group of 3 shards")
}

test_passes_when_both_on if {
	count(elasticache_failover.deny) == 0 with input as testing.template({"Cache": group({"MultiAZEnabled": "true", "AutomaticFailoverEnabled": true})})
}

test_passes_when_unknown if {
	count(elasticache_failover.deny) == 0 with input as testing.template({"Cache": group({
		"MultiAZEnabled": {"Fn::If": ["Prod", true, false]},
		"AutomaticFailoverEnabled": {"Ref": "Failover"},
	})})
}

test_passes_when_failover_nodes_are_placed_in_two_zones if {
	r := {"Type": "AWS::ElastiCache::ReplicationGroup", "Properties": {
		"AutomaticFailoverEnabled": "true",
		"PreferredCacheClusterAZs": [{"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "A"]}, {"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "B"]}],
	}}
	count(elasticache_failover.deny) == 0 with input as testing.template({"R": r})
}

test_fails_when_both_preferred_zones_are_the_same if {
	r := {"Type": "AWS::ElastiCache::ReplicationGroup", "Properties": {
		"AutomaticFailoverEnabled": true,
		"PreferredCacheClusterAZs": ["us-east-1a", "us-east-1a"],
	}}
	count(elasticache_failover.deny) == 1 with input as testing.template({"R": r})
}

test_fails_when_both_preferred_zones_are_the_same_getazs_index if {
	r := {"Type": "AWS::ElastiCache::ReplicationGroup", "Properties": {
		"AutomaticFailoverEnabled": true,
		"PreferredCacheClusterAZs": [{"Fn::Select": [0, {"Fn::GetAZs": ""}]}, {"Fn::Select": ["0", {"Fn::GetAZs": ""}]}],
	}}
	res := elasticache_failover.deny with input as testing.template({"R": r})
	count(res) == 1
	some f in res
	f.path == ["Properties"]
}

# A list parameter of zones may place the nodes in two zones: not a
# confident failure (it was reported before).
test_passes_when_preferred_zones_are_a_parameter if {
	r := {"Type": "AWS::ElastiCache::ReplicationGroup", "Properties": {
		"AutomaticFailoverEnabled": true,
		"PreferredCacheClusterAZs": {"Ref": "CacheAzs"},
	}}
	count(elasticache_failover.deny) == 0 with input as testing.template({"R": r})
}

test_unknown_when_flags_unresolved if {
	inp := testing.template({"Cache": group({
		"MultiAZEnabled": {"Fn::If": ["Prod", true, false]},
		"AutomaticFailoverEnabled": {"Ref": "Failover"},
	})})
	count(elasticache_failover.deny) == 0 with input as inp
	elasticache_failover.unknowns == {
		{
			"resource": "Cache",
			"path": ["Properties", "AutomaticFailoverEnabled"],
			"message": "ElastiCache replication group Cache: AutomaticFailoverEnabled is not resolved, so whether a failed primary is replaced by a replica is unknown",
		},
		{
			"resource": "Cache",
			"path": ["Properties", "MultiAZEnabled"],
			"message": "ElastiCache replication group Cache: MultiAZEnabled is not resolved, so whether it fails over to a replica in another Availability Zone is unknown",
		},
	} with input as inp
}

test_unknown_when_preferred_zones_unresolved if {
	inp := testing.template({"R": group({
		"AutomaticFailoverEnabled": true,
		"PreferredCacheClusterAZs": {"Ref": "CacheAzs"},
	})})
	count(elasticache_failover.deny) == 0 with input as inp
	res := elasticache_failover.unknowns with input as inp
	count(res) == 1
	some f in res
	f.path == ["Properties", "PreferredCacheClusterAZs"]
}

test_unknown_when_preferred_zones_cannot_be_compared if {
	inp := testing.template({"R": group({
		"AutomaticFailoverEnabled": "true",
		"PreferredCacheClusterAZs": [{"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "A"]}, {"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "B"]}],
	})})
	count(elasticache_failover.deny) == 0 with input as inp
	count(elasticache_failover.unknowns) == 1 with input as inp
}

test_no_unknown_when_known if {
	count(elasticache_failover.unknowns) == 0 with input as testing.template({"C": group({"MultiAZEnabled": true, "AutomaticFailoverEnabled": true})})
	count(elasticache_failover.unknowns) == 0 with input as testing.template({"C": group({})})
	count(elasticache_failover.unknowns) == 0 with input as testing.template({"C": group({
		"AutomaticFailoverEnabled": true,
		"PreferredCacheClusterAZs": ["us-east-1a", "us-east-1b"],
	})})

	# Placed across two zones with failover on: MultiAZEnabled does not matter.
	count(elasticache_failover.unknowns) == 0 with input as testing.template({"C": group({
		"AutomaticFailoverEnabled": true,
		"MultiAZEnabled": {"Ref": "MultiAz"},
		"PreferredCacheClusterAZs": [{"Fn::Select": [0, {"Fn::GetAZs": ""}]}, {"Fn::Select": [1, {"Fn::GetAZs": ""}]}],
	})})
}
