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

test_unknown_when_multi_az_unresolved if {
	inp := testing.template({"Db": db({"MultiAZ": {"Fn::If": ["IsProd", true, false]}})})
	count(rds_multi_az.deny) == 0 with input as inp
	rds_multi_az.unknowns == {{
		"resource": "Db",
		"path": ["Properties", "MultiAZ"],
		"message": "RDS DB instance Db: MultiAZ is not resolved, so whether it has a standby in another Availability Zone is unknown",
	}} with input as inp
}

test_unknown_for_read_replica if {
	inp := testing.template({"Replica": db({"SourceDBInstanceIdentifier": {"Ref": "Db"}, "MultiAZ": {"Ref": "MultiAz"}})})
	count(rds_multi_az.deny) == 0 with input as inp
	res := rds_multi_az.unknowns with input as inp
	count(res) == 1
	some f in res
	contains(f.message, "RDS DB read replica Replica: MultiAZ is not resolved")
}

test_no_unknown_when_known if {
	count(rds_multi_az.unknowns) == 0 with input as testing.template({"Db": db({"MultiAZ": "true"})})
	count(rds_multi_az.unknowns) == 0 with input as testing.template({"Db": db({"Engine": "postgres"})})
	count(rds_multi_az.unknowns) == 0 with input as testing.template({"A": db({"DBClusterIdentifier": {"Ref": "Cluster"}, "MultiAZ": {"Ref": "M"}})})
}

# SQL Server Express has no Multi-AZ option: "set MultiAZ: true" would be a
# false remedy. Without a tier it is not reported; in a tier 1-3 workload
# it is, saying the edition must change.
test_passes_for_express_without_tier if {
	count(rds_multi_az.deny) == 0 with input as testing.template({"Db": db({"Engine": "sqlserver-ex", "MultiAZ": false})})
	count(rds_multi_az.deny) == 0 with input as testing.template_input({"Db": db({"Engine": "SQLServer-EX"})}, {"tier": {"level": 4}})
}

test_fails_for_express_in_tier_2 if {
	res := rds_multi_az.deny with input as testing.template_input({"Db": db({"Engine": "sqlserver-ex"})}, {"tier": {"level": 2}})
	res == {{
		"resource": "Db",
		"path": ["Properties", "Engine"],
		"message": "RDS DB instance Db runs sqlserver-ex (SQL Server Express Edition), which has no Multi-AZ option: it has no standby in another Availability Zone, which tier 2 needs, and MultiAZ: true cannot add one; use sqlserver-se, sqlserver-ee or sqlserver-web with MultiAZ: true",
	}}
}

test_fails_for_web_edition_which_supports_multi_az if {
	res := rds_multi_az.deny with input as testing.template({"Db": db({"Engine": "sqlserver-web"})})
	some f in res
	contains(f.message, "is single-AZ (MultiAZ not set)")
}

test_unknown_engine_or_express if {
	inp := testing.template({
		"Express": db({"Engine": "sqlserver-ex", "MultiAZ": {"Ref": "MultiAz"}}),
		"Any": db({"Engine": {"Ref": "Engine"}, "MultiAZ": {"Ref": "MultiAz"}}),
	})
	count(rds_multi_az.deny) == 0 with input as inp
	{f.resource | some f in rds_multi_az.unknowns} == {"Any"} with input as inp
}
