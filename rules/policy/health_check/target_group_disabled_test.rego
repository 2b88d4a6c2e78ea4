package bulwark.rules.health_check.target_group_disabled_test

import data.bulwark.rules.health_check.target_group_disabled
import data.bulwark.testing

group(props) := {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": props}

test_fails_when_disabled if {
	res := target_group_disabled.deny with input as testing.template({"Tg": group({"HealthCheckEnabled": "false", "Port": 80})})
	some f in res
	f.path == ["Properties", "HealthCheckEnabled"]
	contains(f.message, "Target group Tg (TargetType instance) has HealthCheckEnabled false")
}

test_passes_by_default if {
	count(target_group_disabled.deny) == 0 with input as testing.template({"Tg": group({"Port": 80})})
}

test_passes_for_lambda if {
	count(target_group_disabled.deny) == 0 with input as testing.template({"Tg": group({"TargetType": "lambda", "HealthCheckEnabled": false})})
}

test_passes_when_unknown if {
	count(target_group_disabled.deny) == 0 with input as testing.template({
		"A": group({"HealthCheckEnabled": {"Ref": "Checks"}}),
		"B": group({"HealthCheckEnabled": false, "TargetType": {"Ref": "TargetType"}}),
	})
}

test_unknown_health_check_enabled if {
	inp := testing.template({"A": group({"HealthCheckEnabled": {"Ref": "Checks"}})})
	count(target_group_disabled.deny) == 0 with input as inp
	target_group_disabled.unknowns == {{
		"resource": "A",
		"path": ["Properties", "HealthCheckEnabled"],
		"message": "Target group A: HealthCheckEnabled is not resolved, so whether the load balancer health-checks its targets is unknown",
	}} with input as inp
}

test_unknown_target_type if {
	inp := testing.template({"B": group({"HealthCheckEnabled": false, "TargetType": {"Ref": "TargetType"}})})
	count(target_group_disabled.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in target_group_disabled.unknowns} == {["B", ["Properties", "TargetType"]]} with input as inp
}

test_no_unknowns_when_known if {
	inp := testing.template({
		"Off": group({"HealthCheckEnabled": false}),
		"On": group({"HealthCheckEnabled": true, "TargetType": {"Ref": "TargetType"}}),
		"Lambda": group({"HealthCheckEnabled": {"Ref": "Checks"}, "TargetType": "lambda"}),
	})
	count(target_group_disabled.deny) == 1 with input as inp
	count(target_group_disabled.unknowns) == 0 with input as inp
}
