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
