# Helpers about VPC networking and Availability Zones that deny rules use:
# comparing zones and following a subnet's default route.
package bulwark.lib

# zones_differ(a, b) holds when a and b, values of zone() or subnet_zone(),
# are provably different Availability Zones: two different literal names,
# two Fn::GetAZs indexes of the same Region, or two zone ids. A value that
# only names a subnet ("subnet S") proves nothing, nor do two values of
# different kinds (a name and an index may be the same zone).
zones_differ(a, b) if {
	a != b
	ka := _comparable_kind(a)
	ka == _comparable_kind(b)
}

_comparable_kind(z) := "zone id" if {
	is_string(z)
	startswith(z, "zone id ")
} else := k if {
	is_string(z)
	startswith(z, "Fn::GetAZs")
	k := split(z, " index ")[0]
} else := "name" if {
	is_string(z)
	not startswith(z, "subnet ")
}

# known_zone(z) holds when z, a value of subnet_zone(), designates a zone
# (not only a subnet).
known_zone(z) if _comparable_kind(z)

# default_route_nat is {route table id: {NAT gateway id, ...}}: the NAT
# gateways of the template that AWS::EC2::Route resources send a route
# table's default IPv4 route (0.0.0.0/0) to. A complete object built from
# the partial rule read whole, so that looking a table up is one step.
default_route_nat := {rt: nats | some rt, nats in _default_route_nat}

_default_route_nat[rt] contains nat if {
	some r in resources(["AWS::EC2::Route"])
	r.Properties.DestinationCidrBlock == "0.0.0.0/0"
	rt := designated(r.Properties.RouteTableId)
	nat := designated(r.Properties.NatGatewayId)
	input.resources[nat].Type == "AWS::EC2::NatGateway"
}

# subnet_route_tables is [[subnet id, route table id], ...]: each
# AWS::EC2::SubnetRouteTableAssociation of the template whose subnet and
# route table are both resources of the template.
subnet_route_tables contains [s, rt] if {
	some a in resources(["AWS::EC2::SubnetRouteTableAssociation"])
	s := designated(a.Properties.SubnetId)
	input.resources[s].Type == "AWS::EC2::Subnet"
	rt := designated(a.Properties.RouteTableId)
	input.resources[rt].Type == "AWS::EC2::RouteTable"
}

# nat_clients is {NAT gateway id: {[subnet id, subnet zone], ...}}: the
# subnets of the template whose default route goes to each NAT gateway.
nat_clients := {nat: clients | some nat, clients in _nat_clients}

_nat_clients[nat] contains [s, subnet_zone({"Ref": s})] if {
	some [s, rt] in subnet_route_tables
	some nat in object.get(default_route_nat, rt, set())
}
