# What the rule in msk_broker_zones.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.msk_broker_zones

import data.bulwark.lib

# In --strict mode: the client subnets are unresolved (a parameter, an
# import, subnets whose zones cannot be compared), so whether the brokers
# span two zones is unknown.
unknowns contains lib.finding(id, lib.at(r, path), msg) if {
	some id, r in clusters
	lib.subnets_unresolved(lib.get(r, path, null))
	msg := sprintf("MSK cluster %s: ClientSubnets is not resolved, so whether its brokers run in more than one Availability Zone is unknown", [id])
}

# In a tier 1 or 2 workload: the number of client subnets is unknown (a
# conditional entry may be dropped), so whether the brokers span three
# zones is unknown. An unresolved list is reported once, above.
unknowns contains lib.finding(id, lib.at(r, path), msg) if {
	needs_three_zones
	some id, r in clusters
	subnets := lib.list(lib.get(r, path, null))
	not lib.subnets_unresolved(subnets)
	not lib.single_az_subnets(subnets)
	_conditional_entry(subnets)
	msg := sprintf("MSK cluster %s: ClientSubnets is not resolved, so whether its brokers run in three Availability Zones is unknown", [id])
}

# The broker count is unresolved, so whether the brokers divide evenly
# over the client subnets is unknown.
unknowns contains lib.finding(id, ["Properties", "NumberOfBrokerNodes"], msg) if {
	some id, r in clusters
	v := object.get(r, ["Properties", "NumberOfBrokerNodes"], null)
	lib.unknown(v)
	msg := sprintf("MSK cluster %s: NumberOfBrokerNodes is not resolved, so whether it is a multiple of the client subnets is unknown", [id])
}
