# What the rule in nat_gateway_zone.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.nat_gateway_zone

import data.bulwark.lib

# In --strict mode: a NAT gateway serving subnets of the template whose own
# zone, or the zone of one of those subnets, is not known (a subnet
# parameter, an import, a zone given as a parameter), and that deny did not
# report.
unknowns contains lib.finding(nat, at, msg) if {
	some nat, clients in lib.nat_clients
	not _reported[nat]
	some what in _unplaced(nat, clients)
	at := lib.at(input.resources[nat], path)
	msg := sprintf("NAT gateway %s: %s, so whether subnets of other Availability Zones depend on it is unknown", [nat, what])
}

_reported := {f.resource | some f in deny}

_unplaced(nat, _) := {"the Availability Zone of its SubnetId is not resolved"} if {
	not nat_zone[nat]
	not _regional(nat)
}

# A regional NAT gateway (AvailabilityMode: regional) has no subnet: it
# serves every zone of its VPC, so no zone depends on another through it.
_regional(nat) if input.resources[nat].Properties.AvailabilityMode == "regional"

_unplaced(nat, clients) := {sprintf("the Availability Zone of subnet %s is not resolved", [concat(", ", unplaced)])} if {
	nat_zone[nat]
	unplaced := sort({s | some [s, c] in clients; not lib.known_zone(c)})
	count(unplaced) > 0
}
