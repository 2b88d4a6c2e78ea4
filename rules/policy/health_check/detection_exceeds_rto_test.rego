package bulwark.rules.health_check.detection_exceeds_rto_test

import data.bulwark.rules.health_check.detection_exceeds_rto
import data.bulwark.testing

check(cfg) := {"Type": "AWS::Route53::HealthCheck", "Properties": {"HealthCheckConfig": object.union({"Type": "HTTPS", "FullyQualifiedDomainName": "api.example.com"}, cfg)}}

tier(rto) := {"tier": {"level": 1, "rpo_seconds": 60, "rto_seconds": rto}}

test_fails_with_defaults if {
	res := detection_exceeds_rto.deny with input as testing.template_input({"Check": check({})}, tier(60))
	some f in res
	f.path == ["Properties", "HealthCheckConfig"]
	f.details == {"detection_seconds": 90}
	contains(f.message, "Route 53 health check Check takes 90 s to detect a failure (RequestInterval 30 s x FailureThreshold 3), not less than the tier's RTO of 60 s: failover cannot complete within the RTO")
}

test_fails_with_high_threshold if {
	res := detection_exceeds_rto.deny with input as testing.template_input({"Check": check({"RequestInterval": "10", "FailureThreshold": "10"})}, tier(60))
	some f in res
	f.path == ["Properties", "HealthCheckConfig", "FailureThreshold"]
	f.details.detection_seconds == 100
}

test_fails_when_detection_takes_the_whole_rto if {
	count(detection_exceeds_rto.deny) == 1 with input as testing.template_input({"Check": check({"RequestInterval": 30, "FailureThreshold": 10})}, tier(300))
}

test_passes_within_rto if {
	count(detection_exceeds_rto.deny) == 0 with input as testing.template_input({"Check": check({"RequestInterval": 10, "FailureThreshold": 3})}, tier(60))
}

test_passes_without_tier if {
	count(detection_exceeds_rto.deny) == 0 with input as testing.template({"Check": check({})})
}

test_passes_for_calculated_check if {
	count(detection_exceeds_rto.deny) == 0 with input as testing.template_input({"Check": check({"Type": "CALCULATED"})}, tier(10))
}

test_passes_when_unknown if {
	count(detection_exceeds_rto.deny) == 0 with input as testing.template_input({"Check": check({"FailureThreshold": {"Ref": "Threshold"}})}, tier(60))
}

test_unknown_failure_threshold if {
	inp := testing.template_input({"Check": check({"FailureThreshold": {"Ref": "Threshold"}})}, tier(60))
	count(detection_exceeds_rto.deny) == 0 with input as inp
	detection_exceeds_rto.unknowns == {{
		"resource": "Check",
		"path": ["Properties", "HealthCheckConfig", "FailureThreshold"],
		"message": "Route 53 health check Check: FailureThreshold is not resolved, so whether failure detection fits within the tier's RTO of 60 s is unknown",
	}} with input as inp
}

test_unknown_type_interval_and_config if {
	inp := testing.template_input(
		{
			"A": check({"Type": {"Ref": "CheckType"}}),
			"B": check({"RequestInterval": {"Ref": "Interval"}, "FailureThreshold": 2}),
			"C": {"Type": "AWS::Route53::HealthCheck", "Properties": {"HealthCheckConfig": {"Fn::If": ["Fast", {"Type": "HTTPS", "RequestInterval": 10}, {"Type": "HTTPS"}]}}},
		},
		tier(60),
	)
	count(detection_exceeds_rto.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in detection_exceeds_rto.unknowns} == {
		["A", ["Properties", "HealthCheckConfig", "Type"]],
		["B", ["Properties", "HealthCheckConfig", "RequestInterval"]],
		["C", ["Properties", "HealthCheckConfig"]],
	} with input as inp
}

test_no_unknowns_when_any_value_fits_the_rto if {
	inp := testing.template_input(
		{
			"Fast": check({"RequestInterval": 10, "FailureThreshold": {"Ref": "Threshold"}}),
			"Calc": check({"Type": "CALCULATED", "FailureThreshold": {"Ref": "Threshold"}}),
			"Known": check({}),
		},
		tier(120),
	)
	count(detection_exceeds_rto.deny) == 0 with input as inp
	count(detection_exceeds_rto.unknowns) == 0 with input as inp
	count(detection_exceeds_rto.unknowns) == 0 with input as testing.template({"Check": check({"FailureThreshold": {"Ref": "Threshold"}})})
}
