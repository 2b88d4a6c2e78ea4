# METADATA
# title: S3 bucket of a critical workload without versioning or replication
# description: >-
#   Without versioning, an overwrite or delete of an S3 object, by a bug or
#   a person, is final. In tier 1 and 2 workloads buckets should keep
#   versions; in tier 1 workloads they should also replicate to another
#   bucket (in another Region), so that the data survives the loss of the
#   bucket or of the Region (AWS Config s3-bucket-versioning-enabled and
#   s3-bucket-replication-enabled). A bucket that another bucket of the
#   template, or a principal its bucket policy allows s3:Replicate*,
#   replicates into is the copy and need not replicate again. Templates
#   without a tier are not checked.
# custom:
#   id: BW-DATA-PROTECTION-003
#   severity: medium
#   concern: data-protection
#   well_architected: [REL09-BP01, REL09-BP03, REL10-BP01]
#   resource_types: [AWS::S3::Bucket]
#   inputs: [template, account]
#   tiers: [1, 2]
#   remediation: >-
#     Set VersioningConfiguration.Status to Enabled (with a lifecycle rule
#     for noncurrent versions) and, in tier 1, a ReplicationConfiguration to
#     a bucket in another Region.
package bulwark.rules.data_protection.s3_versioning_replication

import data.bulwark.lib

level := lib.number(input.tier.level)

versioning := ["Properties", "VersioningConfiguration", "Status"]

deny contains lib.finding(id, lib.at(r, versioning), msg) if {
	level in {1, 2}
	some id, r in lib.resources(["AWS::S3::Bucket"])
	status := lib.get(r, versioning, null)
	not lib.unknown(status)
	not _enabled(status)
	not lib.is_true(object.get(r.Properties, "ObjectLockEnabled", false))
	msg := sprintf("S3 bucket %s %s in a tier %v workload: an overwrite or delete of an object cannot be undone", [id, _versioning_state(status), level])
}

deny contains lib.finding(id, lib.at(r, ["Properties", "ReplicationConfiguration"]), msg) if {
	level == 1
	some id, r in lib.resources(["AWS::S3::Bucket"])
	object.get(r.Properties, "ReplicationConfiguration", null) == null
	not replicas[id]
	not destinations[id]
	msg := sprintf("S3 bucket %s has no ReplicationConfiguration in a tier 1 workload: its objects have no copy outside this bucket and its Region", [id])
}

_enabled(s) if {
	is_string(s)
	s == "Enabled"
}

_versioning_state(null) := "does not enable versioning"

_versioning_state(s) := sprintf("has versioning %v", [s]) if s != null

# replicas holds the buckets of the template that another bucket
# replicates to: they are the copy, and need not replicate again. (Object
# Lock, ObjectLockEnabled true, turns versioning on by itself.)
replicas contains id if {
	some r in lib.resources(["AWS::S3::Bucket"])
	some rule in lib.list(object.get(r.Properties, ["ReplicationConfiguration", "Rules"], []))
	some id in lib.refs(object.get(rule, ["Destination", "Bucket"], null))
}

# In a live audit, a bucket that an audited bucket of another Region or
# account replicates into lists the sources' ARNs in bulwark:replicaOf (no
# reference reaches across Regions): it is the copy too.
replicas contains id if {
	some id, r in lib.resources(["AWS::S3::Bucket"])
	count(lib.list(object.get(r.Properties, "bulwark:replicaOf", []))) > 0
}

# destinations holds the buckets of the template whose bucket policy lets
# a principal replicate into them (an Allow of s3:Replicate* actions): the
# replication destination of a bucket in another stack or account is the
# copy, as the replicas above are.
destinations contains id if {
	some p in lib.resources(["AWS::S3::BucketPolicy"])
	id := lib.designated(p.Properties.Bucket)
	some st in _statements(object.get(p.Properties, ["PolicyDocument", "Statement"], []))
	object.get(st, "Effect", "") == "Allow"
	some action in _actions(object.get(st, "Action", []))
	startswith(lower(action), "s3:replicate")
}

# A policy's Statement and a statement's Action may be one value or a list.
_statements(s) := s if is_array(s)

_statements(s) := [s] if is_object(s)

_actions(a) := [x | some x in a; is_string(x)] if is_array(a)

_actions(a) := [a] if is_string(a)
