package bulwark.rules.data_protection.deletion_protection_test

import data.bulwark.rules.data_protection.deletion_protection
import data.bulwark.testing

tier(level, resources) := testing.template_input(resources, {"tier": {"level": level}})

lb(attrs) := {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"LoadBalancerAttributes": attrs}}

test_fails_table_and_lb_in_tier_1 if {
	inp := tier(1, {
		"T": {"Type": "AWS::DynamoDB::Table", "Properties": {}},
		"Lb": lb([{"Key": "idle_timeout.timeout_seconds", "Value": "60"}]),
	})
	deletion_protection.deny == {
		{
			"resource": "T",
			"path": ["Properties"],
			"message": "DynamoDB table T has DeletionProtectionEnabled unset (false, the default) in a tier 1 workload: one mistaken delete call or stack operation removes it",
		},
		{
			"resource": "Lb",
			"path": ["Properties", "LoadBalancerAttributes"],
			"message": "Load balancer Lb does not set the attribute deletion_protection.enabled to true in a tier 1 workload: one mistaken delete call or stack operation removes it",
		},
	} with input as inp
}

test_fails_rds_cluster_with_protection_false if {
	inp := tier(2, {"C": {"Type": "AWS::RDS::DBCluster", "Properties": {"DeletionProtection": "false"}}})
	some f in deletion_protection.deny with input as inp
	f.path == ["Properties", "DeletionProtection"]
	contains(f.message, "DeletionProtection false in a tier 2")
}

test_passes_when_protected if {
	inp := tier(1, {
		"C": {"Type": "AWS::RDS::DBCluster", "Properties": {"DeletionProtection": true}},
		"I": {"Type": "AWS::RDS::DBInstance", "Properties": {"DBClusterIdentifier": {"Ref": "C"}}},
		"Lb": lb([{"Key": "deletion_protection.enabled", "Value": "true"}]),
	})
	count(deletion_protection.deny) == 0 with input as inp
	count(deletion_protection.unknowns) == 0 with input as inp
}

test_passes_outside_tiers_1_and_2 if {
	count(deletion_protection.deny) == 0 with input as tier(3, {"T": {"Type": "AWS::DynamoDB::Table", "Properties": {}}})
	count(deletion_protection.deny) == 0 with input as testing.template({"T": {"Type": "AWS::DynamoDB::Table", "Properties": {}}})
}

test_unknown_when_protection_is_a_parameter if {
	inp := tier(1, {
		"Db": {"Type": "AWS::RDS::DBInstance", "Properties": {"DeletionProtection": {"Ref": "Protect"}}},
		"Lb": lb([{"Key": "deletion_protection.enabled", "Value": {"Ref": "Protect"}}]),
	})
	count(deletion_protection.deny) == 0 with input as inp
	count(deletion_protection.unknowns) == 2 with input as inp
}

test_fails_when_only_other_attributes_are_unresolved if {
	inp := tier(1, {"Lb": lb([{"Key": "access_logs.s3.bucket", "Value": {"Ref": "Logs"}}])})
	count(deletion_protection.deny) == 1 with input as inp
	count(deletion_protection.unknowns) == 0 with input as inp
}
