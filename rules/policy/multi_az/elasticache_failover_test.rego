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
