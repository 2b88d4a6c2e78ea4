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

deny contains lib.finding(id, ["Properties", "Subnets"], msg) if {
	some id, r in load_balancers
	subnets := lib.list(r.Properties.Subnets)
	why := lib.single_az_subnets(subnets)
	msg := sprintf("%s %s has %s in Subnets: it runs in a single Availability Zone%s", [kind(r), id, why, rejected(r)])
}

deny contains lib.finding(id, ["Properties", "SubnetMappings"], msg) if {
	some id, r in load_balancers
	mappings := lib.list(r.Properties.SubnetMappings)
	why := lib.single_az_subnets([mapped_subnet(m) | some m in mappings])
	msg := sprintf("%s %s has %s in SubnetMappings: it runs in a single Availability Zone%s", [kind(r), id, why, rejected(r)])
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
