# METADATA
# title: Route 53 health check too slow for the recovery time objective
# description: >-
#   A Route 53 health check declares an endpoint unhealthy only after
#   FailureThreshold failed checks RequestInterval seconds apart (3 x 30 s
#   by default). When that detection time alone takes the whole of the
#   workload tier's RTO or more, failover cannot complete within the RTO.
# custom:
#   id: BW-HEALTH-CHECK-003
#   severity: medium
#   concern: health-check
#   well_architected: [REL11-BP01, REL13-BP01]
#   resource_types: [AWS::Route53::HealthCheck]
#   inputs: [template, account]
#   remediation: >-
#     Use RequestInterval 10 (fast health checks) and a lower
#     FailureThreshold so that interval x threshold stays well below the
#     RTO, or revisit the tier's RTO.
package bulwark.rules.health_check.detection_exceeds_rto

import data.bulwark.lib

config := ["Properties", "HealthCheckConfig"]

# Types that do not probe an endpoint on an interval.
unprobed := {"CALCULATED", "CLOUDWATCH_METRIC", "RECOVERY_CONTROL"}

deny contains lib.finding_with(id, path(r), msg, {"detection_seconds": detection}) if {
	rto := lib.number(object.get(input, ["tier", "rto_seconds"], null))
	some id, r in lib.resources(["AWS::Route53::HealthCheck"])
	kind := lib.get(r, array.concat(config, ["Type"]), null)
	is_string(kind)
	not upper(kind) in unprobed
	interval := lib.number(lib.get(r, array.concat(config, ["RequestInterval"]), 30))
	threshold := lib.number(lib.get(r, array.concat(config, ["FailureThreshold"]), 3))
	detection := interval * threshold
	detection >= rto
	msg := sprintf("Route 53 health check %s takes %v s to detect a failure (RequestInterval %v s x FailureThreshold %v), not less than the tier's RTO of %v s: failover cannot complete within the RTO", [id, detection, interval, threshold, rto])
}

# The property to change: FailureThreshold, else RequestInterval, else the
# configuration.
path(r) := p if {
	p := array.concat(config, ["FailureThreshold"])
	object.get(r, p, null) != null
} else := p if {
	p := array.concat(config, ["RequestInterval"])
	object.get(r, p, null) != null
} else := lib.at(r, config)
