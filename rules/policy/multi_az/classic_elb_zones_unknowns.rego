# What the rule in classic_elb_zones.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.classic_elb_zones

import data.bulwark.lib

# In --strict mode: what this rule could not verify (the same cases as
# deny, where the zones or subnets are unresolved).
unknowns contains lib.finding(id, ["Properties", "AvailabilityZones"], msg) if {
	some id, r in load_balancers
	lib.zones_unknown(r.Properties.AvailabilityZones)
	msg := sprintf("Classic load balancer %s: AvailabilityZones is not resolved, so whether it runs in more than one Availability Zone is unknown", [id])
}

unknowns contains lib.finding(id, ["Properties", "Subnets"], msg) if {
	some id, r in load_balancers
	lib.subnets_unresolved(r.Properties.Subnets)
	msg := sprintf("Classic load balancer %s: Subnets is not resolved, so whether it runs in more than one Availability Zone is unknown", [id])
}
