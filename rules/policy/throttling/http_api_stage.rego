# METADATA
# title: API Gateway HTTP or WebSocket API stage without throttling
# description: >-
#   An HTTP or WebSocket API stage without DefaultRouteSettings or
#   RouteSettings throttling is limited only by the account's Regional
#   request quota, which every API of the account shares: a spike or a
#   retry storm reaches the backend at full rate.
# custom:
#   id: BW-THROTTLING-002
#   severity: medium
#   concern: throttling
#   well_architected: [REL05-BP02]
#   resource_types: [AWS::ApiGatewayV2::Stage, AWS::Serverless::HttpApi]
#   inputs: [template, account]
#   remediation: >-
#     Set DefaultRouteSettings {ThrottlingRateLimit: N, ThrottlingBurstLimit:
#     M} on the stage (SAM: the HttpApi's DefaultRouteSettings, or
#     Globals.HttpApi), and RouteSettings for routes that need a lower limit.
package bulwark.rules.throttling.http_api_stage

import data.bulwark.lib

deny contains lib.finding(id, lib.at(r, ["Properties", "DefaultRouteSettings"]), msg) if {
	some id, r in lib.resources(["AWS::ApiGatewayV2::Stage", "AWS::Serverless::HttpApi"])
	not throttled(object.get(r, ["Properties", "DefaultRouteSettings"], {}))
	not route_throttled(object.get(r, ["Properties", "RouteSettings"], {}))
	msg := sprintf("%s %s%s sets no throttling in DefaultRouteSettings or RouteSettings: it accepts requests up to the account's Regional quota, shared by every API", [kind(r), id, stage_label(r.Properties)])
}

throttle_keys := {"ThrottlingRateLimit", "ThrottlingBurstLimit"}

# Settings that are, or may be, throttled: a throttle key is set (even to
# an unresolved value), or the settings themselves are unresolved. Other
# unresolved keys (e.g. DetailedMetricsEnabled) do not matter.
throttled(s) if lib.is_intrinsic(s)

throttled(s) if {
	is_object(s)
	some k in throttle_keys
	object.get(s, k, null) != null
}

route_throttled(s) if lib.is_intrinsic(s)

route_throttled(s) if {
	is_object(s)
	some v in s
	throttled(v)
}

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

kind(r) := "SAM HTTP API" if r.Type == "AWS::Serverless::HttpApi"

kind(r) := "API Gateway v2 stage" if r.Type == "AWS::ApiGatewayV2::Stage"

stage_label(p) := sprintf(" (stage %s)", [p.StageName]) if {
	is_string(p.StageName)
} else := ""
