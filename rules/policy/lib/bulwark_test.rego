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
