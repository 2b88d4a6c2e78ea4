package bulwark.rules.coupling.visibility_timeout_below_function_timeout_test

import data.bulwark.rules.coupling.visibility_timeout_below_function_timeout
import data.bulwark.testing

queue(props) := {"Type": "AWS::SQS::Queue", "Properties": props}

fn(props) := {"Type": "AWS::Lambda::Function", "Properties": props}

mapping(fn_ref) := {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"EventSourceArn": {"Fn::GetAtt": ["Jobs", "Arn"]}, "FunctionName": fn_ref}}

test_fails_with_default_visibility_and_long_timeout if {
	res := visibility_timeout_below_function_timeout.deny with input as testing.template({
		"Jobs": queue({}),
		"Worker": fn({"Timeout": 120}),
		"Mapping": mapping({"Fn::GetAtt": ["Worker", "Arn"]}),
	})
	count(res) == 1
	some f in res
	f.resource == "Jobs"
	f.path == ["Properties"]
	f.message == "SQS queue Jobs has VisibilityTimeout 30 s, shorter than the 120 s Timeout of Lambda function Worker that polls it (event source mapping Mapping): CloudFormation/AWS rejects this at deploy time"
}

test_fails_for_sam_function_with_globals_timeout if {
	res := visibility_timeout_below_function_timeout.deny with input as testing.template({
		"Jobs": queue({"VisibilityTimeout": "20"}),
		"Worker": {"Type": "AWS::Serverless::Function", "Properties": {"Timeout": 30, "Events": {"Work": {"Type": "SQS", "Properties": {"Queue": {"Fn::GetAtt": ["Jobs", "Arn"]}}}}}},
	})
	some f in res
	f.path == ["Properties", "VisibilityTimeout"]
	f.details == {"visibility_timeout": 20, "function_timeout": 30}
}

test_passes_when_visibility_covers_timeout if {
	count(visibility_timeout_below_function_timeout.deny) == 0 with input as testing.template({
		"Jobs": queue({"VisibilityTimeout": 30}),
		"Worker": fn({"Timeout": 30}),
		"Mapping": mapping({"Ref": "Worker"}),
	})
}

test_passes_for_queue_without_consumer if {
	count(visibility_timeout_below_function_timeout.deny) == 0 with input as testing.template({
		"Jobs": queue({"VisibilityTimeout": 5}),
		"Worker": fn({"Timeout": 30}),
	})
}

test_passes_when_unknown if {
	count(visibility_timeout_below_function_timeout.deny) == 0 with input as testing.template({
		"Jobs": queue({}),
		"Worker": fn({"Timeout": {"Fn::FindInMap": ["Env", {"Ref": "Stage"}, "Timeout"]}}),
		"Mapping": mapping({"Ref": "Worker"}),
		"Other": mapping({"Ref": "ExternalFunction"}),
	})
}
