# What the rule in classic_elb_cross_zone.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.classic_elb_cross_zone

import data.bulwark.lib

# In --strict mode: CrossZone is unresolved.
unknowns contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::ElasticLoadBalancing::LoadBalancer"])
	lib.unknown(object.get(r, path, null))
	msg := sprintf("Classic load balancer %s: CrossZone is not resolved, so whether cross-zone load balancing is on is unknown", [id])
}
