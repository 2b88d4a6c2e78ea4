package bulwark.rules.concurrency.reserved_concurrency_missing_test

import data.bulwark.rules.concurrency.reserved_concurrency_missing
import data.bulwark.testing

opt_in := {"concurrency_every_function": true}

every_function(resources) := testing.template_with(resources, opt_in)

tier(level, resources) := testing.template_input(resources, {"tier": {"level": level}})

test_fails_for_lambda_without_reservation if {
	res := reserved_concurrency_missing.deny with input as every_function({"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "python3.12"}}})
	some f in res
	f.path == ["Properties"]
	contains(f.message, "Lambda function Fn has no ReservedConcurrentExecutions")
}

test_fails_for_sam_function if {
	count(reserved_concurrency_missing.deny) == 1 with input as every_function({"Fn": {"Type": "AWS::Serverless::Function", "Properties": {}}})
}

test_passes_with_reservation if {
	count(reserved_concurrency_missing.deny) == 0 with input as every_function({"Fn": {"Type": "AWS::Serverless::Function", "Properties": {"ReservedConcurrentExecutions": "50"}}})
}

test_passes_when_unknown if {
	count(reserved_concurrency_missing.deny) == 0 with input as every_function({"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"ReservedConcurrentExecutions": {"Ref": "Reserved"}}}})
}

test_unknown_when_condition_may_remove_reservation if {
	# What the resolver leaves of !If [Prod, 100, !Ref AWS::NoValue].
	inp := every_function({"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"ReservedConcurrentExecutions": {"Fn::If": ["Prod", 100]}}}})
	count(reserved_concurrency_missing.deny) == 0 with input as inp
	reserved_concurrency_missing.unknowns == {{
		"resource": "Fn",
		"path": ["Properties", "ReservedConcurrentExecutions"],
		"message": "Lambda function Fn: ReservedConcurrentExecutions is not resolved, so whether it reserves concurrency is unknown",
	}} with input as inp
}

test_no_unknown_when_reservation_is_set if {
	count(reserved_concurrency_missing.unknowns) == 0 with input as every_function({
		"A": {"Type": "AWS::Lambda::Function", "Properties": {"ReservedConcurrentExecutions": {"Ref": "Reserved"}}},
		"B": {"Type": "AWS::Lambda::Function", "Properties": {"ReservedConcurrentExecutions": {"Fn::If": ["Prod", 100, 10]}}},
		"C": {"Type": "AWS::Serverless::Function", "Properties": {}},
	})
}

api_fn := {"Type": "AWS::Serverless::Function", "Properties": {"Events": {"Get": {"Type": "Api", "Properties": {"Path": "/", "Method": "get"}}}}}

worker := {"Type": "AWS::Serverless::Function", "Properties": {}}

# The default scope (issue #17): a reservation on every function is not
# AWS guidance; without a tier, or in tier 3-4, nothing is reported.
test_passes_by_default_outside_tier_1_and_2 if {
	count(reserved_concurrency_missing.deny) == 0 with input as testing.template({"Api": api_fn, "Worker": worker})
	count(reserved_concurrency_missing.deny) == 0 with input as tier(3, {"Api": api_fn, "Worker": worker})
}

test_passes_in_tier_1_without_an_uncapped_bursty_function if {
	# The API function is capped; the queue consumer is bounded by MaximumConcurrency.
	capped := object.union(api_fn, {"Properties": {"ReservedConcurrentExecutions": 20}})
	sqs := {"Type": "AWS::Serverless::Function", "Properties": {"Events": {"Q": {"Type": "SQS", "Properties": {"Queue": {"Fn::GetAtt": ["Q", "Arn"]}, "ScalingConfig": {"MaximumConcurrency": 5}}}}}}
	count(reserved_concurrency_missing.deny) == 0 with input as tier(1, {"Api": capped, "Worker": worker, "Consumer": sqs})
	# A lone function behind an API has no neighbour in the template to starve.
	count(reserved_concurrency_missing.deny) == 0 with input as tier(1, {"Api": api_fn})
	# A schedule is not a burst.
	cron := {"Type": "AWS::Serverless::Function", "Properties": {"Events": {"Nightly": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)"}}}}}
	count(reserved_concurrency_missing.deny) == 0 with input as tier(2, {"Cron": cron, "Worker": worker})
}

test_fails_in_tier_2_next_to_an_uncapped_api_function if {
	res := reserved_concurrency_missing.deny with input as tier(2, {"Api": api_fn, "Worker": worker})
	{[f.resource, f.message] | some f in res} == {[
		"Worker",
		"Lambda function Worker has no ReservedConcurrentExecutions in this tier 2 workload, and shares the account's unreserved concurrency with an uncapped function behind an unbounded trigger: Api (behind Api event Get) has no reservation to cap its burst, which can throttle Worker",
	]}
}

test_fails_for_two_bursty_functions_that_starve_each_other if {
	stream := {"Type": "AWS::Lambda::Function", "Properties": {}}
	res := reserved_concurrency_missing.deny with input as tier(1, {
		"Api": api_fn,
		"Stream": stream,
		"Mapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"FunctionName": {"Ref": "Stream"}, "EventSourceArn": {"Fn::GetAtt": ["Kinesis", "Arn"]}}},
		"Worker": worker,
	})
	{f.resource | some f in res} == {"Api", "Stream", "Worker"}
	some f in res
	f.resource == "Worker"
	f.details.uncapped_functions == 2
	contains(f.message, "with 2 uncapped functions behind unbounded triggers: Api (behind Api event Get) and 1 more have no reservation to cap their bursts, which can throttle Worker")
}

test_unknown_reservation_in_tier_1 if {
	inp := tier(1, {"Api": api_fn, "Worker": {"Type": "AWS::Lambda::Function", "Properties": {"ReservedConcurrentExecutions": {"Fn::If": ["Prod", 100]}}}})
	count(reserved_concurrency_missing.deny) == 0 with input as inp
	{f.resource | some f in reserved_concurrency_missing.unknowns} == {"Worker"} with input as inp
}
