# What the rule in visibility_timeout_below_function_timeout.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.coupling.visibility_timeout_below_function_timeout

import data.bulwark.lib

# A known consumer whose visibility timeout or function timeout is
# unresolved.
unknowns contains lib.finding(id, path, msg) if {
	some q, consumers in lib.sqs_consumers
	some c in consumers
	r := input.resources[q]
	fn := lib.functions[c.function]
	[id, path, what] := _unresolved(q, r, c.function, fn)
	_visibility_min(r) < _timeout_max(fn)
	msg := sprintf("%s is not resolved, so whether the VisibilityTimeout of SQS queue %s covers the Timeout of Lambda function %s that polls it (%s) is unknown", [what, q, c.function, c.via])
}

# An event source that may poll the queue: its function or its queue is
# unresolved.
unknowns contains lib.finding(id, path, msg) if {
	some q, items in _maybe_consumers # whole, once: a lookup per queue would rescan every source
	r := input.resources[q]
	some [id, path, what, f] in items
	_visibility_min(r) < _timeout_max(object.get(lib.functions, f, null))
	msg := sprintf("%s is not resolved, so whether SQS queue %s is polled by a Lambda function whose Timeout exceeds its VisibilityTimeout is unknown", [what, q])
}

_unresolved(q, r, f, fn) := [q, ["Properties", "VisibilityTimeout"], sprintf("SQS queue %s: VisibilityTimeout", [q])] if {
	lib.unknown(object.get(r, ["Properties", "VisibilityTimeout"], 30))
} else := [f, ["Properties", "Timeout"], sprintf("Lambda function %s: Timeout", [f])] if {
	lib.unknown(object.get(fn, ["Properties", "Timeout"], 3))
}

_visibility_min(r) := n if {
	n := lib.number(object.get(r, ["Properties", "VisibilityTimeout"], 30))
} else := 0 if {
	lib.unknown(object.get(r, ["Properties", "VisibilityTimeout"], 30))
}

_timeout_max(fn) := 900 if {
	fn == null
} else := n if {
	n := lib.function_timeout(fn)
} else := 900 if {
	lib.unknown(object.get(fn, ["Properties", "Timeout"], 3))
}

# _maybe_consumers[queue] holds [resource, path, what, function or null]
# for each event source that may poll the queue.
_maybe_consumers[q] contains [id, ["Properties", "FunctionName"], sprintf("Lambda event source mapping %s: FunctionName", [id]), null] if {
	some id, m in lib.resources(["AWS::Lambda::EventSourceMapping"])
	q := lib.designated(m.Properties.EventSourceArn)
	input.resources[q].Type == "AWS::SQS::Queue"
	name := m.Properties.FunctionName
	lib.unknown(name)
	not lib.function_id(name)
}

_maybe_consumers[q] contains [id, ["Properties", "EventSourceArn"], sprintf("Lambda event source mapping %s: EventSourceArn", [id]), f] if {
	some id, m in lib.resources(["AWS::Lambda::EventSourceMapping"])
	arn := m.Properties.EventSourceArn
	lib.unknown(arn)
	not lib.designated(arn)
	some q in lib.refs(arn)
	input.resources[q].Type == "AWS::SQS::Queue"
	f := lib.function_or_null(m.Properties.FunctionName)
}

_maybe_consumers[q] contains [f, ["Properties", "Events", name, "Properties", "Queue"], sprintf("Lambda function %s: Events.%s.Properties.Queue", [f, name]), f] if {
	some [f, name, e] in lib.sam_events
	e.Type == "SQS"
	v := e.Properties.Queue
	not lib.designated(v)
	some q in lib.refs(v)
	input.resources[q].Type == "AWS::SQS::Queue"
}
