# METADATA
# title: OpenSearch domain with fewer than three data nodes or master nodes
# description: >-
#   An OpenSearch (or Elasticsearch) domain needs at least three data nodes
#   to keep a replica of every shard when a node or zone is lost, and three
#   dedicated master nodes to keep a cluster-manager quorum: without them a
#   node failure can leave the domain red or unable to elect a master (AWS
#   Config opensearch-data-node-fault-tolerance and
#   opensearch-primary-node-fault-tolerance).
# custom:
#   id: BW-MULTI-AZ-016
#   severity: medium
#   concern: multi-az
#   well_architected: [REL10-BP01, REL11-BP02]
#   resource_types: [AWS::OpenSearchService::Domain, AWS::Elasticsearch::Domain]
#   inputs: [template, account]
#   remediation: >-
#     Run at least three data nodes (InstanceCount) and set
#     DedicatedMasterEnabled: true with DedicatedMasterCount 3 in the
#     cluster configuration.
package bulwark.rules.multi_az.opensearch_node_quorum

import data.bulwark.lib

config_key := {
	"AWS::OpenSearchService::Domain": "ClusterConfig",
	"AWS::Elasticsearch::Domain": "ElasticsearchClusterConfig",
}

label := {
	"AWS::OpenSearchService::Domain": "OpenSearch domain",
	"AWS::Elasticsearch::Domain": "Elasticsearch domain",
}

domains := lib.resources(object.keys(config_key))

deny contains lib.finding(id, lib.at(r, path), msg) if {
	some id, r in domains
	path := ["Properties", config_key[r.Type], "InstanceCount"]
	n := lib.number(lib.get(r, path, 1))
	n < 3
	msg := sprintf("%s %s has %v data node%s: fewer than three cannot keep a replica of every shard through the loss of a node or zone", [label[r.Type], id, n, _plural(n)])
}

deny contains lib.finding(id, lib.at(r, path), msg) if {
	some id, r in domains
	path := ["Properties", config_key[r.Type], "DedicatedMasterEnabled"]
	v := lib.get(r, path, false)
	not lib.unknown(v)
	not lib.is_true(v)
	msg := sprintf("%s %s has no dedicated master nodes (DedicatedMasterEnabled is not true): cluster management runs on the data nodes, which a load spike or node loss can leave without a master", [label[r.Type], id])
}

deny contains lib.finding(id, lib.at(r, path), msg) if {
	some id, r in domains
	key := config_key[r.Type]
	lib.is_true(lib.get(r, ["Properties", key, "DedicatedMasterEnabled"], false))
	path := ["Properties", key, "DedicatedMasterCount"]
	n := lib.number(lib.get(r, path, 3))
	n < 3
	msg := sprintf("%s %s has %v dedicated master node%s: fewer than three lose their quorum with one node", [label[r.Type], id, n, _plural(n)])
}

_plural(1) := ""

_plural(n) := "s" if n != 1
