# What the rule in asg_zones.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.asg_zones

import data.bulwark.lib

# In --strict mode: what this rule could not verify (the same cases as
# deny, where the subnets or zones are unresolved).
unknowns contains lib.finding(id, ["Properties", "VPCZoneIdentifier"], msg) if {
	some id, r in groups
	v := r.Properties.VPCZoneIdentifier
	lib.subnets_unresolved(v)
	msg := sprintf("Auto Scaling group %s: VPCZoneIdentifier is not resolved, so whether its instances run in more than one Availability Zone is unknown", [id])
}

unknowns contains lib.finding(id, ["Properties", "AvailabilityZones"], msg) if {
	some id, r in groups
	not r.Properties.VPCZoneIdentifier
	lib.zones_unknown(r.Properties.AvailabilityZones)
	msg := sprintf("Auto Scaling group %s: AvailabilityZones is not resolved, so whether its instances run in more than one Availability Zone is unknown", [id])
}
