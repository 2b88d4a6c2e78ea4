# METADATA
# title: Classic load balancer in a single Availability Zone
# description: >-
#   A Classic Load Balancer enabled in only one Availability Zone (one
#   AvailabilityZones entry or one subnet) stops serving when that zone fails.
# custom:
#   id: BW-MULTI-AZ-002
#   severity: high
#   concern: multi-az
#   well_architected: [REL10-BP01]
#   resource_types: [AWS::ElasticLoadBalancing::LoadBalancer]
#   inputs: [template, account]
#   remediation: >-
#     Enable the load balancer in at least two Availability Zones (two
#     AvailabilityZones entries, or subnets in two zones), or move to an
#     application or network load balancer spanning several zones.
package bulwark.rules.multi_az.classic_elb_zones

import data.bulwark.lib

load_balancers := lib.resources(["AWS::ElasticLoadBalancing::LoadBalancer"])

deny contains lib.finding(id, ["Properties", "AvailabilityZones"], msg) if {
	some id, r in load_balancers
	zones := lib.list(r.Properties.AvailabilityZones)
	why := lib.single_az_zones(zones)
	msg := sprintf("Classic load balancer %s has %s in AvailabilityZones: it runs in a single Availability Zone", [id, why])
}

deny contains lib.finding(id, ["Properties", "Subnets"], msg) if {
	some id, r in load_balancers
	subnets := lib.list(r.Properties.Subnets)
	why := lib.single_az_subnets(subnets)
	msg := sprintf("Classic load balancer %s has %s in Subnets: it runs in a single Availability Zone", [id, why])
}

# In --strict mode: what this rule could not verify (the same cases as
# deny, where the zones or subnets are unresolved).
unknowns contains lib.finding(id, ["Properties", "AvailabilityZones"], msg) if {
	some id, r in load_balancers
	_zones_unknown(r.Properties.AvailabilityZones)
	msg := sprintf("Classic load balancer %s: AvailabilityZones is not resolved, so whether it runs in more than one Availability Zone is unknown", [id])
}

unknowns contains lib.finding(id, ["Properties", "Subnets"], msg) if {
	some id, r in load_balancers
	_subnets_unresolved(r.Properties.Subnets)
	msg := sprintf("Classic load balancer %s: Subnets is not resolved, so whether it runs in more than one Availability Zone is unknown", [id])
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

# _zones_unknown(v): an AvailabilityZones value deny stays silent on whose
# answer depends on an unresolved value. Fn::GetAZs (every zone of a
# Region, at least two) is known to span zones.
_zones_unknown(v) if {
	lib.is_intrinsic(v)
	not v["Fn::GetAZs"]
}

_zones_unknown(v) if {
	zones := lib.list(v)
	not lib.single_az_zones(zones)
	not _spans_zones([z | some x in zones; z := lib.zone(x)])
	some x in zones
	lib.unknown(x)
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
