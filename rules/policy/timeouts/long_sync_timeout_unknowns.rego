# What the rule in long_sync_timeout.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.timeouts.long_sync_timeout

import data.bulwark.lib

# A function whose Timeout is unresolved, with no reason and no known
# background trigger.
unknowns contains lib.finding(id, ["Properties", "Timeout"], msg) if {
	some id, r in lib.functions
	lib.unknown(object.get(r, ["Properties", "Timeout"], 3))
	lib.max_timeout(r.Properties.Timeout) > long_timeout
	not reason_recorded(r)
	not known_background(id, r)
	msg := sprintf("Lambda function %s: Timeout is not resolved, so whether it is over 5 minutes without an asynchronous trigger is unknown", [id])
}

# A function with a long Timeout that may have an asynchronous trigger.
unknowns contains lib.finding(pid, ["Properties", "Principal"], msg) if {
	some id, r in lib.functions
	timeout := _long_unreported(id, r)
	some pid in unresolved_callers[id]
	msg := sprintf("Lambda permission %s: Principal is not resolved, so whether Lambda function %s (Timeout %v s) has an asynchronous caller is unknown", [pid, id, timeout])
}

unknowns contains lib.finding(id, path, msg) if {
	some id, r in lib.functions
	timeout := _long_unreported(id, r)
	some [path, what] in unresolved_events(r)
	msg := sprintf("Lambda function %s: %s is not resolved, so whether the function (Timeout %v s) has an asynchronous trigger is unknown", [id, what, timeout])
}

# The Timeout of a function that deny would report but for its unresolved
# callers.
_long_unreported(id, r) := timeout if {
	timeout := lib.function_timeout(r)
	timeout > long_timeout
	not reason_recorded(r)
	not known_background(id, r)
	not over_api_limit(id, timeout)
}
