# What the rule in cloudfront_origin_failover.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.health_check.cloudfront_origin_failover

import data.bulwark.lib

# In --strict mode, in a tier 1 or 2 workload: the distribution's
# configuration or its origin groups are unresolved.
unknowns contains lib.finding(id, at, msg) if {
	level in {1, 2}
	some id, r in lib.resources(["AWS::CloudFront::Distribution"])
	lib.unknown(lib.get(r, path, null))
	at := lib.at(r, path)
	msg := sprintf("CloudFront distribution %s: %s is not resolved, so whether it fails over to a second origin is unknown", [id, at[count(at) - 1]])
}
