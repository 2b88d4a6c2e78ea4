# What the rule in rpo.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.tier.rpo

import data.bulwark.lib

# In --strict mode: estimates that are unknown (an unresolved value, or a
# mechanism the template does not show, such as a failover record).
unknowns contains lib.finding(id, [], msg) if {
	some id, est in input.estimates.resources
	est.targets
	est.rpo.unknown
	r := input.resources[id]
	msg := sprintf("%s %s (tier %v): the RPO estimate is unknown (%s)", [r.Type, id, est.tier, evidence(est.rpo)])
}
