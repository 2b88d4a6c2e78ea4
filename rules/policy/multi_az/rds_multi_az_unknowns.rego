# What the rule in rds_multi_az.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.rds_multi_az

import data.bulwark.lib

# In --strict mode: what this rule could not verify.
unknowns contains lib.finding(id, ["Properties", "MultiAZ"], msg) if {
	some id, r in lib.resources(["AWS::RDS::DBInstance"])
	not lib.rds_cluster_member(r)
	not lib.rds_engine_without_multi_az(r)
	lib.unknown(object.get(r, ["Properties", "MultiAZ"], false))
	msg := sprintf("RDS DB %s %s: MultiAZ is not resolved, so whether it has a standby in another Availability Zone is unknown", [kind(r), id])
}
