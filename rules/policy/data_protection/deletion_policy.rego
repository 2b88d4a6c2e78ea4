# METADATA
# title: Data store deleted with its stack or when replaced
# description: >-
#   Without a DeletionPolicy of Retain or Snapshot, deleting the stack, or
#   removing the resource from the template, deletes a data store and its
#   data; without an UpdateReplacePolicy of Retain or Snapshot, a change to a
#   property that forces a replacement deletes the old store (the default of
#   both is Delete; only the DeletionPolicy of an RDS DB cluster, and of a DB
#   instance outside a cluster, defaults to Snapshot). A mistaken stack
#   operation then loses data that no backup may hold. Checked for tier 1
#   to 3 workloads: a retained store outlives its stack and must be cleaned
#   up by hand, a cost a tier 4 or untiered (e.g. test) stack need not pay.
# custom:
#   id: BW-DATA-PROTECTION-001
#   severity: medium
#   concern: data-protection
#   well_architected: [REL09-BP01]
#   resource_types: [AWS::RDS::DBCluster, AWS::RDS::DBInstance, AWS::DocDB::DBCluster, AWS::Neptune::DBCluster, AWS::Redshift::Cluster, AWS::DynamoDB::Table, AWS::DynamoDB::GlobalTable, AWS::Serverless::SimpleTable, AWS::EFS::FileSystem, AWS::ElastiCache::ReplicationGroup, AWS::ElastiCache::CacheCluster, AWS::OpenSearchService::Domain, AWS::Elasticsearch::Domain, AWS::Kinesis::Stream]
#   inputs: [template]  # Template only: DeletionPolicy and UpdateReplacePolicy are attributes of a stack template, not of the live resource.
#   tiers: [1, 2, 3]
#   remediation: >-
#     Set DeletionPolicy and UpdateReplacePolicy to Retain (or Snapshot for
#     RDS, DocumentDB, Neptune, Redshift and ElastiCache), and keep the data
#     in a backup plan as well.
package bulwark.rules.data_protection.deletion_policy

import data.bulwark.lib

# What each stateful type is called, and whether it supports Snapshot.
kinds := {
	"AWS::RDS::DBCluster": ["RDS DB cluster", true],
	"AWS::RDS::DBInstance": ["RDS DB instance", true],
	"AWS::DocDB::DBCluster": ["DocumentDB cluster", true],
	"AWS::Neptune::DBCluster": ["Neptune cluster", true],
	"AWS::Redshift::Cluster": ["Redshift cluster", true],
	"AWS::DynamoDB::Table": ["DynamoDB table", false],
	"AWS::DynamoDB::GlobalTable": ["DynamoDB global table", false],
	"AWS::Serverless::SimpleTable": ["DynamoDB table", false],
	"AWS::EFS::FileSystem": ["EFS file system", false],
	"AWS::ElastiCache::ReplicationGroup": ["ElastiCache replication group", true],
	"AWS::ElastiCache::CacheCluster": ["ElastiCache cluster", true],
	"AWS::OpenSearchService::Domain": ["OpenSearch domain", false],
	"AWS::Elasticsearch::Domain": ["Elasticsearch domain", false],
	"AWS::Kinesis::Stream": ["Kinesis stream", false],
}

level := lib.number(input.tier.level)

# stores holds, in a tier 1 to 3 workload, the resources whose data a
# deletion loses: not a DB instance of a cluster (the cluster holds the
# data), not a Memcached cluster (a cache with nothing to keep).
stores := {id: r |
	level in {1, 2, 3}
	some id, r in lib.resources(object.keys(kinds))
	not _excluded(r)
}

_excluded(r) if {
	r.Type == "AWS::RDS::DBInstance"
	lib.rds_cluster_member(r)
}

_excluded(r) if {
	r.Type == "AWS::ElastiCache::CacheCluster"
	not _redis(r.Properties.Engine)
}

_redis(e) if {
	is_string(e)
	lower(e) in {"redis", "valkey"}
}

_redis(e) if lib.unknown(e)

# default_deletion(r) is the DeletionPolicy CloudFormation applies when
# none is given.
default_deletion(r) := "Snapshot" if r.Type in {"AWS::RDS::DBCluster", "AWS::RDS::DBInstance"}

default_deletion(r) := "Delete" if not r.Type in {"AWS::RDS::DBCluster", "AWS::RDS::DBInstance"}

# keeps(r, policy) holds when policy keeps r's data.
keeps(_, p) if p in {"Retain", "RetainExceptOnCreate"}

keeps(r, "Snapshot") if kinds[r.Type][1]

# problems(r) lists, for each of the two policies that is resolved and
# does not keep r's data, the policy and what it does.
problems(r) := [m |
	some [attr, dflt, what] in [
		["DeletionPolicy", default_deletion(r), "deleting the stack, or the resource from the template, deletes its data"],
		["UpdateReplacePolicy", "Delete", "an update that replaces it deletes the old one with its data"],
	]
	p := object.get(r, attr, dflt)
	is_string(p)
	not keeps(r, p)
	m := sprintf("%s %s%s: %s", [attr, p, _default_note(r, attr), what])
]

_default_note(r, attr) := "" if r[attr]

_default_note(r, attr) := " (the default)" if not r[attr]

# A cache cluster whose engine is unresolved may be Memcached.
_engine_unknown(r) if {
	r.Type == "AWS::ElastiCache::CacheCluster"
	lib.unknown(r.Properties.Engine)
}

deny contains lib.finding(id, [], msg) if {
	some id, r in stores
	not _engine_unknown(r)
	ps := problems(r)
	count(ps) > 0
	msg := sprintf("%s %s has %s", [kinds[r.Type][0], id, concat("; and ", ps)])
}
