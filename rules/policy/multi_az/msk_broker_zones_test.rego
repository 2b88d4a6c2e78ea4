package bulwark.rules.multi_az.msk_broker_zones_test

import data.bulwark.rules.multi_az.msk_broker_zones as rule
import data.bulwark.testing

tier(level, resources) := testing.template_input(resources, {"tier": {"level": level}})

msk(subnets, brokers) := {"Type": "AWS::MSK::Cluster", "Properties": {
	"ClusterName": "events",
	"KafkaVersion": "3.6.0",
	"NumberOfBrokerNodes": brokers,
	"BrokerNodeGroupInfo": {"InstanceType": "kafka.m7g.large", "ClientSubnets": subnets},
}}

subnet(az) := {"Type": "AWS::EC2::Subnet", "Properties": {"AvailabilityZone": az}}

zones := {
	"A": subnet({"Fn::Select": [0, {"Fn::GetAZs": ""}]}),
	"A2": subnet({"Fn::Select": ["0", {"Fn::GetAZs": {"Ref": "AWS::Region"}}]}),
	"B": subnet({"Fn::Select": [1, {"Fn::GetAZs": ""}]}),
	"C": subnet({"Fn::Select": [2, {"Fn::GetAZs": ""}]}),
}

test_fails_with_subnets_in_one_zone if {
	inp := testing.template(object.union(zones, {"Kafka": msk([{"Ref": "A"}, {"Ref": "A2"}], 2)}))
	rule.deny == {{
		"resource": "Kafka",
		"path": ["Properties", "BrokerNodeGroupInfo", "ClientSubnets"],
		"message": "MSK cluster Kafka has 2 subnets, all in the same Availability Zone (Fn::GetAZs index 0) in BrokerNodeGroupInfo.ClientSubnets: all its brokers run in a single Availability Zone",
	}} with input as inp
}

test_fails_with_one_subnet_and_uneven_brokers if {
	inp := testing.template({"Kafka": msk(["subnet-1", "subnet-2"], 3), "Solo": msk(["subnet-1"], 1)})
	found := {[f.resource, f.path[count(f.path) - 1]] | some f in rule.deny} with input as inp
	found == {["Solo", "ClientSubnets"], ["Kafka", "NumberOfBrokerNodes"]}
}

test_fails_two_zones_in_tier_2 if {
	inp := tier(2, object.union(zones, {"Kafka": msk([{"Ref": "A"}, {"Ref": "B"}], 4)}))
	rule.deny == {{
		"resource": "Kafka",
		"path": ["Properties", "BrokerNodeGroupInfo", "ClientSubnets"],
		"message": "MSK cluster Kafka has its brokers in at most 2 Availability Zones in a tier 2 workload: losing one zone can leave partitions without their in-sync replica quorum; use three zones",
	}} with input as inp
}

test_fails_two_zones_of_three_subnets_in_tier_1 if {
	inp := tier(1, object.union(zones, {"Kafka": msk([{"Ref": "A"}, {"Ref": "A2"}, {"Ref": "B"}], 3)}))
	some f in rule.deny with input as inp
	contains(f.message, "at most 2 Availability Zones in a tier 1 workload")
}

test_passes_two_zones_in_tier_3_and_untiered if {
	res := object.union(zones, {"Kafka": msk([{"Ref": "A"}, {"Ref": "B"}], 4)})
	count(rule.deny) == 0 with input as tier(3, res)
	count(rule.unknowns) == 0 with input as tier(3, res)
	count(rule.deny) == 0 with input as testing.template(res)
}

test_passes_three_zones_in_tier_1 if {
	inp := tier(1, object.union(zones, {"Kafka": msk([{"Ref": "A"}, {"Ref": "B"}, {"Ref": "C"}], "6")}))
	count(rule.deny) == 0 with input as inp
	count(rule.unknowns) == 0 with input as inp
}

test_passes_three_subnets_outside_the_template_in_tier_1 if {
	# MSK requires distinct zones, so three subnets are three zones.
	inp := tier(1, {"Kafka": msk(["subnet-1", "subnet-2", "subnet-3"], 3)})
	count(rule.deny) == 0 with input as inp
	count(rule.unknowns) == 0 with input as inp
}

test_unknown_when_subnets_are_a_parameter if {
	inp := tier(1, {"Kafka": msk({"Ref": "Subnets"}, 3)})
	count(rule.deny) == 0 with input as inp
	rule.unknowns == {{
		"resource": "Kafka",
		"path": ["Properties", "BrokerNodeGroupInfo", "ClientSubnets"],
		"message": "MSK cluster Kafka: ClientSubnets is not resolved, so whether its brokers run in more than one Availability Zone is unknown",
	}} with input as inp
}

test_unknown_when_a_third_subnet_is_conditional_in_tier_1 if {
	entry := {"Fn::If": ["ThreeZones", {"Ref": "C"}]}
	inp := tier(1, object.union(zones, {"Kafka": msk([{"Ref": "A"}, {"Ref": "B"}, entry], 3)}))
	count(rule.deny) == 0 with input as inp
	some f in rule.unknowns with input as inp
	contains(f.message, "whether its brokers run in three Availability Zones is unknown")
}

test_unknown_when_broker_count_is_a_parameter if {
	inp := testing.template(object.union(zones, {"Kafka": msk([{"Ref": "A"}, {"Ref": "B"}], {"Ref": "Brokers"})}))
	count(rule.deny) == 0 with input as inp
	some f in rule.unknowns with input as inp
	f.path == ["Properties", "NumberOfBrokerNodes"]
}
