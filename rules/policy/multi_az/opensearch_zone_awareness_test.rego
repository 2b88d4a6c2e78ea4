package bulwark.rules.multi_az.opensearch_zone_awareness_test

import data.bulwark.rules.multi_az.opensearch_zone_awareness
import data.bulwark.testing

domain(cfg) := {"Type": "AWS::OpenSearchService::Domain", "Properties": {"ClusterConfig": cfg}}

test_fails_single_node_default if {
	res := opensearch_zone_awareness.deny with input as testing.template({"Search": {"Type": "AWS::OpenSearchService::Domain", "Properties": {}}})
	some f in res
	f.path == ["Properties"]
	contains(f.message, "OpenSearch domain Search is a single-node domain")
}

test_fails_several_nodes_without_awareness if {
	res := opensearch_zone_awareness.deny with input as testing.template({"Search": domain({"InstanceCount": "4", "ZoneAwarenessEnabled": false})})
	some f in res
	f.path == ["Properties", "ClusterConfig", "ZoneAwarenessEnabled"]
	contains(f.message, "has 4 data nodes without zone awareness")
}

test_fails_legacy_elasticsearch if {
	res := opensearch_zone_awareness.deny with input as testing.template({"Es": {"Type": "AWS::Elasticsearch::Domain", "Properties": {"ElasticsearchClusterConfig": {"InstanceCount": 2}}}})
	some f in res
	f.path == ["Properties", "ElasticsearchClusterConfig"]
	contains(f.message, "Elasticsearch domain Es has 2 data nodes")
}

test_fails_node_count_not_multiple_of_zones if {
	res := opensearch_zone_awareness.deny with input as testing.template({"Search": domain({
		"InstanceCount": 4,
		"ZoneAwarenessEnabled": true,
		"ZoneAwarenessConfig": {"AvailabilityZoneCount": 3},
	})})
	count(res) == 1
	some f in res
	f.path == ["Properties", "ClusterConfig", "InstanceCount"]
	contains(f.message, "rejects this at deploy time")
}

test_passes_zone_aware if {
	count(opensearch_zone_awareness.deny) == 0 with input as testing.template({"Search": domain({"InstanceCount": 4, "ZoneAwarenessEnabled": "true"})})
}

test_passes_when_unknown if {
	count(opensearch_zone_awareness.deny) == 0 with input as testing.template({
		"A": domain({"InstanceCount": 4, "ZoneAwarenessEnabled": {"Ref": "Aware"}}),
		"B": {"Type": "AWS::OpenSearchService::Domain", "Properties": {"ClusterConfig": {"Fn::If": ["Prod", {"ZoneAwarenessEnabled": true}, {"Ref": "AWS::NoValue"}]}}},
	})
}
