# METADATA
# title: DynamoDB table without point-in-time recovery
# description: >-
#   A DynamoDB table without point-in-time recovery (PITR) can only be
#   restored from on-demand or AWS Backup snapshots, so a bad deploy or an
#   accidental write loses everything since the last snapshot. PITR keeps
#   continuous backups for up to 35 days with per-second restore points.
# custom:
#   id: BW-PITR-001
#   severity: high
#   concern: pitr
#   well_architected: [REL09-BP01, REL09-BP03]
#   resource_types: [AWS::DynamoDB::Table, AWS::Serverless::SimpleTable]
#   inputs: [template, account]
#   remediation: >-
#     Set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true
#     on the table (for AWS::Serverless::SimpleTable, move to
#     AWS::DynamoDB::Table, which supports it).
package bulwark.rules.pitr.dynamodb_pitr

import data.bulwark.lib

deny contains lib.finding(id, ["Properties"], msg) if {
	some id, r in lib.resources(["AWS::DynamoDB::Table"])
	not r.Properties.PointInTimeRecoverySpecification
	msg := sprintf("DynamoDB table %s has no PointInTimeRecoverySpecification: point-in-time recovery is off", [id])
}

deny contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::DynamoDB::Table"])
	spec := r.Properties.PointInTimeRecoverySpecification
	not lib.is_intrinsic(spec)
	not lib.unknown(object.get(spec, "PointInTimeRecoveryEnabled", false))
	not lib.is_true(object.get(spec, "PointInTimeRecoveryEnabled", false))
	path := ["Properties", "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"]
	msg := sprintf("DynamoDB table %s has PointInTimeRecoveryEnabled off", [id])
}

# AWS::Serverless::SimpleTable has no PITR property at all.
deny contains lib.finding(id, [], msg) if {
	some id, _ in lib.resources(["AWS::Serverless::SimpleTable"])
	msg := sprintf("SAM SimpleTable %s cannot enable point-in-time recovery; use AWS::DynamoDB::Table", [id])
}
