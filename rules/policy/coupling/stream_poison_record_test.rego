package bulwark.rules.coupling.stream_poison_record_test

import data.bulwark.rules.coupling.stream_poison_record
import data.bulwark.testing

stream := {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}}

mapping(props) := {"Type": "AWS::Lambda::EventSourceMapping", "Properties": object.union({"FunctionName": "fn", "StartingPosition": "LATEST"}, with_source(props))}

with_source(props) := props if props.EventSourceArn

with_source(props) := object.union(props, {"EventSourceArn": {"Fn::GetAtt": ["Stream", "Arn"]}}) if not props.EventSourceArn

test_fails_with_default_retries if {
	res := stream_poison_record.deny with input as testing.template({"Stream": stream, "Esm": mapping({})})
	res == {{
		"resource": "Esm",
		"path": ["Properties"],
		"message": "Event source mapping Esm retries a failing batch from its Kinesis stream without limit (MaximumRetryAttempts and MaximumRecordAgeInSeconds unset or -1) and without BisectBatchOnFunctionError: one record that always fails blocks its shard until it expires from the stream",
	}}
}

test_fails_with_bounded_retries_and_no_destination if {
	res := stream_poison_record.deny with input as testing.template({"Stream": stream, "Esm": mapping({"MaximumRetryAttempts": "3"})})
	some f in res
	contains(f.message, "has no DestinationConfig.OnFailure")
}

test_fails_sam_dynamodb_event if {
	fn := {"Type": "AWS::Serverless::Function", "Properties": {"Events": {"Changes": {"Type": "DynamoDB", "Properties": {"Stream": {"Fn::GetAtt": ["T", "StreamArn"]}, "StartingPosition": "TRIM_HORIZON", "BisectBatchOnFunctionError": true}}}}}
	res := stream_poison_record.deny with input as testing.template({"Fn": fn})
	some f in res
	f.path == ["Properties", "Events", "Changes", "Properties"]
	f.message == "DynamoDB event Changes of function Fn retries a failing batch from its DynamoDB stream without limit (MaximumRetryAttempts and MaximumRecordAgeInSeconds unset or -1): one record that always fails blocks its shard until it expires from the stream"
}

test_fails_literal_dynamodb_stream_arn if {
	arn := "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000"
	count(stream_poison_record.deny) == 1 with input as testing.template({"Esm": mapping({"EventSourceArn": arn})})
}

test_passes_with_bounded_retries_and_destination if {
	inp := testing.template({"Stream": stream, "Esm": mapping({
		"MaximumRetryAttempts": 3,
		"BisectBatchOnFunctionError": true,
		"DestinationConfig": {"OnFailure": {"Destination": {"Fn::GetAtt": ["Dlq", "Arn"]}}},
	})})
	count(stream_poison_record.deny) == 0 with input as inp
	count(stream_poison_record.unknowns) == 0 with input as inp
}

test_passes_sqs_source if {
	inp := testing.template({"Q": {"Type": "AWS::SQS::Queue", "Properties": {}}, "Esm": mapping({"EventSourceArn": {"Fn::GetAtt": ["Q", "Arn"]}})})
	count(stream_poison_record.deny) == 0 with input as inp
	count(stream_poison_record.unknowns) == 0 with input as inp
}

test_unknown_when_source_is_a_parameter if {
	inp := testing.template({"Esm": mapping({"EventSourceArn": {"Ref": "StreamArn"}})})
	count(stream_poison_record.deny) == 0 with input as inp
	stream_poison_record.unknowns == {{
		"resource": "Esm",
		"path": ["Properties", "EventSourceArn"],
		"message": "Event source mapping Esm: EventSourceArn is not resolved, so whether it reads a stream whose shard a failing record can block is unknown",
	}} with input as inp
}

test_unknown_when_retries_are_a_parameter if {
	inp := testing.template({"Stream": stream, "Esm": mapping({"MaximumRetryAttempts": {"Ref": "Retries"}, "MaximumRecordAgeInSeconds": {"Ref": "Age"}})})
	count(stream_poison_record.deny) == 0 with input as inp
	count(stream_poison_record.unknowns) == 2 with input as inp
}

test_unknown_when_destination_is_conditional if {
	inp := testing.template({"Stream": stream, "Esm": mapping({"MaximumRetryAttempts": 2, "DestinationConfig": {"Fn::If": ["Prod", {"OnFailure": {"Destination": "arn:aws:sqs:eu-west-1:1:q"}}, {"Ref": "AWS::NoValue"}]}})})
	count(stream_poison_record.deny) == 0 with input as inp
	some f in stream_poison_record.unknowns with input as inp
	f.path == ["Properties", "DestinationConfig"]
}
