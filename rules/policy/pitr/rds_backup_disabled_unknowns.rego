# What the rule in rds_backup_disabled.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.pitr.rds_backup_disabled

import data.bulwark.lib

# In --strict mode: what this rule could not verify: an unresolved
# BackupRetentionPeriod (unset means 1 day, so backups are on).
unknowns contains lib.finding(id, path, msg) if {
	some id, r in instances
	not lib.rds_cluster_member(r)
	not lib.rds_read_replica(r)
	lib.unknown(r.Properties.BackupRetentionPeriod)
	msg := sprintf("RDS DB instance %s: BackupRetentionPeriod is not resolved, so whether automated backups and point-in-time recovery are on is unknown", [id])
}

unknowns contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::RDS::DBCluster"])
	lib.unknown(r.Properties.BackupRetentionPeriod)
	msg := sprintf("RDS DB cluster %s: BackupRetentionPeriod is not resolved, so whether it is 0 (rejected for a cluster) is unknown", [id])
}
