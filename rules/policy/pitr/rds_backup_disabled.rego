# METADATA
# title: RDS automated backups disabled
# description: >-
#   BackupRetentionPeriod 0 turns off automated backups and point-in-time
#   recovery on an RDS DB instance: only manual snapshots remain. A DB
#   cluster cannot have 0 (it keeps 1 to 35 days), so CloudFormation fails.
#   Aurora or DB cluster members and read replicas take their backups from
#   their cluster or source and are not checked.
# custom:
#   id: BW-PITR-003
#   severity: high
#   concern: pitr
#   well_architected: [REL09-BP03]
#   resource_types: [AWS::RDS::DBInstance, AWS::RDS::DBCluster]
#   inputs: [template, account]
#   remediation: >-
#     Set BackupRetentionPeriod to the number of days of point-in-time
#     recovery the data needs (1 to 35, e.g. 7 or more).
package bulwark.rules.pitr.rds_backup_disabled

import data.bulwark.lib

path := ["Properties", "BackupRetentionPeriod"]

instances := lib.resources(["AWS::RDS::DBInstance"])

deny contains lib.finding(id, path, msg) if {
	some id, r in instances
	not lib.rds_cluster_member(r)
	not lib.rds_read_replica(r)
	lib.number(r.Properties.BackupRetentionPeriod) == 0
	msg := sprintf("RDS DB instance %s has BackupRetentionPeriod 0: automated backups and point-in-time recovery are off%s", [id, source_note(id)])
}

deny contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::RDS::DBCluster"])
	lib.number(r.Properties.BackupRetentionPeriod) == 0
	msg := sprintf("RDS DB cluster %s has BackupRetentionPeriod 0: a cluster keeps 1 to 35 days of backups, so CloudFormation/AWS rejects this at deploy time", [id])
}

# Read replicas of the template that use instance id as their source.
replicas_of(id) := sort([rid |
	some rid, r in instances
	lib.ref_target(r.Properties.SourceDBInstanceIdentifier) == id
])

source_note(id) := sprintf("; read replica %s uses it as source, so CloudFormation/AWS rejects this at deploy time", [concat(", ", replicas_of(id))]) if {
	count(replicas_of(id)) > 0
}

source_note(id) := "" if count(replicas_of(id)) == 0
