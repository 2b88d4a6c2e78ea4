# RDS engine capabilities the rules rely on, kept as data with their source.
package bulwark.lib

# rds_engines_without_multi_az[engine] describes each RDS for DB instance
# engine (the Engine property, lower case) that has no Multi-AZ DB instance
# deployment at all: MultiAZ: true is rejected, so the flag cannot give it a
# standby. "edition" names it; "instead" lists engines of the same database
# that do support Multi-AZ.
#
# Source: Amazon RDS User Guide, "Multi-AZ deployments for Amazon RDS for
# Microsoft SQL Server"
# (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_SQLServerMultiAZ.html)
# and its limitations page (USER_SQLServerMultiAZ.Recommendations.html), as
# of 2026-12: Multi-AZ is supported for SQL Server Standard and Enterprise
# editions (Database Mirroring or Always On availability groups) and for Web
# edition (block-level replication); Express edition is not among them. Db2,
# MariaDB, MySQL, Oracle and PostgreSQL support Multi-AZ DB instance
# deployments for every edition
# (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html).
rds_engines_without_multi_az := {"sqlserver-ex": {
	"edition": "SQL Server Express Edition",
	"instead": "sqlserver-se, sqlserver-ee or sqlserver-web",
}}

# rds_engine_without_multi_az(r) is the rds_engines_without_multi_az entry
# of the AWS::RDS::DBInstance r's Engine; undefined when the engine supports
# Multi-AZ or is unresolved.
rds_engine_without_multi_az(r) := object.union(e, {"engine": engine}) if {
	is_string(r.Properties.Engine)
	engine := lower(r.Properties.Engine)
	e := rds_engines_without_multi_az[engine]
}
