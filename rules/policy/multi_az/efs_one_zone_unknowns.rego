# What the rule in efs_one_zone.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.efs_one_zone

import data.bulwark.lib

# In --strict mode: what this rule could not verify: AvailabilityZoneName
# depends on a condition that may remove it.
unknowns contains lib.finding(id, ["Properties", "AvailabilityZoneName"], msg) if {
	some id, r in lib.resources(["AWS::EFS::FileSystem"])
	lib.may_be_removed(r.Properties.AvailabilityZoneName)
	msg := sprintf("EFS file system %s: AvailabilityZoneName is not resolved, so whether it is One Zone (single Availability Zone) is unknown", [id])
}
