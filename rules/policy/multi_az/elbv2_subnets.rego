# METADATA
# title: Load balancer in a single Availability Zone
# description: >-
#   An Elastic Load Balancing v2 load balancer (application, network or
#   gateway) whose subnets are all in one Availability Zone stops serving
#   when that zone fails. An application load balancer must span at least
#   two zones.
# custom:
#   id: BW-MULTI-AZ-001
#   severity: high
#   concern: multi-az
#   well_architected: [REL10-BP01]
#   resource_types: [AWS::ElasticLoadBalancingV2::LoadBalancer]
#   inputs: [template, account]
#   remediation: >-
#     Give the load balancer one subnet in each of at least two Availability
#     Zones (Subnets or SubnetMappings), e.g. subnets whose AvailabilityZone
#     is Fn::Select 0 and 1 of Fn::GetAZs.
package bulwark.rules.multi_az.elbv2_subnets

import data.bulwark.lib

load_balancers := lib.resources(["AWS::ElasticLoadBalancingV2::LoadBalancer"])

deny := lib.denied(verdicts)

unknowns := lib.unverified(verdicts)

# Subnets and SubnetMappings are checked alike (a load balancer sets one):
# unknown when the list is unresolved as a whole, or when it is neither
# provably in one zone nor provably across two and has an entry whose zone
# is unresolved (a subnet parameter, an import, a template subnet whose
# AvailabilityZone is a parameter).
verdicts contains placement(id, r, prop, v) if {
	some id, r in load_balancers
	some prop in ["Subnets", "SubnetMappings"]
	v := r.Properties[prop]
}

placement(id, r, prop, v) := lib.unresolved(id, ["Properties", prop], _subject(id, r), _fact) if {
	lib.is_intrinsic(v)
} else := lib.fail(id, ["Properties", prop], msg) if {
	why := lib.single_az_subnets(subnets(prop, v))
	msg := sprintf("%s %s has %s in %s: it runs in a single Availability Zone%s", [kind(r), id, why, prop, rejected(r)])
} else := lib.unresolved(id, ["Properties", prop], _subject(id, r), _fact) if {
	lib.subnets_unknown(subnets(prop, v))
} else := lib.pass(id)

_subject(id, r) := sprintf("%s %s", [kind(r), id])

_fact := "it runs in more than one Availability Zone"

# The subnets a Subnets or SubnetMappings list names; undefined when the
# property is not a list.
subnets("Subnets", v) := lib.list(v)

subnets("SubnetMappings", v) := [mapped_subnet(m) | some m in mappings] if {
	mappings := lib.list(v)
}

mapped_subnet(m) := s if {
	s := m.SubnetId
} else := m

# Type defaults to application.
lb_type(r) := lower(t) if {
	t := object.get(r, ["Properties", "Type"], "application")
	is_string(t)
}

kinds := {"application": "Application", "network": "Network", "gateway": "Gateway"}

kind(r) := sprintf("%s load balancer", [kinds[lb_type(r)]])

kind(r) := "Load balancer" if not known_type(r)

known_type(r) if kinds[lb_type(r)]

is_application(r) if lb_type(r) == "application"

rejected(r) := "; CloudFormation/AWS rejects this at deploy time (an application load balancer needs subnets in at least two Availability Zones)" if {
	is_application(r)
}

rejected(r) := "" if not is_application(r)
