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
