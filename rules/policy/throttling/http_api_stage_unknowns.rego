# What the rule in http_api_stage.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.throttling.http_api_stage

import data.bulwark.lib

# In --strict mode: what this rule could not verify.
unknowns contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::ApiGatewayV2::Stage", "AWS::Serverless::HttpApi"])
	default_settings := object.get(r, ["Properties", "DefaultRouteSettings"], {})
	route_settings := object.get(r, ["Properties", "RouteSettings"], {})
	not _surely_throttled(default_settings)
	not _surely_route_throttled(route_settings)
	unresolved := _unresolved(default_settings, ["Properties", "DefaultRouteSettings"]) | _route_unresolved(route_settings)
	some [path, what] in unresolved
	msg := sprintf("%s %s%s: %s is not resolved, so whether it throttles requests is unknown", [kind(r), id, stage_label(r.Properties), what])
}

_surely_throttled(s) if {
	is_object(s)
	not lib.is_intrinsic(s)
	some k in throttle_keys
	lib.present_trusting_lookups(object.get(s, k, null))
}

_surely_route_throttled(s) if {
	is_object(s)
	not lib.is_intrinsic(s)
	some v in s
	_surely_throttled(v)
}

# [path, property] of the unresolved values on which the throttling of
# settings s at base depends.
_unresolved(s, base) := {[base, concat(".", array.slice(base, 1, count(base)))]} if {
	lib.is_intrinsic(s)
} else := {[array.concat(base, [k]), concat(".", array.concat(array.slice(base, 1, count(base)), [k]))] |
	is_object(s)
	some k in throttle_keys
	lib.maybe_absent_trusting_lookups(object.get(s, k, null))
}

_route_unresolved(s) := _unresolved(s, ["Properties", "RouteSettings"]) if {
	lib.is_intrinsic(s)
} else := {x |
	is_object(s)
	some route, v in s
	some x in _unresolved(v, ["Properties", "RouteSettings", route])
}

# The implicit HTTP API: its settings are in Globals.HttpApi, outside any
# resource, and in the event's RouteSettings; the finding points at the event.
unknowns contains lib.finding(f, ["Properties", "Events", name], msg) if {
	some [f, name, e] in implicit_events
	default_settings := object.get(globals_http_api, "DefaultRouteSettings", {})
	route_settings := object.get(globals_http_api, "RouteSettings", {})
	event_settings := object.get(e, ["Properties", "RouteSettings"], {})
	not _surely_throttled(default_settings)
	not _surely_route_throttled(route_settings)
	not _surely_throttled(event_settings)
	# _unresolved names a property by its path after the first element.
	unresolved := (_unresolved(default_settings, ["Globals", "Globals", "HttpApi", "DefaultRouteSettings"]) | _route_unresolved_at(route_settings, ["Globals", "Globals", "HttpApi", "RouteSettings"])) | _unresolved(event_settings, ["Properties", "Events", name, "Properties", "RouteSettings"])
	some [_, what] in unresolved
	msg := sprintf("SAM's implicit HTTP API ServerlessHttpApi, for HttpApi event %s of function %s: %s is not resolved, so whether it throttles requests is unknown", [name, f, what])
}

_route_unresolved_at(s, base) := _unresolved(s, base) if {
	lib.is_intrinsic(s)
} else := {x |
	is_object(s)
	some route, v in s
	some x in _unresolved(v, array.concat(base, [route]))
}
