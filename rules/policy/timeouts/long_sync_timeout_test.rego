package bulwark.rules.timeouts.long_sync_timeout_test

import data.bulwark.rules.timeouts.long_sync_timeout
import data.bulwark.testing

fn(timeout) := {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.12", "Timeout": timeout}}

sam_fn(props) := {"Type": "AWS::Serverless::Function", "Properties": object.union({"Handler": "app.handler"}, props)}

test_fails_without_trigger if {
	res := long_sync_timeout.deny with input as testing.template({"Report": fn(900)})
	count(res) == 1
	some f in res
	f.resource == "Report"
	f.path == ["Properties", "Timeout"]
	f.details == {"function_timeout": 900}
	f.message == "Lambda function Report has Timeout 900 s (15 min) but nothing in the template invokes it from a queue, stream, schedule or event: a synchronous caller can be held that long instead of failing fast; no reason recorded in Metadata.bulwark.long_timeout_reason"
}

test_fails_behind_api_with_raised_limit_and_function_url if {
	res := long_sync_timeout.deny with input as testing.template({
		"Report": fn("330"),
		"Get": {"Type": "AWS::ApiGateway::Method", "Properties": {"Integration": {"Type": "AWS_PROXY", "TimeoutInMillis": 600000, "Uri": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Report.Arn}/invocations"}}}},
		"UrlPermission": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Ref": "Report"}, "Principal": "*", "Action": "lambda:InvokeFunctionUrl", "FunctionUrlAuthType": "NONE"}},
	})
	some f in res
	contains(f.message, "has Timeout 330 s (5 min 30 s) but is called synchronously by API Gateway method Get")
}

test_fails_with_blank_reason_and_sync_event if {
	res := long_sync_timeout.deny with input as testing.template({"Report": object.union(
		sam_fn({"Timeout": 600, "Events": {"Login": {"Type": "Cognito", "Properties": {"UserPool": {"Ref": "Pool"}, "Trigger": "PreSignUp"}}}}),
		{"Metadata": {"bulwark": {"long_timeout_reason": " "}}},
	)})
	count(res) == 1
}

test_passes_with_reason if {
	count(long_sync_timeout.deny) == 0 with input as testing.template({"Report": object.union(fn(900), {"Metadata": {"bulwark": {"long_timeout_reason": "monthly export, invoked by the ops runbook"}}})})
}

test_passes_for_queue_stream_schedule_and_event_triggers if {
	count(long_sync_timeout.deny) == 0 with input as testing.template({
		"Polled": fn(900),
		"Mapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"EventSourceArn": {"Fn::GetAtt": ["Stream", "Arn"]}, "FunctionName": {"Ref": "Polled"}}},
		"Nightly": sam_fn({"Timeout": 900, "Events": {"Cron": {"Type": "Schedule", "Properties": {"Schedule": "cron(0 3 * * ? *)"}}}}),
		"OnUpload": fn(600),
		"UploadPermission": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Ref": "OnUpload"}, "Principal": "s3.amazonaws.com"}},
		"Rotation": fn(600),
		"RotationPermission": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Ref": "Rotation"}, "Principal": "secretsmanager.amazonaws.com"}},
		"Step": fn(900),
		"Machine": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionSubstitutions": {"StepArn": {"Fn::GetAtt": ["Step", "Arn"]}}}},
		"Provider": fn(900),
		"Custom": {"Type": "Custom::Seed", "Properties": {"ServiceToken": {"Fn::GetAtt": ["Provider", "Arn"]}}},
	})
}

test_passes_at_five_minutes if {
	count(long_sync_timeout.deny) == 0 with input as testing.template({"Report": fn(300)})
}

test_passes_when_over_api_limit_reported_by_timeouts_001 if {
	count(long_sync_timeout.deny) == 0 with input as testing.template({"Report": sam_fn({"Timeout": 900, "Events": {"Get": {"Type": "Api", "Properties": {"Path": "/", "Method": "get"}}}})})
}

test_passes_when_unknown if {
	count(long_sync_timeout.deny) == 0 with input as testing.template({
		"Report": fn({"Fn::If": ["Prod", 900, 30]}),
		"Other": fn(900),
		"Perm": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Ref": "Other"}, "Principal": {"Ref": "Principal"}}},
	})
}

test_unknown_timeout if {
	inp := testing.template({"Report": fn({"Fn::If": ["Prod", 900, 30]})})
	count(long_sync_timeout.deny) == 0 with input as inp
	long_sync_timeout.unknowns == {{
		"resource": "Report",
		"path": ["Properties", "Timeout"],
		"message": "Lambda function Report: Timeout is not resolved, so whether it is over 5 minutes without an asynchronous trigger is unknown",
	}} with input as inp
}

test_unknown_caller if {
	inp := testing.template({
		"Other": fn(900),
		"Perm": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Ref": "Other"}, "Principal": {"Ref": "Principal"}}},
		"Sam": sam_fn({"Timeout": 600, "Events": {"Nightly": {"Fn::If": ["Prod", {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)"}}, {"Ref": "AWS::NoValue"}]}}}),
		"Typed": sam_fn({"Timeout": 600, "Events": {"E": {"Type": {"Ref": "EventType"}}}}),
	})
	count(long_sync_timeout.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in long_sync_timeout.unknowns} == {
		["Perm", ["Properties", "Principal"]],
		["Sam", ["Properties", "Events", "Nightly"]],
		["Typed", ["Properties", "Events", "E"]],
	} with input as inp
	some f in long_sync_timeout.unknowns with input as inp
	f.resource == "Perm"
	f.message == "Lambda permission Perm: Principal is not resolved, so whether Lambda function Other (Timeout 900 s) has an asynchronous caller is unknown"
}

test_passes_when_a_sam_event_is_unresolved if {
	count(long_sync_timeout.deny) == 0 with input as testing.template({
		"Sam": sam_fn({"Timeout": 600, "Events": {"Nightly": {"Fn::If": ["Prod", {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)"}}, {"Ref": "AWS::NoValue"}]}}}),
		"All": sam_fn({"Timeout": 600, "Events": {"Fn::If": ["Prod", {"Q": {"Type": "SQS", "Properties": {"Queue": "arn"}}}, {}]}}),
	})
}

test_no_unknowns_when_known if {
	inp := testing.template({
		"Report": fn(900),
		"Short": fn(30),
		"Background": sam_fn({"Timeout": {"Ref": "Timeout"}, "Events": {"Cron": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)"}}}}),
		"Perm": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Ref": "Short"}, "Principal": {"Ref": "Principal"}}},
		"Api": sam_fn({"Timeout": 600, "Events": {"Get": {"Fn::If": ["Public", {"Type": "Api", "Properties": {"Path": "/", "Method": "get"}}, {"Ref": "AWS::NoValue"}]}}}),
		"Reasoned": object.union(fn({"Ref": "Timeout"}), {"Metadata": {"bulwark": {"long_timeout_reason": "batch export"}}}),
	})
	count(long_sync_timeout.deny) == 2 with input as inp
	count(long_sync_timeout.unknowns) == 0 with input as inp
}

test_no_unknowns_when_every_branch_is_short if {
	count(long_sync_timeout.unknowns) == 0 with input as testing.template({"Report": fn({"Fn::If": ["Prod", 60, "120"]})})
}

# A streamed API Gateway response may run up to 15 minutes by design.
test_passes_behind_streaming_integration if {
	uri := {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Chat.Arn}/invocations"}
	count(long_sync_timeout.deny) == 0 with input as testing.template({
		"Chat": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs22.x", "Timeout": 600}},
		"Stream": {"Type": "AWS::ApiGateway::Method", "Properties": {"HttpMethod": "POST", "Integration": {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": uri, "ResponseTransferMode": "STREAM", "TimeoutInMillis": 900000}}},
	})
}
