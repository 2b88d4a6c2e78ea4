package bulwark.rules.pitr.rds_backup_disabled_test

import data.bulwark.rules.pitr.rds_backup_disabled
import data.bulwark.testing

db(props) := {"Type": "AWS::RDS::DBInstance", "Properties": props}

test_fails_instance_with_zero if {
	res := rds_backup_disabled.deny with input as testing.template({"Db": db({"BackupRetentionPeriod": "0"})})
	some f in res
	f.path == ["Properties", "BackupRetentionPeriod"]
	contains(f.message, "RDS DB instance Db has BackupRetentionPeriod 0")
	not contains(f.message, "rejects")
}

test_fails_source_of_replica_says_rejected if {
	res := rds_backup_disabled.deny with input as testing.template({
		"Db": db({"BackupRetentionPeriod": 0}),
		"Replica": db({"SourceDBInstanceIdentifier": {"Ref": "Db"}, "BackupRetentionPeriod": 0}),
	})
	count(res) == 1
	some f in res
	f.resource == "Db"
	contains(f.message, "read replica Replica uses it as source")
}

test_fails_cluster_with_zero if {
	res := rds_backup_disabled.deny with input as testing.template({"C": {"Type": "AWS::RDS::DBCluster", "Properties": {"BackupRetentionPeriod": 0}}})
	some f in res
	contains(f.message, "rejects this at deploy time")
}

test_passes_with_retention if {
	count(rds_backup_disabled.deny) == 0 with input as testing.template({"Db": db({"BackupRetentionPeriod": 7}), "Other": db({})})
}

test_passes_for_cluster_member if {
	count(rds_backup_disabled.deny) == 0 with input as testing.template({"Db": db({"DBClusterIdentifier": "c", "BackupRetentionPeriod": 0})})
}

test_passes_when_unknown if {
	count(rds_backup_disabled.deny) == 0 with input as testing.template({"Db": db({"BackupRetentionPeriod": {"Fn::If": ["Prod", 7, 0]}})})
}

test_unknown_when_retention_unresolved if {
	inp := testing.template({
		"Db": db({"BackupRetentionPeriod": {"Fn::If": ["Prod", 7, 0]}}),
		"Cluster": {"Type": "AWS::RDS::DBCluster", "Properties": {"BackupRetentionPeriod": {"Ref": "Days"}}},
	})
	count(rds_backup_disabled.deny) == 0 with input as inp
	rds_backup_disabled.unknowns == {
		{
			"resource": "Db",
			"path": ["Properties", "BackupRetentionPeriod"],
			"message": "RDS DB instance Db: BackupRetentionPeriod is not resolved, so whether automated backups and point-in-time recovery are on is unknown",
		},
		{
			"resource": "Cluster",
			"path": ["Properties", "BackupRetentionPeriod"],
			"message": "RDS DB cluster Cluster: BackupRetentionPeriod is not resolved, so whether it is 0 (rejected for a cluster) is unknown",
		},
	} with input as inp
}

test_no_unknown_when_known if {
	count(rds_backup_disabled.unknowns) == 0 with input as testing.template({"Db": db({"BackupRetentionPeriod": 0}), "Other": db({}), "Kept": db({"BackupRetentionPeriod": "7"})})

	# Members and replicas take backups from their cluster or source.
	count(rds_backup_disabled.unknowns) == 0 with input as testing.template({
		"Member": db({"DBClusterIdentifier": "c", "BackupRetentionPeriod": {"Ref": "Days"}}),
		"Replica": db({"SourceDBInstanceIdentifier": {"Ref": "Db"}, "BackupRetentionPeriod": {"Ref": "Days"}}),
	})
}
