# What the rule in global_table_pitr.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.pitr.global_table_pitr

import data.bulwark.lib

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
