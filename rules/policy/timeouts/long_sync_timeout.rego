# METADATA
# title: Lambda function with a long timeout and no asynchronous trigger
# description: >-
#   A Timeout above 5 minutes suits work fed by a queue, a stream, a
#   schedule or an event. A function that nothing in the template invokes
#   that way is presumably called synchronously, where a long timeout lets a
#   slow dependency hold the caller, and the caller's own timeouts and
#   retries, for minutes instead of failing fast. Record why the timeout is
#   long in Metadata.bulwark.long_timeout_reason when it is intended.
# custom:
#   id: BW-TIMEOUTS-002
#   severity: low
#   concern: timeouts
#   well_architected: [REL05-BP05, REL05-BP04]
#   resource_types: [AWS::Lambda::Function, AWS::Serverless::Function, AWS::Lambda::Permission]
#   inputs: [template, account]
#   remediation: >-
#     Lower the Timeout to a little above the function's expected duration
#     (with client timeouts on its dependencies), or move the long work
#     behind a queue or Step Functions; if the long timeout is intended, say
#     why in the function's Metadata.bulwark.long_timeout_reason.
package bulwark.rules.timeouts.long_sync_timeout

import data.bulwark.lib

long_timeout := 300

deny contains lib.finding_with(id, lib.at(r, ["Properties", "Timeout"]), msg, {"function_timeout": timeout}) if {
	some id, r in lib.functions
	timeout := lib.function_timeout(r)
	timeout > long_timeout
	not reason_recorded(r)
	not background(id, r)
	not over_api_limit(id, timeout)
	msg := sprintf("Lambda function %s has Timeout %v s (%s) but %s: a synchronous caller can be held that long instead of failing fast; no reason recorded in Metadata.bulwark.long_timeout_reason", [id, timeout, minutes(timeout), invoked(id)])
}

reason_recorded(r) if {
	reason := r.Metadata.bulwark.long_timeout_reason
	is_string(reason)
	trim_space(reason) != ""
}

# Invoked, or perhaps invoked (through a permission whose Principal or a
# SAM event that is unresolved), from a queue, stream, schedule, event,
# workflow or custom resource.
background(id, r) if known_background(id, r)

background(id, _) if unresolved_callers[id]

background(_, r) if count(unresolved_events(r)) > 0

# Invoked from a queue, stream, schedule, event, workflow or custom resource.
known_background(id, _) if {
	some i in object.get(lib.invocations, id, set())
	i.mode in {"async", "poll", "workflow", "custom-resource"}
}

# A SAM event other than the synchronous ones.
known_background(_, r) if {
	some e in r.Properties.Events
	is_string(e.Type)
	not e.Type in sync_event_types
}

known_background(id, _) if id in other_callers

# A streamed API Gateway response may run up to 15 minutes by design.
known_background(id, _) if count(object.get(lib.api_streaming, id, set())) > 0

sync_event_types := {"Api", "HttpApi", "Cognito", "AlexaSkill"}

# A service other than the synchronous callers may invoke the function:
# bulwark cannot tell how.
other_callers contains f if {
	some p in lib.resources(["AWS::Lambda::Permission"])
	principal := p.Properties.Principal
	not lib.unknown(principal)
	not sync_principal(principal)
	f := lib.function_id(p.Properties.FunctionName)
}

# unresolved_callers[f] holds the permissions for function f whose
# Principal is unresolved: any service may be the caller.
unresolved_callers[f] contains id if {
	some id, p in lib.resources(["AWS::Lambda::Permission"])
	lib.unknown(p.Properties.Principal)
	f := lib.function_id(p.Properties.FunctionName)
}

# [path, property] of the SAM events of r that may be asynchronous: Events
# or an entry unresolved, or an entry's Type.
unresolved_events(r) := {[["Properties", "Events"], "Events"]} if {
	lib.is_intrinsic(r.Properties.Events)
} else := {[["Properties", "Events", name], sprintf("Events.%s", [name])] |
	some name, e in r.Properties.Events
	maybe_background_event(e)
}

maybe_background_event(e) if {
	lib.is_intrinsic(e)
	not sync_only(e)
}

maybe_background_event(e) if {
	is_object(e)
	not lib.is_intrinsic(e)
	lib.unknown(e.Type)
}

# A conditional event whose every branch is AWS::NoValue or synchronous.
sync_only(e) if {
	[_, a, b] := e["Fn::If"]
	sync_branch(a)
	sync_branch(b)
}

sync_branch(x) if x == {"Ref": "AWS::NoValue"}

sync_branch(x) if x.Type in sync_event_types

# Services that invoke a function for their own background work.
other_callers contains f if {
	some t, path in {
		"AWS::Config::ConfigRule": ["Source", "SourceIdentifier"],
		"AWS::SecretsManager::RotationSchedule": ["RotationLambdaARN"],
		"AWS::CodePipeline::Pipeline": ["Stages"],
		"AWS::IoT::TopicRule": ["TopicRulePayload"],
		"AWS::KinesisFirehose::DeliveryStream": [],
	}
	some r in lib.resources([t])
	some f in lib.refs(object.get(r.Properties, path, null))
	lib.functions[f]
}

# Principals that call a function and wait for its answer.
sync_principal(p) if {
	is_string(p)
	regex.match(`^(apigateway|elasticloadbalancing|cognito-idp|lex|alexa-appkit|alexa-connectedhome|connect|appsync)\.amazonaws\.com$`, lower(p))
}

# Function URLs and other principals (an account, "*") are callers.
sync_principal(p) if {
	is_string(p)
	not endswith(lower(p), ".amazonaws.com")
}

# Already reported by BW-TIMEOUTS-001.
over_api_limit(id, timeout) if {
	some i in object.get(lib.api_integrations, id, set())
	is_number(i.limit)
	timeout > i.limit
}

invoked(id) := sprintf("is called synchronously by %s", [concat(", ", sort(sync))]) if {
	sync := {i.source | some i in object.get(lib.api_integrations, id, set())}
	count(sync) > 0
} else := "nothing in the template invokes it from a queue, stream, schedule or event"

minutes(s) := sprintf("%v min", [s / 60]) if s % 60 == 0

minutes(s) := sprintf("%v min %v s", [floor(s / 60), s % 60]) if s % 60 != 0

# In --strict mode: what this rule could not verify.
