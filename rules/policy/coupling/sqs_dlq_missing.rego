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
