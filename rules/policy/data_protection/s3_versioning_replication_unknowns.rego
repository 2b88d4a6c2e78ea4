# What the rule in s3_versioning_replication.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.data_protection.s3_versioning_replication

import data.bulwark.lib

# In --strict mode, in a tier 1 or 2 workload: the versioning status is
# unresolved, or (tier 1) the ReplicationConfiguration may be absent.
unknowns contains lib.finding(id, lib.at(r, versioning), msg) if {
	level in {1, 2}
	some id, r in lib.resources(["AWS::S3::Bucket"])
	lib.unknown(lib.get(r, versioning, null))
	msg := sprintf("S3 bucket %s: VersioningConfiguration is not resolved, so whether it keeps object versions is unknown", [id])
}

unknowns contains lib.finding(id, ["Properties", "ReplicationConfiguration"], msg) if {
	level == 1
	some id, r in lib.resources(["AWS::S3::Bucket"])
	not replicas[id]
	lib.maybe_absent(object.get(r.Properties, "ReplicationConfiguration", null))
	msg := sprintf("S3 bucket %s: ReplicationConfiguration is not resolved, so whether its objects are replicated is unknown", [id])
}
