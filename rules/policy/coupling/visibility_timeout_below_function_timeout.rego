# METADATA
# title: SQS visibility timeout shorter than the consumer's timeout
# description: >-
#   A queue whose VisibilityTimeout (30 s by default) is shorter than the
#   Timeout of the function that polls it would hand a message to a second
#   invocation while the first is still running. Lambda refuses such an
#   event source mapping: CloudFormation/AWS rejects it at deploy time.
# custom:
#   id: BW-COUPLING-003
#   severity: high
#   concern: coupling
#   well_architected: [REL05-BP05]
#   resource_types: [AWS::SQS::Queue, AWS::Lambda::EventSourceMapping, AWS::Lambda::Function, AWS::Serverless::Function]
#   inputs: [template, account]
#   remediation: >-
#     Raise the queue's VisibilityTimeout to at least 6 x the function's
#     Timeout (plus MaximumBatchingWindowInSeconds), or lower the function's
#     Timeout below the visibility timeout.
package bulwark.rules.coupling.visibility_timeout_below_function_timeout

import data.bulwark.lib

deny contains lib.finding_with(q, lib.at(r, ["Properties", "VisibilityTimeout"]), msg, details) if {
	some q, consumers in lib.sqs_consumers
	some c in consumers
	r := input.resources[q]
	visibility := lib.number(object.get(r, ["Properties", "VisibilityTimeout"], 30))
	timeout := lib.function_timeout(lib.functions[c.function])
	visibility < timeout
	msg := sprintf("SQS queue %s has VisibilityTimeout %v s, shorter than the %v s Timeout of Lambda function %s that polls it (%s): CloudFormation/AWS rejects this at deploy time", [q, visibility, timeout, c.function, c.via])
	details := {"visibility_timeout": visibility, "function_timeout": timeout}
}

# In --strict mode: what this rule could not verify. Lambda allows a
# Timeout of 1 to 900 s and SQS a VisibilityTimeout of 0 s or more: a pair
# is left out when even the extreme values it may have are compliant.
