# METADATA
# title: VPC-connected Lambda function in a single Availability Zone
# description: >-
#   A Lambda function attached to a VPC runs only in the Availability Zones
#   of the subnets in VpcConfig.SubnetIds. With one subnet, or subnets all in
#   one zone, the function cannot run when that zone fails (AWS Config
#   lambda-vpc-multi-az-check; Trusted Advisor "AWS Lambda VPC-enabled
#   Functions without Multi-AZ Redundancy").
# custom:
#   id: BW-MULTI-AZ-010
#   severity: high
#   concern: multi-az
#   well_architected: [REL10-BP01]
#   resource_types: [AWS::Lambda::Function, AWS::Serverless::Function]
#   inputs: [template, account]
#   remediation: >-
#     List subnets in at least two Availability Zones in
#     VpcConfig.SubnetIds (or remove VpcConfig if the function needs no VPC
#     resources).
package bulwark.rules.multi_az.lambda_vpc_subnets

import data.bulwark.lib

path := ["Properties", "VpcConfig", "SubnetIds"]

# An empty SubnetIds list detaches the function from the VPC: Lambda then
# runs it in every zone, so only non-empty lists are checked.
deny contains lib.finding(id, path, msg) if {
	some id, r in lib.functions
	subnets := lib.list(object.get(r, path, null))
	count(subnets) > 0
	why := lib.single_az_subnets(subnets)
	msg := sprintf("Lambda function %s is attached to a VPC with %s in VpcConfig.SubnetIds: it cannot run when that Availability Zone fails", [id, why])
}
