package bulwark.rules.data_protection.s3_versioning_replication_test

import data.bulwark.rules.data_protection.s3_versioning_replication as rule
import data.bulwark.testing

tier(level, resources) := testing.template_input(resources, {"tier": {"level": level}})

bucket(props) := {"Type": "AWS::S3::Bucket", "Properties": props}

replication := {"Role": "r", "Rules": [{"Status": "Enabled", "Destination": {"Bucket": "arn:aws:s3:::copy"}}]}

test_fails_plain_bucket_in_tier_1 if {
	rule.deny == {
		{
			"resource": "B",
			"path": ["Properties"],
			"message": "S3 bucket B does not enable versioning in a tier 1 workload: an overwrite or delete of an object cannot be undone",
		},
		{
			"resource": "B",
			"path": ["Properties"],
			"message": "S3 bucket B has no ReplicationConfiguration in a tier 1 workload: its objects have no copy outside this bucket and its Region",
		},
	} with input as tier(1, {"B": bucket({})})
}

test_fails_suspended_versioning_in_tier_2 if {
	inp := tier(2, {"B": bucket({"VersioningConfiguration": {"Status": "Suspended"}})})
	rule.deny == {{
		"resource": "B",
		"path": ["Properties", "VersioningConfiguration", "Status"],
		"message": "S3 bucket B has versioning Suspended in a tier 2 workload: an overwrite or delete of an object cannot be undone",
	}} with input as inp
}

test_passes_versioned_replicated_bucket if {
	inp := tier(1, {"B": bucket({"VersioningConfiguration": {"Status": "Enabled"}, "ReplicationConfiguration": replication})})
	count(rule.deny) == 0 with input as inp
	count(rule.unknowns) == 0 with input as inp
}

test_passes_outside_tiers_1_and_2 if {
	count(rule.deny) == 0 with input as tier(3, {"B": bucket({})})
	count(rule.deny) == 0 with input as testing.template({"B": bucket({})})
}

test_unknown_when_versioning_is_conditional if {
	inp := tier(1, {"B": bucket({
		"VersioningConfiguration": {"Fn::If": ["Prod", {"Status": "Enabled"}, {"Ref": "AWS::NoValue"}]},
		"ReplicationConfiguration": {"Fn::If": ["Prod", replication, {"Ref": "AWS::NoValue"}]},
	})})
	count(rule.deny) == 0 with input as inp
	count(rule.unknowns) == 2 with input as inp
}

test_passes_replica_and_object_lock_bucket if {
	inp := tier(1, {
		"Source": bucket({"VersioningConfiguration": {"Status": "Enabled"}, "ReplicationConfiguration": {"Role": "r", "Rules": [{"Status": "Enabled", "Destination": {"Bucket": {"Fn::GetAtt": ["Copy", "Arn"]}}}]}}),
		"Copy": bucket({"ObjectLockEnabled": true}),
	})
	count(rule.deny) == 0 with input as inp
	count(rule.unknowns) == 0 with input as inp
}

# Corpus regression (S3CrossAccountReplicationWithKMS/templates/destination.yaml):
# a bucket whose policy lets another account replicate into it is the
# copy; another grant does not make a bucket a destination.
bucket_policy(bucket_ref, actions) := {"Type": "AWS::S3::BucketPolicy", "Properties": {
	"Bucket": bucket_ref,
	"PolicyDocument": {"Statement": [{
		"Effect": "Allow",
		"Principal": {"AWS": {"Ref": "SourceAccount"}},
		"Action": actions,
		"Resource": {"Fn::Sub": ["${Arn}/*", {"Arn": {"Fn::GetAtt": ["Dest", "Arn"]}}]},
	}]},
}}

test_passes_replication_destination_of_another_stack if {
	inp := tier(1, {
		"Dest": bucket({"VersioningConfiguration": {"Status": "Enabled"}}),
		"DestPolicy": bucket_policy({"Ref": "Dest"}, ["s3:ReplicateDelete", "s3:ReplicateObject"]),
		"Other": bucket({"VersioningConfiguration": {"Status": "Enabled"}}),
		"OtherPolicy": bucket_policy({"Ref": "Other"}, "s3:GetObject"),
	})
	{f.resource | some f in rule.deny} == {"Other"} with input as inp
}

# A live bucket that an audited bucket of another Region replicates into
# is the copy; a bucket without that mark still needs its own replication.
test_passes_live_replica_of_another_region if {
	inp := tier(1, {
		"Replica": bucket({"VersioningConfiguration": {"Status": "Enabled"}, "bulwark:replicaOf": ["arn:aws:s3:::source"]}),
		"Lone": bucket({"VersioningConfiguration": {"Status": "Enabled"}}),
	})
	{f.resource | some f in rule.deny} == {"Lone"} with input as inp
}
