# What the rule in dynamodb_pitr.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.pitr.dynamodb_pitr

import data.bulwark.lib

# In --strict mode: what this rule could not verify: the specification, or
# its PointInTimeRecoveryEnabled, is unresolved (another unresolved field,
# e.g. RecoveryPeriodInDays, does not change whether PITR is on).
unknowns contains lib.finding(id, ["Properties", "PointInTimeRecoverySpecification"], msg) if {
	some id, r in lib.resources(["AWS::DynamoDB::Table"])
	lib.is_intrinsic(r.Properties.PointInTimeRecoverySpecification)
	msg := sprintf("DynamoDB table %s: PointInTimeRecoverySpecification is not resolved, so whether point-in-time recovery is on is unknown", [id])
}

unknowns contains lib.finding(id, ["Properties", "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"], msg) if {
	some id, r in lib.resources(["AWS::DynamoDB::Table"])
	spec := r.Properties.PointInTimeRecoverySpecification
	not lib.is_intrinsic(spec)
	lib.unknown(spec.PointInTimeRecoveryEnabled)
	msg := sprintf("DynamoDB table %s: PointInTimeRecoveryEnabled is not resolved, so whether point-in-time recovery is on is unknown", [id])
}
