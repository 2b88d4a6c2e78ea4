# METADATA
# title: API Gateway HTTP or WebSocket API stage without throttling
# description: >-
#   An HTTP or WebSocket API stage without DefaultRouteSettings or
#   RouteSettings throttling is limited only by the account's Regional
#   request quota, which every API of the account shares: a spike or a
#   retry storm reaches the backend at full rate. SAM's implicit HTTP API
#   (ServerlessHttpApi), created for HttpApi events without an ApiId, is
#   configured by Globals.HttpApi (SAM applies Globals to implicit APIs) and
#   by each event's RouteSettings: its findings point at each such event.
# custom:
#   id: BW-THROTTLING-002
#   severity: medium
#   concern: throttling
#   well_architected: [REL05-BP02]
#   resource_types: [AWS::ApiGatewayV2::Stage, AWS::Serverless::HttpApi, AWS::Serverless::Function]
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

# An HttpApi event without an ApiId routes through the implicit API.
deny contains lib.finding(f, ["Properties", "Events", name], msg) if {
	some [f, name, e] in implicit_events
	not throttled(object.get(globals_http_api, "DefaultRouteSettings", {}))
	not route_throttled(object.get(globals_http_api, "RouteSettings", {}))
	not throttled(object.get(e, ["Properties", "RouteSettings"], {}))
	msg := sprintf("SAM's implicit HTTP API ServerlessHttpApi, created for HttpApi event %s of function %s, sets no throttling in Globals.HttpApi (DefaultRouteSettings, RouteSettings) or in the event's RouteSettings: it accepts requests up to the account's Regional quota, shared by every API", [name, f])
}

implicit_events contains [f, name, e] if {
	some [f, name, e] in lib.sam_events
	e.Type == "HttpApi"
	object.get(e, ["Properties", "ApiId"], null) == null
}

globals_http_api := object.get(input, ["globals", "HttpApi"], {})

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

kind(r) := "SAM HTTP API" if r.Type == "AWS::Serverless::HttpApi"

kind(r) := "API Gateway v2 stage" if r.Type == "AWS::ApiGatewayV2::Stage"

stage_label(p) := sprintf(" (stage %s)", [p.StageName]) if {
	is_string(p.StageName)
} else := ""
