# METADATA
# title: Classic load balancer without cross-zone load balancing
# description: >-
#   Without cross-zone load balancing each Classic Load Balancer node sends
#   traffic only to the instances of its own Availability Zone: when a zone
#   loses instances, its node keeps sending it a full share of requests.
#   CloudFormation creates the load balancer through the API, where
#   cross-zone load balancing is off unless CrossZone is true (AWS Config
#   elb-cross-zone-load-balancing-enabled; Trusted Advisor "ELB Cross-Zone
#   Load Balancing").
# custom:
#   id: BW-MULTI-AZ-014
#   severity: medium
#   concern: multi-az
#   well_architected: [REL10-BP01, REL11-BP05]
#   resource_types: [AWS::ElasticLoadBalancing::LoadBalancer]
#   inputs: [template, account]
#   remediation: >-
#     Set CrossZone: true on the load balancer (or move to an Application or
#     Network Load Balancer).
package bulwark.rules.multi_az.classic_elb_cross_zone

import data.bulwark.lib

path := ["Properties", "CrossZone"]

deny contains lib.finding(id, lib.at(r, path), msg) if {
	some id, r in lib.resources(["AWS::ElasticLoadBalancing::LoadBalancer"])
	v := object.get(r, path, null)
	not lib.unknown(v)
	not lib.is_true(v)
	msg := sprintf("Classic load balancer %s %s: each node sends requests only to the instances of its own Availability Zone", [id, why(v)])
}

why(null) := "does not set CrossZone, so cross-zone load balancing is off"

why(v) := sprintf("sets CrossZone to %v", [v]) if v != null
