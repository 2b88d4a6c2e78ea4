package bulwark.rules.pitr.global_table_pitr_test

import data.bulwark.rules.pitr.global_table_pitr
import data.bulwark.testing

table(replicas) := {"Type": "AWS::DynamoDB::GlobalTable", "Properties": {"Replicas": replicas}}

on(region) := {"Region": region, "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true}}

test_fails_for_replica_without_specification if {
	res := global_table_pitr.deny with input as testing.template({"G": table([on("us-east-1"), {"Region": "eu-west-1"}])})
	count(res) == 1
	some f in res
	f.path == ["Properties", "Replicas", 1]
	contains(f.message, "replica in eu-west-1")
}

test_fails_for_replica_disabled_string if {
	res := global_table_pitr.deny with input as testing.template({"G": table([{"Region": {"Ref": "AWS::Region"}, "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": "false"}}])})
	some f in res
	f.path == ["Properties", "Replicas", 0, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"]
	contains(f.message, "an unresolved Region (Replicas[0])")
}

test_passes_when_all_enabled if {
	count(global_table_pitr.deny) == 0 with input as testing.template({"G": table([on("us-east-1"), on("eu-west-1")])})
}

test_passes_when_unknown if {
	count(global_table_pitr.deny) == 0 with input as testing.template({"G": table([
		{"Region": "us-east-1", "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": {"Ref": "Pitr"}}},
		{"Region": "eu-west-1", "PointInTimeRecoverySpecification": {"Fn::If": ["Prod", {"PointInTimeRecoveryEnabled": true}, {"Ref": "AWS::NoValue"}]}},
		{"Fn::If": ["HasDr", on("us-west-2"), {"Ref": "AWS::NoValue"}]},
	])})
}

test_passes_when_replicas_unknown if {
	count(global_table_pitr.deny) == 0 with input as testing.template({"G": table({"Ref": "Replicas"})})
}

test_unknown_for_unresolved_replicas if {
	inp := testing.template({"G": table([
		{"Region": "us-east-1", "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": {"Ref": "Pitr"}}},
		{"Region": "eu-west-1", "PointInTimeRecoverySpecification": {"Fn::If": ["Prod", {"PointInTimeRecoveryEnabled": true}, {"Ref": "AWS::NoValue"}]}},
		{"Fn::If": ["HasDr", on("us-west-2"), {"Ref": "AWS::NoValue"}]},
		on("ap-south-1"),
	])})
	count(global_table_pitr.deny) == 0 with input as inp
	global_table_pitr.unknowns == {
		{
			"resource": "G",
			"path": ["Properties", "Replicas", 0, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"],
			"message": "DynamoDB global table G: PointInTimeRecoveryEnabled of its replica in us-east-1 is not resolved, so whether that replica has point-in-time recovery is unknown",
		},
		{
			"resource": "G",
			"path": ["Properties", "Replicas", 1, "PointInTimeRecoverySpecification"],
			"message": "DynamoDB global table G: PointInTimeRecoverySpecification of its replica in eu-west-1 is not resolved, so whether that replica has point-in-time recovery is unknown",
		},
		{
			"resource": "G",
			"path": ["Properties", "Replicas", 2],
			"message": "DynamoDB global table G: Replicas[2] is not resolved, so whether that replica has point-in-time recovery is unknown",
		},
	} with input as inp
}

test_unknown_when_replicas_unresolved if {
	inp := testing.template({"G": table({"Ref": "Replicas"})})
	count(global_table_pitr.deny) == 0 with input as inp
	count(global_table_pitr.unknowns) == 1 with input as inp
}

test_no_unknown_when_known if {
	count(global_table_pitr.unknowns) == 0 with input as testing.template({"G": table([on("us-east-1"), {"Region": "eu-west-1"}])})
}
