# What the rule in target_group_disabled.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.health_check.target_group_disabled

import data.bulwark.lib

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
