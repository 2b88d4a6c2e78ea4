package bulwark.rules.coupling.async_failure_destination_test

import data.bulwark.rules.coupling.async_failure_destination
import data.bulwark.testing

fn(props) := {"Type": "AWS::Lambda::Function", "Properties": object.union({"Runtime": "python3.12"}, props)}

sam_fn(props) := {"Type": "AWS::Serverless::Function", "Properties": object.union({"Handler": "app.handler"}, props)}

topic_subscription := {"Type": "AWS::SNS::Subscription", "Properties": {"Protocol": "lambda", "TopicArn": {"Ref": "Topic"}, "Endpoint": {"Fn::GetAtt": ["Notify", "Arn"]}}}

test_fails_for_sns_subscriber if {
	res := async_failure_destination.deny with input as testing.template({
		"Notify": fn({}),
		"Sub": topic_subscription,
		"Perm": {"Type": "AWS::Lambda::Permission", "Properties": {"Action": "lambda:InvokeFunction", "FunctionName": {"Ref": "Notify"}, "Principal": "sns.amazonaws.com"}},
	})
	count(res) == 1
	some f in res
	f.resource == "Notify"
	f.path == ["Properties"]
	f.message == "Lambda function Notify is invoked asynchronously (SNS subscription Sub, permission Perm for sns.amazonaws.com) but has no DeadLetterConfig and no on-failure destination: an event that still fails after Lambda's 2 retries is discarded"
}

test_fails_for_eventbridge_target_and_s3_notification if {
	res := async_failure_destination.deny with input as testing.template({
		"Handler": fn({}),
		"Rule": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "rate(5 minutes)", "Targets": [{"Id": "h", "Arn": {"Fn::GetAtt": ["Handler", "Arn"]}}]}},
		"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"NotificationConfiguration": {"LambdaConfigurations": [{"Event": "s3:ObjectCreated:*", "Function": {"Fn::GetAtt": ["Handler", "Arn"]}}]}}},
	})
	some f in res
	contains(f.message, "(EventBridge rule Rule, S3 bucket Bucket notifications)")
}

test_fails_for_sam_schedule_event if {
	res := async_failure_destination.deny with input as testing.template({"Nightly": sam_fn({"Events": {"Every": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)"}}}})})
	some f in res
	f.path == ["Properties"]
	contains(f.message, "Lambda function Nightly is invoked asynchronously (Schedule event Every) but has no DeadLetterQueue")
}

test_fails_for_function_named_by_literal_name_and_arn if {
	res := async_failure_destination.deny with input as testing.template({
		"Notify": fn({"FunctionName": "notify-customer"}),
		"Audit": fn({"FunctionName": "audit"}),
		"Perm": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": "notify-customer", "Principal": "sns.amazonaws.com"}},
		"Sub": {"Type": "AWS::SNS::Subscription", "Properties": {"Protocol": "lambda", "TopicArn": {"Ref": "Topic"}, "Endpoint": "arn:aws:lambda:eu-west-1:123456789012:function:audit:live"}},
	})
	{f.resource | some f in res} == {"Notify", "Audit"}
}

test_fails_when_invoke_config_has_no_on_failure if {
	res := async_failure_destination.deny with input as testing.template({
		"Notify": fn({}),
		"Sub": topic_subscription,
		"Config": {"Type": "AWS::Lambda::EventInvokeConfig", "Properties": {"FunctionName": {"Ref": "Notify"}, "Qualifier": "$LATEST", "MaximumRetryAttempts": 2}},
	})
	count(res) == 1
}

test_passes_with_dead_letter_config if {
	count(async_failure_destination.deny) == 0 with input as testing.template({
		"Notify": fn({"DeadLetterConfig": {"TargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]}}}),
		"Sub": topic_subscription,
	})
}

test_passes_with_event_invoke_config if {
	count(async_failure_destination.deny) == 0 with input as testing.template({
		"Notify": fn({}),
		"Sub": topic_subscription,
		"Config": {"Type": "AWS::Lambda::EventInvokeConfig", "Properties": {"FunctionName": {"Ref": "Notify"}, "Qualifier": "$LATEST", "DestinationConfig": {"OnFailure": {"Destination": {"Fn::GetAtt": ["Failures", "Arn"]}}}}},
	})
}

test_passes_with_sam_event_invoke_config if {
	count(async_failure_destination.deny) == 0 with input as testing.template({"Nightly": sam_fn({
		"Events": {"Every": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)"}}},
		"EventInvokeConfig": {"DestinationConfig": {"OnFailure": {"Type": "SQS"}}},
	})})
}

test_passes_for_synchronous_and_polled_functions if {
	count(async_failure_destination.deny) == 0 with input as testing.template({
		"Api": sam_fn({"Events": {"Get": {"Type": "Api", "Properties": {"Path": "/", "Method": "get"}}}}),
		"Fanout": sam_fn({"Events": {"Topic": {"Type": "SNS", "Properties": {"Topic": {"Ref": "Topic"}, "SqsSubscription": true}}}}),
		"Gw": fn({}),
		"Perm": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Ref": "Gw"}, "Principal": "apigateway.amazonaws.com"}},
	})
}

test_passes_for_disabled_rule if {
	count(async_failure_destination.deny) == 0 with input as testing.template({
		"Handler": fn({}),
		"Rule": {"Type": "AWS::Events::Rule", "Properties": {"State": "DISABLED", "ScheduleExpression": "rate(5 minutes)", "Targets": [{"Id": "h", "Arn": {"Fn::GetAtt": ["Handler", "Arn"]}}]}},
	})
}

test_passes_when_unknown if {
	count(async_failure_destination.deny) == 0 with input as testing.template({
		"Notify": fn({"DeadLetterConfig": {"Fn::If": ["HasDlq", {"TargetArn": "arn"}, {"Ref": "AWS::NoValue"}]}}),
		"Sub": topic_subscription,
		"Other": fn({}),
		"Perm": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Ref": "Other"}, "Principal": {"Ref": "PrincipalParam"}}},
	})
}

test_passes_when_an_invoke_config_names_an_unknown_function if {
	count(async_failure_destination.deny) == 0 with input as testing.template({
		"Notify": fn({}),
		"Sub": topic_subscription,
		"Config": {"Type": "AWS::Lambda::EventInvokeConfig", "Properties": {"FunctionName": {"Ref": "FunctionNameParam"}, "Qualifier": "$LATEST", "DestinationConfig": {"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:123456789012:failures"}}}},
	})
}

test_unknown_conditional_dead_letter_config if {
	inp := testing.template({
		"Notify": fn({"DeadLetterConfig": {"Fn::If": ["HasDlq", {"TargetArn": "arn"}, {"Ref": "AWS::NoValue"}]}}),
		"Sub": topic_subscription,
	})
	count(async_failure_destination.deny) == 0 with input as inp
	async_failure_destination.unknowns == {{
		"resource": "Notify",
		"path": ["Properties", "DeadLetterConfig"],
		"message": "Lambda function Notify: DeadLetterConfig is not resolved, so whether the function (invoked asynchronously) keeps the events that still fail after Lambda's 2 retries is unknown",
	}} with input as inp
}

test_unknown_invoke_config_function if {
	inp := testing.template({
		"Notify": fn({}),
		"Sub": topic_subscription,
		"Config": {"Type": "AWS::Lambda::EventInvokeConfig", "Properties": {"FunctionName": {"Ref": "FunctionNameParam"}, "Qualifier": "$LATEST", "DestinationConfig": {"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:123456789012:failures"}}}},
	})
	count(async_failure_destination.deny) == 0 with input as inp
	async_failure_destination.unknowns == {{
		"resource": "Config",
		"path": ["Properties", "FunctionName"],
		"message": "Lambda event invoke config Config: FunctionName is not resolved, so whether it gives Lambda function Notify (invoked asynchronously, no dead-letter queue) an on-failure destination is unknown",
	}} with input as inp
}

test_unknown_principal_and_sam_events if {
	inp := testing.template({
		"Other": fn({}),
		"Perm": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Ref": "Other"}, "Principal": {"Ref": "PrincipalParam"}}},
		"Maybe": sam_fn({"Events": {"Nightly": {"Fn::If": ["Prod", {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)"}}, {"Ref": "AWS::NoValue"}]}}}),
		"Typed": sam_fn({"Events": {"E": {"Type": {"Ref": "EventType"}}}}),
		"Api": sam_fn({"Events": {"Get": {"Fn::If": ["Public", {"Type": "Api", "Properties": {"Path": "/", "Method": "get"}}, {"Ref": "AWS::NoValue"}]}}}),
	})
	count(async_failure_destination.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in async_failure_destination.unknowns} == {
		["Perm", ["Properties", "Principal"]],
		["Maybe", ["Properties", "Events", "Nightly"]],
		["Typed", ["Properties", "Events", "E"]],
	} with input as inp
}

test_no_unknowns_when_known if {
	inp := testing.template({
		"Notify": fn({}),
		"Sub": topic_subscription,
		"Handled": fn({"DeadLetterConfig": {"TargetArn": {"Ref": "DlqArnParam"}}}),
		"HandledSub": {"Type": "AWS::SNS::Subscription", "Properties": {"Protocol": "lambda", "TopicArn": {"Ref": "Topic"}, "Endpoint": {"Fn::GetAtt": ["Handled", "Arn"]}}},
		"Either": fn({"DeadLetterConfig": {"Fn::If": ["Prod", {"TargetArn": "a"}, {"TargetArn": "b"}]}}),
		"Perm": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Ref": "Either"}, "Principal": {"Ref": "PrincipalParam"}}},
		"Sync": fn({}),
	})
	count(async_failure_destination.deny) == 1 with input as inp
	count(async_failure_destination.unknowns) == 0 with input as inp
}

test_unknown_conditional_invoke_config_destination if {
	inp := testing.template({
		"Notify": fn({}),
		"Sub": topic_subscription,
		"Config": {"Type": "AWS::Lambda::EventInvokeConfig", "Properties": {"FunctionName": {"Ref": "Notify"}, "Qualifier": "$LATEST", "DestinationConfig": {"Fn::If": ["Prod", {"OnFailure": {"Destination": "arn"}}, {"Ref": "AWS::NoValue"}]}}},
	})
	count(async_failure_destination.deny) == 0 with input as inp
	async_failure_destination.unknowns == {{
		"resource": "Config",
		"path": ["Properties", "DestinationConfig"],
		"message": "Lambda event invoke config Config: DestinationConfig is not resolved, so whether Lambda function Notify (invoked asynchronously) keeps the events that still fail after Lambda's 2 retries is unknown",
	}} with input as inp
}

# An API Gateway integration with X-Amz-Invocation-Type 'Event' invokes the
# function asynchronously: Lambda retries and then drops failed events.
test_fails_for_async_api_gateway_integration if {
	uri := {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Worker.Arn}/invocations"}
	res := async_failure_destination.deny with input as testing.template({
		"Worker": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.12"}},
		"Submit": {"Type": "AWS::ApiGateway::Method", "Properties": {"HttpMethod": "POST", "Integration": {"Type": "AWS", "IntegrationHttpMethod": "POST", "Uri": uri, "RequestParameters": {"integration.request.header.X-Amz-Invocation-Type": "'Event'"}}}},
	})
	{f.message | some f in res} == {"Lambda function Worker is invoked asynchronously (API Gateway method Submit with X-Amz-Invocation-Type 'Event') but has no DeadLetterConfig and no on-failure destination: an event that still fails after Lambda's 2 retries is discarded"}
}

test_passes_for_sync_api_gateway_integration if {
	uri := {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Worker.Arn}/invocations"}
	count(async_failure_destination.deny) == 0 with input as testing.template({
		"Worker": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.12"}},
		"Submit": {"Type": "AWS::ApiGateway::Method", "Properties": {"HttpMethod": "POST", "Integration": {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": uri}}},
	})
}
