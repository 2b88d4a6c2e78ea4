package bulwark.rules.data_protection.deletion_policy_test

import data.bulwark.rules.data_protection.deletion_policy
import data.bulwark.testing

tiered(resources) := testing.template_input(resources, {"tier": {"level": 2}})

table := {"Type": "AWS::DynamoDB::Table", "Properties": {}}

test_fails_table_without_policies if {
	deletion_policy.deny == {{
		"resource": "T",
		"path": [],
		"message": "DynamoDB table T has DeletionPolicy Delete (the default): deleting the stack, or the resource from the template, deletes its data; and UpdateReplacePolicy Delete (the default): an update that replaces it deletes the old one with its data",
	}} with input as tiered({"T": table})
}

test_fails_rds_instance_on_replacement_only if {
	db := {"Type": "AWS::RDS::DBInstance", "Properties": {"Engine": "postgres"}}
	some f in deletion_policy.deny with input as tiered({"Db": db})
	f.message == "RDS DB instance Db has UpdateReplacePolicy Delete (the default): an update that replaces it deletes the old one with its data"
}

test_fails_snapshot_on_a_type_without_snapshots if {
	t := object.union(table, {"DeletionPolicy": "Snapshot", "UpdateReplacePolicy": "Retain"})
	some f in deletion_policy.deny with input as tiered({"T": t})
	contains(f.message, "DeletionPolicy Snapshot:")
}

test_passes_with_retain_and_snapshot if {
	inp := tiered({
		"T": object.union(table, {"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"}),
		"C": {"Type": "AWS::RDS::DBCluster", "Properties": {"Engine": "aurora-mysql"}, "UpdateReplacePolicy": "Snapshot"},
		"R": {"Type": "AWS::ElastiCache::ReplicationGroup", "Properties": {}, "DeletionPolicy": "Snapshot", "UpdateReplacePolicy": "RetainExceptOnCreate"},
	})
	count(deletion_policy.deny) == 0 with input as inp
	count(deletion_policy.unknowns) == 0 with input as inp
}

test_passes_cluster_members_and_memcached if {
	inp := tiered({
		"I": {"Type": "AWS::RDS::DBInstance", "Properties": {"DBClusterIdentifier": {"Ref": "C"}}},
		"M": {"Type": "AWS::ElastiCache::CacheCluster", "Properties": {"Engine": "memcached"}},
	})
	count(deletion_policy.deny) == 0 with input as inp
}

test_unknown_when_policy_is_conditional if {
	t := object.union(table, {"DeletionPolicy": {"Fn::If": ["Prod", "Retain", "Delete"]}, "UpdateReplacePolicy": "Retain"})
	inp := tiered({"T": t})
	count(deletion_policy.deny) == 0 with input as inp
	deletion_policy.unknowns == {{
		"resource": "T",
		"path": ["DeletionPolicy"],
		"message": "DynamoDB table T: DeletionPolicy is not resolved, so whether its data survives a stack deletion or replacement is unknown",
	}} with input as inp
}

test_unknown_when_cache_engine_unresolved if {
	inp := tiered({"M": {"Type": "AWS::ElastiCache::CacheCluster", "Properties": {"Engine": {"Ref": "Engine"}}}})
	count(deletion_policy.deny) == 0 with input as inp
	count(deletion_policy.unknowns) == 1 with input as inp
}

test_passes_outside_tiers_1_to_3 if {
	count(deletion_policy.deny) == 0 with input as testing.template_input({"T": table}, {"tier": {"level": 4}})
	count(deletion_policy.deny) == 0 with input as testing.template({"T": table})
}
