# What the rule in dynamodb_provisioned_autoscaling.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.throttling.dynamodb_provisioned_autoscaling

import data.bulwark.lib

# In --strict mode: a table whose BillingMode is unresolved, or a
# provisioned table short of scaling targets while a DynamoDB scalable
# target of the template names its table or dimension by a value bulwark
# cannot resolve.
unknowns contains lib.finding(id, ["Properties", "BillingMode"], msg) if {
	level in {1, 2, 3}
	some id, r in lib.resources(["AWS::DynamoDB::Table"])
	lib.unknown(object.get(r.Properties, "BillingMode", null))
	msg := sprintf("DynamoDB table %s: BillingMode is not resolved, so whether it is provisioned without auto scaling is unknown", [id])
}

unknowns contains lib.finding(id, [], msg) if {
	unplaced
	some id, _ in provisioned
	count(dimensions - object.get(scaled, id, set())) > 0
	msg := sprintf("DynamoDB table %s: the ResourceId or ScalableDimension of a DynamoDB scalable target is not resolved, so whether the table's capacity scales is unknown", [id])
}
