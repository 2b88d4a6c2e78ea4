# What the rule in sns_subscription_dlq.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.coupling.sns_subscription_dlq

import data.bulwark.lib

# A subscription without a RedrivePolicy whose Protocol is unresolved.
unknowns contains lib.finding(id, ["Properties", "Protocol"], msg) if {
	some id, r in lib.resources(["AWS::SNS::Subscription"])
	lib.unknown(object.get(r, ["Properties", "Protocol"], null))
	object.get(r, ["Properties", "RedrivePolicy"], null) == null
	msg := sprintf("SNS subscription %s: Protocol is not resolved, so whether a message it cannot deliver should go to a dead-letter queue is unknown", [id])
}

# A subscription whose RedrivePolicy may be AWS::NoValue.
unknowns contains lib.finding(id, ["Properties", "RedrivePolicy"], msg) if {
	some id, r in lib.resources(["AWS::SNS::Subscription"])
	not _other_protocol(object.get(r, ["Properties", "Protocol"], null))
	lib.maybe_absent(object.get(r, ["Properties", "RedrivePolicy"], null))
	msg := sprintf("SNS subscription %s: RedrivePolicy is not resolved, so whether a message it cannot deliver is kept in a dead-letter queue is unknown", [id])
}

# A topic whose inline Subscription list, an entry of it, or an entry's
# Protocol is unresolved.
unknowns contains lib.finding(id, ["Properties", "Subscription"], msg) if {
	some id, r in lib.resources(["AWS::SNS::Topic"])
	subs := r.Properties.Subscription
	not lib.list(subs)
	lib.unknown(subs)
	msg := sprintf("SNS topic %s: Subscription is not resolved, so whether it subscribes an endpoint inline, where no dead-letter queue can be set, is unknown", [id])
}

unknowns contains lib.finding(id, ["Properties", "Subscription", i], msg) if {
	some id, r in lib.resources(["AWS::SNS::Topic"])
	some i, s in lib.list(r.Properties.Subscription)
	_maybe_dlq_entry(s)
	msg := sprintf("SNS topic %s: subscription #%d is not resolved, so whether it delivers to an endpoint without a dead-letter queue is unknown", [id, i])
}

# SAM SNS events whose Properties or RedrivePolicy are unresolved.
unknowns contains lib.finding(id, ["Properties", "Events", name, "Properties"], msg) if {
	some [id, name, e] in lib.sam_events
	e.Type == "SNS"
	lib.is_intrinsic(e.Properties)
	msg := sprintf("SNS event %s of function %s: Properties is not resolved, so whether it has a RedrivePolicy is unknown", [name, id])
}

unknowns contains lib.finding(id, ["Properties", "Events", name, "Properties", "RedrivePolicy"], msg) if {
	some [id, name, e] in lib.sam_events
	e.Type == "SNS"
	lib.plain_object(e.Properties)
	lib.maybe_absent(object.get(e.Properties, "RedrivePolicy", null))
	msg := sprintf("SNS event %s of function %s: RedrivePolicy is not resolved, so whether a message it cannot deliver is kept in a dead-letter queue is unknown", [name, id])
}

# A resolved protocol the rule does not judge (email, SMS, ...).
_other_protocol(p) if {
	is_string(p)
	not lower(p) in dlq_protocols
}

# An inline entry that is unresolved (unless every branch is AWS::NoValue
# or a protocol the rule does not judge), or whose Protocol is.
_maybe_dlq_entry(s) if {
	lib.is_intrinsic(s)
	not _never_dlq(s)
}

_maybe_dlq_entry(s) if {
	lib.plain_object(s)
	lib.unknown(object.get(s, "Protocol", null))
}

_never_dlq(s) if {
	[_, a, b] := s["Fn::If"]
	_not_dlq_branch(a)
	_not_dlq_branch(b)
}

_not_dlq_branch(x) if x == {"Ref": "AWS::NoValue"}

_not_dlq_branch(x) if {
	lib.plain_object(x)
	_other_protocol(x.Protocol)
}
