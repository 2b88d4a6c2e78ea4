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

test_passes_facts_of_an_unresolved_record_set_group if {
	facts := failover_secondary_missing.facts with input as testing.template({"Group": {"Type": "AWS::Route53::RecordSetGroup", "Properties": {"RecordSets": {"Fn::If": ["Dr", [{"Name": "api.example.com", "Type": "A", "Failover": "SECONDARY"}], {"Ref": "AWS::NoValue"}]}}}})
	facts == {{"resource": "Group", "path": ["Properties", "RecordSets"], "role": "unknown"}}
}

test_unknown_primary_name if {
	inp := testing.template({"Primary": record({"Name": {"Fn::Sub": "api.${Domain}"}, "Type": "A", "Failover": "PRIMARY"})})
	facts := failover_secondary_missing.facts with input as inp
	count(failover_secondary_missing.deny) == 0 with input as {"facts": [object.union(f, {"file": "a.yaml"}) | some f in facts]}
	failover_secondary_missing.unknowns == {{
		"resource": "Primary",
		"path": ["Properties", "Name"],
		"message": "Route 53 failover PRIMARY record Primary: Name is not resolved, so whether it has a SECONDARY record with the same name and type is unknown",
	}} with input as inp
}

test_unknown_role_secondary_key_and_group_entries if {
	inp := testing.template({
		"Maybe": record({"Name": "api.example.com", "Type": "A", "Failover": {"Ref": "Role"}}),
		"Standby": record({"Name": "www.example.com", "Type": {"Ref": "RecordType"}, "Failover": "SECONDARY"}),
		"Group": {"Type": "AWS::Route53::RecordSetGroup", "Properties": {"RecordSets": [
			{"Fn::If": ["Dr", {"Name": "a.example.com", "Type": "A", "Failover": "PRIMARY"}, {"Ref": "AWS::NoValue"}]},
			{"Fn::If": ["Dr", {"Name": "b.example.com", "Type": "A"}, {"Ref": "AWS::NoValue"}]},
		]}},
		"Unresolved": {"Type": "AWS::Route53::RecordSetGroup", "Properties": {"RecordSets": {"Ref": "Records"}}},
	})
	facts := failover_secondary_missing.facts with input as inp
	count(failover_secondary_missing.deny) == 0 with input as {"facts": [object.union(f, {"file": "a.yaml"}) | some f in facts]}
	{[f.resource, f.path] | some f in failover_secondary_missing.unknowns} == {
		["Maybe", ["Properties", "Failover"]],
		["Standby", ["Properties", "Type"]],
		["Group", ["Properties", "RecordSets", 0]],
		["Unresolved", ["Properties", "RecordSets"]],
	} with input as inp
}

test_no_unknowns_when_paired_in_the_template if {
	name := {"Fn::Sub": "api.${Domain}"}
	inp := testing.template({
		"Primary": record({"Name": name, "Type": "A", "Failover": "PRIMARY"}),
		"Secondary": record({"Name": name, "Type": "A", "Failover": "SECONDARY"}),
		"Maybe": record({"Name": "www.example.com.", "Type": "a", "Failover": {"Ref": "Role"}}),
		"Standby": record({"Name": "WWW.example.com", "Type": "A", "Failover": "SECONDARY"}),
		"Known": record({"Name": "api.example.com", "Type": "A", "Failover": "PRIMARY"}),
		"Plain": record({"Name": {"Ref": "Name"}, "Type": "A"}),
	})
	count(failover_secondary_missing.unknowns) == 0 with input as inp
}
