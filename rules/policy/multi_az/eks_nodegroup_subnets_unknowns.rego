# What the rule in eks_nodegroup_subnets.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.eks_nodegroup_subnets

import data.bulwark.lib

# In --strict mode: the subnets are unresolved.
unknowns contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::EKS::Nodegroup"])
	lib.subnets_unresolved(object.get(r, path, null))
	msg := sprintf("EKS node group %s: Subnets is not resolved, so whether its nodes run in more than one Availability Zone is unknown", [id])
}
