package bulwark.rules.multi_az.eks_nodegroup_subnets_test

import data.bulwark.rules.multi_az.eks_nodegroup_subnets
import data.bulwark.testing

group(subnets) := {"Type": "AWS::EKS::Nodegroup", "Properties": {"ClusterName": "c", "NodeRole": "r", "Subnets": subnets}}

test_fails_with_one_subnet if {
	eks_nodegroup_subnets.deny == {{
		"resource": "Nodes",
		"path": ["Properties", "Subnets"],
		"message": "EKS node group Nodes has only 1 subnet in Subnets: all its nodes run in a single Availability Zone",
	}} with input as testing.template({"Nodes": group([{"Ref": "PrivateA"}])})
}

test_fails_with_subnets_in_one_zone if {
	inp := testing.template({
		"Nodes": group([{"Ref": "A"}, {"Ref": "B"}]),
		"A": {"Type": "AWS::EC2::Subnet", "Properties": {"AvailabilityZoneId": "euw1-az1"}},
		"B": {"Type": "AWS::EC2::Subnet", "Properties": {"AvailabilityZoneId": "euw1-az1"}},
	})
	count(eks_nodegroup_subnets.deny) == 1 with input as inp
}

test_passes_with_two_zones if {
	inp := testing.template({"Nodes": group(["subnet-1", "subnet-2"])})
	count(eks_nodegroup_subnets.deny) == 0 with input as inp
	count(eks_nodegroup_subnets.unknowns) == 0 with input as inp
}

test_unknown_when_subnets_are_a_parameter if {
	inp := testing.template({"Nodes": group({"Ref": "Subnets"})})
	count(eks_nodegroup_subnets.deny) == 0 with input as inp
	count(eks_nodegroup_subnets.unknowns) == 1 with input as inp
}
