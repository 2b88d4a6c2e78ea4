# METADATA
# title: Target group with health checks disabled
# description: >-
#   With HealthCheckEnabled false the load balancer considers every
#   registered target healthy and keeps sending requests to failed ones.
#   (Lambda target groups have health checks off by default and are not
#   checked.)
# custom:
#   id: BW-HEALTH-CHECK-004
#   severity: high
#   concern: health-check
#   well_architected: [REL11-BP01, REL11-BP02]
#   resource_types: [AWS::ElasticLoadBalancingV2::TargetGroup]
#   inputs: [template, account]
#   remediation: >-
#     Remove HealthCheckEnabled: false (or set it to true) and configure
#     HealthCheckPath / HealthCheckProtocol for an endpoint that reflects
#     the target's health.
package bulwark.rules.health_check.target_group_disabled

import data.bulwark.lib

deny contains lib.finding(id, ["Properties", "HealthCheckEnabled"], msg) if {
	some id, r in lib.resources(["AWS::ElasticLoadBalancingV2::TargetGroup"])
	lib.is_false(r.Properties.HealthCheckEnabled)
	target_type := object.get(r, ["Properties", "TargetType"], "instance")
	is_string(target_type)
	lower(target_type) != "lambda"
	msg := sprintf("Target group %s (TargetType %s) has HealthCheckEnabled false: the load balancer keeps routing requests to failed targets", [id, target_type])
}
