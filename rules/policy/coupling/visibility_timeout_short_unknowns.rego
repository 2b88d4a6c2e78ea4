# What the rule in visibility_timeout_short.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.coupling.visibility_timeout_short

import data.bulwark.lib

# A known consumer whose visibility timeout, function timeout or batching
# window is unresolved.
unknowns contains lib.finding(id, path, msg) if {
	some q, consumers in lib.sqs_consumers
	some c in consumers
	r := input.resources[q]
	fn := lib.functions[c.function]
	[id, path, what] := _unresolved(q, r, c, fn)
	_may_fail(r, fn, c.batching_window)
	msg := sprintf("%s is not resolved, so whether the VisibilityTimeout of SQS queue %s reaches 6 x the Timeout of Lambda function %s (%s) plus its batching window is unknown", [what, q, c.function, c.via])
}

# An event source that may poll the queue: its function or its queue is
# unresolved.
unknowns contains lib.finding(id, path, msg) if {
	some q, items in _maybe_consumers # whole, once: a lookup per queue would rescan every source
	r := input.resources[q]
	some [id, path, what, f, window] in items
	_may_fail(r, object.get(lib.functions, f, null), window)
	msg := sprintf("%s is not resolved, so whether SQS queue %s is polled by a Lambda function for which its VisibilityTimeout is under 6 x the Timeout plus the batching window is unknown", [what, q])
}

_unresolved(q, r, c, fn) := [q, ["Properties", "VisibilityTimeout"], sprintf("SQS queue %s: VisibilityTimeout", [q])] if {
	lib.unknown(object.get(r, ["Properties", "VisibilityTimeout"], 30))
} else := [c.function, ["Properties", "Timeout"], sprintf("Lambda function %s: Timeout", [c.function])] if {
	lib.unknown(object.get(fn, ["Properties", "Timeout"], 3))
} else := [id, path, sprintf("%s: MaximumBatchingWindowInSeconds", [_owner(id, c)])] if {
	lib.unknown(c.batching_window)
	[id, path] := _window_at(c)
}

# Where a consumer's batching window is written: lib.sqs_consumers names its
# source "event source mapping <id>" or "SQS event <name>".
_window_at(c) := [id, ["Properties", "MaximumBatchingWindowInSeconds"]] if {
	startswith(c.via, "event source mapping ")
	id := trim_prefix(c.via, "event source mapping ")
} else := [c.function, ["Properties", "Events", name, "Properties", "MaximumBatchingWindowInSeconds"]] if {
	startswith(c.via, "SQS event ")
	name := trim_prefix(c.via, "SQS event ")
}

_owner(id, c) := sprintf("Lambda %s", [c.via]) if id != c.function

_owner(id, c) := sprintf("Lambda function %s, %s", [id, c.via]) if id == c.function

# Whether some values the unresolved settings may have put the visibility
# timeout V at or above the Timeout T and under 6 T + W.
_may_fail(r, _, _) if {
	not lib.number(object.get(r, ["Properties", "VisibilityTimeout"], 30))
	lib.unknown(object.get(r, ["Properties", "VisibilityTimeout"], 30))
}

_may_fail(r, fn, window) if {
	v := lib.number(object.get(r, ["Properties", "VisibilityTimeout"], 30))
	[t_min, t_max] := _timeout_range(fn)
	w_max := _window_max(window)
	v >= t_min
	v < (6 * min({t_max, v})) + w_max
}

_timeout_range(fn) := [1, 900] if {
	fn == null
} else := [t, t] if {
	t := lib.function_timeout(fn)
} else := [1, 900] if {
	lib.unknown(object.get(fn, ["Properties", "Timeout"], 3))
}

_window_max(w) := n if {
	n := lib.number(w)
} else := 300 if {
	lib.unknown(w)
}

# _maybe_consumers[queue] holds [resource, path, what, function or null,
# batching window] for each event source that may poll the queue.
_maybe_consumers[q] contains [id, ["Properties", "FunctionName"], sprintf("Lambda event source mapping %s: FunctionName", [id]), null, _window(m.Properties)] if {
	some id, m in lib.resources(["AWS::Lambda::EventSourceMapping"])
	q := lib.designated(m.Properties.EventSourceArn)
	input.resources[q].Type == "AWS::SQS::Queue"
	name := m.Properties.FunctionName
	lib.unknown(name)
	not lib.function_id(name)
}

_maybe_consumers[q] contains [id, ["Properties", "EventSourceArn"], sprintf("Lambda event source mapping %s: EventSourceArn", [id]), f, _window(m.Properties)] if {
	some id, m in lib.resources(["AWS::Lambda::EventSourceMapping"])
	arn := m.Properties.EventSourceArn
	lib.unknown(arn)
	not lib.designated(arn)
	some q in lib.refs(arn)
	input.resources[q].Type == "AWS::SQS::Queue"
	f := lib.function_or_null(m.Properties.FunctionName)
}

_maybe_consumers[q] contains [f, ["Properties", "Events", name, "Properties", "Queue"], sprintf("Lambda function %s: Events.%s.Properties.Queue", [f, name]), f, _window(e.Properties)] if {
	some [f, name, e] in lib.sam_events
	e.Type == "SQS"
	v := e.Properties.Queue
	not lib.designated(v)
	some q in lib.refs(v)
	input.resources[q].Type == "AWS::SQS::Queue"
}

_window(p) := object.get(p, "MaximumBatchingWindowInSeconds", 0)
