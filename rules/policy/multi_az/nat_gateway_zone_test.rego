package bulwark.rules.multi_az.nat_gateway_zone_test

import data.bulwark.rules.multi_az.nat_gateway_zone
import data.bulwark.testing

subnet(az) := {"Type": "AWS::EC2::Subnet", "Properties": {"AvailabilityZone": az}}

nat(s) := {"Type": "AWS::EC2::NatGateway", "Properties": {"SubnetId": s}}

table := {"Type": "AWS::EC2::RouteTable", "Properties": {}}

route(rt, n) := {"Type": "AWS::EC2::Route", "Properties": {"RouteTableId": {"Ref": rt}, "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": {"Ref": n}}}

assoc(s, rt) := {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"SubnetId": {"Ref": s}, "RouteTableId": {"Ref": rt}}}

# Public subnet A hosts the NAT; private subnets PA (zone a) and PB (zone b)
# share route table RT whose default route goes to it.
one_nat := {
	"PubA": subnet("eu-west-1a"),
	"PA": subnet("eu-west-1a"),
	"PB": subnet("eu-west-1b"),
	"Nat": nat({"Ref": "PubA"}),
	"RT": table,
	"Default": route("RT", "Nat"),
	"AssocA": assoc("PA", "RT"),
	"AssocB": assoc("PB", "RT"),
}

test_fails_when_two_zones_share_one_nat if {
	res := nat_gateway_zone.deny with input as testing.template(one_nat)
	count(res) == 1
	some f in res
	f.resource == "Nat"
	f.path == ["Properties", "SubnetId"]
	f.message == "NAT gateway Nat is in eu-west-1a, but the default route of subnets in eu-west-1b (PB) goes to it: losing eu-west-1a cuts their outbound traffic too"
}

test_fails_with_separate_tables_to_one_nat if {
	inp := testing.template(object.union(one_nat, {
		"RTB": table,
		"DefaultB": route("RTB", "Nat"),
		"AssocB": assoc("PB", "RTB"),
	}))
	count(nat_gateway_zone.deny) == 1 with input as inp
}

test_passes_with_one_nat_per_zone if {
	inp := testing.template(object.union(one_nat, {
		"PubB": subnet("eu-west-1b"),
		"NatB": nat({"Ref": "PubB"}),
		"RTB": table,
		"DefaultB": route("RTB", "NatB"),
		"AssocB": assoc("PB", "RTB"),
	}))
	count(nat_gateway_zone.deny) == 0 with input as inp
	count(nat_gateway_zone.unknowns) == 0 with input as inp
}

test_passes_when_route_is_not_default if {
	r := {"Type": "AWS::EC2::Route", "Properties": {"RouteTableId": {"Ref": "RT"}, "DestinationCidrBlock": "10.1.0.0/16", "NatGatewayId": {"Ref": "Nat"}}}
	inp := testing.template(object.union(one_nat, {"Default": r}))
	count(nat_gateway_zone.deny) == 0 with input as inp
}

test_unknown_when_nat_subnet_is_a_parameter if {
	inp := testing.template(object.union(one_nat, {"Nat": nat({"Ref": "PublicSubnet"})}))
	count(nat_gateway_zone.deny) == 0 with input as inp
	nat_gateway_zone.unknowns == {{
		"resource": "Nat",
		"path": ["Properties", "SubnetId"],
		"message": "NAT gateway Nat: the Availability Zone of its SubnetId is not resolved, so whether subnets of other Availability Zones depend on it is unknown",
	}} with input as inp
}

test_unknown_when_client_zone_is_a_parameter if {
	inp := testing.template(object.union(one_nat, {"PB": subnet({"Ref": "ZoneB"})}))
	count(nat_gateway_zone.deny) == 0 with input as inp
	some f in nat_gateway_zone.unknowns with input as inp
	contains(f.message, "subnet PB is not resolved")
}

test_regional_nat_is_neither_finding_nor_unknown if {
	regional := {"Type": "AWS::EC2::NatGateway", "Properties": {"AvailabilityMode": "regional", "VpcId": "vpc-1"}}
	inp := testing.template(object.union(object.remove(one_nat, ["Nat"]), {"Nat": regional}))
	count(nat_gateway_zone.deny) == 0 with input as inp
	count(nat_gateway_zone.unknowns) == 0 with input as inp
}
