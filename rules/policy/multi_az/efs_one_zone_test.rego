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

test_passes_when_condition_removes_zone_as_resolved if {
	# What the resolver leaves of !If [OneZone, us-east-1a, !Ref AWS::NoValue].
	count(efs_one_zone.deny) == 0 with input as testing.template({"Fs": fs({"AvailabilityZoneName": {"Fn::If": ["OneZone", "us-east-1a"]}})})
}

test_fails_when_condition_chooses_between_zones if {
	res := efs_one_zone.deny with input as testing.template({"Fs": fs({"AvailabilityZoneName": {"Fn::If": ["East", "us-east-1a", "us-east-1b"]}})})
	count(res) == 1
}

test_unknown_when_condition_unknown if {
	inp := testing.template({"Fs": fs({"AvailabilityZoneName": {"Fn::If": ["OneZone", "us-east-1a"]}})})
	count(efs_one_zone.deny) == 0 with input as inp
	efs_one_zone.unknowns == {{
		"resource": "Fs",
		"path": ["Properties", "AvailabilityZoneName"],
		"message": "EFS file system Fs: AvailabilityZoneName is not resolved, so whether it is One Zone (single Availability Zone) is unknown",
	}} with input as inp
}

test_unknown_with_nested_condition if {
	inp := testing.template({"Fs": fs({"AvailabilityZoneName": {"Fn::If": ["A", "us-east-1a", {"Fn::If": ["B", "us-east-1b", {"Ref": "AWS::NoValue"}]}]}})})
	count(efs_one_zone.deny) == 0 with input as inp
	count(efs_one_zone.unknowns) == 1 with input as inp
}

test_no_unknown_when_known if {
	count(efs_one_zone.unknowns) == 0 with input as testing.template({"Fs": fs({"Encrypted": true})})
	count(efs_one_zone.unknowns) == 0 with input as testing.template({"Fs": fs({"AvailabilityZoneName": {"Ref": "Zone"}})})
	count(efs_one_zone.unknowns) == 0 with input as testing.template({"Fs": fs({"AvailabilityZoneName": {"Fn::If": ["East", "us-east-1a", "us-east-1b"]}})})
}
