# METADATA
# title: OpenSearch domain without zone awareness
# description: >-
#   An OpenSearch (or legacy Elasticsearch) domain without zone awareness
#   keeps all its nodes in one Availability Zone, and a single-node domain
#   cannot be zone-aware at all: a zone failure makes the domain
#   unavailable.
# custom:
#   id: BW-MULTI-AZ-009
#   severity: medium
#   concern: multi-az
#   well_architected: [REL10-BP01]
#   resource_types: [AWS::OpenSearchService::Domain, AWS::Elasticsearch::Domain]
#   inputs: [template, account]
#   remediation: >-
#     Run at least two data nodes (a multiple of the zone count), set
#     ZoneAwarenessEnabled: true with ZoneAwarenessConfig.AvailabilityZoneCount
#     2 or 3, and give indices at least one replica shard.
package bulwark.rules.multi_az.opensearch_zone_awareness

import data.bulwark.lib

# The cluster configuration property of each domain type.
config_key := {
	"AWS::OpenSearchService::Domain": "ClusterConfig",
	"AWS::Elasticsearch::Domain": "ElasticsearchClusterConfig",
}

deny contains lib.finding(id, lib.at(r, path), msg) if {
	some id, r in lib.resources(object.keys(config_key))
	path := ["Properties", config_key[r.Type], "ZoneAwarenessEnabled"]
	aware := lib.get(r, path, false)
	not lib.unknown(aware)
	not lib.is_true(aware)
	msg := sprintf("%s domain %s %s", [engine(r), id, problem(r)])
}

# With zone awareness, AWS requires the data node count to be a multiple of
# the zone count.
deny contains lib.finding(id, lib.at(r, count_path), msg) if {
	some id, r in lib.resources(object.keys(config_key))
	key := config_key[r.Type]
	lib.is_true(lib.get(r, ["Properties", key, "ZoneAwarenessEnabled"], false))
	count_path := ["Properties", key, "InstanceCount"]
	nodes := lib.number(lib.get(r, count_path, 1))
	zones := lib.number(lib.get(r, ["Properties", key, "ZoneAwarenessConfig", "AvailabilityZoneCount"], 2))
	zones > 0
	round(nodes) == nodes
	round(zones) == zones
	nodes % zones != 0
	msg := sprintf("%s domain %s enables zone awareness over %v Availability Zones with %v data nodes, not a multiple of %v: CloudFormation/AWS rejects this at deploy time", [engine(r), id, zones, nodes, zones])
}

engine(r) := "OpenSearch" if r.Type == "AWS::OpenSearchService::Domain"

engine(r) := "Elasticsearch" if r.Type == "AWS::Elasticsearch::Domain"

nodes(r) := lib.number(lib.get(r, ["Properties", config_key[r.Type], "InstanceCount"], 1))

problem(r) := "is a single-node domain: it cannot be zone-aware, so it is lost with its Availability Zone; add data nodes and enable zone awareness" if {
	nodes(r) == 1
}

problem(r) := sprintf("has %v data nodes without zone awareness: they all run in one Availability Zone", [nodes(r)]) if {
	nodes(r) > 1
}

problem(r) := "has zone awareness off: all its data nodes run in one Availability Zone" if not known_nodes(r)

known_nodes(r) if nodes(r)
