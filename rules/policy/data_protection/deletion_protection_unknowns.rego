# What the rule in deletion_protection.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.data_protection.deletion_protection

import data.bulwark.lib

# In --strict mode, in a tier 1 or 2 workload: the protection property or
# the load balancer's attributes are unresolved.
unknowns contains lib.finding(id, ["Properties", prop], msg) if {
	critical
	some id, r in lib.resources(object.keys(flags))
	not _cluster_member(r)
	[label, prop] := flags[r.Type]
	lib.unknown(object.get(r.Properties, prop, null))
	msg := sprintf("%s %s: %s is not resolved, so whether it is protected from deletion is unknown", [label, id, prop])
}

unknowns contains lib.finding(id, ["Properties", "LoadBalancerAttributes"], msg) if {
	critical
	some id, r in lib.resources(["AWS::ElasticLoadBalancingV2::LoadBalancer"])
	v := object.get(r.Properties, "LoadBalancerAttributes", [])
	_attributes_unknown(v)
	msg := sprintf("Load balancer %s: LoadBalancerAttributes is not resolved, so whether it is protected from deletion is unknown", [id])
}

_attributes_unknown(v) if lib.is_intrinsic(v)

_attributes_unknown(v) if {
	_unresolved_attributes(lib.list(v))
	not _protected(v)
}
