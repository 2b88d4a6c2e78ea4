package bulwark.rules.coupling.sns_subscription_dlq_test

import data.bulwark.rules.coupling.sns_subscription_dlq
import data.bulwark.testing

sub(props) := {"Type": "AWS::SNS::Subscription", "Properties": object.union({"TopicArn": {"Ref": "Orders"}}, props)}

queue := {"Type": "AWS::SQS::Queue", "Properties": {}}

consequence := "a message SNS cannot deliver is discarded without trace, at once on a client error (the endpoint deleted, or its policy denying SNS) or after SNS's delivery retries on a server error"

test_fails_for_queue_subscription_without_redrive_policy if {
	res := sns_subscription_dlq.deny with input as testing.template({
		"Orders": {"Type": "AWS::SNS::Topic", "Properties": {}},
		"Jobs": queue,
		"ToJobs": sub({"Protocol": "sqs", "Endpoint": {"Fn::GetAtt": ["Jobs", "Arn"]}}),
	})
	res == {{"resource": "ToJobs", "path": ["Properties"], "message": sprintf("SNS subscription ToJobs (sqs to Jobs) has no RedrivePolicy: %s", [consequence])}}
}

test_fails_for_lambda_and_https_without_credentials_in_the_message if {
	res := sns_subscription_dlq.deny with input as testing.template({
		"ToFn": sub({"Protocol": "lambda", "Endpoint": "arn:aws:lambda:eu-west-1:123456789012:function:worker"}),
		"ToHook": sub({"Protocol": "HTTPS", "Endpoint": "https://user:secret@hooks.example.com/sns"}),
	})
	{f.message | some f in res} == {
		sprintf("SNS subscription ToFn (lambda to arn:aws:lambda:eu-west-1:123456789012:function:worker) has no RedrivePolicy: %s", [consequence]),
		sprintf("SNS subscription ToHook (https to https://hooks.example.com/sns) has no RedrivePolicy: %s", [consequence]),
	}
}

test_fails_for_inline_topic_subscription if {
	res := sns_subscription_dlq.deny with input as testing.template({"Orders": {"Type": "AWS::SNS::Topic", "Properties": {"Subscription": [
		{"Protocol": "email", "Endpoint": "ops@example.com"},
		{"Protocol": "sqs", "Endpoint": "arn:aws:sqs:eu-west-1:123456789012:jobs"},
	]}}})
	res == {{"resource": "Orders", "path": ["Properties", "Subscription", 1], "message": sprintf("SNS topic Orders subscribes sqs to arn:aws:sqs:eu-west-1:123456789012:jobs inline, where no RedrivePolicy can be set: %s", [consequence])}}
}

test_fails_for_sam_sns_event if {
	res := sns_subscription_dlq.deny with input as testing.template({"Worker": {"Type": "AWS::Serverless::Function", "Properties": {"Events": {
		"OnOrder": {"Type": "SNS", "Properties": {"Topic": {"Ref": "Orders"}}},
		"Safe": {"Type": "SNS", "Properties": {"Topic": {"Ref": "Orders"}, "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]}}}},
	}}}})
	res == {{"resource": "Worker", "path": ["Properties", "Events", "OnOrder", "Properties"], "message": sprintf("SNS event OnOrder of function Worker has no RedrivePolicy: %s", [consequence])}}
}

test_passes_with_redrive_policy if {
	count(sns_subscription_dlq.deny) == 0 with input as testing.template({
		"Jobs": queue,
		"Dlq": queue,
		"ToJobs": sub({"Protocol": "sqs", "Endpoint": {"Fn::GetAtt": ["Jobs", "Arn"]}, "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]}}}),
		"ToHook": sub({"Protocol": "https", "Endpoint": "https://hooks.example.com", "RedrivePolicy": "{\"deadLetterTargetArn\":\"arn:aws:sqs:eu-west-1:123456789012:dlq\"}"}),
	})
}

test_passes_for_notifications_to_people if {
	count(sns_subscription_dlq.deny) == 0 with input as testing.template({
		"Mail": sub({"Protocol": "email", "Endpoint": "ops@example.com"}),
		"Text": sub({"Protocol": "sms", "Endpoint": "+15555550100"}),
		"Orders": {"Type": "AWS::SNS::Topic", "Properties": {"Subscription": [{"Protocol": "email-json", "Endpoint": "ops@example.com"}]}},
	})
}

unknown_input := testing.template({
	"A": sub({"Protocol": {"Ref": "Protocol"}, "Endpoint": "arn:aws:sqs:eu-west-1:123456789012:jobs"}),
	"B": sub({"Protocol": "sqs", "Endpoint": "arn:aws:sqs:eu-west-1:123456789012:jobs", "RedrivePolicy": {"Fn::If": ["HasDlq", {"deadLetterTargetArn": "arn:aws:sqs:eu-west-1:123456789012:dlq"}, {"Ref": "AWS::NoValue"}]}}),
	"C": {"Type": "AWS::SNS::Topic", "Properties": {"Subscription": {"Ref": "Subscriptions"}}},
	"D": {"Type": "AWS::SNS::Topic", "Properties": {"Subscription": [
		{"Fn::If": ["Hook", {"Protocol": "https", "Endpoint": "https://hooks.example.com"}, {"Ref": "AWS::NoValue"}]},
		{"Fn::If": ["Mail", {"Protocol": "email", "Endpoint": "ops@example.com"}, {"Ref": "AWS::NoValue"}]},
		{"Protocol": {"Ref": "Protocol"}, "Endpoint": "x"},
	]}},
	"E": {"Type": "AWS::Serverless::Function", "Properties": {"Events": {
		"P": {"Type": "SNS", "Properties": {"Ref": "EventProps"}},
		"R": {"Type": "SNS", "Properties": {"Topic": "t", "RedrivePolicy": {"Fn::If": ["HasDlq", {"deadLetterTargetArn": "arn"}, {"Ref": "AWS::NoValue"}]}}},
	}}},
	"F": sub({"Protocol": "email", "Endpoint": "ops@example.com", "RedrivePolicy": {"Fn::If": ["HasDlq", {"deadLetterTargetArn": "arn"}, {"Ref": "AWS::NoValue"}]}}),
})

test_passes_when_unknown if {
	count(sns_subscription_dlq.deny) == 0 with input as unknown_input
}

test_unknown_protocol_redrive_policy_and_inline_entries if {
	{[f.resource, f.path] | some f in sns_subscription_dlq.unknowns} == {
		["A", ["Properties", "Protocol"]],
		["B", ["Properties", "RedrivePolicy"]],
		["C", ["Properties", "Subscription"]],
		["D", ["Properties", "Subscription", 0]],
		["D", ["Properties", "Subscription", 2]],
		["E", ["Properties", "Events", "P", "Properties"]],
		["E", ["Properties", "Events", "R", "Properties", "RedrivePolicy"]],
	} with input as unknown_input
}

test_account_input if {
	res := sns_subscription_dlq.deny with input as object.union(testing.template({
		"subscription/orders/1": sub({"Protocol": "lambda", "Endpoint": {"Fn::GetAtt": ["function/worker", "Arn"]}}),
		"subscription/orders/2": sub({"Protocol": "lambda", "Endpoint": {"Fn::GetAtt": ["function/worker", "Arn"]}, "RedrivePolicy": {"deadLetterTargetArn": "arn:aws:sqs:eu-west-1:123456789012:dlq"}}),
		"function/worker": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "worker"}},
	}), {"kind": "account"})
	{f.resource | some f in res} == {"subscription/orders/1"}
}
