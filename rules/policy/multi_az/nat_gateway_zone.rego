# METADATA
# title: Subnets in several zones behind one NAT gateway
# description: >-
#   A NAT gateway lives in one Availability Zone. When subnets of other
#   zones send their default route (0.0.0.0/0) to it, losing its zone cuts
#   the outbound connectivity of every zone: the zones are no longer
#   independent (Trusted Advisor "NAT Gateway AZ Independence").
# custom:
#   id: BW-MULTI-AZ-011
#   severity: high
#   concern: multi-az
#   well_architected: [REL10-BP01, REL02-BP01]
#   resource_types: [AWS::EC2::NatGateway]
#   inputs: [template, account]
#   remediation: >-
#     Create one NAT gateway in each Availability Zone and give each zone's
#     private subnets a route table whose 0.0.0.0/0 route goes to the NAT
#     gateway of the same zone.
package bulwark.rules.multi_az.nat_gateway_zone

import data.bulwark.lib

path := ["Properties", "SubnetId"]

# The zone of each NAT gateway that some subnet of the template routes to,
# when the template places it.
nat_zone := {nat: z |
	some nat, _ in lib.nat_clients
	v := object.get(input.resources[nat], path, null)
	z := lib.subnet_zone(v)
	lib.known_zone(z)
}

deny contains lib.finding_with(nat, path, msg, {"zone": z, "other_zones": others, "subnets": subnets}) if {
	some nat, clients in lib.nat_clients
	z := nat_zone[nat]
	others := sort({c | some [_, c] in clients; lib.zones_differ(c, z)})
	count(others) > 0
	subnets := sort({s | some [s, c] in clients; c in others})
	msg := sprintf("NAT gateway %s is in %s, but the default route of subnets in %s (%s) goes to it: losing %s cuts their outbound traffic too", [nat, z, concat(", ", others), concat(", ", subnets), z])
}
