package bulwark.rules.monitoring.health_check_alarm_missing_test

import data.bulwark.rules.monitoring.health_check_alarm_missing
import data.bulwark.testing

check := {"Type": "AWS::Route53::HealthCheck", "Properties": {"HealthCheckConfig": {"Type": "HTTPS", "FullyQualifiedDomainName": "api.example.com", "ResourcePath": "/health"}}}

alarm(value) := {"Type": "AWS::CloudWatch::Alarm", "Properties": {
	"Namespace": "AWS/Route53",
	"MetricName": "HealthCheckStatus",
	"Dimensions": [{"Name": "HealthCheckId", "Value": value}],
	"Statistic": "Minimum",
	"Period": 60,
	"EvaluationPeriods": 1,
	"Threshold": 1,
	"ComparisonOperator": "LessThanThreshold",
}}

test_fails_without_alarm if {
	res := health_check_alarm_missing.deny with input as testing.template({"PrimaryCheck": check})
	count(res) == 1
	some f in res
	f.resource == "PrimaryCheck"
	f.path == []
	f.message == "Route 53 health check PrimaryCheck is not watched by any CloudWatch alarm (Namespace AWS/Route53, Dimension HealthCheckId): a failed endpoint or a failover goes unnoticed"
}

test_fails_when_alarm_watches_another_check if {
	res := health_check_alarm_missing.deny with input as testing.template({"PrimaryCheck": check, "SecondaryCheck": check, "Alarm": alarm({"Ref": "SecondaryCheck"})})
	count(res) == 1
	some f in res
	f.resource == "PrimaryCheck"
}

test_passes_for_children_of_a_calculated_check_and_alarm_based_checks if {
	count(health_check_alarm_missing.deny) == 0 with input as testing.template({
		"A": check,
		"B": check,
		"Parent": {"Type": "AWS::Route53::HealthCheck", "Properties": {"HealthCheckConfig": {"Type": "CALCULATED", "HealthThreshold": 1, "ChildHealthChecks": [{"Ref": "A"}, {"Ref": "B"}]}}},
		"ParentAlarm": alarm({"Ref": "Parent"}),
		"FromAlarm": {"Type": "AWS::Route53::HealthCheck", "Properties": {"HealthCheckConfig": {"Type": "CLOUDWATCH_METRIC", "AlarmIdentifier": {"Name": "latency", "Region": "us-east-1"}}}},
	})
}

test_fails_for_unwatched_calculated_parent if {
	res := health_check_alarm_missing.deny with input as testing.template({
		"A": check,
		"Parent": {"Type": "AWS::Route53::HealthCheck", "Properties": {"HealthCheckConfig": {"Type": "CALCULATED", "HealthThreshold": 1, "ChildHealthChecks": [{"Ref": "A"}]}}},
	})
	{f.resource | some f in res} == {"Parent"}
}

test_passes_with_alarm if {
	count(health_check_alarm_missing.deny) == 0 with input as testing.template({"PrimaryCheck": check, "Alarm": alarm({"Ref": "PrimaryCheck"})})
}

test_passes_when_unknown if {
	count(health_check_alarm_missing.deny) == 0 with input as testing.template({"PrimaryCheck": check, "Alarm": alarm({"Fn::ImportValue": "check-id"})})
}

test_unknown_alarm_dimension if {
	inp := testing.template({"PrimaryCheck": check, "Alarm": alarm({"Fn::ImportValue": "check-id"})})
	count(health_check_alarm_missing.deny) == 0 with input as inp
	health_check_alarm_missing.unknowns == {{
		"resource": "Alarm",
		"path": ["Properties", "Dimensions"],
		"message": "CloudWatch alarm Alarm: Dimensions is not resolved, so whether it watches Route 53 health check PrimaryCheck is unknown",
	}} with input as inp
}

test_unknown_check_type_and_children if {
	inp := testing.template({
		"Typed": {"Type": "AWS::Route53::HealthCheck", "Properties": {"HealthCheckConfig": {"Type": {"Ref": "CheckType"}, "FullyQualifiedDomainName": "api.example.com"}}},
		"A": check,
		"Parent": {"Type": "AWS::Route53::HealthCheck", "Properties": {"HealthCheckConfig": {"Type": "CALCULATED", "HealthThreshold": 1, "ChildHealthChecks": [{"Fn::If": ["Dr", {"Ref": "A"}, {"Ref": "AWS::NoValue"}]}]}}},
		"ParentAlarm": alarm({"Ref": "Parent"}),
	})
	count(health_check_alarm_missing.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in health_check_alarm_missing.unknowns} == {
		["Typed", ["Properties", "HealthCheckConfig", "Type"]],
		["Parent", ["Properties", "HealthCheckConfig", "ChildHealthChecks", 0]],
	} with input as inp
}

test_no_unknowns_when_known if {
	inp := testing.template({
		"PrimaryCheck": check,
		"Watched": check,
		"WatchedAlarm": alarm({"Ref": "Watched"}),
		"FromAlarm": {"Type": "AWS::Route53::HealthCheck", "Properties": {"HealthCheckConfig": {"Type": "CLOUDWATCH_METRIC", "AlarmIdentifier": {"Name": {"Ref": "AlarmName"}, "Region": "us-east-1"}}}},
		"Cpu": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Namespace": "AWS/EC2", "MetricName": "CPUUtilization", "Dimensions": {"Ref": "Dims"}}},
	})
	count(health_check_alarm_missing.deny) == 1 with input as inp
	count(health_check_alarm_missing.unknowns) == 0 with input as inp
}
