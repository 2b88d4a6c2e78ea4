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

test_unknown_deployment_preference if {
	inp := testing.template_input(
		{
			"A": fn({"DeploymentPreference": {"Fn::If": ["Prod", {"Type": "Canary10Percent5Minutes"}, {"Ref": "AWS::NoValue"}]}}),
			"B": fn({"DeploymentPreference": {"Type": "Linear10PercentEvery1Minute", "Enabled": {"Ref": "Gradual"}}}),
			"C": fn({"AutoPublishAlias": {"Fn::If": ["Prod", "live", {"Ref": "AWS::NoValue"}]}}),
		},
		tier(1),
	)
	count(lambda_deployment_preference.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in lambda_deployment_preference.unknowns} == {
		["A", ["Properties", "DeploymentPreference"]],
		["B", ["Properties", "DeploymentPreference", "Enabled"]],
		["C", ["Properties", "AutoPublishAlias"]],
	} with input as inp
	some f in lambda_deployment_preference.unknowns with input as inp
	f.resource == "B"
	f.message == "SAM function B: DeploymentPreference.Enabled is not resolved, so whether each new version takes all traffic at once in this tier 1 workload is unknown"
}

test_no_unknowns_when_known if {
	inp := testing.template_input(
		{
			"Missing": fn({}),
			"Canary": fn({"DeploymentPreference": {"Fn::If": ["Prod", {"Type": "Canary10Percent5Minutes"}, {"Type": "AllAtOnce"}]}}),
			"Named": fn({"AutoPublishAlias": {"Ref": "AliasName"}, "DeploymentPreference": {"Type": "Linear10PercentEvery1Minute"}}),
			"NoAlias": {"Type": "AWS::Serverless::Function", "Properties": {"DeploymentPreference": {"Ref": "Pref"}}},
		},
		tier(2),
	)
	count(lambda_deployment_preference.deny) == 1 with input as inp
	count(lambda_deployment_preference.unknowns) == 0 with input as inp
	count(lambda_deployment_preference.unknowns) == 0 with input as testing.template({"A": fn({"DeploymentPreference": {"Ref": "Pref"}})})
}

test_passes_when_alias_may_be_absent if {
	count(lambda_deployment_preference.deny) == 0 with input as testing.template_input({"A": fn({"AutoPublishAlias": {"Fn::If": ["Prod", "live", {"Ref": "AWS::NoValue"}]}})}, tier(1))
}
