# METADATA
# title: RDS backup retention below the minimum
# description: >-
#   An RDS DB instance or cluster keeps automated backups (and
#   point-in-time recovery) for BackupRetentionPeriod days, 1 when unset. A
#   problem found later than that cannot be undone from backups. The
#   minimum is 7 days.
# custom:
#   id: BW-PITR-004
#   severity: medium
#   concern: pitr
#   well_architected: [REL09-BP03]
#   resource_types: [AWS::RDS::DBInstance, AWS::RDS::DBCluster]
#   inputs: [template, account]
#   remediation: >-
#     Raise BackupRetentionPeriod to at least the required number of days
#     (up to 35), or keep longer copies with AWS Backup.
package bulwark.rules.pitr.rds_backup_retention

import data.bulwark.lib

deny contains lib.finding_with(id, lib.at(r, ["Properties", "BackupRetentionPeriod"]), msg, details) if {
	some id, r in lib.resources(["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"])
	not skipped(r)
	days := lib.number(object.get(r, ["Properties", "BackupRetentionPeriod"], 1))
	minimum := lib.number(lib.setting("min_backup_retention_days", 7))
	days > 0
	days < minimum
	msg := sprintf("RDS DB %s %s keeps automated backups for %v day(s)%s, below the %v-day minimum", [kind(r), id, days, unset(r), minimum])
	details := {"retention_days": days, "min_retention_days": minimum}
}

# Cluster members and read replicas take their backups from the cluster or
# the source instance.
skipped(r) if {
	r.Type == "AWS::RDS::DBInstance"
	lib.rds_cluster_member(r)
}

skipped(r) if {
	r.Type == "AWS::RDS::DBInstance"
	lib.rds_read_replica(r)
}

kind(r) := "instance" if r.Type == "AWS::RDS::DBInstance"

kind(r) := "cluster" if r.Type == "AWS::RDS::DBCluster"

unset(r) := " (BackupRetentionPeriod not set, default 1)" if not r.Properties.BackupRetentionPeriod

unset(r) := "" if r.Properties.BackupRetentionPeriod
