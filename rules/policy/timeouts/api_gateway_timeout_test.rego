package bulwark.rules.timeouts.api_gateway_timeout_test

import data.bulwark.rules.timeouts.api_gateway_timeout
import data.bulwark.testing

fn(timeout) := {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.12", "Timeout": timeout}}

uri := {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Orders.Arn}/invocations"}

method(integration) := {"Type": "AWS::ApiGateway::Method", "Properties": {"HttpMethod": "GET", "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "Res"}, "Integration": integration}}

sam_fn(props) := {"Type": "AWS::Serverless::Function", "Properties": object.union({"Handler": "app.handler"}, props)}

test_fails_behind_rest_method if {
	res := api_gateway_timeout.deny with input as testing.template({
		"Orders": fn(60),
		"GetOrders": method({"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": uri}),
	})
	count(res) == 1
	some f in res
	f.resource == "Orders"
	f.path == ["Properties", "Timeout"]
	f.details == {"function_timeout": 60, "integration_timeout": 29}
	f.message == "Lambda function Orders has Timeout 60 s but is called by API Gateway method GetOrders, whose integration times out after 29 s: API Gateway returns 504 to the client while the function keeps running"
}

test_fails_with_join_uri_and_custom_timeout if {
	res := api_gateway_timeout.deny with input as testing.template({
		"Orders": fn("20"),
		"GetOrders": method({"Type": "AWS_PROXY", "TimeoutInMillis": 10000, "Uri": {"Fn::Join": ["", ["arn:aws:apigateway:", {"Ref": "AWS::Region"}, ":lambda:path/2015-03-31/functions/", {"Fn::GetAtt": ["Orders", "Arn"]}, "/invocations"]]}}),
	})
	some f in res
	f.details.integration_timeout == 10
}

test_fails_for_http_api_integration if {
	res := api_gateway_timeout.deny with input as testing.template({
		"Orders": fn(45),
		"Http": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"ProtocolType": "HTTP"}},
		"Integration": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {"ApiId": {"Ref": "Http"}, "IntegrationType": "AWS_PROXY", "IntegrationUri": {"Fn::GetAtt": ["Orders", "Arn"]}, "PayloadFormatVersion": "2.0"}},
	})
	some f in res
	contains(f.message, "called by API Gateway integration Integration, whose integration times out after 30 s")
}

test_fails_for_sam_api_event_with_globals_timeout if {
	res := api_gateway_timeout.deny with input as testing.template({"Orders": sam_fn({"Timeout": 30, "Events": {"List": {"Type": "Api", "Properties": {"Path": "/orders", "Method": "get"}}}})})
	some f in res
	contains(f.message, "called by Api event List, whose integration times out after 29 s")
}

test_fails_for_openapi_definition if {
	res := api_gateway_timeout.deny with input as testing.template({
		"Orders": fn(120),
		"Api": {"Type": "AWS::Serverless::Api", "Properties": {"StageName": "prod", "DefinitionBody": {"paths": {"/orders": {"get": {"x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST", "uri": uri}}}}}}},
	})
	some f in res
	contains(f.message, "called by OpenAPI definition of Api")
}

test_passes_within_limit if {
	count(api_gateway_timeout.deny) == 0 with input as testing.template({
		"Orders": fn(29),
		"GetOrders": method({"Type": "AWS_PROXY", "Uri": uri}),
		"Http": sam_fn({"Timeout": 30, "Events": {"List": {"Type": "HttpApi", "Properties": {"Path": "/orders", "Method": "get"}}}}),
	})
}

test_passes_with_raised_integration_timeout if {
	count(api_gateway_timeout.deny) == 0 with input as testing.template({
		"Orders": fn(60),
		"GetOrders": method({"Type": "AWS_PROXY", "TimeoutInMillis": 90000, "Uri": uri}),
	})
}

test_passes_for_function_not_behind_api if {
	count(api_gateway_timeout.deny) == 0 with input as testing.template({"Orders": fn(900)})
}

test_passes_when_unknown if {
	count(api_gateway_timeout.deny) == 0 with input as testing.template({
		"Orders": fn({"Ref": "Timeout"}),
		"Other": fn(60),
		"GetOrders": method({"Type": "AWS_PROXY", "Uri": uri}),
		"GetOther": method({"Type": "AWS_PROXY", "TimeoutInMillis": {"Ref": "IntegrationTimeout"}, "Uri": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Other.Arn}/invocations"}}),
		"Unnamed": method({"Type": "AWS_PROXY", "Uri": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${FunctionArn}/invocations"}}),
	})
}

test_unknown_function_timeout if {
	inp := testing.template({
		"Orders": fn({"Ref": "Timeout"}),
		"GetOrders": method({"Type": "AWS_PROXY", "Uri": uri}),
	})
	count(api_gateway_timeout.deny) == 0 with input as inp
	api_gateway_timeout.unknowns == {{
		"resource": "Orders",
		"path": ["Properties", "Timeout"],
		"message": "Lambda function Orders: Timeout is not resolved, so whether it outlives the integration timeout of API Gateway method GetOrders is unknown",
	}} with input as inp
}

test_unknown_integration_timeouts if {
	inp := testing.template({
		"Other": fn(60),
		"GetOther": method({"Type": "AWS_PROXY", "TimeoutInMillis": {"Ref": "IntegrationTimeout"}, "Uri": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Other.Arn}/invocations"}}),
		"Sam": sam_fn({"Timeout": 20, "Events": {"List": {"Type": "Api", "Properties": {"Path": "/orders", "Method": "get", "TimeoutInMillis": {"Ref": "Millis"}}}}}),
		"Spec": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Body": {"paths": {"/": {"get": {"x-amazon-apigateway-integration": {"uri": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Spec2.Arn}/invocations"}, "timeoutInMillis": {"Ref": "Millis"}}}}}}}},
		"Spec2": fn(10),
	})
	count(api_gateway_timeout.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in api_gateway_timeout.unknowns} == {
		["GetOther", ["Properties", "Integration", "TimeoutInMillis"]],
		["Sam", ["Properties", "Events", "List", "Properties", "TimeoutInMillis"]],
		["Spec", ["Properties", "Body"]],
	} with input as inp
	some f in api_gateway_timeout.unknowns with input as inp
	f.resource == "GetOther"
	f.message == "API Gateway method GetOther: TimeoutInMillis is not resolved, so whether Lambda function Other (Timeout 60 s) outlives the integration timeout is unknown"
}

test_no_unknowns_when_known_or_reported if {
	inp := testing.template({
		"Orders": fn(60),
		"GetOrders": method({"Type": "AWS_PROXY", "Uri": uri}),
		"PostOrders": method({"Type": "AWS_PROXY", "TimeoutInMillis": {"Ref": "IntegrationTimeout"}, "Uri": uri}),
		"Alone": fn({"Ref": "Timeout"}),
	})
	count(api_gateway_timeout.deny) == 1 with input as inp
	count(api_gateway_timeout.unknowns) == 0 with input as inp
}

test_no_unknowns_when_every_branch_fits if {
	count(api_gateway_timeout.unknowns) == 0 with input as testing.template({
		"Orders": fn({"Fn::If": ["Prod", 20, 29]}),
		"GetOrders": method({"Type": "AWS_PROXY", "Uri": uri}),
	})
}

# Integrations that do not wait (issue #17): an asynchronous call answers
# 202 at once, a streamed response may run up to 15 minutes.
test_passes_for_integrations_that_do_not_wait if {
	count(api_gateway_timeout.deny) == 0 with input as testing.template({
		"Orders": fn(120),
		"Async": method({"Type": "AWS", "IntegrationHttpMethod": "POST", "Uri": uri, "RequestParameters": {"integration.request.header.X-Amz-Invocation-Type": "'Event'"}}),
		"Stream": method({"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": uri, "ResponseTransferMode": "STREAM", "TimeoutInMillis": 900000}),
		"Spec": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Body": {"paths": {"/jobs": {"post": {"x-amazon-apigateway-integration": {"type": "aws", "httpMethod": "POST", "uri": uri, "requestParameters": {"integration.request.header.X-Amz-Invocation-Type": "'Event'"}}}}}}}},
	})
}

test_fails_when_invocation_type_is_request_response if {
	res := api_gateway_timeout.deny with input as testing.template({
		"Orders": fn(120),
		"Sync": method({"Type": "AWS", "IntegrationHttpMethod": "POST", "Uri": uri, "RequestParameters": {"integration.request.header.X-Amz-Invocation-Type": "'RequestResponse'"}, "ResponseTransferMode": "BUFFERED"}),
	})
	count(res) == 1
}

test_unknown_invocation_type if {
	inp := testing.template({
		"Orders": fn(120),
		"Maybe": method({"Type": "AWS", "IntegrationHttpMethod": "POST", "Uri": uri, "RequestParameters": {"integration.request.header.X-Amz-Invocation-Type": {"Fn::If": ["Async", "'Event'", "'RequestResponse'"]}}}),
	})
	count(api_gateway_timeout.deny) == 0 with input as inp
	api_gateway_timeout.unknowns == {{
		"resource": "Maybe",
		"path": ["Properties", "Integration"],
		"message": "API Gateway method Maybe: the X-Amz-Invocation-Type mapping or ResponseTransferMode is not resolved, so whether it waits for Lambda function Orders (Timeout 120 s) past its integration timeout is unknown",
	}} with input as inp
}
