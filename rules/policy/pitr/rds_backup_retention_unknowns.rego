# What the rule in rds_backup_retention.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.pitr.rds_backup_retention

import data.bulwark.lib

# In --strict mode: what this rule could not verify: an unresolved
# BackupRetentionPeriod, when the minimum is more than the 1 day any
# enabled retention keeps.
unknowns contains lib.finding(id, ["Properties", "BackupRetentionPeriod"], msg) if {
	some id, r in lib.resources(["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"])
	not skipped(r)
	lib.unknown(r.Properties.BackupRetentionPeriod)
	minimum := lib.number(lib.setting("min_backup_retention_days", 7))
	minimum > 1
	msg := sprintf("RDS DB %s %s: BackupRetentionPeriod is not resolved, so whether it keeps automated backups for the %v-day minimum is unknown", [kind(r), id, minimum])
}
