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
