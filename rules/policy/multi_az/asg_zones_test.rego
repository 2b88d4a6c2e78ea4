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
