package bulwark.rules.multi_az.elbv2_subnets_test

import data.bulwark.rules.multi_az.elbv2_subnets
import data.bulwark.testing

subnet(az) := {"Type": "AWS::EC2::Subnet", "Properties": {"AvailabilityZone": az}}

azs(i) := {"Fn::Select": [i, {"Fn::GetAZs": ""}]}

lb(props) := {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": props}

test_fails_with_one_subnet if {
	res := elbv2_subnets.deny with input as testing.template({"Alb": lb({"Subnets": [{"Ref": "A"}]})})
	count(res) == 1
	some f in res
	f.resource == "Alb"
	f.path == ["Properties", "Subnets"]
	contains(f.message, "Application load balancer Alb has only 1 subnet")
	contains(f.message, "rejects this at deploy time")
}

test_fails_network_lb_one_mapping_without_rejection_note if {
	res := elbv2_subnets.deny with input as testing.template({"Nlb": lb({"Type": "network", "SubnetMappings": [{"SubnetId": "subnet-1"}]})})
	some f in res
	f.path == ["Properties", "SubnetMappings"]
	contains(f.message, "Network load balancer Nlb")
	not contains(f.message, "rejects")
}

test_fails_when_subnets_share_getazs_index if {
	res := elbv2_subnets.deny with input as testing.template({
		"Alb": lb({"Subnets": [{"Ref": "A"}, {"Ref": "B"}]}),
		"A": subnet(azs(0)),
		"B": subnet(azs("0")),
	})
	some f in res
	contains(f.message, "same Availability Zone (Fn::GetAZs index 0)")
}

test_fails_when_subnets_share_literal_az if {
	res := elbv2_subnets.deny with input as testing.template({
		"Alb": lb({"Subnets": [{"Ref": "A"}, {"Ref": "B"}]}),
		"A": subnet("eu-west-1a"),
		"B": subnet("EU-WEST-1A"),
	})
	count(res) == 1
}

test_passes_with_two_azs if {
	count(elbv2_subnets.deny) == 0 with input as testing.template({
		"Alb": lb({"Subnets": [{"Ref": "A"}, {"Ref": "B"}]}),
		"A": subnet(azs(0)),
		"B": subnet(azs(1)),
	})
}

test_passes_with_two_parameter_subnets if {
	count(elbv2_subnets.deny) == 0 with input as testing.template({"Alb": lb({"Subnets": [{"Ref": "SubnetOne"}, {"Ref": "SubnetTwo"}]})})
}

test_passes_when_azs_cannot_be_compared if {
	count(elbv2_subnets.deny) == 0 with input as testing.template({
		"Alb": lb({"Subnets": [{"Ref": "A"}, {"Ref": "B"}]}),
		"A": subnet(azs(0)),
		"B": subnet({"Ref": "AzParam"}),
	})
}

test_passes_when_subnet_list_unknown if {
	count(elbv2_subnets.deny) == 0 with input as testing.template({"Alb": lb({"Subnets": {"Ref": "SubnetIds"}})})
}

test_fails_with_unknown_type_without_rejection_note if {
	res := elbv2_subnets.deny with input as testing.template({"Lb": lb({"Type": {"Ref": "LbType"}, "Subnets": ["subnet-1"]})})
	some f in res
	startswith(f.message, "Load balancer Lb has only 1 subnet")
	not contains(f.message, "rejects")
}

test_unknown_when_subnet_list_unresolved if {
	inp := testing.template({"Alb": lb({"Subnets": {"Ref": "SubnetIds"}})})
	count(elbv2_subnets.deny) == 0 with input as inp
	elbv2_subnets.unknowns == {{
		"resource": "Alb",
		"path": ["Properties", "Subnets"],
		"message": "Application load balancer Alb: Subnets is not resolved, so whether it runs in more than one Availability Zone is unknown",
	}} with input as inp
}

test_unknown_with_two_parameter_subnets if {
	inp := testing.template({"Alb": lb({"Subnets": [{"Ref": "SubnetOne"}, {"Ref": "SubnetTwo"}]})})
	count(elbv2_subnets.deny) == 0 with input as inp
	count(elbv2_subnets.unknowns) == 1 with input as inp
}

test_unknown_when_a_template_subnet_zone_is_unresolved if {
	inp := testing.template({
		"Alb": lb({"Subnets": [{"Ref": "A"}, {"Ref": "B"}]}),
		"A": subnet(azs(0)),
		"B": subnet({"Ref": "AzParam"}),
	})
	count(elbv2_subnets.deny) == 0 with input as inp
	count(elbv2_subnets.unknowns) == 1 with input as inp
}

test_unknown_when_subnet_mappings_unresolved if {
	inp := testing.template({"Nlb": lb({"Type": "network", "SubnetMappings": [{"SubnetId": {"Ref": "S1"}}, {"SubnetId": {"Fn::ImportValue": "s2"}}]})})
	count(elbv2_subnets.deny) == 0 with input as inp
	res := elbv2_subnets.unknowns with input as inp
	count(res) == 1
	some f in res
	f.path == ["Properties", "SubnetMappings"]
}

test_no_unknown_when_known if {
	# Provably two zones, one of them reached through a parameter subnet.
	count(elbv2_subnets.unknowns) == 0 with input as testing.template({
		"Alb": lb({"Subnets": [{"Ref": "A"}, {"Ref": "B"}, {"Ref": "Extra"}]}),
		"A": subnet(azs(0)),
		"B": subnet(azs(1)),
	})

	# Denied (one parameter subnet): reported by deny only.
	count(elbv2_subnets.unknowns) == 0 with input as testing.template({"Alb": lb({"Subnets": [{"Ref": "A"}]})})

	# Literal ids: resolved values, the zone is the account's to tell.
	count(elbv2_subnets.unknowns) == 0 with input as testing.template({"Alb": lb({"Subnets": ["subnet-1", "subnet-2"]})})
}
