package bulwark.rules.health_check.failover_secondary_missing_test

import data.bulwark.rules.health_check.failover_secondary_missing
import data.bulwark.testing

record(props) := {"Type": "AWS::Route53::RecordSet", "Properties": props}

primary_fact := {"file": "a.yaml", "resource": "Primary", "path": ["Properties"], "role": "PRIMARY", "name": "api.example.com", "type": "A"}

# Phase 1: facts of one template.

test_passes_facts_of_records if {
	facts := failover_secondary_missing.facts with input as testing.template({
		"Primary": record({"Name": "API.example.com.", "Type": "a", "Failover": "PRIMARY"}),
		"Secondary": record({"Name": {"Fn::Sub": "api.${Domain}"}, "Type": "A", "Failover": "secondary"}),
		"Plain": record({"Name": "www.example.com", "Type": "A"}),
		"Group": {"Type": "AWS::Route53::RecordSetGroup", "Properties": {"RecordSets": [{"Fn::If": ["Dr", {}, {"Ref": "AWS::NoValue"}]}]}},
	})
	facts == {
		{"resource": "Primary", "path": ["Properties"], "role": "PRIMARY", "name": "api.example.com", "type": "A"},
		{"resource": "Secondary", "path": ["Properties"], "role": "SECONDARY", "type": "A"},
		{"resource": "Group", "path": ["Properties", "RecordSets", 0], "role": "unknown"},
	}
}

# Phase 2: deny over the facts of every template.

test_fails_without_secondary if {
	res := failover_secondary_missing.deny with input as {"facts": [
		primary_fact,
		{"file": "b.yaml", "resource": "Other", "path": ["Properties"], "role": "SECONDARY", "name": "api.example.com", "type": "AAAA"},
	]}
	count(res) == 1
	some f in res
	f == {
		"file": "a.yaml",
		"resource": "Primary",
		"path": ["Properties"],
		"message": "Route 53 failover PRIMARY record Primary (api.example.com A) has no SECONDARY record with the same name and type in the workload: traffic has nowhere to fail over to",
	}
}

test_passes_with_secondary_in_other_file if {
	count(failover_secondary_missing.deny) == 0 with input as {"facts": [
		primary_fact,
		{"file": "b.yaml", "resource": "Standby", "path": ["Properties"], "role": "SECONDARY", "name": "api.example.com", "type": "A"},
	]}
}

test_passes_when_a_secondary_name_is_unknown if {
	count(failover_secondary_missing.deny) == 0 with input as {"facts": [
		primary_fact,
		{"file": "b.yaml", "resource": "Standby", "path": ["Properties"], "role": "SECONDARY", "type": "A"},
	]}
}

test_passes_when_a_role_is_unknown if {
	count(failover_secondary_missing.deny) == 0 with input as {"facts": [
		primary_fact,
		{"file": "b.yaml", "resource": "Maybe", "path": ["Properties"], "role": "unknown"},
	]}
}
