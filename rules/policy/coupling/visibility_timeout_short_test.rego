package bulwark.rules.coupling.visibility_timeout_short_test

import data.bulwark.rules.coupling.visibility_timeout_short
import data.bulwark.testing

queue(props) := {"Type": "AWS::SQS::Queue", "Properties": props}

fn(props) := {"Type": "AWS::Lambda::Function", "Properties": props}

mapping(props) := {"Type": "AWS::Lambda::EventSourceMapping", "Properties": object.union(
	{"EventSourceArn": {"Fn::GetAtt": ["Jobs", "Arn"]}, "FunctionName": {"Ref": "Worker"}},
	props,
)}

test_fails_with_default_visibility if {
	res := visibility_timeout_short.deny with input as testing.template({
		"Jobs": queue({}),
		"Worker": fn({"Timeout": 10}),
		"Mapping": mapping({}),
	})
	count(res) == 1
	some f in res
	f.resource == "Jobs"
	f.path == ["Properties"]
	f.details == {"visibility_timeout": 30, "function_timeout": 10, "recommended": 60}
	f.message == "SQS queue Jobs has VisibilityTimeout 30 s, under the 60 s recommended for Lambda function Worker (event source mapping Mapping): 6 x its Timeout 10 s; a slow batch becomes visible again and is processed twice"
}

test_fails_with_batching_window_and_string_values if {
	res := visibility_timeout_short.deny with input as testing.template({
		"Jobs": queue({"VisibilityTimeout": "60"}),
		"Worker": fn({"Timeout": "10"}),
		"Mapping": mapping({"MaximumBatchingWindowInSeconds": "5"}),
	})
	some f in res
	f.path == ["Properties", "VisibilityTimeout"]
	contains(f.message, "under the 65 s recommended")
	contains(f.message, "6 x its Timeout 10 s + batching window 5 s")
}

test_fails_for_sam_function_with_default_timeout if {
	res := visibility_timeout_short.deny with input as testing.template({
		"Jobs": queue({"VisibilityTimeout": 15}),
		"Worker": {"Type": "AWS::Serverless::Function", "Properties": {"Events": {"Work": {"Type": "SQS", "Properties": {"Queue": {"Fn::GetAtt": ["Jobs", "Arn"]}}}}}},
	})
	some f in res
	contains(f.message, "under the 18 s recommended for Lambda function Worker (SQS event Work): 6 x its Timeout 3 s")
}

test_passes_at_six_times if {
	count(visibility_timeout_short.deny) == 0 with input as testing.template({
		"Jobs": queue({"VisibilityTimeout": 60}),
		"Worker": fn({"Timeout": 10}),
		"Mapping": mapping({}),
	})
}

test_passes_when_shorter_than_timeout_reported_by_the_high_rule if {
	count(visibility_timeout_short.deny) == 0 with input as testing.template({
		"Jobs": queue({"VisibilityTimeout": 30}),
		"Worker": fn({"Timeout": 60}),
		"Mapping": mapping({}),
	})
}

test_passes_when_unknown if {
	count(visibility_timeout_short.deny) == 0 with input as testing.template({
		"Jobs": queue({"VisibilityTimeout": {"Ref": "Visibility"}}),
		"Other": queue({}),
		"Worker": fn({"Timeout": 10}),
		"Slow": fn({"Timeout": {"Ref": "Timeout"}}),
		"Mapping": mapping({}),
		"Mapping2": mapping({"EventSourceArn": {"Fn::GetAtt": ["Other", "Arn"]}, "FunctionName": {"Ref": "Slow"}}),
		"Mapping3": mapping({"EventSourceArn": {"Fn::GetAtt": ["Other", "Arn"]}, "MaximumBatchingWindowInSeconds": {"Ref": "Window"}}),
	})
}
