# What the rule in async_failure_destination.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.coupling.async_failure_destination

import data.bulwark.lib

# An asynchronously invoked function whose only failure handlers may be
# AWS::NoValue.
unknowns contains lib.finding(res, path, msg) if {
	some id, _ in lib.functions
	_async(id)
	not _surely_handled(id)
	some [res, path, _] in _handlers[id]
	msg := sprintf("%s: %s is not resolved, so whether %s keeps the events that still fail after Lambda's 2 retries is unknown", [_owner(res, id), concat(".", array.slice(path, 1, count(path))), _subject(res, id)])
}

# An event invoke config with an on-failure destination for a function
# bulwark cannot name may be the handler of an unhandled function.
unknowns contains lib.finding(cid, ["Properties", "FunctionName"], msg) if {
	some id, _ in lib.functions
	_async(id)
	not _handlers[id]
	some cid, name in _unnamed_configs
	msg := sprintf("Lambda event invoke config %s: FunctionName %s, so whether it gives Lambda function %s (invoked asynchronously, no dead-letter queue) an on-failure destination is unknown", [cid, _unnamed(name), id])
}

# The event invoke configs of unknown_invoke_config, with their FunctionName.
_unnamed_configs[cid] := name if {
	some cid, c in lib.resources(["AWS::Lambda::EventInvokeConfig"])
	on_failure(c) != null
	name := c.Properties.FunctionName
	not lib.function_id(name)
}

# A function without a failure handler that may be invoked asynchronously:
# a permission whose Principal is unresolved, or a SAM event whose type is.
unknowns contains lib.finding(pid, ["Properties", "Principal"], msg) if {
	some pid, p in lib.resources(["AWS::Lambda::Permission"])
	lib.unknown(p.Properties.Principal)
	id := lib.function_id(p.Properties.FunctionName)
	not _async(id)
	not _surely_handled(id)
	msg := sprintf("Lambda permission %s: Principal is not resolved, so whether Lambda function %s is invoked asynchronously without a failure destination is unknown", [pid, id])
}

unknowns contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::Serverless::Function"])
	not _async(id)
	not _surely_handled(id)
	some [path, what] in _maybe_async_events(r)
	msg := sprintf("Lambda function %s: %s is not resolved, so whether it is invoked asynchronously without a failure destination is unknown", [id, what])
}

_async(id) if {
	some i in object.get(lib.invocations, id, set())
	i.mode == "async"
}

# _handlers[function] holds [resource, path, value] for each failure
# handler set for the function (what handles_failures accepts).
_handlers[id] contains [id, lib.at(r, p), v] if {
	some id, r in lib.functions
	some p in [
		["Properties", "DeadLetterConfig"],
		["Properties", "DeadLetterQueue"],
		["Properties", "EventInvokeConfig", "DestinationConfig", "OnFailure"],
	]
	v := lib.get(r, p, null)
	v != null
}

_handlers[f] contains [cid, lib.at(c, ["Properties", "DestinationConfig", "OnFailure"]), v] if {
	some cid, c in lib.resources(["AWS::Lambda::EventInvokeConfig"])
	v := on_failure(c)
	v != null
	f := lib.function_id(c.Properties.FunctionName)
}

_surely_handled(id) if {
	some [_, _, v] in _handlers[id]
	not lib.maybe_absent(v)
}

_owner(res, id) := sprintf("Lambda function %s", [id]) if res == id

_owner(res, id) := sprintf("Lambda event invoke config %s", [res]) if res != id

_subject(res, id) := "the function (invoked asynchronously)" if res == id

_subject(res, id) := sprintf("Lambda function %s (invoked asynchronously)", [id]) if res != id

_unnamed(name) := "is not resolved" if {
	lib.unknown(name)
} else := sprintf("(%v) names no function bulwark can identify", [name])

# [path, property] of the SAM events of r that may invoke it
# asynchronously: Events or an entry unresolved, or an entry's Type.
_maybe_async_events(r) := {[["Properties", "Events"], "Events"]} if {
	lib.is_intrinsic(r.Properties.Events)
} else := {[["Properties", "Events", name], sprintf("Events.%s", [name])] |
	some name, e in r.Properties.Events
	_maybe_async_event(e)
}

_maybe_async_event(e) if {
	lib.is_intrinsic(e)
	not _never_async(e)
}

_maybe_async_event(e) if {
	is_object(e)
	not lib.is_intrinsic(e)
	lib.unknown(e.Type)
}

_never_async(e) if {
	[_, a, b] := e["Fn::If"]
	_not_async_branch(a)
	_not_async_branch(b)
}

_not_async_branch(x) if x == {"Ref": "AWS::NoValue"}

_not_async_branch(x) if {
	is_string(x.Type)
	not lib.is_intrinsic(x)
	not x.Type in lib.async_event_types
}
