# What the rule in eventbridge_target_no_retry.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.coupling.eventbridge_target_no_retry

import data.bulwark.lib

eventbridge_event_types := {"EventBridgeRule", "CloudWatchEvent", "Schedule"}

# A rule whose State is unresolved, with a target that drops, or may drop,
# events at the first failure.
unknowns contains lib.finding(id, ["Properties", "State"], msg) if {
	some id, r in lib.resources(["AWS::Events::Rule"])
	lib.unknown(object.get(r, ["Properties", "State"], null))
	_rule_not_known_safe(r)
	msg := sprintf("EventBridge rule %s: State is not resolved, so whether it delivers events to a target with MaximumRetryAttempts 0 and no DeadLetterConfig is unknown", [id])
}

# An enabled rule whose Targets, a target or a target's settings are
# unresolved.
unknowns contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::Events::Rule"])
	not lib.rule_disabled(r)
	not lib.unknown(object.get(r, ["Properties", "State"], null))
	some [path, what] in _rule_unknowns(r)
	msg := sprintf("EventBridge rule %s: %s is not resolved, so whether an event whose first delivery fails is lost is unknown", [id, what])
}

# The same for the EventBridge events of SAM functions.
unknowns contains lib.finding(id, array.concat(base, suffix), msg) if {
	some [id, name, e] in lib.sam_events
	e.Type in eventbridge_event_types
	base := ["Properties", "Events", name, "Properties"]
	props := object.get(e, "Properties", {})
	some [suffix, what] in _sam_unknowns(props)
	msg := sprintf("%s event %s of function %s: %s is not resolved, so whether an event whose first delivery fails is lost is unknown", [e.Type, name, id, what])
}

# SAM events whose type is unresolved.
unknowns contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::Serverless::Function"])
	some [path, what] in _maybe_eventbridge_events(r)
	msg := sprintf("Lambda function %s: %s is not resolved, so whether it is an EventBridge event that drops events at the first failure is unknown", [id, what])
}

# _fails(t) is deny's answer for a target (or SAM event properties) t;
# _unknown_at(t) is [path, property] of the unresolved value that decides
# it when deny cannot tell.
_fails(t) if {
	lib.plain_object(t)
	object.get(t, "DeadLetterConfig", null) == null
	lib.number(t.RetryPolicy.MaximumRetryAttempts) == 0
}

_unknown_at(t) := [["RetryPolicy"], "RetryPolicy"] if {
	lib.plain_object(t)
	not _surely_has_dlq(t)
	lib.is_intrinsic(t.RetryPolicy)
} else := [["RetryPolicy", "MaximumRetryAttempts"], "RetryPolicy.MaximumRetryAttempts"] if {
	lib.plain_object(t)
	not _surely_has_dlq(t)
	lib.unknown(t.RetryPolicy.MaximumRetryAttempts)
} else := [["DeadLetterConfig"], "DeadLetterConfig"] if {
	lib.plain_object(t)
	lib.maybe_absent(t.DeadLetterConfig)
	lib.number(t.RetryPolicy.MaximumRetryAttempts) == 0
}

_surely_has_dlq(t) if {
	object.get(t, "DeadLetterConfig", null) != null
	not lib.maybe_absent(t.DeadLetterConfig)
}

_pass(t) if {
	lib.plain_object(t)
	not _fails(t)
	not _unknown_at(t)
}

# A conditional target whose every branch is AWS::NoValue or passes.
_safe(t) if {
	[_, a, b] := t["Fn::If"]
	_safe_branch(a)
	_safe_branch(b)
}

_safe_branch(x) if x == {"Ref": "AWS::NoValue"}

_safe_branch(x) if _pass(x)

_rule_unknowns(r) := {[["Properties", "Targets"], "Targets"]} if {
	targets := r.Properties.Targets
	not lib.list(targets)
	lib.unknown(targets)
} else := {[path, what] |
	some i, t in lib.list(r.Properties.Targets)
	[path, what] := _target_unknown(t, i)
}

_target_unknown(t, i) := [["Properties", "Targets", i], sprintf("target #%d", [i])] if {
	lib.is_intrinsic(t)
	not _safe(t)
} else := [array.concat(["Properties", "Targets", i], suffix), sprintf("%s of target %s", [what, target_name(t, i)])] if {
	[suffix, what] := _unknown_at(t)
}

_rule_not_known_safe(r) if {
	some t in lib.list(r.Properties.Targets)
	_fails(t)
}

_rule_not_known_safe(r) if count(_rule_unknowns(r)) > 0

_sam_unknowns(props) := {[[], "Properties"]} if {
	lib.is_intrinsic(props)
} else := {[[k], k] |
	not sam_disabled(props)
	some k in ["Enabled", "State"]
	lib.unknown(object.get(props, k, null))
	_sam_not_known_safe(props)
} if {
	lib.plain_object(props)
	lib.sam_event_state_unknown(props)
} else := {[suffix, what] |
	not sam_disabled(props)
	[suffix, what] := _unknown_at(props)
}

_sam_not_known_safe(props) if _fails(props)

_sam_not_known_safe(props) if _unknown_at(props)

# [path, property] of each entry of r's Events that may be an EventBridge
# event: Events or the entry unresolved, or its Type.
_maybe_eventbridge_events(r) := {[["Properties", "Events"], "Events"]} if {
	lib.is_intrinsic(r.Properties.Events)
} else := {[["Properties", "Events", name], sprintf("Events.%s", [name])] |
	some name, e in r.Properties.Events
	_maybe_eventbridge_event(e)
}

_maybe_eventbridge_event(e) if {
	lib.is_intrinsic(e)
	not _never_eventbridge(e)
}

_maybe_eventbridge_event(e) if {
	lib.plain_object(e)
	lib.unknown(e.Type)
}

_never_eventbridge(e) if {
	[_, a, b] := e["Fn::If"]
	_not_eventbridge_branch(a)
	_not_eventbridge_branch(b)
}

_not_eventbridge_branch(x) if x == {"Ref": "AWS::NoValue"}

_not_eventbridge_branch(x) if {
	lib.plain_object(x)
	is_string(x.Type)
	not x.Type in eventbridge_event_types
}

_not_eventbridge_branch(x) if {
	lib.plain_object(x)
	is_string(x.Type)
	_pass(object.get(x, "Properties", {}))
}
