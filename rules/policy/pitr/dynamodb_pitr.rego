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

tables := lib.resources(["AWS::DynamoDB::Table"])

deny := lib.denied(verdicts)

unknowns := lib.unverified(verdicts)

# Each table is asked two questions: is there a specification, and does it
# turn PITR on (another unresolved field, e.g. RecoveryPeriodInDays, does
# not change whether PITR is on).
verdicts contains specification(id, r) if some id, r in tables

verdicts contains enabled(id, object.get(spec, "PointInTimeRecoveryEnabled", false)) if {
	some id, r in tables
	spec := r.Properties.PointInTimeRecoverySpecification
	is_object(spec)
	not lib.is_intrinsic(spec)
}

# AWS::Serverless::SimpleTable has no PITR property at all.
verdicts contains lib.fail(id, [], msg) if {
	some id, _ in lib.resources(["AWS::Serverless::SimpleTable"])
	msg := sprintf("SAM SimpleTable %s cannot enable point-in-time recovery; use AWS::DynamoDB::Table", [id])
}

_spec_path := ["Properties", "PointInTimeRecoverySpecification"]

_enabled_path := ["Properties", "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"]

_fact := "point-in-time recovery is on"

specification(id, r) := lib.fail(id, ["Properties"], msg) if {
	not r.Properties.PointInTimeRecoverySpecification
	msg := sprintf("DynamoDB table %s has no PointInTimeRecoverySpecification: point-in-time recovery is off", [id])
} else := lib.unresolved(id, _spec_path, sprintf("DynamoDB table %s", [id]), _fact) if {
	lib.is_intrinsic(r.Properties.PointInTimeRecoverySpecification)
} else := lib.pass(id)

enabled(id, v) := lib.unresolved(id, _enabled_path, sprintf("DynamoDB table %s", [id]), _fact) if {
	lib.unknown(v)
} else := lib.pass(id) if {
	lib.is_true(v)
} else := lib.fail(id, _enabled_path, sprintf("DynamoDB table %s has PointInTimeRecoveryEnabled off", [id]))
