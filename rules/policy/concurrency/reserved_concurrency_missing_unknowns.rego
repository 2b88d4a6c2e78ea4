# What the rule in reserved_concurrency_missing.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.concurrency.reserved_concurrency_missing

import data.bulwark.lib

# In --strict mode: what this rule could not verify: a reservation that a
# condition may remove.
unknowns contains lib.finding(id, ["Properties", "ReservedConcurrentExecutions"], msg) if {
	some id, r in lib.resources(["AWS::Lambda::Function", "AWS::Serverless::Function"])
	lib.may_be_removed(r.Properties.ReservedConcurrentExecutions)
	msg := sprintf("Lambda function %s: ReservedConcurrentExecutions is not resolved, so whether it reserves concurrency is unknown", [id])
}
