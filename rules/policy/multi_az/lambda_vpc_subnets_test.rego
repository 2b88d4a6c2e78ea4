package bulwark.rules.multi_az.lambda_vpc_subnets_test

import data.bulwark.rules.multi_az.lambda_vpc_subnets
import data.bulwark.testing

fn(subnets) := {"Type": "AWS::Lambda::Function", "Properties": {"VpcConfig": {"SubnetIds": subnets, "SecurityGroupIds": ["sg-1"]}}}

subnet(az) := {"Type": "AWS::EC2::Subnet", "Properties": {"AvailabilityZone": az}}

test_fails_with_one_subnet if {
	res := lambda_vpc_subnets.deny with input as testing.template({"Fn": fn([{"Ref": "Private"}])})
	res == {{
		"resource": "Fn",
		"path": ["Properties", "VpcConfig", "SubnetIds"],
		"message": "Lambda function Fn is attached to a VPC with only 1 subnet in VpcConfig.SubnetIds: it cannot run when that Availability Zone fails",
	}}
}

test_fails_with_template_subnets_in_one_zone if {
	inp := testing.template({
		"Fn": fn([{"Ref": "A"}, {"Ref": "B"}]),
		"A": subnet({"Fn::Select": [0, {"Fn::GetAZs": ""}]}),
		"B": subnet({"Fn::Select": ["0", {"Fn::GetAZs": {"Ref": "AWS::Region"}}]}),
	})
	some f in lambda_vpc_subnets.deny with input as inp
	contains(f.message, "2 subnets, all in the same Availability Zone (Fn::GetAZs index 0)")
}

test_fails_sam_function if {
	inp := testing.template({"Fn": {"Type": "AWS::Serverless::Function", "Properties": {"VpcConfig": {"SubnetIds": ["subnet-1"]}}}})
	count(lambda_vpc_subnets.deny) == 1 with input as inp
}

test_passes_with_subnets_in_two_zones if {
	inp := testing.template({
		"Fn": fn([{"Ref": "A"}, {"Ref": "B"}]),
		"A": subnet("eu-west-1a"),
		"B": subnet("eu-west-1b"),
	})
	count(lambda_vpc_subnets.deny) == 0 with input as inp
	count(lambda_vpc_subnets.unknowns) == 0 with input as inp
}

test_passes_outside_a_vpc if {
	inp := testing.template({"Fn": {"Type": "AWS::Lambda::Function", "Properties": {}}, "Empty": fn([])})
	count(lambda_vpc_subnets.deny) == 0 with input as inp
	count(lambda_vpc_subnets.unknowns) == 0 with input as inp
}

test_unknown_when_subnets_are_a_parameter if {
	inp := testing.template({"Fn": fn({"Ref": "SubnetIds"})})
	count(lambda_vpc_subnets.deny) == 0 with input as inp
	lambda_vpc_subnets.unknowns == {{
		"resource": "Fn",
		"path": ["Properties", "VpcConfig", "SubnetIds"],
		"message": "Lambda function Fn: SubnetIds is not resolved, so whether it runs in more than one Availability Zone is unknown",
	}} with input as inp
}

test_unknown_when_subnet_zones_are_parameters if {
	inp := testing.template({
		"Fn": fn([{"Ref": "A"}, {"Ref": "B"}]),
		"A": subnet({"Ref": "ZoneA"}),
		"B": subnet({"Ref": "ZoneB"}),
	})
	count(lambda_vpc_subnets.deny) == 0 with input as inp
	count(lambda_vpc_subnets.unknowns) == 1 with input as inp
}

test_unknown_when_vpc_config_conditional if {
	inp := testing.template({"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"VpcConfig": {"Fn::If": ["InVpc", {"SubnetIds": ["subnet-1"]}, {"Ref": "AWS::NoValue"}]}}}})
	count(lambda_vpc_subnets.deny) == 0 with input as inp
	some f in lambda_vpc_subnets.unknowns with input as inp
	f.path == ["Properties", "VpcConfig"]
}
