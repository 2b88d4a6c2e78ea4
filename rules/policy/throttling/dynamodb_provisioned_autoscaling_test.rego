package bulwark.rules.throttling.dynamodb_provisioned_autoscaling_test

import data.bulwark.rules.throttling.dynamodb_provisioned_autoscaling as rule
import data.bulwark.testing

tiered(resources) := testing.template_input(resources, {"tier": {"level": 3}})

table(props) := {"Type": "AWS::DynamoDB::Table", "Properties": props}

target(resource_id, dim) := {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {"ServiceNamespace": "dynamodb", "ResourceId": resource_id, "ScalableDimension": dim, "MinCapacity": 5, "MaxCapacity": 100}}

test_fails_default_mode_without_targets if {
	rule.deny == {{
		"resource": "T",
		"path": ["Properties"],
		"message": "DynamoDB table T is in provisioned mode (BillingMode unset, PROVISIONED by default) with no auto scaling target for its ReadCapacityUnits and WriteCapacityUnits: load beyond the provisioned capacity is throttled",
	}} with input as tiered({"T": table({"ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}})})
}

test_fails_with_read_scaling_only if {
	inp := tiered({
		"T": table({"BillingMode": "PROVISIONED", "TableName": "orders"}),
		"Read": target("table/orders", "dynamodb:table:ReadCapacityUnits"),
	})
	some f in rule.deny with input as inp
	contains(f.message, "for its WriteCapacityUnits:")
}

test_passes_with_both_targets if {
	inp := tiered({
		"T": table({}),
		"Read": target({"Fn::Sub": "table/${T}"}, "dynamodb:table:ReadCapacityUnits"),
		"Write": target({"Fn::Join": ["/", ["table", {"Ref": "T"}]]}, "dynamodb:table:WriteCapacityUnits"),
	})
	count(rule.deny) == 0 with input as inp
	count(rule.unknowns) == 0 with input as inp
}

test_passes_on_demand if {
	count(rule.deny) == 0 with input as tiered({"T": table({"BillingMode": "PAY_PER_REQUEST"})})
}

test_unknown_when_target_resource_unresolved if {
	inp := tiered({
		"T": table({}),
		"Read": target({"Fn::Sub": "table/${TableName}"}, "dynamodb:table:ReadCapacityUnits"),
	})
	count(rule.deny) == 0 with input as inp
	count(rule.unknowns) == 1 with input as inp
}

test_unknown_when_billing_mode_is_a_parameter if {
	inp := tiered({"T": table({"BillingMode": {"Ref": "Mode"}})})
	count(rule.deny) == 0 with input as inp
	count(rule.unknowns) == 1 with input as inp
}

test_passes_outside_tiers_1_to_3 if {
	count(rule.deny) == 0 with input as testing.template({"T": table({})})
}
