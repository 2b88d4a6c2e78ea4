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

# Hosted zones: records pair only within a zone.

zoned_fact(file, id, role, zone) := {"file": file, "resource": id, "path": ["Properties"], "role": role, "name": "api.example.com", "type": "A", "zone": zone}

public_zone := {"form": "name", "value": "example.com"}

# The facts of each template of a workload (file: resources), with their
# file, as the engine gives them to deny.
workload_facts(templates) := [object.union(f, {"file": file}) |
	some file, resources in templates
	facts := failover_secondary_missing.facts with input as testing.template(resources)
	some f in facts
]

group(props) := {"Type": "AWS::Route53::RecordSetGroup", "Properties": props}

test_passes_facts_of_zones if {
	facts := failover_secondary_missing.facts with input as testing.template({
		"ByName": record({"HostedZoneName": "Example.COM.", "Name": "api.example.com", "Type": "A", "Failover": "PRIMARY"}),
		"ById": record({"HostedZoneId": "Z123", "HostedZoneName": "ignored.com", "Name": "api.example.com", "Type": "A", "Failover": "SECONDARY"}),
		"ByRef": record({"HostedZoneId": {"Ref": "HostedZone"}, "Name": "api.example.com", "Type": "A", "Failover": "SECONDARY"}),
		"Group": group({"HostedZoneName": "internal.example.com", "RecordSets": [
			{"Name": "api.example.com", "Type": "A", "Failover": "SECONDARY"},
			{"Fn::If": ["Dr", {"Name": "api.example.com", "Type": "A", "Failover": "SECONDARY"}, {"Ref": "AWS::NoValue"}]},
		]}),
		"OwnZones": group({"RecordSets": [{"HostedZoneId": "Z9", "Name": "api.example.com", "Type": "A", "Failover": "PRIMARY"}]}),
		"Unresolved": group({"HostedZoneId": "Z123", "RecordSets": {"Ref": "Records"}}),
	})
	facts == {
		{"resource": "ByName", "path": ["Properties"], "role": "PRIMARY", "name": "api.example.com", "type": "A", "zone": public_zone},
		{"resource": "ById", "path": ["Properties"], "role": "SECONDARY", "name": "api.example.com", "type": "A", "zone": {"form": "id", "value": "Z123"}},
		{"resource": "ByRef", "path": ["Properties"], "role": "SECONDARY", "name": "api.example.com", "type": "A"},
		{"resource": "Group", "path": ["Properties", "RecordSets", 0], "role": "SECONDARY", "name": "api.example.com", "type": "A", "zone": {"form": "name", "value": "internal.example.com"}},
		{"resource": "Group", "path": ["Properties", "RecordSets", 1], "role": "unknown", "zone": {"form": "name", "value": "internal.example.com"}},
		{"resource": "OwnZones", "path": ["Properties", "RecordSets", 0], "role": "PRIMARY", "name": "api.example.com", "type": "A", "zone": {"form": "id", "value": "Z9"}},
		{"resource": "Unresolved", "path": ["Properties", "RecordSets"], "role": "unknown", "zone": {"form": "id", "value": "Z123"}},
	}
}

test_fails_secondary_in_other_zone if {
	# Zone names.
	res := failover_secondary_missing.deny with input as {"facts": [
		zoned_fact("a.yaml", "Primary", "PRIMARY", public_zone),
		zoned_fact("b.yaml", "Private", "SECONDARY", {"form": "name", "value": "internal.example.com"}),
		{"file": "c.yaml", "resource": "Maybe", "path": ["Properties", "RecordSets", 0], "role": "unknown", "zone": {"form": "name", "value": "other.example.com"}},
	]}
	res == {{
		"file": "a.yaml",
		"resource": "Primary",
		"path": ["Properties"],
		"message": "Route 53 failover PRIMARY record Primary (api.example.com A) has no SECONDARY record with the same name and type in hosted zone example.com in the workload: traffic has nowhere to fail over to",
	}}

	# Zone ids.
	ids := failover_secondary_missing.deny with input as {"facts": [
		zoned_fact("a.yaml", "Primary", "PRIMARY", {"form": "id", "value": "Z1"}),
		zoned_fact("b.yaml", "Other", "SECONDARY", {"form": "id", "value": "Z2"}),
		{"file": "c.yaml", "resource": "Maybe", "path": ["Properties"], "role": "SECONDARY", "type": "A", "zone": {"form": "id", "value": "Z3"}},
	]}
	{f.message | some f in ids} == {"Route 53 failover PRIMARY record Primary (api.example.com A) has no SECONDARY record with the same name and type in hosted zone Z1 in the workload: traffic has nowhere to fail over to"}
}

test_fails_record_set_group_takes_the_group_zone if {
	res := failover_secondary_missing.deny with input as {"facts": workload_facts({
		"a.yaml": {"Primary": record({"HostedZoneName": "example.com.", "Name": "api.example.com", "Type": "A", "Failover": "PRIMARY"})},
		"b.yaml": {"Standby": group({"HostedZoneName": "internal.example.com.", "RecordSets": [
			{"Name": "api.example.com.", "Type": "A", "Failover": "SECONDARY"},
			{"Fn::If": ["Dr", {"Name": "api.example.com", "Type": "A", "Failover": "SECONDARY"}, {"Ref": "AWS::NoValue"}]},
		]})},
	})}
	{[f.file, f.resource] | some f in res} == {["a.yaml", "Primary"]}
}

test_passes_record_set_group_in_the_same_zone if {
	count(failover_secondary_missing.deny) == 0 with input as {"facts": workload_facts({
		"a.yaml": {"Primary": record({"HostedZoneName": "example.com.", "Name": "api.example.com", "Type": "A", "Failover": "PRIMARY"})},
		"b.yaml": {"Standby": group({"HostedZoneName": "EXAMPLE.com", "RecordSets": [{"Name": "api.example.com.", "Type": "A", "Failover": "SECONDARY"}]})},
	})}
}

test_passes_same_zone if {
	count(failover_secondary_missing.deny) == 0 with input as {"facts": [
		zoned_fact("a.yaml", "Primary", "PRIMARY", public_zone),
		zoned_fact("b.yaml", "Private", "SECONDARY", {"form": "name", "value": "internal.example.com"}),
		zoned_fact("b.yaml", "Standby", "SECONDARY", public_zone),
	]}
	count(failover_secondary_missing.deny) == 0 with input as {"facts": [
		zoned_fact("a.yaml", "Primary", "PRIMARY", {"form": "id", "value": "Z1"}),
		{"file": "b.yaml", "resource": "Maybe", "path": ["Properties"], "role": "unknown", "type": "A", "zone": {"form": "id", "value": "Z1"}},
	]}
}

test_passes_zone_unknown if {
	# The SECONDARY's zone is unknown.
	count(failover_secondary_missing.deny) == 0 with input as {"facts": workload_facts({
		"a.yaml": {"Primary": record({"HostedZoneName": "example.com", "Name": "api.example.com", "Type": "A", "Failover": "PRIMARY"})},
		"b.yaml": {"Standby": record({"HostedZoneId": {"Fn::ImportValue": "ZoneId"}, "Name": "api.example.com", "Type": "A", "Failover": "SECONDARY"})},
	})}

	# The PRIMARY's zone is unknown.
	count(failover_secondary_missing.deny) == 0 with input as {"facts": workload_facts({
		"a.yaml": {"Primary": record({"HostedZoneName": {"Ref": "Zone"}, "Name": "api.example.com", "Type": "A", "Failover": "PRIMARY"})},
		"b.yaml": {"Standby": record({"HostedZoneName": "internal.example.com", "Name": "api.example.com", "Type": "A", "Failover": "SECONDARY"})},
	})}

	# A PRIMARY of unknown zone, a record of unknown role in a known zone.
	count(failover_secondary_missing.deny) == 0 with input as {"facts": [
		{"file": "a.yaml", "resource": "Primary", "path": ["Properties"], "role": "PRIMARY", "name": "api.example.com", "type": "A"},
		{"file": "b.yaml", "resource": "Maybe", "path": ["Properties"], "role": "unknown", "zone": public_zone},
	]}

	# A record of unknown name in an unknown zone.
	count(failover_secondary_missing.deny) == 0 with input as {"facts": [
		zoned_fact("a.yaml", "Primary", "PRIMARY", public_zone),
		{"file": "b.yaml", "resource": "Maybe", "path": ["Properties"], "role": "SECONDARY", "type": "A"},
	]}
}

test_fails_zone_unknown_without_any_secondary if {
	res := failover_secondary_missing.deny with input as {"facts": workload_facts({"a.yaml": {"Primary": record({"HostedZoneId": {"Ref": "Zone"}, "Name": "api.example.com", "Type": "A", "Failover": "PRIMARY"})}})}
	{f.message | some f in res} == {"Route 53 failover PRIMARY record Primary (api.example.com A) has no SECONDARY record with the same name and type in the workload: traffic has nowhere to fail over to"}
}

test_passes_zone_forms_differ if {
	count(failover_secondary_missing.deny) == 0 with input as {"facts": [
		zoned_fact("a.yaml", "Primary", "PRIMARY", public_zone),
		zoned_fact("b.yaml", "Standby", "SECONDARY", {"form": "id", "value": "Z1"}),
	]}
	count(failover_secondary_missing.deny) == 0 with input as {"facts": [
		zoned_fact("a.yaml", "Primary", "PRIMARY", {"form": "id", "value": "Z1"}),
		{"file": "b.yaml", "resource": "Maybe", "path": ["Properties"], "role": "unknown", "zone": public_zone},
	]}
}

# --strict: an unresolved hosted zone.

test_unknown_zone_of_a_primary_and_a_secondary if {
	a := testing.template({"Primary": record({"HostedZoneId": {"Ref": "HostedZone"}, "Name": "api.example.com", "Type": "A", "Failover": "PRIMARY"})})
	b := testing.template({"Standby": record({"HostedZoneName": {"Fn::ImportValue": "Zone"}, "Name": "api.example.com", "Type": "A", "Failover": "SECONDARY"})})
	count(failover_secondary_missing.deny) == 0 with input as {"facts": workload_facts({"a.yaml": a.resources, "b.yaml": b.resources})}
	failover_secondary_missing.unknowns == {{
		"resource": "Primary",
		"path": ["Properties", "HostedZoneId"],
		"message": "Route 53 failover PRIMARY record Primary: HostedZoneId is not resolved, so whether it has a SECONDARY record with the same name and type in its hosted zone is unknown",
	}} with input as a
	failover_secondary_missing.unknowns == {{
		"resource": "Standby",
		"path": ["Properties", "HostedZoneName"],
		"message": "Route 53 failover SECONDARY record Standby: HostedZoneName is not resolved, so which PRIMARY record it backs, and whether each PRIMARY has a SECONDARY in its hosted zone, is unknown",
	}} with input as b
}

test_unknown_zone_of_a_record_set_group if {
	inp := testing.template({
		"Group": group({"HostedZoneId": {"Fn::ImportValue": "ZoneId"}, "RecordSets": [
			{"Name": "api.example.com", "Type": "A", "Failover": "PRIMARY"},
			{"Name": "www.example.com", "Type": "A"},
			{"Name": "www.example.com", "Type": "A", "Failover": "SECONDARY"},
		]}),
		"Single": group({"HostedZoneName": {"Ref": "Zone"}, "RecordSets": [{"Name": "api.example.com", "Type": "A", "Failover": "SECONDARY"}]}),
		"OwnZone": group({"RecordSets": [{"HostedZoneId": {"Ref": "Zone"}, "Name": "api.example.com", "Type": "A", "Failover": "PRIMARY"}]}),
	})
	count(failover_secondary_missing.deny) == 0 with input as {"facts": workload_facts({"a.yaml": inp.resources})}
	failover_secondary_missing.unknowns == {
		{
			"resource": "Group",
			"path": ["Properties", "HostedZoneId"],
			"message": "Route 53 record set group Group: HostedZoneId is not resolved, so whether its failover records (RecordSets entries #0, #2) have their PRIMARY or SECONDARY in the same hosted zone is unknown",
		},
		{
			"resource": "Single",
			"path": ["Properties", "HostedZoneName"],
			"message": "Route 53 record set group Single: HostedZoneName is not resolved, so whether its failover records (RecordSets entry #0) have their PRIMARY or SECONDARY in the same hosted zone is unknown",
		},
		{
			"resource": "OwnZone",
			"path": ["Properties", "RecordSets", 0, "HostedZoneId"],
			"message": "Route 53 failover PRIMARY record OwnZone (RecordSets entry #0): HostedZoneId is not resolved, so whether it has a SECONDARY record with the same name and type in its hosted zone is unknown",
		},
	} with input as inp
}

test_no_unknowns_when_paired_in_the_same_zone if {
	zone := {"Ref": "HostedZone"}
	inp := testing.template({
		"Primary": record({"HostedZoneId": zone, "Name": "api.example.com", "Type": "A", "Failover": "PRIMARY"}),
		"Secondary": record({"HostedZoneId": zone, "Name": "API.example.com.", "Type": "A", "Failover": "SECONDARY"}),
		"Group": group({"HostedZoneId": zone, "RecordSets": [
			{"Name": "www.example.com", "Type": "A", "Failover": "PRIMARY"},
			{"Name": "www.example.com", "Type": "A", "Failover": "SECONDARY"},
		]}),
	})
	count(failover_secondary_missing.unknowns) == 0 with input as inp
}

test_unknown_name_when_paired_in_another_zone_only if {
	name := {"Fn::Sub": "api.${Domain}"}
	inp := testing.template({
		"Primary": record({"HostedZoneName": "example.com", "Name": name, "Type": "A", "Failover": "PRIMARY"}),
		"Secondary": record({"HostedZoneName": "internal.example.com", "Name": name, "Type": "A", "Failover": "SECONDARY"}),
		"Zoned": record({"HostedZoneId": {"Ref": "Zone"}, "Name": "www.example.com", "Type": "A", "Failover": "PRIMARY"}),
		"Standby": record({"HostedZoneId": {"Ref": "OtherZone"}, "Name": "www.example.com", "Type": "A", "Failover": "SECONDARY"}),
	})
	{[f.resource, f.path] | some f in failover_secondary_missing.unknowns} == {
		["Primary", ["Properties", "Name"]],
		["Secondary", ["Properties", "Name"]],
		["Zoned", ["Properties", "HostedZoneId"]],
		["Standby", ["Properties", "HostedZoneId"]],
	} with input as inp
}
