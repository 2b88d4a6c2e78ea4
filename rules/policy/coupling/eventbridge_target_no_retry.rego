# METADATA
# title: EventBridge rule target that drops events at the first failure
# description: >-
#   A target RetryPolicy with MaximumRetryAttempts 0 tells EventBridge not to
#   retry: an event whose first delivery fails (a throttled or briefly
#   failing target) is dropped at once, and without a DeadLetterConfig it
#   is lost without trace.
# custom:
#   id: BW-COUPLING-006
#   severity: medium
#   concern: coupling
#   well_architected: [REL05-BP03, REL04-BP02]
#   resource_types: [AWS::Events::Rule, AWS::Serverless::Function]
#   inputs: [template, account]
#   remediation: >-
#     Give the target a DeadLetterConfig (an SQS queue), and let EventBridge
#     retry transient failures: remove MaximumRetryAttempts 0 or set a few
#     attempts with a MaximumEventAgeInSeconds the consumer can still use.
package bulwark.rules.coupling.eventbridge_target_no_retry

import data.bulwark.lib

deny contains lib.finding(id, ["Properties", "Targets", i, "RetryPolicy", "MaximumRetryAttempts"], msg) if {
	some id, r in lib.resources(["AWS::Events::Rule"])
	not lib.rule_disabled(r)
	not lib.unknown(object.get(r, ["Properties", "State"], null))
	some i, t in lib.list(r.Properties.Targets)
	is_object(t)
	object.get(t, "DeadLetterConfig", null) == null
	lib.number(t.RetryPolicy.MaximumRetryAttempts) == 0
	msg := sprintf("EventBridge rule %s target %s has RetryPolicy MaximumRetryAttempts 0 and no DeadLetterConfig: an event whose first delivery fails is lost", [id, target_name(t, i)])
}

deny contains lib.finding(id, ["Properties", "Events", name, "Properties", "RetryPolicy", "MaximumRetryAttempts"], msg) if {
	some [id, name, e] in lib.sam_events
	e.Type in {"EventBridgeRule", "CloudWatchEvent", "Schedule"}
	props := e.Properties
	not sam_disabled(props)
	not lib.sam_event_state_unknown(props)
	object.get(props, "DeadLetterConfig", null) == null
	lib.number(props.RetryPolicy.MaximumRetryAttempts) == 0
	msg := sprintf("%s event %s of function %s has RetryPolicy MaximumRetryAttempts 0 and no DeadLetterConfig: an event whose first delivery fails is lost", [e.Type, name, id])
}

target_name(t, i) := t.Id if {
	is_string(t.Id)
} else := sprintf("#%d", [i])

sam_disabled(props) if lib.is_false(props.Enabled)

sam_disabled(props) if {
	is_string(props.State)
	upper(props.State) == "DISABLED"
}

# In --strict mode: what this rule could not verify.
