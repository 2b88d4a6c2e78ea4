# METADATA
# title: SQS queue consumed by Lambda without a dead-letter queue
# description: >-
#   When a Lambda function polls an SQS queue, a message whose processing
#   keeps failing returns to the queue after every visibility timeout and is
#   retried until its retention period ends (4 days by default): it is
#   reprocessed hundreds of times, costs concurrency, delays the messages
#   behind it (on a FIFO queue it blocks its message group) and is finally
#   deleted without trace. A RedrivePolicy moves it to a dead-letter queue
#   after maxReceiveCount attempts. Queues that are themselves dead-letter
#   queues are not checked.
# custom:
#   id: BW-COUPLING-001
#   severity: medium
#   concern: coupling
#   well_architected: [REL05-BP04, REL04-BP02]
#   resource_types: [AWS::SQS::Queue, AWS::Lambda::EventSourceMapping, AWS::Serverless::Function]
#   inputs: [template, account]
#   remediation: >-
#     Create a dead-letter queue and give the source queue a RedrivePolicy
#     {deadLetterTargetArn: !GetAtt DeadLetterQueue.Arn, maxReceiveCount: 3-5},
#     with an alarm on the dead-letter queue's
#     ApproximateNumberOfMessagesVisible. Use ReportBatchItemFailures on the
#     event source so one bad message does not fail its whole batch.
package bulwark.rules.coupling.sqs_dlq_missing

import data.bulwark.lib

deny contains lib.finding(q, lib.at(r, ["Properties", "RedrivePolicy"]), msg) if {
	some q, r in lib.resources(["AWS::SQS::Queue"])
	object.get(r, ["Properties", "RedrivePolicy"], null) == null
	object.get(lib.dead_letter_users, q, null) == null
	consumers := {sprintf("%s (%s)", [c.function, c.via]) | some c in object.get(lib.sqs_consumers, q, set())}
	count(consumers) > 0
	msg := sprintf("SQS queue %s is consumed by Lambda function %s but has no RedrivePolicy: a message that keeps failing is retried until it expires after %s, then lost", [q, concat(", ", sort(consumers)), retention(r)])
}

retention(r) := sprintf("MessageRetentionPeriod %v s", [n]) if {
	n := lib.number(r.Properties.MessageRetentionPeriod)
} else := "4 days (the default retention)" if {
	not r.Properties.MessageRetentionPeriod
} else := "its retention period"

# In --strict mode: what this rule could not verify.

# A queue polled, or maybe polled, by Lambda whose RedrivePolicy may be
# AWS::NoValue.
unknowns contains lib.finding(q, ["Properties", "RedrivePolicy"], msg) if {
	some q, r in lib.resources(["AWS::SQS::Queue"])
	_maybe_absent(object.get(r, ["Properties", "RedrivePolicy"], null))
	object.get(lib.dead_letter_users, q, null) == null
	_maybe_consumed(q)
	msg := sprintf("SQS queue %s: RedrivePolicy is not resolved, so whether a message its Lambda consumer keeps failing on is moved to a dead-letter queue is unknown", [q])
}

# A queue without a RedrivePolicy that may be polled by Lambda.
unknowns contains lib.finding(id, path, msg) if {
	some q, r in lib.resources(["AWS::SQS::Queue"])
	object.get(r, ["Properties", "RedrivePolicy"], null) == null
	object.get(lib.dead_letter_users, q, null) == null
	not lib.sqs_consumers[q]
	some [id, path, what] in _maybe_consumers[q]
	msg := sprintf("%s is not resolved, so whether SQS queue %s, which has no RedrivePolicy, is polled by a Lambda function is unknown", [what, q])
}

_maybe_consumed(q) if lib.sqs_consumers[q]

_maybe_consumed(q) if _maybe_consumers[q]

# _maybe_consumers[queue] holds [resource, path, what] for each event
# source that may poll the queue: its function or its queue is unresolved.
_maybe_consumers[q] contains [id, ["Properties", "FunctionName"], sprintf("Lambda event source mapping %s: FunctionName", [id])] if {
	some id, m in lib.resources(["AWS::Lambda::EventSourceMapping"])
	q := lib.designated(m.Properties.EventSourceArn)
	input.resources[q].Type == "AWS::SQS::Queue"
	name := m.Properties.FunctionName
	lib.unknown(name)
	not lib.function_id(name)
}

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

# An unresolved value that may be AWS::NoValue (an Fn::If with a branch
# that may be).
_maybe_absent(v) if {
	lib.is_intrinsic(v)
	not _surely_present(v)
}

_surely_present(v) if {
	[_, a, b] := v["Fn::If"]
	_present(a)
	_present(b)
}

_surely_present(v) if _value_intrinsic(v)

_present(x) if not lib.is_intrinsic(x)

_present(x) if _value_intrinsic(x)

# Intrinsics that always yield a value.
_value_intrinsic(v) if {
	some k, _ in v
	k in {"Ref", "Fn::GetAtt", "Fn::ImportValue", "Fn::Sub", "Fn::Join"}
	v != {"Ref": "AWS::NoValue"}
}
