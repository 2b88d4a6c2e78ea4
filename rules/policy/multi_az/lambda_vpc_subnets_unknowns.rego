# What the rule in lambda_vpc_subnets.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.lambda_vpc_subnets

import data.bulwark.lib

# In --strict mode: the subnets, or the VpcConfig holding them, are
# unresolved (a List<AWS::EC2::Subnet::Id> parameter, an import, subnets
# whose zones cannot be compared).
unknowns contains lib.finding(id, at, msg) if {
	some id, r in lib.functions
	v := lib.get(r, path, null)
	lib.subnets_unresolved(v)
	at := lib.at(r, path)
	name := at[count(at) - 1]
	msg := sprintf("Lambda function %s: %s is not resolved, so whether it runs in more than one Availability Zone is unknown", [id, name])
}
