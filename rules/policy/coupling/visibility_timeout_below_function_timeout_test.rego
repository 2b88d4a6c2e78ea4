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

test_unknown_function_timeout if {
	inp := testing.template({
		"Jobs": queue({}),
		"Worker": fn({"Timeout": {"Fn::FindInMap": ["Env", {"Ref": "Stage"}, "Timeout"]}}),
		"Mapping": mapping({"Ref": "Worker"}),
	})
	count(visibility_timeout_below_function_timeout.deny) == 0 with input as inp
	visibility_timeout_below_function_timeout.unknowns == {{
		"resource": "Worker",
		"path": ["Properties", "Timeout"],
		"message": "Lambda function Worker: Timeout is not resolved, so whether the VisibilityTimeout of SQS queue Jobs covers the Timeout of Lambda function Worker that polls it (event source mapping Mapping) is unknown",
	}} with input as inp
}

test_unknown_visibility_and_consumers if {
	inp := testing.template({
		"Jobs": queue({"VisibilityTimeout": {"Ref": "Visibility"}}),
		"Worker": fn({"Timeout": 10}),
		"Mapping": mapping({"Ref": "Worker"}),
		"Other": mapping({"Ref": "ExternalFunction"}),
		"Maybe": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"EventSourceArn": {"Fn::If": ["UseJobs", {"Fn::GetAtt": ["Jobs", "Arn"]}, {"Ref": "Other"}]}, "FunctionName": {"Ref": "Worker"}}},
	})
	count(visibility_timeout_below_function_timeout.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in visibility_timeout_below_function_timeout.unknowns} == {
		["Jobs", ["Properties", "VisibilityTimeout"]],
		["Other", ["Properties", "FunctionName"]],
		["Maybe", ["Properties", "EventSourceArn"]],
	} with input as inp
}

test_no_unknowns_when_any_timeout_fits if {
	inp := testing.template({
		"Jobs": queue({"VisibilityTimeout": 900}),
		"Short": queue({"VisibilityTimeout": 10}),
		"Worker": fn({"Timeout": {"Ref": "Timeout"}}),
		"Fast": fn({"Timeout": 30}),
		"Mapping": mapping({"Ref": "Worker"}),
		"Other": mapping({"Ref": "ExternalFunction"}),
		"Failing": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"EventSourceArn": {"Fn::GetAtt": ["Short", "Arn"]}, "FunctionName": {"Ref": "Fast"}}},
	})
	count(visibility_timeout_below_function_timeout.deny) == 1 with input as inp
	count(visibility_timeout_below_function_timeout.unknowns) == 0 with input as inp
}
