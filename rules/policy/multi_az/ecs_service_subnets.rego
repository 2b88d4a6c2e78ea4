# METADATA
# title: ECS service tasks in a single Availability Zone
# description: >-
#   An ECS service using awsvpc networking can only place tasks in the
#   subnets it lists. With one subnet, or subnets all in one Availability
#   Zone, every task is lost when that zone fails.
# custom:
#   id: BW-MULTI-AZ-003
#   severity: high
#   concern: multi-az
#   well_architected: [REL10-BP01]
#   resource_types: [AWS::ECS::Service]
#   inputs: [template, account]
#   remediation: >-
#     List subnets in at least two Availability Zones in
#     NetworkConfiguration.AwsvpcConfiguration.Subnets and run at least two
#     tasks so ECS spreads them across zones.
package bulwark.rules.multi_az.ecs_service_subnets

import data.bulwark.lib

path := ["Properties", "NetworkConfiguration", "AwsvpcConfiguration", "Subnets"]

deny contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::ECS::Service"])
	subnets := lib.list(object.get(r, path, null))
	why := lib.single_az_subnets(subnets)
	msg := sprintf("ECS service %s has %s in AwsvpcConfiguration.Subnets: all its tasks run in a single Availability Zone", [id, why])
}

# In --strict mode: what this rule could not verify: the subnets, or the
# NetworkConfiguration holding them, are unresolved.
unknowns contains lib.finding(id, lib.at(r, path), msg) if {
	some id, r in lib.resources(["AWS::ECS::Service"])
	v := lib.get(r, path, null)
	_subnets_unresolved(v)
	name := lib.at(r, path)[count(lib.at(r, path)) - 1]
	msg := sprintf("ECS service %s: %s is not resolved, so whether its tasks run in more than one Availability Zone is unknown", [id, name])
}

_subnets_unresolved(v) if lib.is_intrinsic(v)

_subnets_unresolved(v) if _subnets_unknown(lib.list(v))

# _subnets_unknown(subnets): deny stays silent on the list (it is not
# provably in one zone), nothing proves it spans two zones, and an entry is
# unresolved (a subnet parameter, an import, or a template subnet whose zone
# is a parameter or cannot be compared with the others' without the Region).
_subnets_unknown(subnets) if {
	not lib.single_az_subnets(subnets)
	not _spans_zones([lib.subnet_zone(s) | some s in subnets])
	some s in subnets
	lib.unknown(s)
}

# _spans_zones(zones) holds when two of the lib.zone/subnet_zone values are
# provably different Availability Zones: two different literal names, two
# Fn::GetAZs indexes of the same Region, or two zone ids.
_spans_zones(zones) if {
	some kind in {_zone_kind(z) | some z in zones}
	kind != "subnet"
	count({z | some z in zones; _zone_kind(z) == kind}) >= 2
}

_zone_kind(z) := "subnet" if {
	startswith(z, "subnet ")
} else := "zone id" if {
	startswith(z, "zone id ")
} else := k if {
	startswith(z, "Fn::GetAZs")
	k := split(z, " index ")[0]
} else := "name"
