# What the rule in reserved_concurrency_total.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.concurrency.reserved_concurrency_total

import data.bulwark.lib

# In --strict mode: what this rule could not verify: deny did not fire, and
# functions whose reservation is unresolved may take the total above the
# reservable (an Fn::If between literal numbers counts as its larger one).
_unresolved := {id |
	some id, r in lib.resources(["AWS::Lambda::Function", "AWS::Serverless::Function"])
	lib.unknown(r.Properties.ReservedConcurrentExecutions)
}

_bound(id) := max({_reserved(x) | some x in lib.options(input.resources[id].Properties.ReservedConcurrentExecutions)})

_reserved(x) := x if {
	is_number(x)
	x > 0
} else := 0

_may_exceed if {
	some id in _unresolved
	not _bound(id)
}

_may_exceed if {
	total + sum([_bound(id) | some id in _unresolved]) > reservable
}

unknowns contains lib.finding(id, ["Properties", "ReservedConcurrentExecutions"], msg) if {
	total <= reservable
	_may_exceed
	some id in _unresolved
	msg := sprintf("Lambda function %s: ReservedConcurrentExecutions is not resolved, so whether the template's reservations stay within the %v reservable (account limit %v minus %v kept unreserved) is unknown", [id, reservable, limit, unreserved_min])
}
