# METADATA
# title: SQS visibility timeout under six times the consumer's timeout
# description: >-
#   Lambda's SQS poller keeps a batch invisible for the queue's
#   VisibilityTimeout (30 s by default). A batch that waits in the poller or
#   is retried after throttling can still be running when the timeout ends:
#   the messages reappear and are processed twice, and counted as failed
#   receives toward the redrive policy. AWS recommends a visibility timeout
#   of at least six times the function's Timeout plus the batching window.
# custom:
#   id: BW-COUPLING-002
#   severity: medium
#   concern: coupling
#   well_architected: [REL05-BP05, REL04-BP04]
#   resource_types: [AWS::SQS::Queue, AWS::Lambda::EventSourceMapping, AWS::Lambda::Function, AWS::Serverless::Function]
#   inputs: [template, account]
#   remediation: >-
#     Set the queue's VisibilityTimeout to at least 6 x the consuming
#     function's Timeout plus MaximumBatchingWindowInSeconds, or lower the
#     function's Timeout. Make the handler idempotent either way.
package bulwark.rules.coupling.visibility_timeout_short

import data.bulwark.lib

deny contains lib.finding_with(q, lib.at(r, ["Properties", "VisibilityTimeout"]), msg, details) if {
	some q, consumers in lib.sqs_consumers
	some c in consumers
	r := input.resources[q]
	visibility := lib.number(object.get(r, ["Properties", "VisibilityTimeout"], 30))
	timeout := lib.function_timeout(lib.functions[c.function])
	window := lib.number(c.batching_window)
	recommended := (6 * timeout) + window
	visibility >= timeout
	visibility < recommended
	msg := sprintf("SQS queue %s has VisibilityTimeout %v s, under the %v s recommended for Lambda function %s (%s): 6 x its Timeout %v s%s; a slow batch becomes visible again and is processed twice", [q, visibility, recommended, c.function, c.via, timeout, window_text(window)])
	details := {"visibility_timeout": visibility, "function_timeout": timeout, "recommended": recommended}
}

window_text(0) := ""

window_text(w) := sprintf(" + batching window %v s", [w]) if w != 0

# In --strict mode: what this rule could not verify. Lambda allows a
# Timeout of 1 to 900 s and a MaximumBatchingWindowInSeconds of 0 to 300 s:
# a pair is left out when no value it may have puts the visibility timeout
# at or above the Timeout but under the recommendation.
