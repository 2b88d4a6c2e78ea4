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

test_unknown_when_awareness_unresolved if {
	inp := testing.template({
		"A": domain({"InstanceCount": 4, "ZoneAwarenessEnabled": {"Ref": "Aware"}}),
		"B": {"Type": "AWS::OpenSearchService::Domain", "Properties": {"ClusterConfig": {"Fn::If": ["Prod", {"ZoneAwarenessEnabled": true}, {"Ref": "AWS::NoValue"}]}}},
	})
	count(opensearch_zone_awareness.deny) == 0 with input as inp
	opensearch_zone_awareness.unknowns == {
		{
			"resource": "A",
			"path": ["Properties", "ClusterConfig", "ZoneAwarenessEnabled"],
			"message": "OpenSearch domain A: ZoneAwarenessEnabled is not resolved, so whether zone awareness is on is unknown",
		},
		{
			"resource": "B",
			"path": ["Properties", "ClusterConfig"],
			"message": "OpenSearch domain B: ClusterConfig is not resolved, so whether zone awareness is on is unknown",
		},
	} with input as inp
}

test_unknown_when_node_count_unresolved if {
	inp := testing.template({"Search": domain({"InstanceCount": {"Ref": "Nodes"}, "ZoneAwarenessEnabled": true})})
	count(opensearch_zone_awareness.deny) == 0 with input as inp
	res := opensearch_zone_awareness.unknowns with input as inp
	count(res) == 1
	some f in res
	f.path == ["Properties", "ClusterConfig", "InstanceCount"]
}

test_unknown_when_zone_count_unresolved if {
	inp := testing.template({"Search": domain({"InstanceCount": 4, "ZoneAwarenessEnabled": true, "ZoneAwarenessConfig": {"AvailabilityZoneCount": {"Ref": "Zones"}}})})
	count(opensearch_zone_awareness.deny) == 0 with input as inp
	count(opensearch_zone_awareness.unknowns) == 1 with input as inp
}

test_no_unknown_when_known if {
	count(opensearch_zone_awareness.unknowns) == 0 with input as testing.template({"Search": domain({"InstanceCount": 4, "ZoneAwarenessEnabled": "true"})})
	count(opensearch_zone_awareness.unknowns) == 0 with input as testing.template({"Search": domain({"InstanceCount": 4, "ZoneAwarenessEnabled": false})})

	# 6 nodes fit 2 or 3 zones.
	count(opensearch_zone_awareness.unknowns) == 0 with input as testing.template({"Search": domain({"InstanceCount": 6, "ZoneAwarenessEnabled": true, "ZoneAwarenessConfig": {"AvailabilityZoneCount": {"Ref": "Zones"}}})})
}
