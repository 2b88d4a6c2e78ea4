package bulwark.rules.coupling.sqs_dlq_missing_test

import data.bulwark.rules.coupling.sqs_dlq_missing
import data.bulwark.testing

queue(props) := {"Type": "AWS::SQS::Queue", "Properties": props}

fn := {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.12", "Timeout": 10}}

mapping(queue_id, fn_value) := {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
	"EventSourceArn": {"Fn::GetAtt": [queue_id, "Arn"]},
	"FunctionName": fn_value,
}}

sam_fn(events) := {"Type": "AWS::Serverless::Function", "Properties": {"Handler": "app.handler", "Events": events}}

test_fails_for_queue_behind_event_source_mapping if {
	res := sqs_dlq_missing.deny with input as testing.template({
		"Orders": queue({}),
		"Worker": fn,
		"Mapping": mapping("Orders", {"Ref": "Worker"}),
	})
	count(res) == 1
	some f in res
	f.resource == "Orders"
	f.path == ["Properties"]
	f.message == "SQS queue Orders is consumed by Lambda function Worker (event source mapping Mapping) but has no RedrivePolicy: a message that keeps failing is retried until it expires after 4 days (the default retention), then lost"
}

test_fails_for_sam_sqs_event_with_retention if {
	res := sqs_dlq_missing.deny with input as testing.template({
		"Orders": queue({"MessageRetentionPeriod": "1209600"}),
		"Worker": sam_fn({"Queue": {"Type": "SQS", "Properties": {"Queue": {"Fn::GetAtt": ["Orders", "Arn"]}, "BatchSize": 10}}}),
	})
	some f in res
	contains(f.message, "consumed by Lambda function Worker (SQS event Queue)")
	contains(f.message, "MessageRetentionPeriod 1209600 s")
}

test_fails_through_alias if {
	res := sqs_dlq_missing.deny with input as testing.template({
		"Orders": queue({}),
		"Worker": fn,
		"Live": {"Type": "AWS::Lambda::Alias", "Properties": {"FunctionName": {"Ref": "Worker"}, "Name": "live"}},
		"Mapping": mapping("Orders", {"Ref": "Live"}),
	})
	count(res) == 1
}

test_passes_with_redrive_policy if {
	count(sqs_dlq_missing.deny) == 0 with input as testing.template({
		"Orders": queue({"RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["OrdersDlq", "Arn"]}, "maxReceiveCount": 5}}),
		"OrdersDlq": queue({}),
		"Worker": fn,
		"Mapping": mapping("Orders", {"Fn::GetAtt": ["Worker", "Arn"]}),
	})
}

test_passes_for_dead_letter_queue_consumed_by_a_redrive_function if {
	count(sqs_dlq_missing.deny) == 0 with input as testing.template({
		"Orders": queue({"RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["OrdersDlq", "Arn"]}, "maxReceiveCount": 5}}),
		"OrdersDlq": queue({}),
		"Redrive": fn,
		"Mapping": mapping("OrdersDlq", {"Ref": "Redrive"}),
	})
}

test_passes_for_queue_without_lambda_consumer if {
	count(sqs_dlq_missing.deny) == 0 with input as testing.template({"Orders": queue({})})
}

test_passes_when_unknown if {
	count(sqs_dlq_missing.deny) == 0 with input as testing.template({
		"A": queue({"RedrivePolicy": {"Fn::If": ["HasDlq", {"deadLetterTargetArn": "arn"}, {"Ref": "AWS::NoValue"}]}}),
		"B": queue({}),
		"Worker": fn,
		"MapA": mapping("A", {"Ref": "Worker"}),
		"MapC": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"EventSourceArn": {"Fn::If": ["UseB", {"Fn::GetAtt": ["B", "Arn"]}, {"Ref": "Other"}]}, "FunctionName": {"Ref": "Worker"}}},
	})
}

test_unknown_redrive_policy if {
	inp := testing.template({
		"A": queue({"RedrivePolicy": {"Fn::If": ["HasDlq", {"deadLetterTargetArn": "arn"}, {"Ref": "AWS::NoValue"}]}}),
		"Worker": fn,
		"MapA": mapping("A", {"Ref": "Worker"}),
	})
	count(sqs_dlq_missing.deny) == 0 with input as inp
	sqs_dlq_missing.unknowns == {{
		"resource": "A",
		"path": ["Properties", "RedrivePolicy"],
		"message": "SQS queue A: RedrivePolicy is not resolved, so whether a message its Lambda consumer keeps failing on is moved to a dead-letter queue is unknown",
	}} with input as inp
}

# Lambda polls a queue of the template whatever the function of the
# mapping is: an unresolved FunctionName, or a function of another stack.
test_fails_for_mapping_with_unresolved_function if {
	inp := testing.template({
		"B": queue({}),
		"D": queue({}),
		"Worker": fn,
		"MapB": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"EventSourceArn": {"Fn::GetAtt": ["B", "Arn"]}, "FunctionName": {"Ref": "FunctionParam"}}},
		"MapD": mapping("D", "arn:aws:lambda:us-east-1:123456789012:function:elsewhere"),
	})
	res := sqs_dlq_missing.deny with input as inp
	{[f.resource, f.path] | some f in res} == {["B", ["Properties"]], ["D", ["Properties"]]}
	some f in res
	f.resource == "B"
	f.message == `SQS queue B is consumed by Lambda function {"Ref":"FunctionParam"} (event source mapping MapB) but has no RedrivePolicy: a message that keeps failing is retried until it expires after 4 days (the default retention), then lost`
	some g in res
	g.resource == "D"
	contains(g.message, "consumed by Lambda function arn:aws:lambda:us-east-1:123456789012:function:elsewhere (event source mapping MapD)")
	count(sqs_dlq_missing.unknowns) == 0 with input as inp
}

test_fails_for_mapping_with_unresolved_function_next_to_known_one if {
	res := sqs_dlq_missing.deny with input as testing.template({
		"B": queue({}),
		"Worker": fn,
		"MapW": mapping("B", {"Ref": "Worker"}),
		"MapP": mapping("B", {"Ref": "FunctionParam"}),
	})
	count(res) == 1
	some f in res
	contains(f.message, `consumed by Lambda function Worker (event source mapping MapW), {"Ref":"FunctionParam"} (event source mapping MapP) but`)
}

test_unknown_consumers if {
	inp := testing.template({
		"C": queue({}),
		"Worker": fn,
		"MapC": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"EventSourceArn": {"Fn::If": ["UseC", {"Fn::GetAtt": ["C", "Arn"]}, {"Ref": "Other"}]}, "FunctionName": {"Ref": "Worker"}}},
		"Sam": sam_fn({"Q": {"Type": "SQS", "Properties": {"Queue": {"Fn::If": ["UseC", {"Fn::GetAtt": ["C", "Arn"]}, {"Ref": "Other"}]}}}}),
	})
	count(sqs_dlq_missing.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in sqs_dlq_missing.unknowns} == {
		["MapC", ["Properties", "EventSourceArn"]],
		["Sam", ["Properties", "Events", "Q", "Properties", "Queue"]],
	} with input as inp
	some f in sqs_dlq_missing.unknowns with input as inp
	f.resource == "MapC"
	f.message == "Lambda event source mapping MapC: EventSourceArn is not resolved, so whether SQS queue C, which has no RedrivePolicy, is polled by a Lambda function is unknown"
}

# An unresolved EventSourceArn with an unresolved FunctionName too: the
# queue is still only maybe polled.
test_unknown_event_source_arn_with_unresolved_function if {
	inp := testing.template({
		"C": queue({}),
		"MapC": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"EventSourceArn": {"Fn::If": ["UseC", {"Fn::GetAtt": ["C", "Arn"]}, {"Ref": "Other"}]}, "FunctionName": {"Ref": "FunctionParam"}}},
	})
	count(sqs_dlq_missing.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in sqs_dlq_missing.unknowns} == {["MapC", ["Properties", "EventSourceArn"]]} with input as inp
}

# A RedrivePolicy that may be AWS::NoValue on a queue polled through a
# mapping whose FunctionName is unresolved.
test_unknown_redrive_policy_with_unresolved_function if {
	inp := testing.template({
		"A": queue({"RedrivePolicy": {"Fn::If": ["HasDlq", {"deadLetterTargetArn": "arn"}, {"Ref": "AWS::NoValue"}]}}),
		"MapA": mapping("A", {"Ref": "FunctionParam"}),
	})
	count(sqs_dlq_missing.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in sqs_dlq_missing.unknowns} == {["A", ["Properties", "RedrivePolicy"]]} with input as inp
}

test_no_unknowns_when_known if {
	inp := testing.template({
		"Orders": queue({}),
		"Kept": queue({"RedrivePolicy": {"deadLetterTargetArn": {"Ref": "DlqArnParam"}, "maxReceiveCount": 5}}),
		"Idle": queue({"RedrivePolicy": {"Fn::If": ["HasDlq", {"deadLetterTargetArn": "arn"}, {"Ref": "AWS::NoValue"}]}}),
		"Worker": fn,
		"Mapping": mapping("Orders", {"Ref": "Worker"}),
		"Mapping2": mapping("Orders", {"Ref": "FunctionParam"}),
		"Mapping3": mapping("Kept", {"Ref": "FunctionParam"}),
	})
	count(sqs_dlq_missing.deny) == 1 with input as inp
	count(sqs_dlq_missing.unknowns) == 0 with input as inp
}
