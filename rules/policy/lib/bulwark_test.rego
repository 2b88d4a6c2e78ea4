# Unit tests of the shared helpers of data.bulwark.lib.
package bulwark.lib_test

import data.bulwark.lib
import data.bulwark.testing

# Two subnets of the template in different zones, one whose zone is a
# parameter.
subnets := {
	"SubA": {"Type": "AWS::EC2::Subnet", "Properties": {"AvailabilityZone": "us-east-1a"}},
	"SubB": {"Type": "AWS::EC2::Subnet", "Properties": {"AvailabilityZone": "us-east-1b"}},
	"SubP": {"Type": "AWS::EC2::Subnet", "Properties": {"AvailabilityZone": {"Ref": "Zone"}}},
}

# spans_zones

test_spans_zones_true_for_two_names if {
	lib.spans_zones(["us-east-1a", "us-east-1b"])
}

test_spans_zones_true_for_two_getazs_indexes if {
	lib.spans_zones(["Fn::GetAZs index 0", "Fn::GetAZs index 1"])
}

test_spans_zones_true_for_two_zone_ids if {
	lib.spans_zones(["zone id use1-az1", "zone id use1-az2", "subnet X"])
}

test_spans_zones_false_for_subnets_only if {
	not lib.spans_zones(["subnet A", "subnet B"])
}

test_spans_zones_false_for_different_kinds if {
	not lib.spans_zones(["us-east-1a", "Fn::GetAZs index 1", "Fn::GetAZs(eu-west-1) index 2", "zone id use1-az1"])
}

test_spans_zones_false_for_one_zone if {
	not lib.spans_zones(["us-east-1a", "us-east-1a"])
}

test_spans_zones_false_for_non_strings if {
	not lib.spans_zones([1, 2, {"Ref": "Zone"}])
}

# zone_kind

test_zone_kind_kinds if {
	lib.zone_kind("subnet SubA") == "subnet"
	lib.zone_kind("zone id use1-az1") == "zone id"
	lib.zone_kind("Fn::GetAZs index 0") == "Fn::GetAZs"
	lib.zone_kind("Fn::GetAZs(eu-west-1) index 2") == "Fn::GetAZs(eu-west-1)"
	lib.zone_kind("us-east-1a") == "name"
}

test_zone_kind_undefined_for_non_string if {
	not lib.zone_kind({"Ref": "Zone"})
	not lib.zone_kind(3)
}

# subnets_unresolved

test_subnets_unresolved_true_for_intrinsic if {
	lib.subnets_unresolved({"Ref": "SubnetIds"}) with input as testing.template(subnets)
}

test_subnets_unresolved_true_for_parameter_entries if {
	lib.subnets_unresolved([{"Ref": "SubnetParamA"}, {"Ref": "SubnetParamB"}]) with input as testing.template(subnets)
}

test_subnets_unresolved_false_for_literals if {
	not lib.subnets_unresolved(["subnet-1", "subnet-2"]) with input as testing.template(subnets)
}

test_subnets_unresolved_false_for_one_subnet if {
	not lib.subnets_unresolved([{"Ref": "SubnetParam"}]) with input as testing.template(subnets)
}

test_subnets_unresolved_false_when_known_to_span if {
	not lib.subnets_unresolved([{"Ref": "SubA"}, {"Ref": "SubB"}, {"Ref": "SubnetParam"}]) with input as testing.template(subnets)
}

# subnets_unknown

test_subnets_unknown_true_for_subnet_with_unresolved_zone if {
	lib.subnets_unknown([{"Ref": "SubA"}, {"Ref": "SubP"}]) with input as testing.template(subnets)
}

test_subnets_unknown_false_for_template_subnets_in_two_zones if {
	not lib.subnets_unknown([{"Ref": "SubA"}, {"Ref": "SubB"}]) with input as testing.template(subnets)
}

test_subnets_unknown_false_for_same_subnet_twice if {
	not lib.subnets_unknown([{"Ref": "SubnetParam"}, {"Ref": "SubnetParam"}]) with input as testing.template(subnets)
}

# zones_unknown

test_zones_unknown_true_for_intrinsic if {
	lib.zones_unknown({"Ref": "Zones"})
}

test_zones_unknown_true_for_unresolved_entry if {
	lib.zones_unknown([{"Ref": "ZoneA"}, "us-east-1b"])
}

test_zones_unknown_false_for_getazs if {
	not lib.zones_unknown({"Fn::GetAZs": ""})
}

test_zones_unknown_false_for_literals if {
	not lib.zones_unknown(["us-east-1a", "us-east-1b"])
	not lib.zones_unknown(["us-east-1a"])
}

test_zones_unknown_false_when_known_to_span if {
	not lib.zones_unknown(["us-east-1a", "us-east-1b", {"Ref": "ZoneC"}])
}

# may_be_removed

test_may_be_removed_true_for_novalue_branch if {
	lib.may_be_removed({"Fn::If": ["HasZone", "us-east-1a", {"Ref": "AWS::NoValue"}]})
}

test_may_be_removed_true_for_dropped_branch if {
	lib.may_be_removed({"Fn::If": ["HasZone", "us-east-1a"]})
}

test_may_be_removed_true_for_nested_if if {
	lib.may_be_removed({"Fn::If": ["A", 5, {"Fn::If": ["B", 1]}]})
}

test_may_be_removed_false_for_two_values if {
	not lib.may_be_removed({"Fn::If": ["HasZone", "us-east-1a", "us-east-1b"]})
}

test_may_be_removed_false_for_novalue_outside_branches if {
	not lib.may_be_removed({"Fn::If": ["A", {"Fn::Join": ["", [{"Ref": "AWS::NoValue"}]]}, 2]})
}

test_may_be_removed_false_for_resolved_or_other_values if {
	not lib.may_be_removed(5)
	not lib.may_be_removed("us-east-1a")
	not lib.may_be_removed({"Ref": "Zone"})
}

# options

test_options_numbers if {
	lib.options({"Fn::If": ["Big", 5, "10"]}) == {5, 10}
}

test_options_dropped_novalue_branch if {
	lib.options({"Fn::If": ["Reserve", 0]}) == {0, null}
}

test_options_novalue_branch if {
	lib.options({"Fn::If": ["Reserve", 7, {"Ref": "AWS::NoValue"}]}) == {7, null}
}

test_options_undefined_for_non_literal_branch if {
	not lib.options({"Fn::If": ["Big", 5, {"Ref": "Size"}]})
	not lib.options({"Fn::If": ["Big", 5, {"Fn::If": ["Bigger", 10, 20]}]})
}

test_options_undefined_for_other_values if {
	not lib.options({"Ref": "Size"})
	not lib.options(5)
	not lib.options("5")
}

# plain_object

test_plain_object_true_for_object if {
	lib.plain_object({"Arn": {"Fn::GetAtt": ["Queue", "Arn"]}, "Id": "T1"})
	lib.plain_object({})
}

test_plain_object_false_for_intrinsic_or_scalar if {
	not lib.plain_object({"Fn::If": ["C", {"Arn": "a"}, {"Ref": "AWS::NoValue"}]})
	not lib.plain_object({"Ref": "Target"})
	not lib.plain_object("arn")
	not lib.plain_object([{"Arn": "a"}])
}

# value_intrinsic

test_value_intrinsic_true_for_value_calls if {
	lib.value_intrinsic({"Ref": "Param"})
	lib.value_intrinsic({"Fn::GetAtt": ["Queue", "Arn"]})
	lib.value_intrinsic({"Fn::ImportValue": "Export"})
	lib.value_intrinsic({"Fn::Sub": "arn:${Param}"})
	lib.value_intrinsic({"Fn::Join": ["", ["a", {"Ref": "B"}]]})
}

test_value_intrinsic_false_for_novalue_and_other_intrinsics if {
	not lib.value_intrinsic({"Ref": "AWS::NoValue"})
	not lib.value_intrinsic({"Fn::If": ["C", "a", "b"]})
	not lib.value_intrinsic({"Fn::FindInMap": ["M", "k", "v"]})
	not lib.value_intrinsic({"Fn::Select": [0, {"Ref": "L"}]})
	not lib.value_intrinsic("a")
}

# surely_present

test_surely_present_true_for_value_intrinsic_or_two_valued_branches if {
	lib.surely_present({"Ref": "Param"})
	lib.surely_present({"Fn::If": ["C", {"maxReceiveCount": 3}, {"Fn::GetAtt": ["Q", "Arn"]}]})
}

test_surely_present_false_for_branch_that_may_be_absent if {
	not lib.surely_present({"Fn::If": ["C", {"maxReceiveCount": 3}, {"Ref": "AWS::NoValue"}]})
	not lib.surely_present({"Fn::If": ["C", {"maxReceiveCount": 3}]})
	not lib.surely_present({"Fn::If": ["C", "a", {"Fn::If": ["D", "b", "c"]}]})
	not lib.surely_present({"Fn::FindInMap": ["M", "k", "v"]})
}

test_surely_present_undefined_for_resolved_value if {
	not lib.surely_present({"maxReceiveCount": 3})
	not lib.surely_present("a")
}

# maybe_absent

test_maybe_absent_true_for_novalue_branch_or_opaque_intrinsic if {
	lib.maybe_absent({"Fn::If": ["C", {"maxReceiveCount": 3}, {"Ref": "AWS::NoValue"}]})
	lib.maybe_absent({"Fn::If": ["C", {"maxReceiveCount": 3}]})
	lib.maybe_absent({"Fn::FindInMap": ["M", "k", "v"]})
	lib.maybe_absent({"Fn::Select": [0, {"Ref": "L"}]})
}

test_maybe_absent_false_for_resolved_or_valued if {
	not lib.maybe_absent({"maxReceiveCount": 3})
	not lib.maybe_absent(null)
	not lib.maybe_absent({"Ref": "Param"})
	not lib.maybe_absent({"Fn::If": ["C", "a", {"Fn::Sub": "${B}"}]})
}

# maybe_absent_trusting_lookups

test_maybe_absent_trusting_lookups_true_for_novalue_branch if {
	lib.maybe_absent_trusting_lookups({"Fn::If": ["C", 100, {"Ref": "AWS::NoValue"}]})
	lib.maybe_absent_trusting_lookups({"Fn::If": ["C", 100, {"Fn::If": ["D", 1, 2]}]})
}

test_maybe_absent_trusting_lookups_false_for_lookups if {
	not lib.maybe_absent_trusting_lookups({"Fn::FindInMap": ["Limits", {"Ref": "Env"}, "Rate"]})
	not lib.maybe_absent_trusting_lookups({"Fn::If": ["C", {"Fn::Select": [0, {"Ref": "L"}]}, 100]})
	not lib.maybe_absent_trusting_lookups({"Ref": "Rate"})
	not lib.maybe_absent_trusting_lookups(100)
}

# present_trusting_lookups

test_present_trusting_lookups_true_for_set_values if {
	lib.present_trusting_lookups(100)
	lib.present_trusting_lookups({"Ref": "Rate"})
	lib.present_trusting_lookups({"Fn::FindInMap": ["Limits", {"Ref": "Env"}, "Rate"]})
}

test_present_trusting_lookups_false_for_null_or_maybe_absent if {
	not lib.present_trusting_lookups(null)
	not lib.present_trusting_lookups({"Fn::If": ["C", 100, {"Ref": "AWS::NoValue"}]})
}

# max_timeout

test_max_timeout_larger_branch if {
	lib.max_timeout({"Fn::If": ["Long", 600, "30"]}) == 600
}

test_max_timeout_lambda_maximum_otherwise if {
	lib.max_timeout({"Ref": "Timeout"}) == 900
	lib.max_timeout({"Fn::If": ["Long", 600, {"Ref": "Timeout"}]}) == 900
}

# function_or_null

test_function_or_null_template_function if {
	lib.function_or_null({"Fn::GetAtt": ["Worker", "Arn"]}) == "Worker" with input as testing.template({"Worker": {"Type": "AWS::Lambda::Function", "Properties": {}}})
}

test_function_or_null_null_for_unknown_function if {
	inp := testing.template({"Worker": {"Type": "AWS::Lambda::Function", "Properties": {}}})
	lib.function_or_null({"Ref": "FunctionParam"}) == null with input as inp
	lib.function_or_null("other-stack-function") == null with input as inp
}

# sam_event_state_unknown

test_sam_event_state_unknown_true_for_unresolved_enabled_or_state if {
	lib.sam_event_state_unknown({"Enabled": {"Ref": "On"}, "Pattern": {}})
	lib.sam_event_state_unknown({"State": {"Fn::If": ["On", "ENABLED", "DISABLED"]}})
}

test_sam_event_state_unknown_false_when_resolved_or_absent if {
	not lib.sam_event_state_unknown({"Enabled": false, "State": "ENABLED"})
	not lib.sam_event_state_unknown({"Pattern": {"source": [{"Ref": "Source"}]}})
}

# alarm_unresolved_path

alarm(props) := {"Type": "AWS::CloudWatch::Alarm", "Properties": props}

test_alarm_unresolved_path_first_unresolved_property if {
	lib.alarm_unresolved_path("A") == ["Properties", "Namespace"] with input as testing.template({"A": alarm({
		"MetricName": "Errors",
		"Namespace": {"Ref": "Ns"},
		"Dimensions": [{"Name": "FunctionName", "Value": {"Ref": "Fn"}}],
	})})
}

test_alarm_unresolved_path_properties_when_none_unresolved if {
	lib.alarm_unresolved_path("A") == ["Properties"] with input as testing.template({"A": alarm({"MetricName": "Errors", "Namespace": "AWS/Lambda"})})
	lib.alarm_unresolved_path("Missing") == ["Properties"] with input as testing.template({})
}

# route53_zone, route53_zone_unresolved, route53_zone_key

route53_template := testing.template({
	"ById": {"Type": "AWS::Route53::RecordSet", "Properties": {"HostedZoneId": "Z123", "HostedZoneName": "ignored.com", "Name": "a.example.com"}},
	"ByName": {"Type": "AWS::Route53::RecordSet", "Properties": {"HostedZoneName": "Example.COM.", "Name": "a.example.com"}},
	"ByRef": {"Type": "AWS::Route53::RecordSet", "Properties": {"HostedZoneId": {"Ref": "Zone"}, "HostedZoneName": "example.com"}},
	"ByImport": {"Type": "AWS::Route53::RecordSet", "Properties": {"HostedZoneName": {"Fn::ImportValue": "Zone"}}},
	"NoZone": {"Type": "AWS::Route53::RecordSet", "Properties": {"Name": "a.example.com"}},
	"NotAString": {"Type": "AWS::Route53::RecordSet", "Properties": {"HostedZoneName": 42}},
	"Group": {"Type": "AWS::Route53::RecordSetGroup", "Properties": {"HostedZoneName": "example.com", "RecordSets": [
		{"HostedZoneName": "ignored.com", "Name": "a.example.com"},
		{"Fn::If": ["Dr", {"Name": "b.example.com"}, {"Ref": "AWS::NoValue"}]},
	]}},
	"OwnZones": {"Type": "AWS::Route53::RecordSetGroup", "Properties": {"RecordSets": [
		{"HostedZoneId": "Z9", "Name": "a.example.com"},
		{"HostedZoneName": {"Ref": "Zone"}},
		{"Fn::If": ["Dr", {"HostedZoneId": "Z9"}, {"Ref": "AWS::NoValue"}]},
	]}},
	"UnresolvedGroup": {"Type": "AWS::Route53::RecordSetGroup", "Properties": {"HostedZoneId": {"Ref": "Zone"}, "RecordSets": {"Ref": "Records"}}},
})

# route53_entry(id, path) is the tuple of route53_records at id and path.
route53_entry(id, path) := [id, path, object.get(route53_template.resources[id], path, null)]

test_route53_zone_of_record_sets if {
	lib.route53_zone(route53_entry("ById", ["Properties"])) == {"form": "id", "value": "Z123"} with input as route53_template
	lib.route53_zone(route53_entry("ByName", ["Properties"])) == {"form": "name", "value": "example.com"} with input as route53_template
}

test_route53_zone_of_group_entries if {
	lib.route53_zone(route53_entry("Group", ["Properties", "RecordSets", 0])) == {"form": "name", "value": "example.com"} with input as route53_template
	lib.route53_zone(route53_entry("Group", ["Properties", "RecordSets", 1])) == {"form": "name", "value": "example.com"} with input as route53_template
	lib.route53_zone(route53_entry("OwnZones", ["Properties", "RecordSets", 0])) == {"form": "id", "value": "Z9"} with input as route53_template
}

test_route53_zone_undefined_when_unknown if {
	not lib.route53_zone(route53_entry("ByRef", ["Properties"])) with input as route53_template
	not lib.route53_zone(route53_entry("ByImport", ["Properties"])) with input as route53_template
	not lib.route53_zone(route53_entry("NoZone", ["Properties"])) with input as route53_template
	not lib.route53_zone(route53_entry("NotAString", ["Properties"])) with input as route53_template
	not lib.route53_zone(route53_entry("OwnZones", ["Properties", "RecordSets", 1])) with input as route53_template
	not lib.route53_zone(route53_entry("OwnZones", ["Properties", "RecordSets", 2])) with input as route53_template
	not lib.route53_zone(route53_entry("UnresolvedGroup", ["Properties", "RecordSets"])) with input as route53_template
}

test_route53_zone_unresolved_paths if {
	lib.route53_zone_unresolved(route53_entry("ByRef", ["Properties"])) == ["Properties", "HostedZoneId"] with input as route53_template
	lib.route53_zone_unresolved(route53_entry("ByImport", ["Properties"])) == ["Properties", "HostedZoneName"] with input as route53_template
	lib.route53_zone_unresolved(route53_entry("OwnZones", ["Properties", "RecordSets", 1])) == ["Properties", "RecordSets", 1, "HostedZoneName"] with input as route53_template
	lib.route53_zone_unresolved(route53_entry("UnresolvedGroup", ["Properties", "RecordSets"])) == ["Properties", "HostedZoneId"] with input as route53_template
}

test_route53_zone_unresolved_undefined_when_known_or_absent if {
	not lib.route53_zone_unresolved(route53_entry("ById", ["Properties"])) with input as route53_template
	not lib.route53_zone_unresolved(route53_entry("Group", ["Properties", "RecordSets", 1])) with input as route53_template
	not lib.route53_zone_unresolved(route53_entry("NoZone", ["Properties"])) with input as route53_template
	not lib.route53_zone_unresolved(route53_entry("NotAString", ["Properties"])) with input as route53_template
	not lib.route53_zone_unresolved(route53_entry("OwnZones", ["Properties", "RecordSets", 2])) with input as route53_template
}

test_route53_zone_key_known_as_written_or_null if {
	lib.route53_zone_key(route53_entry("ByName", ["Properties"])) == {"form": "name", "value": "example.com"} with input as route53_template
	lib.route53_zone_key(route53_entry("ByRef", ["Properties"])) == {"HostedZoneId": {"Ref": "Zone"}} with input as route53_template
	lib.route53_zone_key(route53_entry("NotAString", ["Properties"])) == {"HostedZoneName": 42} with input as route53_template
	lib.route53_zone_key(route53_entry("NoZone", ["Properties"])) == null with input as route53_template
	lib.route53_zone_key(route53_entry("OwnZones", ["Properties", "RecordSets", 2])) == null with input as route53_template
}
