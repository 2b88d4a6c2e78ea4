package bulwark.rules.throttling.rest_api_stage_test

import data.bulwark.rules.throttling.rest_api_stage
import data.bulwark.testing

api := {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "orders"}}

stage(props) := {"Type": "AWS::ApiGateway::Stage", "Properties": object.union({"RestApiId": {"Ref": "Api"}, "DeploymentId": {"Ref": "Deployment"}, "StageName": "prod"}, props)}

plan(props) := {"Type": "AWS::ApiGateway::UsagePlan", "Properties": props}

throttled := [{"HttpMethod": "*", "ResourcePath": "/*", "ThrottlingRateLimit": 100, "ThrottlingBurstLimit": 200}]

test_fails_for_stage_without_throttling if {
	res := rest_api_stage.deny with input as testing.template({
		"Api": api,
		"Prod": stage({"MethodSettings": [{"HttpMethod": "*", "ResourcePath": "/*", "MetricsEnabled": true}]}),
	})
	count(res) == 1
	some f in res
	f.resource == "Prod"
	f.path == ["Properties", "MethodSettings"]
	f.message == "API Gateway stage Prod (stage prod) sets no throttling (no MethodSettings throttling) and no usage plan with a Throttle covers it: it accepts requests up to the account's Regional quota, shared by every API"
}

test_fails_for_deployment_stage if {
	res := rest_api_stage.deny with input as testing.template({
		"Api": api,
		"Deployment": {"Type": "AWS::ApiGateway::Deployment", "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": "v1"}},
	})
	some f in res
	f.path == ["Properties"]
	startswith(f.message, "API Gateway deployment Deployment (stage v1) sets no throttling (no StageDescription throttling)")
}

test_fails_for_sam_api if {
	res := rest_api_stage.deny with input as testing.template({"OrdersApi": {"Type": "AWS::Serverless::Api", "Properties": {"StageName": "prod", "Auth": {"UsagePlan": {"CreateUsagePlan": "NONE", "Throttle": {"RateLimit": 10}}}}}})
	some f in res
	startswith(f.message, "SAM API OrdersApi (stage prod) sets no throttling")
}

test_fails_when_usage_plan_has_no_throttle if {
	res := rest_api_stage.deny with input as testing.template({
		"Api": api,
		"Prod": stage({}),
		"Plan": plan({"ApiStages": [{"ApiId": {"Ref": "Api"}, "Stage": {"Ref": "Prod"}}], "Quota": {"Limit": 1000, "Period": "DAY"}}),
	})
	count(res) == 1
}

test_fails_when_usage_plan_covers_another_stage if {
	res := rest_api_stage.deny with input as testing.template({
		"Api": api,
		"Prod": stage({}),
		"Plan": plan({"ApiStages": [{"ApiId": {"Ref": "Api"}, "Stage": "beta"}], "Throttle": {"RateLimit": 10, "BurstLimit": 20}}),
	})
	count(res) == 1
}

test_passes_with_method_settings_throttling if {
	count(rest_api_stage.deny) == 0 with input as testing.template({
		"Api": api,
		"Prod": stage({"MethodSettings": throttled}),
		"Deployment": {"Type": "AWS::ApiGateway::Deployment", "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": "v1", "StageDescription": {"ThrottlingRateLimit": "50", "ThrottlingBurstLimit": "100"}}},
		"Deployment2": {"Type": "AWS::ApiGateway::Deployment", "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": "v2", "StageDescription": {"MethodSettings": throttled}}},
		"NoStage": {"Type": "AWS::ApiGateway::Deployment", "Properties": {"RestApiId": {"Ref": "Api"}}},
		"Sam": {"Type": "AWS::Serverless::Api", "Properties": {"StageName": "prod", "MethodSettings": throttled}},
		"SamPlan": {"Type": "AWS::Serverless::Api", "Properties": {"StageName": "prod", "Auth": {"UsagePlan": {"CreateUsagePlan": "PER_API", "Throttle": {"RateLimit": 10, "BurstLimit": 20}}}}},
	})
}

test_passes_with_usage_plan if {
	count(rest_api_stage.deny) == 0 with input as testing.template({
		"Api": api,
		"Prod": stage({}),
		"Beta": stage({"StageName": "beta"}),
		"Sam": {"Type": "AWS::Serverless::Api", "Properties": {"StageName": "live"}},
		"Plan": plan({"Throttle": {"RateLimit": 10, "BurstLimit": 20}, "ApiStages": [
			{"ApiId": {"Ref": "Api"}, "Stage": {"Ref": "Prod"}},
			{"ApiId": {"Ref": "Api"}, "Stage": "beta"},
			{"ApiId": {"Ref": "Sam"}, "Stage": {"Ref": "Sam.Stage"}},
		]}),
	})
}

test_passes_when_unknown if {
	count(rest_api_stage.deny) == 0 with input as testing.template({
		"Api": api,
		"Prod": stage({"MethodSettings": {"Fn::If": ["Throttle", throttled, []]}}),
		"Beta": stage({"StageName": "beta", "MethodSettings": [{"Fn::If": ["Throttle", throttled[0], {"Ref": "AWS::NoValue"}]}]}),
		"Deployment": {"Type": "AWS::ApiGateway::Deployment", "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": "v1", "StageDescription": {"Ref": "Description"}}},
	})
}

test_passes_when_a_usage_plan_is_unknown if {
	count(rest_api_stage.deny) == 0 with input as testing.template({
		"Api": api,
		"Prod": stage({}),
		"Plan": plan({"Throttle": {"RateLimit": 10}, "ApiStages": [{"ApiId": {"Fn::ImportValue": "shared-api"}, "Stage": "prod"}]}),
	})
}

test_passes_when_plan_stage_is_unknown if {
	count(rest_api_stage.deny) == 0 with input as testing.template({
		"Api": api,
		"Prod": stage({}),
		"Plan": plan({"Throttle": {"RateLimit": 10}, "ApiStages": [{"ApiId": {"Ref": "Api"}, "Stage": {"Ref": "StageParam"}}]}),
	})
}

test_unknown_stage_settings if {
	inp := testing.template({
		"Api": api,
		"Prod": stage({"MethodSettings": {"Fn::If": ["Throttle", throttled, []]}}),
		"Beta": stage({"StageName": "beta", "MethodSettings": [{"Fn::If": ["Throttle", throttled[0], {"Ref": "AWS::NoValue"}]}]}),
		"Deployment": {"Type": "AWS::ApiGateway::Deployment", "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": "v1", "StageDescription": {"Ref": "Description"}}},
		"Gamma": stage({"StageName": "gamma", "MethodSettings": [{"HttpMethod": "*", "ResourcePath": "/*", "ThrottlingRateLimit": {"Fn::If": ["Prod", 10, {"Ref": "AWS::NoValue"}]}}]}),
	})
	count(rest_api_stage.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in rest_api_stage.unknowns} == {
		["Prod", ["Properties", "MethodSettings"]],
		["Beta", ["Properties", "MethodSettings", 0]],
		["Deployment", ["Properties", "StageDescription"]],
		["Gamma", ["Properties", "MethodSettings", 0, "ThrottlingRateLimit"]],
	} with input as inp
	some f in rest_api_stage.unknowns with input as inp
	f.resource == "Gamma"
	f.message == "API Gateway stage Gamma (stage gamma): MethodSettings.0.ThrottlingRateLimit is not resolved, so whether it is throttled is unknown"
}

test_unknown_usage_plans if {
	inp := testing.template({
		"Api": api,
		"Prod": stage({}),
		"Imported": plan({"Throttle": {"RateLimit": 10}, "ApiStages": [{"ApiId": {"Fn::ImportValue": "shared-api"}, "Stage": "prod"}]}),
		"Unresolved": plan({"ApiStages": {"Ref": "Stages"}}),
		"ByParam": plan({"Throttle": {"RateLimit": 10}, "ApiStages": [{"ApiId": {"Ref": "Api"}, "Stage": {"Ref": "StageParam"}}]}),
	})
	count(rest_api_stage.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in rest_api_stage.unknowns} == {
		["Imported", ["Properties", "ApiStages", 0, "ApiId"]],
		["Unresolved", ["Properties", "ApiStages"]],
		["ByParam", ["Properties", "ApiStages", 0, "Stage"]],
	} with input as inp
	some f in rest_api_stage.unknowns with input as inp
	f.resource == "Unresolved"
	f.message == "Usage plan Unresolved: ApiStages is not resolved, so whether its Throttle covers API Gateway stage Prod (stage prod) is unknown"
}

test_unknown_stage_name_and_sam_plan if {
	inp := testing.template({
		"Api": api,
		"Prod": stage({"StageName": {"Ref": "Stage"}}),
		"Plan": plan({"Throttle": {"RateLimit": 10}, "ApiStages": [{"ApiId": {"Ref": "Api"}, "Stage": "prod"}]}),
		"Sam": {"Type": "AWS::Serverless::Api", "Properties": {"StageName": "prod", "Auth": {"UsagePlan": {"CreateUsagePlan": {"Ref": "PlanKind"}, "Throttle": {"RateLimit": 10}}}}},
	})
	count(rest_api_stage.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in rest_api_stage.unknowns} == {
		["Prod", ["Properties", "StageName"]],
		["Sam", ["Properties", "Auth", "UsagePlan", "CreateUsagePlan"]],
	} with input as inp
}

test_fails_despite_plans_that_cannot_throttle if {
	res := rest_api_stage.deny with input as testing.template({
		"Api": api,
		"Prod": stage({}),
		"Unattached": plan({"Throttle": {"RateLimit": 10}}),
		"QuotaOnly": plan({"Quota": {"Limit": 1000, "Period": "DAY"}, "ApiStages": [{"ApiId": {"Fn::ImportValue": "shared-api"}, "Stage": "prod"}]}),
	})
	count(res) == 1
}

test_no_unknowns_when_known if {
	inp := testing.template({
		"Api": api,
		"Open": stage({"StageName": "open"}),
		"Prod": stage({"MethodSettings": throttled, "StageName": {"Ref": "Stage"}}),
		"Covered": stage({"StageName": "covered", "MethodSettings": {"Ref": "Settings"}}),
		"Plan": plan({"Throttle": {"RateLimit": 10}, "ApiStages": [{"ApiId": {"Ref": "Api"}, "Stage": {"Ref": "Covered"}}]}),
	})
	count(rest_api_stage.deny) == 1 with input as inp
	count(rest_api_stage.unknowns) == 0 with input as inp
}

api_event(name) := {name: {"Type": "Api", "Properties": {"Path": "/orders", "Method": "get"}}}

sam_fn(events) := {"Type": "AWS::Serverless::Function", "Properties": {"Handler": "app.handler", "Events": events}}

# SAM's implicit API (issue #17): an Api event without RestApiId creates
# ServerlessRestApi, configured only by Globals.Api.
test_fails_for_implicit_api if {
	res := rest_api_stage.deny with input as testing.template({
		"Orders": sam_fn(api_event("GetOrders")),
		"Explicit": sam_fn({"Post": {"Type": "Api", "Properties": {"Path": "/", "Method": "post", "RestApiId": {"Ref": "Sam"}}}}),
		"Sam": {"Type": "AWS::Serverless::Api", "Properties": {"StageName": "prod", "MethodSettings": throttled}},
	})
	res == {{
		"resource": "Orders",
		"path": ["Properties", "Events", "GetOrders"],
		"message": "SAM's implicit API ServerlessRestApi (stage Prod, created for Api event GetOrders of function Orders) sets no throttling (no Globals.Api MethodSettings throttling and no Globals.Api Auth.UsagePlan Throttle) and no usage plan with a Throttle covers it: it accepts requests up to the account's Regional quota, shared by every API",
	}}
}

test_passes_for_implicit_api_throttled_by_globals if {
	count(rest_api_stage.deny) == 0 with input as testing.template_input({"Orders": sam_fn(api_event("GetOrders"))}, {"globals": {"Api": {"MethodSettings": throttled}}})
	count(rest_api_stage.deny) == 0 with input as testing.template_input({"Orders": sam_fn(api_event("GetOrders"))}, {"globals": {"Api": {"Auth": {"UsagePlan": {"CreateUsagePlan": "PER_API", "Throttle": {"RateLimit": 10}}}}}})
	count(rest_api_stage.deny) == 0 with input as testing.template({
		"Orders": sam_fn(api_event("GetOrders")),
		"Plan": plan({"Throttle": {"RateLimit": 10}, "ApiStages": [{"ApiId": {"Ref": "ServerlessRestApi"}, "Stage": {"Ref": "ServerlessRestApiProdStage"}}]}),
	})
}

test_fails_for_implicit_api_when_a_plan_covers_another_stage if {
	res := rest_api_stage.deny with input as testing.template({
		"Orders": sam_fn(api_event("GetOrders")),
		"Plan": plan({"Throttle": {"RateLimit": 10}, "ApiStages": [{"ApiId": {"Ref": "ServerlessRestApi"}, "Stage": "Beta"}]}),
	})
	count(res) == 1
}

test_unknown_implicit_api_globals if {
	inp := testing.template_input({"Orders": sam_fn(api_event("GetOrders"))}, {"globals": {"Api": {"MethodSettings": {"Fn::If": ["Prod", throttled, []]}}}})
	count(rest_api_stage.deny) == 0 with input as inp
	rest_api_stage.unknowns == {{
		"resource": "Orders",
		"path": ["Properties", "Events", "GetOrders"],
		"message": "SAM's implicit API ServerlessRestApi (stage Prod, created for Api event GetOrders of function Orders): Globals.Api.MethodSettings is not resolved, so whether it is throttled is unknown",
	}} with input as inp
}
