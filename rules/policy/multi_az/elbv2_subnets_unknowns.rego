# What the rule in elbv2_subnets.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.elbv2_subnets

import data.bulwark.lib

# In --strict mode: what this rule could not verify. Subnets (or
# SubnetMappings) that are unresolved as a whole, or a list that is not
# provably in one zone nor provably across two, with an entry whose zone is
# unresolved (a subnet parameter, an import, a template subnet whose
# AvailabilityZone is a parameter).
unknowns contains lib.finding(id, ["Properties", prop], msg) if {
	some id, r in load_balancers
	some prop in ["Subnets", "SubnetMappings"]
	v := r.Properties[prop]
	_unresolved(prop, v)
	msg := sprintf("%s %s: %s is not resolved, so whether it runs in more than one Availability Zone is unknown", [kind(r), id, prop])
}

_unresolved(_, v) if lib.is_intrinsic(v)

_unresolved("Subnets", v) if lib.subnets_unknown(lib.list(v))

_unresolved("SubnetMappings", v) if lib.subnets_unknown([mapped_subnet(m) | some m in lib.list(v)])
