# What the rule in sqs_dlq_missing.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.coupling.sqs_dlq_missing

import data.bulwark.lib

# A queue polled, or maybe polled, by Lambda whose RedrivePolicy may be
# AWS::NoValue.
unknowns contains lib.finding(q, ["Properties", "RedrivePolicy"], msg) if {
	some q, r in lib.resources(["AWS::SQS::Queue"])
	lib.maybe_absent(object.get(r, ["Properties", "RedrivePolicy"], null))
	object.get(lib.dead_letter_users, q, null) == null
	_maybe_consumed(q)
	msg := sprintf("SQS queue %s: RedrivePolicy is not resolved, so whether a message its Lambda consumer keeps failing on is moved to a dead-letter queue is unknown", [q])
}

# A queue without a RedrivePolicy that may be polled by Lambda.
unknowns contains lib.finding(id, path, msg) if {
	some q, items in _maybe_consumers # whole, once: a lookup per queue would rescan every source
	r := input.resources[q]
	object.get(r, ["Properties", "RedrivePolicy"], null) == null
	object.get(lib.dead_letter_users, q, null) == null
	not q in _consumed
	some [id, path, what] in items
	msg := sprintf("%s is not resolved, so whether SQS queue %s, which has no RedrivePolicy, is polled by a Lambda function is unknown", [what, q])
}

_maybe_consumed(q) if q in _consumed

_maybe_consumed(q) if q in _maybe_consumed_queues

# The queues with a known, or a possible, Lambda consumer, each as one set
# built once: looking the partial rules up per queue would rescan them.
_consumed := {q | some q, _ in _consumers}

_maybe_consumed_queues := {q | some q, _ in _maybe_consumers}

# _maybe_consumers[queue] holds [resource, path, what] for each event
# source that may poll the queue: its queue is unresolved (an unresolved
# FunctionName alone does not matter: Lambda polls the queue whatever the
# function is).
_maybe_consumers[q] contains [id, ["Properties", "EventSourceArn"], sprintf("Lambda event source mapping %s: EventSourceArn", [id])] if {
	some id, m in lib.resources(["AWS::Lambda::EventSourceMapping"])
	arn := m.Properties.EventSourceArn
	lib.unknown(arn)
	not lib.designated(arn)
	some q in lib.refs(arn)
	input.resources[q].Type == "AWS::SQS::Queue"
}

_maybe_consumers[q] contains [f, ["Properties", "Events", name, "Properties", "Queue"], sprintf("Lambda function %s: Events.%s.Properties.Queue", [f, name])] if {
	some [f, name, e] in lib.sam_events
	e.Type == "SQS"
	v := e.Properties.Queue
	not lib.designated(v)
	some q in lib.refs(v)
	input.resources[q].Type == "AWS::SQS::Queue"
}
