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
