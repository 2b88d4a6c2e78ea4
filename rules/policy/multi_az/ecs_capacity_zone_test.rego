package bulwark.rules.multi_az.ecs_capacity_zone_test

import data.bulwark.rules.multi_az.ecs_capacity_zone as rule
import data.bulwark.testing

subnet(az) := {"Type": "AWS::EC2::Subnet", "Properties": {"AvailabilityZone": az}}

group(subnets) := {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {"MinSize": "2", "MaxSize": "4", "VPCZoneIdentifier": subnets}}

provider(g) := {"Type": "AWS::ECS::CapacityProvider", "Properties": {"AutoScalingGroupProvider": {"AutoScalingGroupArn": {"Ref": g}}}}

service(providers) := {"Type": "AWS::ECS::Service", "Properties": {
	"Cluster": {"Ref": "Cluster"},
	"DesiredCount": 2,
	"CapacityProviderStrategy": [{"CapacityProvider": p, "Weight": 1} | some p in providers],
}}

network := {
	"A": subnet("eu-west-1a"),
	"A2": subnet("eu-west-1a"),
	"B": subnet("eu-west-1b"),
	"GroupA": group([{"Ref": "A"}, {"Ref": "A2"}]),
	"GroupB": group([{"Ref": "B"}]),
	"GroupAB": group([{"Ref": "A"}, {"Ref": "B"}]),
	"CpA": provider("GroupA"),
	"CpB": provider("GroupB"),
	"CpAB": provider("GroupAB"),
}

with_network(extra) := testing.template(object.union(network, extra))

test_fails_service_on_one_zone_provider if {
	inp := with_network({"Svc": service([{"Ref": "CpA"}])})
	rule.deny == {{
		"resource": "Svc",
		"path": ["Properties", "CapacityProviderStrategy"],
		"message": "ECS service Svc places its tasks only through capacity provider CpA, whose Auto Scaling group runs in one Availability Zone (eu-west-1a): all its tasks are lost when that zone fails",
	}} with input as inp
}

test_fails_cluster_whose_providers_share_one_zone if {
	named := object.union(provider("GroupA"), {"Properties": {"Name": "spot-a"}})
	inp := with_network({
		"Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"CapacityProviders": [{"Ref": "CpA"}]}},
		"CpSpot": named,
		"Assoc": {"Type": "AWS::ECS::ClusterCapacityProviderAssociations", "Properties": {
			"Cluster": {"Ref": "Cluster"},
			"CapacityProviders": ["spot-a"],
			"DefaultCapacityProviderStrategy": [{"CapacityProvider": "spot-a", "Weight": 1}],
		}},
	})
	rule.deny == {{
		"resource": "Cluster",
		"path": ["Properties", "CapacityProviders"],
		"message": "ECS cluster Cluster has only capacity providers CpA, CpSpot, whose Auto Scaling groups run in one Availability Zone (eu-west-1a): every task on its EC2 capacity is lost when that zone fails",
	}} with input as inp
}

test_fails_cluster_through_association_only if {
	inp := with_network({
		"Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {}},
		"Assoc": {"Type": "AWS::ECS::ClusterCapacityProviderAssociations", "Properties": {"Cluster": {"Ref": "Cluster"}, "CapacityProviders": [{"Ref": "CpB"}], "DefaultCapacityProviderStrategy": []}},
	})
	some f in rule.deny with input as inp
	f.resource == "Cluster"
	f.path == []
}

test_passes_providers_with_one_group_per_zone_or_fargate if {
	inp := with_network({
		"PerZone": service([{"Ref": "CpA"}, {"Ref": "CpB"}]),
		"Spread": service([{"Ref": "CpAB"}]),
		"Mixed": service([{"Ref": "CpA"}, "FARGATE"]),
		"Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"CapacityProviders": [{"Ref": "CpA"}, {"Ref": "CpB"}]}},
		"Plain": {"Type": "AWS::ECS::Service", "Properties": {"LaunchType": "FARGATE"}},
	})
	count(rule.deny) == 0 with input as inp
	count(rule.unknowns) == 0 with input as inp
}

test_unknown_when_group_subnets_are_a_parameter if {
	inp := with_network({
		"GroupP": group({"Ref": "Subnets"}),
		"CpP": provider("GroupP"),
		"Svc": service([{"Ref": "CpP"}]),
	})
	count(rule.deny) == 0 with input as inp
	rule.unknowns == {{
		"resource": "Svc",
		"path": ["Properties", "CapacityProviderStrategy"],
		"message": "ECS service Svc: the Availability Zones of its capacity providers' Auto Scaling groups are not resolved, so whether its tasks run in more than one zone is unknown",
	}} with input as inp
}

test_unknown_when_provider_is_outside_the_template if {
	inp := with_network({"Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"CapacityProviders": [{"Fn::ImportValue": "shared-cp"}]}}})
	count(rule.deny) == 0 with input as inp
	some f in rule.unknowns with input as inp
	f.resource == "Cluster"
}

test_unknown_when_strategy_is_conditional if {
	inp := with_network({"Svc": {"Type": "AWS::ECS::Service", "Properties": {"CapacityProviderStrategy": {"Fn::If": ["Ec2", [{"CapacityProvider": {"Ref": "CpA"}}], {"Ref": "AWS::NoValue"}]}}}})
	count(rule.deny) == 0 with input as inp
	count(rule.unknowns) == 1 with input as inp
}
