# METADATA
# title: Asynchronously invoked Lambda function without a failure destination
# description: >-
#   SNS, EventBridge, S3, schedules and other services invoke a function
#   asynchronously: Lambda queues the event, retries a failed invocation
#   twice, and then discards it. Without a dead-letter queue or an
#   on-failure destination the event is lost, and nobody can see or replay
#   it.
# custom:
#   id: BW-COUPLING-004
#   severity: medium
#   concern: coupling
#   well_architected: [REL04-BP02, REL05-BP03]
#   resource_types: [AWS::Lambda::Function, AWS::Serverless::Function, AWS::Lambda::EventInvokeConfig, AWS::Lambda::Permission]
#   inputs: [template, account]
#   remediation: >-
#     Add an AWS::Lambda::EventInvokeConfig with DestinationConfig.OnFailure
#     (an SQS queue, SNS topic, EventBridge bus or function), or for SAM
#     EventInvokeConfig.DestinationConfig.OnFailure; or set DeadLetterConfig
#     (SAM DeadLetterQueue) to an SQS queue or SNS topic, and alarm on it.
package bulwark.rules.coupling.async_failure_destination

import data.bulwark.lib

deny contains lib.finding(id, lib.at(r, ["Properties", dlq_property(r)]), msg) if {
	not unknown_invoke_config
	some id, r in lib.functions
	sources := {i.source | some i in object.get(lib.invocations, id, set()); i.mode == "async"}
	count(sources) > 0
	not handles_failures(id, r)
	msg := sprintf("Lambda function %s is invoked asynchronously (%s) but has no %s and no on-failure destination: an event that still fails after Lambda's 2 retries is discarded", [id, concat(", ", sort(sources)), dlq_property(r)])
}

dlq_property(r) := "DeadLetterQueue" if r.Type == "AWS::Serverless::Function"

dlq_property(r) := "DeadLetterConfig" if r.Type == "AWS::Lambda::Function"

# Any value (even an unresolved one) counts as configured.
handles_failures(_, r) if object.get(r, ["Properties", "DeadLetterConfig"], null) != null

handles_failures(_, r) if object.get(r, ["Properties", "DeadLetterQueue"], null) != null

handles_failures(_, r) if lib.get(r, ["Properties", "EventInvokeConfig", "DestinationConfig", "OnFailure"], null) != null

handles_failures(id, _) if id in invoke_config_on_failure

# The functions an AWS::Lambda::EventInvokeConfig gives an on-failure
# destination.
invoke_config_on_failure contains f if {
	some c in lib.resources(["AWS::Lambda::EventInvokeConfig"])
	on_failure(c) != null
	f := lib.function_id(c.Properties.FunctionName)
}

on_failure(c) := lib.get(c, ["Properties", "DestinationConfig", "OnFailure"], null)

# An event invoke config with an on-failure destination for a function bulwark
# cannot name may be this function's.
unknown_invoke_config if {
	some c in lib.resources(["AWS::Lambda::EventInvokeConfig"])
	on_failure(c) != null
	not lib.function_id(c.Properties.FunctionName)
}

# In --strict mode: what this rule could not verify.
