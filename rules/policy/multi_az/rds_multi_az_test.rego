package bulwark.rules.multi_az.rds_multi_az_test

import data.bulwark.rules.multi_az.rds_multi_az
import data.bulwark.testing

db(props) := {"Type": "AWS::RDS::DBInstance", "Properties": props}

test_fails_when_absent if {
	res := rds_multi_az.deny with input as testing.template({"Db": db({"Engine": "postgres"})})
	some f in res
	f.path == ["Properties"]
	contains(f.message, "RDS DB instance Db is single-AZ (MultiAZ not set)")
}

test_fails_when_false_string if {
	res := rds_multi_az.deny with input as testing.template({"Db": db({"Engine": "mysql", "MultiAZ": "false"})})
	some f in res
	f.path == ["Properties", "MultiAZ"]
}

test_fails_for_read_replica if {
	res := rds_multi_az.deny with input as testing.template({"Replica": db({"SourceDBInstanceIdentifier": {"Ref": "Db"}})})
	some f in res
	contains(f.message, "read replica Replica")
}

test_passes_when_true if {
	count(rds_multi_az.deny) == 0 with input as testing.template({"Db": db({"MultiAZ": "true"})})
}

test_passes_for_aurora_member if {
	count(rds_multi_az.deny) == 0 with input as testing.template({
		"A": db({"Engine": "aurora-postgresql", "DBClusterIdentifier": {"Ref": "Cluster"}}),
		"B": db({"Engine": "Aurora-MySQL"}),
	})
}

test_passes_when_unknown if {
	count(rds_multi_az.deny) == 0 with input as testing.template({"Db": db({"MultiAZ": {"Fn::If": ["IsProd", true, false]}})})
}
