package bulwark.rules.health_check.failover_primary_unchecked_test

import data.bulwark.rules.health_check.failover_primary_unchecked
import data.bulwark.testing

record(props) := {"Type": "AWS::Route53::RecordSet", "Properties": object.union({"Name": "api.example.com.", "Type": "A", "SetIdentifier": "p"}, props)}

test_fails_without_health_check if {
	res := failover_primary_unchecked.deny with input as testing.template({"Primary": record({"Failover": "PRIMARY", "ResourceRecords": ["192.0.2.1"], "TTL": "60"})})
	some f in res
	f.path == ["Properties"]
	contains(f.message, "Route 53 failover PRIMARY record Primary (api.example.com. A) has no HealthCheckId")
}

test_fails_for_alias_without_target_health if {
	res := failover_primary_unchecked.deny with input as testing.template({"Primary": record({"Failover": "PRIMARY", "AliasTarget": {"DNSName": "lb.example.com", "HostedZoneId": "Z1", "EvaluateTargetHealth": "false"}})})
	some f in res
	f.path == ["Properties", "AliasTarget", "EvaluateTargetHealth"]
	contains(f.message, "is an alias that does not evaluate target health")
}

test_fails_in_record_set_group if {
	res := failover_primary_unchecked.deny with input as testing.template({"Group": {"Type": "AWS::Route53::RecordSetGroup", "Properties": {"RecordSets": [
		{"Name": "a.example.com", "Type": "A", "Failover": "SECONDARY"},
		{"Name": "a.example.com", "Type": "A", "Failover": "PRIMARY", "AliasTarget": {"DNSName": "x", "HostedZoneId": "Z"}},
	]}}})
	count(res) == 1
	some f in res
	f.path == ["Properties", "RecordSets", 1, "AliasTarget"]
}

test_passes_with_health_check if {
	count(failover_primary_unchecked.deny) == 0 with input as testing.template({"Primary": record({"Failover": "PRIMARY", "HealthCheckId": {"Ref": "Check"}})})
}

test_passes_with_target_health if {
	count(failover_primary_unchecked.deny) == 0 with input as testing.template({"Primary": record({"Failover": "PRIMARY", "AliasTarget": {"DNSName": "x", "HostedZoneId": "Z", "EvaluateTargetHealth": true}})})
}

test_passes_for_secondary if {
	count(failover_primary_unchecked.deny) == 0 with input as testing.template({"Secondary": record({"Failover": "SECONDARY"})})
}

test_passes_when_unknown if {
	count(failover_primary_unchecked.deny) == 0 with input as testing.template({
		"A": record({"Failover": "PRIMARY", "AliasTarget": {"DNSName": "x", "HostedZoneId": "Z", "EvaluateTargetHealth": {"Ref": "Evaluate"}}}),
		"B": record({"Failover": {"Ref": "Role"}}),
	})
}

group(sets) := {"Type": "AWS::Route53::RecordSetGroup", "Properties": {"HostedZoneName": "example.com.", "RecordSets": sets}}

test_unknown_evaluate_target_health if {
	inp := testing.template({"A": record({"Failover": "PRIMARY", "AliasTarget": {"DNSName": "x", "HostedZoneId": "Z", "EvaluateTargetHealth": {"Ref": "Evaluate"}}})})
	count(failover_primary_unchecked.deny) == 0 with input as inp
	failover_primary_unchecked.unknowns == {{
		"resource": "A",
		"path": ["Properties", "AliasTarget", "EvaluateTargetHealth"],
		"message": "Route 53 failover PRIMARY record A (api.example.com. A): AliasTarget.EvaluateTargetHealth is not resolved, so whether it is health-checked is unknown",
	}} with input as inp
}

test_unknown_failover_role if {
	inp := testing.template({"B": record({"Failover": {"Ref": "Role"}})})
	count(failover_primary_unchecked.deny) == 0 with input as inp
	failover_primary_unchecked.unknowns == {{
		"resource": "B",
		"path": ["Properties", "Failover"],
		"message": "Route 53 record B (api.example.com. A): Failover is not resolved, so whether it is a failover PRIMARY without a health check is unknown",
	}} with input as inp
}

test_unknown_conditional_health_check_id if {
	inp := testing.template({"C": record({"Failover": "PRIMARY", "HealthCheckId": {"Fn::If": ["Checked", {"Ref": "Check"}, {"Ref": "AWS::NoValue"}]}})})
	count(failover_primary_unchecked.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in failover_primary_unchecked.unknowns} == {["C", ["Properties", "HealthCheckId"]]} with input as inp
}

test_unknown_record_set_group_entries if {
	inp := testing.template({
		"G": group([
			{"Fn::If": ["Dr", {"Name": "a.example.com", "Type": "A", "Failover": "PRIMARY"}, {"Ref": "AWS::NoValue"}]},
			{"Fn::If": ["Dr", {"Name": "b.example.com", "Type": "A", "Failover": "SECONDARY"}, {"Ref": "AWS::NoValue"}]},
			{"Fn::If": ["Dr", {"Name": "c.example.com", "Type": "A", "Failover": "PRIMARY", "HealthCheckId": {"Ref": "Check"}}, {"Ref": "AWS::NoValue"}]},
		]),
		"H": group({"Ref": "RecordSets"}),
	})
	count(failover_primary_unchecked.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in failover_primary_unchecked.unknowns} == {
		["G", ["Properties", "RecordSets", 0]],
		["H", ["Properties", "RecordSets"]],
	} with input as inp
}

test_no_unknowns_when_known if {
	inp := testing.template({
		"Unchecked": record({"Failover": "PRIMARY"}),
		"Checked": record({"Failover": "PRIMARY", "HealthCheckId": {"Ref": "Check"}}),
		"CheckParam": record({"Failover": "PRIMARY", "HealthCheckId": {"Ref": "CheckIdParam"}}),
		"AnyRole": record({"Failover": {"Ref": "Role"}, "HealthCheckId": {"Ref": "Check"}}),
		"Secondary": record({"Failover": "SECONDARY", "AliasTarget": {"DNSName": "x", "HostedZoneId": "Z", "EvaluateTargetHealth": {"Ref": "Evaluate"}}}),
		"Both": record({"Failover": "PRIMARY", "HealthCheckId": {"Fn::If": ["Prod", {"Ref": "A"}, {"Ref": "B"}]}}),
	})
	count(failover_primary_unchecked.deny) == 1 with input as inp
	count(failover_primary_unchecked.unknowns) == 0 with input as inp
}
