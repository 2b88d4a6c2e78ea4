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

# In --strict mode: what this rule could not verify.
unknowns contains lib.finding(id, ["Properties", "HealthCheckEnabled"], msg) if {
	some id, r in lib.resources(["AWS::ElasticLoadBalancingV2::TargetGroup"])
	lib.unknown(r.Properties.HealthCheckEnabled)
	not _lambda(r)
	msg := sprintf("Target group %s: HealthCheckEnabled is not resolved, so whether the load balancer health-checks its targets is unknown", [id])
}

unknowns contains lib.finding(id, ["Properties", "TargetType"], msg) if {
	some id, r in lib.resources(["AWS::ElasticLoadBalancingV2::TargetGroup"])
	lib.is_false(r.Properties.HealthCheckEnabled)
	lib.unknown(r.Properties.TargetType)
	msg := sprintf("Target group %s: TargetType is not resolved, so whether disabling health checks (HealthCheckEnabled false) leaves failed targets in service is unknown", [id])
}

_lambda(r) if {
	t := r.Properties.TargetType
	is_string(t)
	lower(t) == "lambda"
}
