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

test_unknown_visibility_timeout_and_window if {
	inp := testing.template({
		"Jobs": queue({"VisibilityTimeout": {"Ref": "Visibility"}}),
		"Other": queue({"VisibilityTimeout": 60}),
		"Worker": fn({"Timeout": 10}),
		"Mapping": mapping({}),
		"Mapping3": mapping({"EventSourceArn": {"Fn::GetAtt": ["Other", "Arn"]}, "MaximumBatchingWindowInSeconds": {"Ref": "Window"}}),
	})
	count(visibility_timeout_short.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in visibility_timeout_short.unknowns} == {
		["Jobs", ["Properties", "VisibilityTimeout"]],
		["Mapping3", ["Properties", "MaximumBatchingWindowInSeconds"]],
	} with input as inp
	some f in visibility_timeout_short.unknowns with input as inp
	f.resource == "Mapping3"
	f.message == "Lambda event source mapping Mapping3: MaximumBatchingWindowInSeconds is not resolved, so whether the VisibilityTimeout of SQS queue Other reaches 6 x the Timeout of Lambda function Worker (event source mapping Mapping3) plus its batching window is unknown"
}

test_unknown_function_timeout_and_sam_window if {
	inp := testing.template({
		"Jobs": queue({"VisibilityTimeout": 60}),
		"Slow": fn({"Timeout": {"Ref": "Timeout"}}),
		"Mapping": mapping({"FunctionName": {"Ref": "Slow"}}),
		"Sam": {"Type": "AWS::Serverless::Function", "Properties": {"Timeout": 10, "Events": {"Work": {"Type": "SQS", "Properties": {"Queue": {"Fn::GetAtt": ["Jobs", "Arn"]}, "MaximumBatchingWindowInSeconds": {"Ref": "Window"}}}}}},
		"External": mapping({"FunctionName": {"Ref": "ExternalFunction"}}),
	})
	count(visibility_timeout_short.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in visibility_timeout_short.unknowns} == {
		["Slow", ["Properties", "Timeout"]],
		["Sam", ["Properties", "Events", "Work", "Properties", "MaximumBatchingWindowInSeconds"]],
		["External", ["Properties", "FunctionName"]],
	} with input as inp
}

test_no_unknowns_when_any_value_is_compliant if {
	inp := testing.template({
		"Jobs": queue({"VisibilityTimeout": 5700}),
		"Short": queue({"VisibilityTimeout": 30}),
		"Long": queue({"VisibilityTimeout": 100}),
		"Slow": fn({"Timeout": {"Ref": "Timeout"}}),
		"Worker": fn({"Timeout": 10}),
		"Big": fn({"Timeout": 200}),
		"Mapping": mapping({"FunctionName": {"Ref": "Slow"}}),
		"Failing": mapping({"EventSourceArn": {"Fn::GetAtt": ["Short", "Arn"]}, "FunctionName": {"Ref": "Worker"}}),
		"TooShort": mapping({"EventSourceArn": {"Fn::GetAtt": ["Long", "Arn"]}, "FunctionName": {"Ref": "Big"}, "MaximumBatchingWindowInSeconds": {"Ref": "Window"}}),
	})
	count(visibility_timeout_short.deny) == 1 with input as inp
	count(visibility_timeout_short.unknowns) == 0 with input as inp
}
