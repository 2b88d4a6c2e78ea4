package bulwark.rules.pitr.automatic_snapshots_off_test

import data.bulwark.rules.pitr.automatic_snapshots_off
import data.bulwark.testing

test_fails_replication_group_without_retention if {
	automatic_snapshots_off.deny == {{
		"resource": "Redis",
		"path": ["Properties"],
		"message": "ElastiCache replication group Redis has SnapshotRetentionLimit unset (0, the default): it takes no automatic snapshots, so a lost or corrupted cluster has no recent backup to restore",
	}} with input as testing.template({"Redis": {"Type": "AWS::ElastiCache::ReplicationGroup", "Properties": {"NumCacheClusters": 2}}})
}

test_fails_redshift_with_zero_retention if {
	inp := testing.template({"Dw": {"Type": "AWS::Redshift::Cluster", "Properties": {"AutomatedSnapshotRetentionPeriod": "0"}}})
	some f in automatic_snapshots_off.deny with input as inp
	f.path == ["Properties", "AutomatedSnapshotRetentionPeriod"]
}

test_fails_redis_cache_cluster if {
	inp := testing.template({"C": {"Type": "AWS::ElastiCache::CacheCluster", "Properties": {"Engine": "valkey", "SnapshotRetentionLimit": 0}}})
	count(automatic_snapshots_off.deny) == 1 with input as inp
}

test_passes_with_retention_memcached_and_redshift_default if {
	inp := testing.template({
		"Redis": {"Type": "AWS::ElastiCache::ReplicationGroup", "Properties": {"SnapshotRetentionLimit": 7}},
		"Mc": {"Type": "AWS::ElastiCache::CacheCluster", "Properties": {"Engine": "memcached"}},
		"Dw": {"Type": "AWS::Redshift::Cluster", "Properties": {}},
	})
	count(automatic_snapshots_off.deny) == 0 with input as inp
	count(automatic_snapshots_off.unknowns) == 0 with input as inp
}

test_unknown_when_retention_is_a_parameter if {
	inp := testing.template({"Redis": {"Type": "AWS::ElastiCache::ReplicationGroup", "Properties": {"SnapshotRetentionLimit": {"Ref": "Days"}}}})
	count(automatic_snapshots_off.deny) == 0 with input as inp
	count(automatic_snapshots_off.unknowns) == 1 with input as inp
}

test_unknown_when_engine_is_a_parameter if {
	inp := testing.template({"C": {"Type": "AWS::ElastiCache::CacheCluster", "Properties": {"Engine": {"Ref": "Engine"}}}})
	count(automatic_snapshots_off.deny) == 0 with input as inp
	count(automatic_snapshots_off.unknowns) == 1 with input as inp
}

test_unknown_when_a_custom_resource_manages_it if {
	inp := testing.template({
		"Redis": {"Type": "AWS::ElastiCache::ReplicationGroup", "Properties": {}},
		"Enable": {"Type": "Custom::EnableSnapshots", "Properties": {"ServiceToken": "arn:aws:lambda:eu-west-1:1:function:f", "ClusterId": {"Ref": "Redis"}}},
	})
	count(automatic_snapshots_off.deny) == 0 with input as inp
	automatic_snapshots_off.unknowns == {{
		"resource": "Redis",
		"path": [],
		"message": "ElastiCache replication group Redis: custom resource Enable is given it and may turn on automatic snapshots, so whether it takes them is unknown",
	}} with input as inp
}
