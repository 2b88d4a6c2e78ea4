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
