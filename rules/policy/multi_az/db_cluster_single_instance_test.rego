package bulwark.rules.multi_az.db_cluster_single_instance_test

import data.bulwark.rules.multi_az.db_cluster_single_instance
import data.bulwark.testing

aurora := {"Type": "AWS::RDS::DBCluster", "Properties": {"Engine": "aurora-postgresql"}}

instance(c) := {"Type": "AWS::RDS::DBInstance", "Properties": {"DBClusterIdentifier": c, "Engine": "aurora-postgresql"}}

test_fails_aurora_with_one_instance if {
	res := db_cluster_single_instance.deny with input as testing.template({"Db": aurora, "Writer": instance({"Ref": "Db"})})
	res == {{
		"resource": "Db",
		"path": [],
		"message": "Aurora cluster Db has a single DB instance (Writer): no replica can take over when it or its Availability Zone fails, so the cluster is down until a new instance is created",
		"details": {"instance": "Writer"},
	}}
}

test_fails_docdb_and_neptune_with_one_instance if {
	inp := testing.template({
		"Doc": {"Type": "AWS::DocDB::DBCluster", "Properties": {}},
		"DocI": {"Type": "AWS::DocDB::DBInstance", "Properties": {"DBClusterIdentifier": {"Ref": "Doc"}}},
		"Graph": {"Type": "AWS::Neptune::DBCluster", "Properties": {"DBClusterIdentifier": "graph"}},
		"GraphI": {"Type": "AWS::Neptune::DBInstance", "Properties": {"DBClusterIdentifier": "Graph"}},
	})
	{f.resource | some f in db_cluster_single_instance.deny} == {"Doc", "Graph"} with input as inp
}

test_passes_with_two_instances if {
	inp := testing.template({"Db": aurora, "A": instance({"Ref": "Db"}), "B": instance({"Ref": "Db"})})
	count(db_cluster_single_instance.deny) == 0 with input as inp
	count(db_cluster_single_instance.unknowns) == 0 with input as inp
}

test_passes_without_instances_in_the_template if {
	count(db_cluster_single_instance.deny) == 0 with input as testing.template({"Db": aurora})
}

test_passes_aurora_serverless_v1_and_multi_az_db_cluster if {
	inp := testing.template({
		"V1": {"Type": "AWS::RDS::DBCluster", "Properties": {"Engine": "aurora-mysql", "EngineMode": "serverless"}},
		"V1I": instance({"Ref": "V1"}),
		"Maz": {"Type": "AWS::RDS::DBCluster", "Properties": {"Engine": "mysql", "DBClusterInstanceClass": "db.m6gd.large"}},
		"MazI": instance({"Ref": "Maz"}),
	})
	count(db_cluster_single_instance.deny) == 0 with input as inp
}

test_unknown_when_another_instance_is_unplaced if {
	inp := testing.template({"Db": aurora, "A": instance({"Ref": "Db"}), "B": instance({"Ref": "ClusterName"})})
	count(db_cluster_single_instance.deny) == 0 with input as inp
	db_cluster_single_instance.unknowns == {{
		"resource": "Db",
		"path": [],
		"message": "Aurora cluster Db: the DBClusterIdentifier of another AWS::RDS::DBInstance is not resolved, so whether the cluster has more than one DB instance is unknown",
	}} with input as inp
}

test_unknown_when_engine_unresolved if {
	inp := testing.template({"Db": {"Type": "AWS::RDS::DBCluster", "Properties": {"Engine": {"Ref": "Engine"}}}, "A": instance({"Ref": "Db"})})
	count(db_cluster_single_instance.deny) == 0 with input as inp
	some f in db_cluster_single_instance.unknowns with input as inp
	f.path == ["Properties", "Engine"]
}
