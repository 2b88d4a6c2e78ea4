# METADATA
# title: Database cluster with a single instance
# description: >-
#   An Aurora, DocumentDB or Neptune cluster keeps its data in storage
#   replicated across three Availability Zones, but serves it only through
#   its DB instances. With one instance there is no replica to promote:
#   when the instance or its zone fails, the cluster is down until the
#   service creates a new instance (Trusted Advisor "Amazon DocumentDB Single
#   AZ Clusters"; the Aurora equivalent of rds-multi-az-support).
# custom:
#   id: BW-MULTI-AZ-012
#   severity: high
#   concern: multi-az
#   well_architected: [REL10-BP01, REL11-BP02]
#   resource_types: [AWS::RDS::DBCluster, AWS::DocDB::DBCluster, AWS::Neptune::DBCluster]
#   inputs: [template, account]
#   remediation: >-
#     Add a second DB instance (a reader) to the cluster, in another
#     Availability Zone, so that the cluster fails over to it.
package bulwark.rules.multi_az.db_cluster_single_instance

import data.bulwark.lib

# The instance type of each cluster type, and the name of the engine.
instance_type := {
	"AWS::RDS::DBCluster": "AWS::RDS::DBInstance",
	"AWS::DocDB::DBCluster": "AWS::DocDB::DBInstance",
	"AWS::Neptune::DBCluster": "AWS::Neptune::DBInstance",
}

engine_name := {
	"AWS::DocDB::DBCluster": "DocumentDB",
	"AWS::Neptune::DBCluster": "Neptune",
}

# clusters holds the clusters whose availability rests on their instances:
# every DocumentDB and Neptune cluster, and Aurora clusters other than
# Aurora Serverless v1 (EngineMode serverless, which has no instances). A
# Multi-AZ DB cluster of RDS for MySQL/PostgreSQL creates its own instances.
clusters := {id: r |
	some id, r in lib.resources(object.keys(instance_type))
	_instance_based(r)
}

_instance_based(r) if r.Type != "AWS::RDS::DBCluster"

_instance_based(r) if {
	r.Type == "AWS::RDS::DBCluster"
	engine := r.Properties.Engine
	is_string(engine)
	startswith(lower(engine), "aurora")
	mode := object.get(r.Properties, "EngineMode", "provisioned")
	is_string(mode)
	lower(mode) != "serverless"
}

# The cluster a DBClusterIdentifier value names: a Ref to a cluster of the
# template, or the literal DBClusterIdentifier of one.
cluster_of(v) := id if {
	id := lib.designated(v)
	clusters[id]
} else := id if {
	is_string(v)
	id := _named[lower(v)]
}

_named := {lower(name): id |
	some id, r in clusters
	name := r.Properties.DBClusterIdentifier
	is_string(name)
}

# members is {cluster id: {instance id, ...}}.
members := {c: ids | some c, ids in _members}

_members[c] contains id if {
	some id, r in lib.resources({t | some t in instance_type})
	c := cluster_of(object.get(r, ["Properties", "DBClusterIdentifier"], null))
	instance_type[clusters[c].Type] == r.Type
}

# unplaced_types holds the instance types of which an instance names its
# cluster by an unresolved value: it may belong to any cluster.
unplaced_types contains r.Type if {
	some r in lib.resources({t | some t in instance_type})
	v := object.get(r, ["Properties", "DBClusterIdentifier"], null)
	lib.unknown(v)
	not cluster_of(v)
}

deny contains lib.finding_with(id, [], msg, {"instance": instance}) if {
	some id, ids in members
	count(ids) == 1
	r := clusters[id]
	not instance_type[r.Type] in unplaced_types
	some instance in ids
	msg := sprintf("%s cluster %s has a single DB instance (%s): no replica can take over when it or its Availability Zone fails, so the cluster is down until a new instance is created", [engine(r), id, instance])
}

engine(r) := engine_name[r.Type]

engine(r) := "Aurora" if r.Type == "AWS::RDS::DBCluster"
