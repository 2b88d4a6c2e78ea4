# METADATA
# title: DynamoDB global table replica without point-in-time recovery
# description: >-
#   Point-in-time recovery is set per replica of a DynamoDB global table.
#   A replica without it cannot be restored to a moment before a bad write,
#   and a bad write replicates to every Region within seconds.
# custom:
#   id: BW-PITR-002
#   severity: high
#   concern: pitr
#   well_architected: [REL09-BP01, REL09-BP03]
#   resource_types: [AWS::DynamoDB::GlobalTable]
#   inputs: [template, account]
#   remediation: >-
#     Set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true
#     on every entry of Replicas.
package bulwark.rules.pitr.global_table_pitr

import data.bulwark.lib

deny contains lib.finding(id, lib.at(r, path), msg) if {
	some id, r in lib.resources(["AWS::DynamoDB::GlobalTable"])
	some i, replica in lib.list(r.Properties.Replicas)
	not lib.is_intrinsic(replica)
	path := ["Properties", "Replicas", i, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"]
	enabled := lib.get(r, path, false)
	not lib.unknown(enabled)
	not lib.is_true(enabled)
	msg := sprintf("DynamoDB global table %s has point-in-time recovery off on its replica in %s", [id, region(replica, i)])
}

region(replica, i) := name if {
	name := replica.Region
	is_string(name)
} else := sprintf("an unresolved Region (Replicas[%d])", [i])

# In --strict mode: what this rule could not verify: the replica list, a
# replica, its specification or its PointInTimeRecoveryEnabled is
# unresolved.
unknowns contains lib.finding(id, ["Properties", "Replicas"], msg) if {
	some id, r in lib.resources(["AWS::DynamoDB::GlobalTable"])
	lib.is_intrinsic(r.Properties.Replicas)
	msg := sprintf("DynamoDB global table %s: Replicas is not resolved, so whether every replica has point-in-time recovery is unknown", [id])
}

unknowns contains lib.finding(id, ["Properties", "Replicas", i], msg) if {
	some id, r in lib.resources(["AWS::DynamoDB::GlobalTable"])
	some i, replica in lib.list(r.Properties.Replicas)
	lib.is_intrinsic(replica)
	msg := sprintf("DynamoDB global table %s: Replicas[%d] is not resolved, so whether that replica has point-in-time recovery is unknown", [id, i])
}

unknowns contains lib.finding(id, at, msg) if {
	some id, r in lib.resources(["AWS::DynamoDB::GlobalTable"])
	some i, replica in lib.list(r.Properties.Replicas)
	not lib.is_intrinsic(replica)
	path := ["Properties", "Replicas", i, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"]
	lib.unknown(lib.get(r, path, false))
	at := lib.at(r, path)
	msg := sprintf("DynamoDB global table %s: %s of its replica in %s is not resolved, so whether that replica has point-in-time recovery is unknown", [id, at[count(at) - 1], region(replica, i)])
}
