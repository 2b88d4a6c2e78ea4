package bulwark.rules.multi_az.opensearch_node_quorum_test

import data.bulwark.rules.multi_az.opensearch_node_quorum
import data.bulwark.testing

domain(config) := {"Type": "AWS::OpenSearchService::Domain", "Properties": {"ClusterConfig": config}}

test_fails_default_single_node if {
	res := opensearch_node_quorum.deny with input as testing.template({"Search": {"Type": "AWS::OpenSearchService::Domain", "Properties": {}}})
	res == {
		{
			"resource": "Search",
			"path": ["Properties"],
			"message": "OpenSearch domain Search has 1 data node: fewer than three cannot keep a replica of every shard through the loss of a node or zone",
		},
		{
			"resource": "Search",
			"path": ["Properties"],
			"message": "OpenSearch domain Search has no dedicated master nodes (DedicatedMasterEnabled is not true): cluster management runs on the data nodes, which a load spike or node loss can leave without a master",
		},
	}
}

test_fails_two_masters if {
	inp := testing.template({"Es": {"Type": "AWS::Elasticsearch::Domain", "Properties": {"ElasticsearchClusterConfig": {"InstanceCount": 3, "DedicatedMasterEnabled": true, "DedicatedMasterCount": 2}}}})
	some f in opensearch_node_quorum.deny with input as inp
	f.path == ["Properties", "ElasticsearchClusterConfig", "DedicatedMasterCount"]
	contains(f.message, "Elasticsearch domain Es has 2 dedicated master nodes")
}

test_passes_three_and_three if {
	inp := testing.template({"Search": domain({"InstanceCount": "6", "DedicatedMasterEnabled": "true"})})
	count(opensearch_node_quorum.deny) == 0 with input as inp
	count(opensearch_node_quorum.unknowns) == 0 with input as inp
}

test_unknown_when_counts_are_parameters if {
	inp := testing.template({"Search": domain({"InstanceCount": {"Ref": "Nodes"}, "DedicatedMasterEnabled": {"Fn::If": ["Prod", true, false]}})})
	count(opensearch_node_quorum.deny) == 0 with input as inp
	count(opensearch_node_quorum.unknowns) == 2 with input as inp
}
