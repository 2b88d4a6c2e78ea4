package bulwark.rules.change.lambda_deployment_preference_test

import data.bulwark.rules.change.lambda_deployment_preference
import data.bulwark.testing

fn(props) := {"Type": "AWS::Serverless::Function", "Properties": object.union({"Handler": "app.handler", "AutoPublishAlias": "live"}, props)}

tier(level) := {"tier": {"level": level, "rpo_seconds": 60, "rto_seconds": 300}}

test_fails_for_tier_1_without_deployment_preference if {
	res := lambda_deployment_preference.deny with input as testing.template_input({"Checkout": fn({})}, tier(1))
	count(res) == 1
	some f in res
	f.resource == "Checkout"
	f.path == ["Properties"]
	f.message == "SAM function Checkout publishes alias live (AutoPublishAlias) but has no DeploymentPreference: in this tier 1 workload each new version takes all traffic at once, with no alarm-driven rollback"
}

test_fails_for_tier_2_with_disabled_preference if {
	res := lambda_deployment_preference.deny with input as testing.template_input({"Checkout": fn({"DeploymentPreference": {"Type": "Canary10Percent5Minutes", "Enabled": "false"}})}, tier(2))
	some f in res
	f.path == ["Properties", "DeploymentPreference"]
	contains(f.message, "its DeploymentPreference is disabled (Enabled false)")
}

test_passes_with_deployment_preference if {
	count(lambda_deployment_preference.deny) == 0 with input as testing.template_input({"Checkout": fn({"DeploymentPreference": {"Type": "Canary10Percent5Minutes", "Alarms": [{"Ref": "Errors"}]}})}, tier(1))
}

test_passes_for_lower_tiers_and_no_tier if {
	count(lambda_deployment_preference.deny) == 0 with input as testing.template_input({"Checkout": fn({})}, tier(3))
	count(lambda_deployment_preference.deny) == 0 with input as testing.template({"Checkout": fn({})})
}

test_passes_without_alias if {
	count(lambda_deployment_preference.deny) == 0 with input as testing.template_input({"Checkout": {"Type": "AWS::Serverless::Function", "Properties": {"Handler": "app.handler"}}}, tier(1))
}

test_passes_when_unknown if {
	count(lambda_deployment_preference.deny) == 0 with input as testing.template_input(
		{
			"A": fn({"DeploymentPreference": {"Fn::If": ["Prod", {"Type": "Canary10Percent5Minutes"}, {"Ref": "AWS::NoValue"}]}}),
			"B": fn({"DeploymentPreference": {"Type": "Linear10PercentEvery1Minute", "Enabled": {"Ref": "Gradual"}}}),
		},
		tier(1),
	)
}
