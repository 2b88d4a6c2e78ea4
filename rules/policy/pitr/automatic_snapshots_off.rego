# METADATA
# title: ElastiCache (Redis/Valkey) or Redshift cluster without automatic snapshots
# description: >-
#   ElastiCache for Redis and Valkey takes no automatic backups unless
#   SnapshotRetentionLimit is above 0 (the default is 0); a Redshift cluster
#   with AutomatedSnapshotRetentionPeriod 0 takes none either (the default
#   is 1 day). A lost or corrupted cluster then has nothing recent to be
#   restored from (AWS Config elasticache-redis-cluster-automatic-backup-check
#   and redshift-backup-enabled).
# custom:
#   id: BW-PITR-005
#   severity: medium
#   concern: pitr
#   well_architected: [REL09-BP01, REL09-BP03]
#   resource_types: [AWS::ElastiCache::ReplicationGroup, AWS::ElastiCache::CacheCluster, AWS::Redshift::Cluster]
#   inputs: [template, account]
#   remediation: >-
#     Set SnapshotRetentionLimit (ElastiCache) or
#     AutomatedSnapshotRetentionPeriod (Redshift) to the days of backups the
#     workload's recovery point objective needs, at least 1.
package bulwark.rules.pitr.automatic_snapshots_off

import data.bulwark.lib

# [label, property, default] per type.
settings := {
	"AWS::ElastiCache::ReplicationGroup": ["ElastiCache replication group", "SnapshotRetentionLimit", 0],
	"AWS::ElastiCache::CacheCluster": ["ElastiCache cluster", "SnapshotRetentionLimit", 0],
	"AWS::Redshift::Cluster": ["Redshift cluster", "AutomatedSnapshotRetentionPeriod", 1],
}

# The resources that can take automatic snapshots: Redshift clusters,
# replication groups (Redis or Valkey only) and Redis/Valkey cache clusters.
candidates := {id: r |
	some id, r in lib.resources(object.keys(settings))
	not _memcached(r)
}

_memcached(r) if {
	r.Type == "AWS::ElastiCache::CacheCluster"
	e := object.get(r.Properties, "Engine", "")
	not _snapshotting_engine(e)
}

_snapshotting_engine(e) if {
	is_string(e)
	lower(e) in {"redis", "valkey"}
}

# A custom resource that is given the cluster may turn snapshots on through
# the API (a pattern from before CloudFormation supported the property).
deny contains lib.finding(id, lib.at(r, ["Properties", prop]), msg) if {
	some id, r in candidates
	not lib.custom_resource_inputs[id]
	[label, prop, dflt] := settings[r.Type]
	lib.number(object.get(r.Properties, prop, dflt)) == 0
	msg := sprintf("%s %s has %s %s: it takes no automatic snapshots, so a lost or corrupted cluster has no recent backup to restore", [label, id, prop, _shown(r, prop)])
}

_shown(r, prop) := "0" if r.Properties[prop]

_shown(r, prop) := "unset (0, the default)" if not r.Properties[prop]
