package bulwark.rules.pitr.rds_backup_retention_test

import data.bulwark.rules.pitr.rds_backup_retention
import data.bulwark.testing

db(props) := {"Type": "AWS::RDS::DBInstance", "Properties": props}

test_fails_when_absent if {
	res := rds_backup_retention.deny with input as testing.template({"Db": db({"Engine": "postgres"})})
	some f in res
	f.path == ["Properties"]
	f.details == {"retention_days": 1, "min_retention_days": 7}
	contains(f.message, "RDS DB instance Db keeps automated backups for 1 day(s) (BackupRetentionPeriod not set, default 1), below the 7-day minimum")
}

test_fails_cluster_below_setting if {
	res := rds_backup_retention.deny with input as testing.template_with(
		{"C": {"Type": "AWS::RDS::DBCluster", "Properties": {"BackupRetentionPeriod": "14"}}},
		{"min_backup_retention_days": 30},
	)
	some f in res
	f.path == ["Properties", "BackupRetentionPeriod"]
	f.details.retention_days == 14
}

test_passes_at_minimum if {
	count(rds_backup_retention.deny) == 0 with input as testing.template({"Db": db({"BackupRetentionPeriod": 7})})
}

test_passes_for_zero_reported_elsewhere if {
	count(rds_backup_retention.deny) == 0 with input as testing.template({"Db": db({"BackupRetentionPeriod": 0})})
}

test_passes_for_members_and_replicas if {
	count(rds_backup_retention.deny) == 0 with input as testing.template({
		"Member": db({"DBClusterIdentifier": {"Ref": "C"}}),
		"Replica": db({"SourceDBInstanceIdentifier": "arn:aws:rds:us-east-1:111122223333:db:main"}),
	})
}

test_passes_when_unknown if {
	count(rds_backup_retention.deny) == 0 with input as testing.template({"Db": db({"BackupRetentionPeriod": {"Ref": "Days"}})})
}

test_fails_when_engine_unknown if {
	count(rds_backup_retention.deny) == 1 with input as testing.template({"Db": db({"Engine": {"Ref": "Engine"}, "BackupRetentionPeriod": 3})})
}

test_unknown_when_retention_unresolved if {
	inp := testing.template({"Db": db({"BackupRetentionPeriod": {"Ref": "Days"}})})
	count(rds_backup_retention.deny) == 0 with input as inp
	rds_backup_retention.unknowns == {{
		"resource": "Db",
		"path": ["Properties", "BackupRetentionPeriod"],
		"message": "RDS DB instance Db: BackupRetentionPeriod is not resolved, so whether it keeps automated backups for the 7-day minimum is unknown",
	}} with input as inp
}

test_no_unknown_when_known if {
	count(rds_backup_retention.unknowns) == 0 with input as testing.template({"Db": db({}), "Ok": db({"BackupRetentionPeriod": 14})})
	count(rds_backup_retention.unknowns) == 0 with input as testing.template({"Member": db({"DBClusterIdentifier": {"Ref": "C"}, "BackupRetentionPeriod": {"Ref": "Days"}})})

	# A 1-day minimum is met by any retention that is on.
	count(rds_backup_retention.unknowns) == 0 with input as testing.template_with({"Db": db({"BackupRetentionPeriod": {"Ref": "Days"}})}, {"min_backup_retention_days": 1})
}
