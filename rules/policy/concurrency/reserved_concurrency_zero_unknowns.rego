# What the rule in reserved_concurrency_zero.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.concurrency.reserved_concurrency_zero

import data.bulwark.lib

# In --strict mode: what this rule could not verify: an unresolved
# reservation that may be 0 (an Fn::If between non-zero numbers cannot).
unknowns contains lib.finding(id, ["Properties", "ReservedConcurrentExecutions"], msg) if {
	some id, r in lib.resources(["AWS::Lambda::Function", "AWS::Serverless::Function"])
	v := r.Properties.ReservedConcurrentExecutions
	lib.unknown(v)
	not _never_zero(v)
	msg := sprintf("Lambda function %s: ReservedConcurrentExecutions is not resolved, so whether it is 0 (every invocation throttled) is unknown", [id])
}

_never_zero(v) if not 0 in lib.options(v)
