package bulwark.rules.monitoring.dlq_alarm_missing_test

import data.bulwark.rules.monitoring.dlq_alarm_missing
import data.bulwark.testing

queue(props) := {"Type": "AWS::SQS::Queue", "Properties": props}

source := queue({"RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]}, "maxReceiveCount": 5}})

alarm(props) := {"Type": "AWS::CloudWatch::Alarm", "Properties": object.union(
	{
		"Namespace": "AWS/SQS",
		"MetricName": "ApproximateNumberOfMessagesVisible",
		"Statistic": "Maximum",
		"Period": 60,
		"EvaluationPeriods": 1,
		"Threshold": 0,
		"ComparisonOperator": "GreaterThanThreshold",
	},
	props,
)}

dims(value) := [{"Name": "QueueName", "Value": value}]

test_fails_for_redrive_target_without_alarm if {
	res := dlq_alarm_missing.deny with input as testing.template({"Orders": source, "Dlq": queue({})})
	count(res) == 1
	some f in res
	f.resource == "Dlq"
	f.path == []
	f.message == "SQS queue Dlq is the dead-letter queue of the RedrivePolicy of queue Orders but no CloudWatch alarm watches its ApproximateNumberOfMessagesVisible: failed messages accumulate unseen until they expire"
}

test_fails_for_function_dead_letter_queue_with_alarm_on_another_queue if {
	res := dlq_alarm_missing.deny with input as testing.template({
		"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"DeadLetterConfig": {"TargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]}}}},
		"Dlq": queue({}),
		"Other": queue({}),
		"Alarm": alarm({"Dimensions": dims({"Fn::GetAtt": ["Other", "QueueName"]})}),
		"Sent": alarm({"MetricName": "NumberOfMessagesSent", "Dimensions": dims({"Fn::GetAtt": ["Dlq", "QueueName"]})}),
	})
	count(res) == 1
	some f in res
	contains(f.message, "the dead-letter queue of the DeadLetterConfig.TargetArn of Lambda function Fn")
}

test_passes_with_alarm if {
	count(dlq_alarm_missing.deny) == 0 with input as testing.template({"Orders": source, "Dlq": queue({}), "Alarm": alarm({"Dimensions": dims({"Fn::GetAtt": ["Dlq", "QueueName"]})})})
}

test_passes_with_metric_math_alarm_and_literal_name if {
	count(dlq_alarm_missing.deny) == 0 with input as testing.template({
		"Orders": source,
		"Dlq": queue({"QueueName": "orders-dlq"}),
		"Alarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Metrics": [{"Id": "m1", "MetricStat": {"Metric": {"Namespace": "AWS/SQS", "MetricName": "ApproximateNumberOfMessagesVisible", "Dimensions": dims("orders-dlq")}, "Period": 60, "Stat": "Maximum"}}]}},
	})
}

test_fails_when_only_an_unrelated_alarm_is_unknown if {
	res := dlq_alarm_missing.deny with input as testing.template({
		"Orders": source,
		"Dlq": queue({}),
		"Cpu": alarm({"Namespace": "AWS/EC2", "MetricName": "CPUUtilization", "Dimensions": {"Fn::If": ["Asg", [{"Name": "AutoScalingGroupName", "Value": "x"}], []]}}),
	})
	count(res) == 1
}

test_passes_with_alarm_on_the_same_name_expression if {
	name := {"Fn::Sub": "orders-dlq-${Stage}"}
	count(dlq_alarm_missing.deny) == 0 with input as testing.template({
		"Orders": source,
		"Dlq": queue({"QueueName": name}),
		"Alarm": alarm({"Dimensions": dims(name)}),
	})
}

test_fails_when_alarm_watches_another_name_expression if {
	res := dlq_alarm_missing.deny with input as testing.template({
		"Orders": source,
		"Dlq": queue({"QueueName": {"Fn::Sub": "orders-dlq-${Stage}"}}),
		"Work": queue({"QueueName": {"Fn::Sub": "orders-${Stage}"}}),
		"Alarm": alarm({"Dimensions": dims({"Fn::Sub": "orders-${Stage}"})}),
	})
	count(res) == 1
}

test_passes_for_queue_that_is_not_a_dead_letter_queue if {
	count(dlq_alarm_missing.deny) == 0 with input as testing.template({"Orders": queue({})})
}

test_passes_when_unknown if {
	count(dlq_alarm_missing.deny) == 0 with input as testing.template({"Orders": source, "Dlq": queue({}), "Alarm": alarm({"Dimensions": dims({"Ref": "DlqNameParam"})})})
	count(dlq_alarm_missing.deny) == 0 with input as testing.template({"Orders": source, "Dlq": queue({}), "Alarm": alarm({"Dimensions": {"Ref": "AlarmDimensions"}})})
	count(dlq_alarm_missing.deny) == 0 with input as testing.template({"Orders": source, "Dlq": queue({}), "Alarm": alarm({"MetricName": {"Ref": "Metric"}})})
}

test_unknown_alarm_dimension if {
	inp := testing.template({"Orders": source, "Dlq": queue({}), "Alarm": alarm({"Dimensions": dims({"Ref": "DlqNameParam"})})})
	count(dlq_alarm_missing.deny) == 0 with input as inp
	dlq_alarm_missing.unknowns == {{
		"resource": "Alarm",
		"path": ["Properties", "Dimensions"],
		"message": "CloudWatch alarm Alarm: Dimensions is not resolved, so whether it watches dead-letter queue Dlq is unknown",
	}} with input as inp
}

test_unknown_alarm_metric if {
	inp := testing.template({
		"Orders": source,
		"Dlq": queue({}),
		"Metric": alarm({"MetricName": {"Ref": "Metric"}}),
		"Dims": alarm({"Dimensions": {"Ref": "AlarmDimensions"}}),
		"Math": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Metrics": {"Ref": "Metrics"}}},
	})
	count(dlq_alarm_missing.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in dlq_alarm_missing.unknowns} == {
		["Metric", ["Properties", "MetricName"]],
		["Dims", ["Properties", "Dimensions"]],
		["Math", ["Properties", "Metrics"]],
	} with input as inp
}

test_no_unknowns_when_watched_or_unrelated if {
	count(dlq_alarm_missing.unknowns) == 0 with input as testing.template({
		"Orders": source,
		"Dlq": queue({}),
		"Alarm": alarm({"Dimensions": dims({"Fn::GetAtt": ["Dlq", "QueueName"]})}),
		"Other": alarm({"Dimensions": dims({"Ref": "QueueParam"})}),
	})
	count(dlq_alarm_missing.unknowns) == 0 with input as testing.template({
		"Orders": source,
		"Dlq": queue({}),
		"Cpu": alarm({"Namespace": "AWS/EC2", "MetricName": "CPUUtilization", "Dimensions": {"Ref": "Dims"}}),
	})
}

# An alarm whose Namespace is unresolved but whose literal MetricName is not
# an SQS queue-depth metric watches no dead-letter queue: it must not
# silence the rule for the whole template.
test_fails_when_unknown_namespace_alarm_watches_another_metric if {
	inp := testing.template({
		"Orders": source,
		"Dlq": queue({}),
		"Build": alarm({"Namespace": {"Ref": "MetricNamespace"}, "MetricName": "BuildQueue", "Dimensions": []}),
		"Cpu": alarm({"Namespace": {"Fn::Sub": "${App}/Host"}, "MetricName": "CPUUtilization", "Dimensions": {"Ref": "Dims"}}),
		"Math": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Metrics": [
			{"Id": "m1", "MetricStat": {"Metric": {"Namespace": {"Ref": "Ns"}, "MetricName": "Errors"}, "Period": 60, "Stat": "Sum"}},
			{"Id": "e1", "Expression": "m1 * 100"},
		]}},
	})
	res := dlq_alarm_missing.deny with input as inp
	{f.resource | some f in res} == {"Dlq"}
	count(dlq_alarm_missing.unknowns) == 0 with input as inp
}

test_passes_when_unknown_namespace_alarm_may_watch_queue_depth if {
	count(dlq_alarm_missing.deny) == 0 with input as testing.template({
		"Orders": source,
		"Dlq": queue({}),
		"Depth": alarm({"Namespace": {"Ref": "MetricNamespace"}, "Dimensions": {"Ref": "Dims"}}),
	})
	count(dlq_alarm_missing.deny) == 0 with input as testing.template({
		"Orders": source,
		"Dlq": queue({}),
		"Search": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Metrics": [{"Id": "e1", "Expression": {"Fn::Sub": "MAX(SEARCH('{AWS/SQS,QueueName} ${Metric}', 'Maximum'))"}}]}},
	})
}

test_unknown_namespace_with_queue_depth_metric if {
	inp := testing.template({
		"Orders": source,
		"Dlq": queue({}),
		"Depth": alarm({"Namespace": {"Ref": "MetricNamespace"}, "Dimensions": dims({"Ref": "QueueParam"})}),
		"Build": alarm({"Namespace": {"Ref": "MetricNamespace"}, "MetricName": "BuildQueue", "Dimensions": []}),
	})
	count(dlq_alarm_missing.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in dlq_alarm_missing.unknowns} == {["Depth", ["Properties", "Namespace"]]} with input as inp
}
