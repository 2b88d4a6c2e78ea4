# METADATA
# title: Provisioned DynamoDB table without auto scaling
# description: >-
#   A DynamoDB table in provisioned mode (BillingMode PROVISIONED, the
#   default) serves only the read and write capacity it was given: a surge
#   beyond it is throttled. Without an Application Auto Scaling target for
#   its read and write capacity, nothing raises the capacity with the load
#   (AWS Config dynamodb-autoscaling-enabled). Checked for tier 1 to 3
#   workloads: fixed capacity that throttles surges is a cost choice a tier
#   4 or untiered stack may make.
# custom:
#   id: BW-THROTTLING-003
#   severity: medium
#   concern: throttling
#   well_architected: [REL07-BP01, REL05-BP02]
#   resource_types: [AWS::DynamoDB::Table]
#   inputs: [template, account]
#   tiers: [1, 2, 3]
#   remediation: >-
#     Use BillingMode PAY_PER_REQUEST, or add AWS::ApplicationAutoScaling::
#     ScalableTarget resources (ServiceNamespace dynamodb, ResourceId
#     table/<name>, dimensions dynamodb:table:ReadCapacityUnits and
#     WriteCapacityUnits) with target-tracking scaling policies.
package bulwark.rules.throttling.dynamodb_provisioned_autoscaling

import data.bulwark.lib

dimensions := {"dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits"}

level := lib.number(input.tier.level)

# The tables in provisioned mode, in a tier 1 to 3 workload.
provisioned := {id: r |
	level in {1, 2, 3}
	some id, r in lib.resources(["AWS::DynamoDB::Table"])
	mode := object.get(r.Properties, "BillingMode", "PROVISIONED")
	is_string(mode)
	upper(mode) == "PROVISIONED"
}

# _targets holds [table id or null, dimension] for each DynamoDB scalable
# target of the template; the table is null when its ResourceId names no
# table of the template that bulwark can see (unresolved or elsewhere).
_targets contains [_table_of(p.ResourceId), p.ScalableDimension] if {
	some t in lib.resources(["AWS::ApplicationAutoScaling::ScalableTarget"])
	p := t.Properties
	is_string(p.ServiceNamespace)
	lower(p.ServiceNamespace) == "dynamodb"
}

_table_of(v) := id if {
	ids := {x | some x in lib.refs(v); input.resources[x].Type == "AWS::DynamoDB::Table"}
	count(ids) == 1
	some id in ids
} else := id if {
	is_string(v)
	parts := split(v, "/")
	count(parts) == 2
	parts[0] == "table"
	id := _named[parts[1]]
} else := null

_named := {name: id |
	some id, r in provisioned
	name := r.Properties.TableName
	is_string(name)
}

# scaled is {table id: {dimension, ...}} for the table-level dimensions
# with a scalable target.
scaled := {t: dims | some t, dims in _scaled}

_scaled[t] contains d if {
	some [t, d] in _targets
	t != null
	d in dimensions
}

# A target that may scale any table: bulwark cannot say which.
unplaced if {
	some [t, d] in _targets
	_unplaced(t, d)
}

_unplaced(null, _)

_unplaced(t, d) if {
	t != null
	lib.unknown(d)
}

deny contains lib.finding(id, lib.at(r, ["Properties", "BillingMode"]), msg) if {
	not unplaced
	some id, r in provisioned
	missing := dimensions - object.get(scaled, id, set())
	count(missing) > 0
	names := sort([split(d, ":")[2] | some d in missing])
	msg := sprintf("DynamoDB table %s is in provisioned mode%s with no auto scaling target for its %s: load beyond the provisioned capacity is throttled", [id, _mode_note(r), concat(" and ", names)])
}

_mode_note(r) := "" if r.Properties.BillingMode

_mode_note(r) := " (BillingMode unset, PROVISIONED by default)" if not r.Properties.BillingMode
