package bulwark.rules.multi_az.asg_zones_test

import data.bulwark.rules.multi_az.asg_zones
import data.bulwark.testing

asg(props) := {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": props}

test_fails_with_one_subnet if {
	res := asg_zones.deny with input as testing.template({"Asg": asg({"VPCZoneIdentifier": ["subnet-1"]})})
	some f in res
	f.path == ["Properties", "VPCZoneIdentifier"]
	contains(f.message, "Auto Scaling group Asg has only 1 subnet")
}

test_fails_with_one_zone if {
	res := asg_zones.deny with input as testing.template({"Asg": asg({"AvailabilityZones": [{"Fn::Select": [0, {"Fn::GetAZs": ""}]}]})})
	some f in res
	f.path == ["Properties", "AvailabilityZones"]
}

test_fails_with_subnets_in_one_zone if {
	count(asg_zones.deny) == 1 with input as testing.template({
		"Asg": asg({"VPCZoneIdentifier": [{"Ref": "A"}, {"Ref": "B"}]}),
		"A": {"Type": "AWS::EC2::Subnet", "Properties": {"AvailabilityZoneId": "use1-az1"}},
		"B": {"Type": "AWS::EC2::Subnet", "Properties": {"AvailabilityZoneId": "use1-az1"}},
	})
}

test_passes_with_two_subnets if {
	count(asg_zones.deny) == 0 with input as testing.template({"Asg": asg({"VPCZoneIdentifier": [{"Ref": "A"}, {"Ref": "B"}]})})
}

test_passes_with_getazs if {
	count(asg_zones.deny) == 0 with input as testing.template({"Asg": asg({"AvailabilityZones": {"Fn::GetAZs": ""}})})
}

test_passes_when_subnets_unknown if {
	count(asg_zones.deny) == 0 with input as testing.template({"Asg": asg({"VPCZoneIdentifier": {"Fn::Split": [",", {"Ref": "Subnets"}]}})})
}

test_unknown_when_subnets_unresolved if {
	inp := testing.template({"Asg": asg({"VPCZoneIdentifier": {"Fn::Split": [",", {"Ref": "Subnets"}]}})})
	count(asg_zones.deny) == 0 with input as inp
	asg_zones.unknowns == {{
		"resource": "Asg",
		"path": ["Properties", "VPCZoneIdentifier"],
		"message": "Auto Scaling group Asg: VPCZoneIdentifier is not resolved, so whether its instances run in more than one Availability Zone is unknown",
	}} with input as inp
}

test_unknown_with_two_parameter_subnets if {
	inp := testing.template({"Asg": asg({"VPCZoneIdentifier": [{"Ref": "A"}, {"Ref": "B"}]})})
	count(asg_zones.deny) == 0 with input as inp
	count(asg_zones.unknowns) == 1 with input as inp
}

test_unknown_when_zones_unresolved if {
	inp := testing.template({"Asg": asg({"AvailabilityZones": [{"Ref": "Az1"}, {"Ref": "Az2"}]})})
	count(asg_zones.deny) == 0 with input as inp
	res := asg_zones.unknowns with input as inp
	count(res) == 1
	some f in res
	f.path == ["Properties", "AvailabilityZones"]
}

test_no_unknown_when_known if {
	count(asg_zones.unknowns) == 0 with input as testing.template({"Asg": asg({"AvailabilityZones": {"Fn::GetAZs": ""}})})
	count(asg_zones.unknowns) == 0 with input as testing.template({"Asg": asg({"AvailabilityZones": ["eu-west-1a", "eu-west-1b", {"Ref": "Az3"}]})})
	count(asg_zones.unknowns) == 0 with input as testing.template({"Asg": asg({"VPCZoneIdentifier": ["subnet-1"]})})
	count(asg_zones.unknowns) == 0 with input as testing.template({"Asg": asg({"VPCZoneIdentifier": ["subnet-1", "subnet-2"], "AvailabilityZones": {"Ref": "Azs"}})})
}
