# METADATA
# title: Auto Scaling group behind a load balancer with EC2 health checks
# description: >-
#   An Auto Scaling group that serves a load balancer but uses the default
#   EC2 health check type only replaces instances whose EC2 status checks
#   fail; an instance whose application fails the load balancer health
#   check stays in service forever.
# custom:
#   id: BW-HEALTH-CHECK-005
#   severity: medium
#   concern: health-check
#   well_architected: [REL11-BP03]
#   resource_types: [AWS::AutoScaling::AutoScalingGroup]
#   inputs: [template, account]
#   remediation: >-
#     Set HealthCheckType: ELB and a HealthCheckGracePeriod long enough for
#     instances to start, so instances failing the load balancer health
#     check are replaced.
package bulwark.rules.health_check.asg_elb_health_check

import data.bulwark.lib

deny contains lib.finding(id, lib.at(r, ["Properties", "HealthCheckType"]), msg) if {
	some id, r in lib.resources(["AWS::AutoScaling::AutoScalingGroup"])
	attached := [p | some p in ["TargetGroupARNs", "LoadBalancerNames"]; serves(r, p)]
	count(attached) > 0
	check := object.get(r, ["Properties", "HealthCheckType"], "EC2")
	is_string(check)
	upper(check) == "EC2"
	msg := sprintf("Auto Scaling group %s serves a load balancer (%s) but uses EC2 health checks: instances failing the load balancer health check are never replaced", [id, concat(", ", attached)])
}

# At least one entry that is not conditional.
serves(r, prop) if {
	some x in lib.list(r.Properties[prop])
	not x["Fn::If"]
}
