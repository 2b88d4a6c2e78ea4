# METADATA
# title: Lambda function without reserved concurrency next to uncapped bursty functions
# description: >-
#   A function without ReservedConcurrentExecutions draws from the
#   account's shared unreserved concurrency: a burst of another function
#   can throttle it. A reservation on every function is not AWS guidance;
#   the bulkhead matters where functions compete. So the rule reports a
#   function without a reservation only in a tier 1 or 2 workload, and only
#   when the template also has a function behind an unbounded trigger (an
#   API, a function URL, a queue or stream without MaximumConcurrency, an
#   SNS, S3 or EventBridge event) that has no reservation to cap its burst.
#   Setting concurrency_every_function (settings in .bulwark.yaml) reports
#   every function without a reservation, in any tier.
# custom:
#   id: BW-CONCURRENCY-001
#   severity: low
#   concern: concurrency
#   well_architected: [REL10-BP03, REL05-BP02]
#   resource_types: [AWS::Lambda::Function, AWS::Serverless::Function]
#   inputs: [template, account]
#   remediation: >-
#     Set ReservedConcurrentExecutions on the function to the concurrency it
#     needs at peak (a guaranteed share), or cap the functions behind
#     unbounded triggers with their own reservation (or an SQS event source
#     ScalingConfig.MaximumConcurrency), keeping the account's total
#     reservations below its limit minus 100. For SAM, set it on the
#     function or in Globals.Function.
package bulwark.rules.concurrency.reserved_concurrency_missing

import data.bulwark.lib

function_types := ["AWS::Lambda::Function", "AWS::Serverless::Function"]

# The opt-in: every function without a reservation.
deny contains lib.finding(id, ["Properties"], msg) if {
	every_function
	some id, r in lib.resources(function_types)
	not has_reservation(r)
	msg := sprintf("Lambda function %s has no ReservedConcurrentExecutions: it shares the account's unreserved concurrency with every other function", [id])
}

# The default: a tier 1-2 function that an uncapped bursty function of the
# template can starve. The competitor named is the first by name (computed
# once, so the rule stays linear), with the count of the others.
deny contains lib.finding_with(id, ["Properties"], msg, {"uncapped_functions": n}) if {
	not every_function
	level := critical_tier
	some id, r in lib.resources(function_types)
	not has_reservation(r)
	n := count(uncapped) - count({id} & uncapped)
	n > 0
	other := first_other(id)
	msg := sprintf("Lambda function %s has no ReservedConcurrentExecutions in this tier %v workload, and shares the account's unreserved concurrency with %s: %s (behind %s)%s, which can throttle %s", [id, level, plural(n), other, trigger_names[other], others(n), id])
}

every_function if lib.setting("concurrency_every_function", false) == true

critical_tier := level if {
	level := lib.number(input.tier.level)
	level <= 2
}

has_reservation(r) if r.Properties.ReservedConcurrentExecutions != null

# unbounded[f] names the triggers that can invoke the function f of the
# template at a rate nothing in the template bounds.
unbounded[f] contains i.source if {
	some f, items in lib.api_integrations
	some i in items
}

unbounded[f] contains source if {
	some f, sources in lib.api_streaming
	some source in sources
}

unbounded[f] contains sprintf("function URL %s", [id]) if {
	some id, u in lib.resources(["AWS::Lambda::Url"])
	f := lib.function_id(u.Properties.TargetFunctionArn)
}

unbounded[f] contains "its FunctionUrlConfig" if {
	some f, r in lib.resources(["AWS::Serverless::Function"])
	r.Properties.FunctionUrlConfig != null
}

unbounded[f] contains sprintf("permission %s for %s", [id, p]) if {
	some id, r in lib.resources(["AWS::Lambda::Permission"])
	p := r.Properties.Principal
	p in {"apigateway.amazonaws.com", "elasticloadbalancing.amazonaws.com"}
	f := lib.function_id(r.Properties.FunctionName)
}

unbounded[f] contains sprintf("event source mapping %s", [id]) if {
	some id, m in lib.resources(["AWS::Lambda::EventSourceMapping"])
	not capped_poll(m.Properties)
	f := lib.function_id(m.Properties.FunctionName)
}

unbounded[f] contains sprintf("%s event %s", [e.Type, name]) if {
	some [f, name, e] in lib.sam_events
	e.Type in (lib.poll_event_types | {"SNS", "S3", "EventBridgeRule", "CloudWatchEvent", "IoTRule", "CloudWatchLogs"})
	not capped_poll(object.get(e, "Properties", {}))
}

unbounded[f] contains i.source if {
	some f, items in lib.invocations
	some i in items
	i.mode == "async"
	not startswith(i.source, "Schedule")
	not startswith(i.source, "EventBridge Scheduler")
	not scheduled_rule(i.source)
	not regex.match(`^[A-Za-z0-9]+ event `, i.source) # SAM events: above
}

# An event source mapping (or SAM poll event) whose ScalingConfig caps the
# concurrent invocations (SQS only), however set.
capped_poll(p) if object.get(p, ["ScalingConfig", "MaximumConcurrency"], null) != null

# An EventBridge rule that only runs on a schedule.
scheduled_rule(source) if {
	startswith(source, "EventBridge rule ")
	r := input.resources[trim_prefix(source, "EventBridge rule ")]
	r.Properties.ScheduleExpression
	not r.Properties.EventPattern
}

# The functions behind an unbounded trigger without a reservation.
uncapped := {f |
	some f, _ in unbounded
	not has_reservation(lib.functions[f])
}

uncapped_names := sort(uncapped)

# The triggers of each function, built once: looking the partial rule
# unbounded up by key inside deny's loop would evaluate it again per key.
trigger_names := {f: concat(", ", sort(sources)) | some f, sources in unbounded}

first_other(id) := uncapped_names[0] if uncapped_names[0] != id

first_other(id) := uncapped_names[1] if uncapped_names[0] == id

plural(1) := "an uncapped function behind an unbounded trigger"

plural(n) := sprintf("%d uncapped functions behind unbounded triggers", [n]) if n > 1

others(1) := " has no reservation to cap its burst"

others(n) := sprintf(" and %d more have no reservation to cap their bursts", [n - 1]) if n > 1
