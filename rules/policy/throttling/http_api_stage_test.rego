package bulwark.rules.throttling.http_api_stage_test

import data.bulwark.rules.throttling.http_api_stage
import data.bulwark.testing

stage(props) := {"Type": "AWS::ApiGatewayV2::Stage", "Properties": object.union({"ApiId": {"Ref": "Http"}, "StageName": "$default", "AutoDeploy": true}, props)}

test_fails_for_stage_without_throttling if {
	res := http_api_stage.deny with input as testing.template({"Default": stage({"DefaultRouteSettings": {"DetailedMetricsEnabled": true}})})
	count(res) == 1
	some f in res
	f.path == ["Properties", "DefaultRouteSettings"]
	f.message == "API Gateway v2 stage Default (stage $default) sets no throttling in DefaultRouteSettings or RouteSettings: it accepts requests up to the account's Regional quota, shared by every API"
}

test_fails_for_sam_http_api if {
	res := http_api_stage.deny with input as testing.template({"Http": {"Type": "AWS::Serverless::HttpApi", "Properties": {}}})
	some f in res
	f.path == ["Properties"]
	startswith(f.message, "SAM HTTP API Http sets no throttling")
}

test_passes_with_default_route_throttling if {
	count(http_api_stage.deny) == 0 with input as testing.template({
		"Default": stage({"DefaultRouteSettings": {"ThrottlingRateLimit": 100, "ThrottlingBurstLimit": 50}}),
		"Http": {"Type": "AWS::Serverless::HttpApi", "Properties": {"DefaultRouteSettings": {"ThrottlingBurstLimit": "50"}}},
	})
}

test_passes_with_route_throttling if {
	count(http_api_stage.deny) == 0 with input as testing.template({"Default": stage({"RouteSettings": {"POST /orders": {"ThrottlingRateLimit": 10}}})})
}

test_passes_when_unknown if {
	count(http_api_stage.deny) == 0 with input as testing.template({
		"A": stage({"DefaultRouteSettings": {"Ref": "RouteSettings"}}),
		"B": stage({"DefaultRouteSettings": {"ThrottlingRateLimit": {"Ref": "Rate"}}}),
		"C": stage({"RouteSettings": {"Fn::If": ["Throttle", {"$default": {"ThrottlingRateLimit": 1}}, {}]}}),
	})
}

test_fails_when_only_other_settings_are_unresolved if {
	res := http_api_stage.deny with input as testing.template({"Default": stage({
		"DefaultRouteSettings": {"DetailedMetricsEnabled": {"Ref": "Metrics"}},
		"RouteSettings": {"GET /": {"LoggingLevel": {"Ref": "Logging"}}},
	})})
	count(res) == 1
}

test_unknown_route_settings if {
	inp := testing.template({
		"A": stage({"DefaultRouteSettings": {"Ref": "RouteSettings"}}),
		"C": stage({"RouteSettings": {"Fn::If": ["Throttle", {"$default": {"ThrottlingRateLimit": 1}}, {}]}}),
		"D": stage({"RouteSettings": {"POST /orders": {"ThrottlingRateLimit": {"Fn::If": ["Prod", 10, {"Ref": "AWS::NoValue"}]}}}}),
	})
	count(http_api_stage.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in http_api_stage.unknowns} == {
		["A", ["Properties", "DefaultRouteSettings"]],
		["C", ["Properties", "RouteSettings"]],
		["D", ["Properties", "RouteSettings", "POST /orders", "ThrottlingRateLimit"]],
	} with input as inp
	some f in http_api_stage.unknowns with input as inp
	f.resource == "A"
	f.message == "API Gateway v2 stage A (stage $default): DefaultRouteSettings is not resolved, so whether it throttles requests is unknown"
}

test_no_unknowns_when_known if {
	inp := testing.template({
		"Open": stage({}),
		"B": stage({"DefaultRouteSettings": {"ThrottlingRateLimit": {"Ref": "Rate"}}}),
		"Both": stage({"DefaultRouteSettings": {"ThrottlingBurstLimit": 10}, "RouteSettings": {"Ref": "Routes"}}),
	})
	count(http_api_stage.deny) == 1 with input as inp
	count(http_api_stage.unknowns) == 0 with input as inp
}

http_fn(route_settings) := {"Type": "AWS::Serverless::Function", "Properties": {"Handler": "app.handler", "Events": {"Get": {"Type": "HttpApi", "Properties": object.union({"Path": "/", "Method": "get"}, route_settings)}}}}

# SAM's implicit HTTP API (issue #17): an HttpApi event without ApiId
# creates ServerlessHttpApi, configured by Globals.HttpApi and the event.
test_fails_for_implicit_http_api if {
	res := http_api_stage.deny with input as testing.template({"Fn": http_fn({}), "Other": http_fn({"ApiId": {"Ref": "Http"}})})
	res == {{
		"resource": "Fn",
		"path": ["Properties", "Events", "Get"],
		"message": "SAM's implicit HTTP API ServerlessHttpApi, created for HttpApi event Get of function Fn, sets no throttling in Globals.HttpApi (DefaultRouteSettings, RouteSettings) or in the event's RouteSettings: it accepts requests up to the account's Regional quota, shared by every API",
	}}
}

test_passes_for_implicit_http_api_throttled if {
	count(http_api_stage.deny) == 0 with input as testing.template_input({"Fn": http_fn({})}, {"globals": {"HttpApi": {"DefaultRouteSettings": {"ThrottlingRateLimit": 100}}}})
	count(http_api_stage.deny) == 0 with input as testing.template({"Fn": http_fn({"RouteSettings": {"ThrottlingBurstLimit": 20}})})
}

test_unknown_implicit_http_api_globals if {
	inp := testing.template_input({"Fn": http_fn({})}, {"globals": {"HttpApi": {"DefaultRouteSettings": {"ThrottlingRateLimit": {"Fn::If": ["Prod", 100, {"Ref": "AWS::NoValue"}]}}}}})
	count(http_api_stage.deny) == 0 with input as inp
	http_api_stage.unknowns == {{
		"resource": "Fn",
		"path": ["Properties", "Events", "Get"],
		"message": "SAM's implicit HTTP API ServerlessHttpApi, for HttpApi event Get of function Fn: Globals.HttpApi.DefaultRouteSettings.ThrottlingRateLimit is not resolved, so whether it throttles requests is unknown",
	}} with input as inp
}
