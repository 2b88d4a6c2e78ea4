# What the rule in reserved_concurrency_missing.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.concurrency.reserved_concurrency_missing

import data.bulwark.lib

# In --strict mode: what this rule could not verify: a reservation that a
# condition may remove, on a function the rule would report without it
# (any function with concurrency_every_function; by default one in a tier
# 1-2 template with another function, when the function or another is
# behind an unbounded trigger).
unknowns contains lib.finding(id, ["Properties", "ReservedConcurrentExecutions"], msg) if {
	some id, r in lib.resources(function_types)
	lib.may_be_removed(r.Properties.ReservedConcurrentExecutions)
	_in_scope(id)
	msg := sprintf("Lambda function %s: ReservedConcurrentExecutions is not resolved, so whether it reserves concurrency is unknown", [id])
}

_in_scope(_) if every_function

_in_scope(_) if {
	not every_function
	critical_tier
	count(lib.functions) > 1
	count(unbounded) > 0
}
