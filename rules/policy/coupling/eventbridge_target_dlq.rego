# METADATA
# title: EventBridge rule target without a dead-letter queue
# description: >-
#   EventBridge retries an event it cannot deliver to a target (throttled,
#   permission missing, target deleted or failing) for up to 24 hours and
#   185 attempts by default, or less under the target's RetryPolicy, and
#   then drops it. Without a DeadLetterConfig on the target nothing records
#   the lost event.
# custom:
#   id: BW-COUPLING-005
#   severity: low
#   concern: coupling
#   well_architected: [REL04-BP02, REL05-BP03]
#   resource_types: [AWS::Events::Rule, AWS::Serverless::Function]
#   inputs: [template, account]
#   remediation: >-
#     Give each target a DeadLetterConfig {Arn: !GetAtt Queue.Arn} (an SQS
#     queue whose policy lets events.amazonaws.com send messages), or for a
#     SAM EventBridgeRule/Schedule event its DeadLetterConfig property, and
#     alarm on that queue.
package bulwark.rules.coupling.eventbridge_target_dlq

import data.bulwark.lib

deny contains lib.finding(id, ["Properties", "Targets", i], msg) if {
	some id, r in lib.resources(["AWS::Events::Rule"])
	not lib.rule_disabled(r)
	not lib.unknown(object.get(r, ["Properties", "State"], null))
	some i, t in lib.list(r.Properties.Targets)
	is_object(t)
	not lib.is_intrinsic(t)
	object.get(t, "DeadLetterConfig", null) == null
	retries := retry_text(object.get(t, "RetryPolicy", {}))
	msg := sprintf("EventBridge rule %s target %s has no DeadLetterConfig: an event that cannot be delivered is dropped without trace after %s", [id, target_name(t, i), retries])
}

deny contains lib.finding(id, lib.at(r, ["Properties", "Events", name, "Properties", "DeadLetterConfig"]), msg) if {
	some [id, name, e] in lib.sam_events
	e.Type in {"EventBridgeRule", "CloudWatchEvent", "Schedule"}
	r := input.resources[id]
	props := object.get(e, "Properties", {})
	is_object(props)
	not lib.is_intrinsic(props)
	not sam_disabled(props)
	not lib.sam_event_state_unknown(props)
	object.get(props, "DeadLetterConfig", null) == null
	retries := retry_text(object.get(props, "RetryPolicy", {}))
	msg := sprintf("%s event %s of function %s has no DeadLetterConfig: an event that cannot be delivered is dropped without trace after %s", [e.Type, name, id, retries])
}

# retry_text(p) describes when EventBridge gives up; undefined when the
# RetryPolicy is unresolved or drops the event at once (BW-COUPLING-006).
retry_text(p) := sprintf("%v attempts over %s", [attempts, age]) if {
	is_object(p)
	not lib.is_intrinsic(p)
	attempts := lib.number(object.get(p, "MaximumRetryAttempts", 185))
	attempts > 0
	seconds := lib.number(object.get(p, "MaximumEventAgeInSeconds", 86400))
	age := duration(seconds)
}

duration(s) := sprintf("%v h", [s / 3600]) if {
	s % 3600 == 0
} else := sprintf("%v s", [s])

target_name(t, i) := t.Id if {
	is_string(t.Id)
} else := sprintf("#%d", [i])

sam_disabled(props) if lib.is_false(props.Enabled)

sam_disabled(props) if {
	is_string(props.State)
	upper(props.State) == "DISABLED"
}

# In --strict mode: what this rule could not verify.
