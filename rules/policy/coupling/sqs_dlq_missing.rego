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
	consumers := object.get(_consumers, q, set())
	count(consumers) > 0
	msg := sprintf("SQS queue %s is consumed by Lambda function %s but has no RedrivePolicy: a message that keeps failing is retried until it expires after %s, then lost", [q, concat(", ", sort(consumers)), retention(r)])
}

retention(r) := sprintf("MessageRetentionPeriod %v s", [n]) if {
	n := lib.number(r.Properties.MessageRetentionPeriod)
} else := "4 days (the default retention)" if {
	not r.Properties.MessageRetentionPeriod
} else := "its retention period"

# _consumers[queue] names each Lambda consumer of the queue: the functions
# of lib.sqs_consumers, and each event source mapping on the queue whose
# FunctionName is not a function of the template (unresolved, or defined
# elsewhere): Lambda polls the queue whatever the function is.
_consumers[q] contains sprintf("%s (%s)", [c.function, c.via]) if {
	some c in lib.sqs_consumers[q]
}

_consumers[q] contains sprintf("%s (event source mapping %s)", [_function_label(name), id]) if {
	some id, m in lib.resources(["AWS::Lambda::EventSourceMapping"])
	q := lib.designated(m.Properties.EventSourceArn)
	input.resources[q].Type == "AWS::SQS::Queue"
	name := m.Properties.FunctionName
	not lib.function_id(name)
}

# A FunctionName as written: a literal name or ARN, or the unresolved value.
_function_label(name) := name if {
	is_string(name)
} else := json.marshal(name)

# In --strict mode: what this rule could not verify.

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
	some q, r in lib.resources(["AWS::SQS::Queue"])
	object.get(r, ["Properties", "RedrivePolicy"], null) == null
	object.get(lib.dead_letter_users, q, null) == null
	not _consumers[q]
	some [id, path, what] in _maybe_consumers[q]
	msg := sprintf("%s is not resolved, so whether SQS queue %s, which has no RedrivePolicy, is polled by a Lambda function is unknown", [what, q])
}

_maybe_consumed(q) if _consumers[q]

_maybe_consumed(q) if _maybe_consumers[q]

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
