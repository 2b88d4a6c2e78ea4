package bulwark.rules.multi_az.efs_one_zone_test

import data.bulwark.rules.multi_az.efs_one_zone
import data.bulwark.testing

fs(props) := {"Type": "AWS::EFS::FileSystem", "Properties": props}

test_fails_with_zone_name if {
	res := efs_one_zone.deny with input as testing.template({"Fs": fs({"AvailabilityZoneName": "us-east-1a"})})
	some f in res
	f.path == ["Properties", "AvailabilityZoneName"]
	contains(f.message, "EFS file system Fs is One Zone (AvailabilityZoneName us-east-1a)")
}

test_fails_with_zone_from_parameter if {
	count(efs_one_zone.deny) == 1 with input as testing.template({"Fs": fs({"AvailabilityZoneName": {"Ref": "Zone"}})})
}

test_passes_regional if {
	count(efs_one_zone.deny) == 0 with input as testing.template({"Fs": fs({"Encrypted": true})})
}

test_passes_when_condition_unknown if {
	count(efs_one_zone.deny) == 0 with input as testing.template({"Fs": fs({"AvailabilityZoneName": {"Fn::If": ["OneZone", "us-east-1a", {"Ref": "AWS::NoValue"}]}})})
}
