# METADATA
# title: EKS managed node group in a single Availability Zone
# description: >-
#   An EKS managed node group launches its nodes only in the subnets it
#   lists. With one subnet, or subnets all in one zone, every node of the
#   group, and every pod scheduled on it, is lost when that zone fails.
# custom:
#   id: BW-MULTI-AZ-015
#   severity: high
#   concern: multi-az
#   well_architected: [REL10-BP01]
#   resource_types: [AWS::EKS::Nodegroup]
#   inputs: [template, account]
#   remediation: >-
#     List subnets in at least two Availability Zones in Subnets (or run one
#     node group per zone) and keep ScalingConfig.MinSize at least the number
#     of zones.
package bulwark.rules.multi_az.eks_nodegroup_subnets

import data.bulwark.lib

path := ["Properties", "Subnets"]

deny contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::EKS::Nodegroup"])
	subnets := lib.list(object.get(r, path, null))
	why := lib.single_az_subnets(subnets)
	msg := sprintf("EKS node group %s has %s in Subnets: all its nodes run in a single Availability Zone", [id, why])
}
