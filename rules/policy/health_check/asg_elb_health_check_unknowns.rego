# What the rule in asg_elb_health_check.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.health_check.asg_elb_health_check

import data.bulwark.lib

# May serve a load balancer: the property is unresolved, or all its entries
# are conditional.
maybe_serves(r, prop) if {
	v := r.Properties[prop]
	lib.unknown(v)
	not serves(r, prop)
}

health_check_type := ["Properties", "HealthCheckType"]

# In --strict mode: what this rule could not verify.
unknowns contains lib.finding(id, health_check_type, msg) if {
	some id, r in lib.resources(["AWS::AutoScaling::AutoScalingGroup"])
	lib.unknown(object.get(r, health_check_type, "EC2"))
	some p in ["TargetGroupARNs", "LoadBalancerNames"]
	_attached_or_maybe(r, p)
	msg := sprintf("Auto Scaling group %s: HealthCheckType is not resolved, so whether instances failing the load balancer health check are replaced is unknown", [id])
}

unknowns contains lib.finding(id, ["Properties", prop], msg) if {
	some id, r in lib.resources(["AWS::AutoScaling::AutoScalingGroup"])
	check := object.get(r, health_check_type, "EC2")
	is_string(check)
	upper(check) == "EC2"
	not serves(r, "TargetGroupARNs")
	not serves(r, "LoadBalancerNames")
	some prop in ["TargetGroupARNs", "LoadBalancerNames"]
	maybe_serves(r, prop)
	msg := sprintf("Auto Scaling group %s: %s is not resolved, so whether it serves a load balancer (with EC2 health checks) is unknown", [id, prop])
}

_attached_or_maybe(r, p) if serves(r, p)

_attached_or_maybe(r, p) if maybe_serves(r, p)
