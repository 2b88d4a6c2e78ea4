# Shared helpers for bulwark rules. Every rule imports this package as
# `import data.bulwark.lib`. The helpers encode the one policy that matters
# most: a value bulwark could not resolve (an intrinsic function left in
# long form, e.g. {"Ref": "Subnet"}) is *unknown*. A rule must never report
# a confident failure on an unknown value.
package bulwark.lib

# Intrinsic function names as they appear in the resolved model (long form).
intrinsic_keys := {
	"Ref", "Condition",
	"Fn::Base64", "Fn::Cidr", "Fn::FindInMap", "Fn::GetAtt", "Fn::GetAZs",
	"Fn::ImportValue", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::Sub",
	"Fn::Transform", "Fn::If", "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not",
	"Fn::Length", "Fn::ToJsonString", "Fn::ForEach",
	"Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn",
	"Fn::RefAll", "Fn::ValueOf", "Fn::ValueOfAll",
	"Rain::Embed", "Rain::Module", "Rain::S3", "Rain::S3Http", "Rain::Constant",
}

# resources(types) is the object {logical id: resource} of every resource
# whose Type is in types (a set or array). It uses the input's type index,
# so a rule never scans every resource of a large template.
resources(types) := {id: input.resources[id] |
	some t in types
	some id in input.types[t]
}

# is_intrinsic(v) holds when v is an unresolved intrinsic function call.
is_intrinsic(v) if {
	is_object(v)
	count(v) == 1
	some k, _ in v
	intrinsic_keys[k]
}

# unknown(v) holds when v is, or contains, an unresolved intrinsic.
unknown(v) if is_intrinsic(v)

unknown(v) if {
	not is_intrinsic(v)
	walk(v, [_, x])
	is_intrinsic(x)
}

# known(v) holds when v is fully resolved.
known(v) if not unknown(v)

# CloudFormation accepts "true"/"false" strings where booleans are expected.
is_true(v) if v == true

is_true(v) if {
	is_string(v)
	lower(v) == "true"
}

is_false(v) if v == false

is_false(v) if {
	is_string(v)
	lower(v) == "false"
}

# number(v) is v as a number when it is a number or a numeric string
# (CloudFormation accepts both); undefined otherwise (including intrinsics).
number(v) := v if is_number(v)

number(v) := to_number(v) if {
	is_string(v)
	regex.match(`^\s*-?[0-9]+(\.[0-9]+)?\s*$`, v)
}

# list(v) is v when it is a resolved array; undefined for an intrinsic
# (e.g. an unresolved {"Ref": "SubnetIds"} of type List<...>).
list(v) := v if is_array(v)

# finding builds the object a rule's deny set contains. path is relative to
# the resource (["Properties", "MultiAZ"]); bulwark resolves it to the nearest
# existing line in the source after evaluation.
finding(id, path, msg) := {"resource": id, "path": path, "message": msg}

# finding_with(id, path, msg, details) adds computed values (intervals,
# sums, names) that reports and later stages keep with the finding.
finding_with(id, path, msg, details) := {"resource": id, "path": path, "message": msg, "details": details}

# setting(name, default_value) reads a scan setting given by the caller
# (flags or the config file), falling back to the default.
setting(name, default_value) := object.get(input, ["settings", name], default_value)

# ref_target(v) is the logical id v points at when v is {"Ref": id} or
# {"Fn::GetAtt": [id, attr]} (or the "id.attr" string form).
ref_target(v) := v.Ref if is_string(v.Ref)

ref_target(v) := v["Fn::GetAtt"][0] if is_array(v["Fn::GetAtt"])

ref_target(v) := split(v["Fn::GetAtt"], ".")[0] if is_string(v["Fn::GetAtt"])

# get(x, path, fallback) is object.get(x, path, fallback), except that when a
# value on the way is an unresolved intrinsic (e.g. ClusterConfig:
# {"Fn::If": ...}), the result is that intrinsic: lib.unknown then holds on
# it, instead of the fallback being taken for a property that may be set.
get(x, path, fallback) := v if {
	some n in numbers.range(1, count(path))
	n < count(path)
	v := object.get(x, array.slice(path, 0, n), null)
	is_intrinsic(v)
} else := object.get(x, path, fallback)

# may_be_removed(v) holds when v (a property value) is an unresolved Fn::If
# that may leave the property unset: one of its branches (possibly through
# nested Fn::If) is AWS::NoValue. The resolver drops a NoValue branch from the
# arguments, so an Fn::If with fewer than three arguments had one. Undefined
# for a resolved value and for an Fn::If whose branches all set a value.
may_be_removed(v) if {
	walk(v, [p, x])
	_branch_path(p)
	_no_value(x)
}

_no_value(x) if x == {"Ref": "AWS::NoValue"}

_no_value(x) if {
	args := x["Fn::If"]
	not _three_args(args)
}

_three_args(args) if {
	is_array(args)
	count(args) == 3
}

# A path through Fn::If branches only: ["Fn::If", 1, "Fn::If", 2, ...].
_branch_path(p) if {
	every i, k in p {
		_branch_step(i, k)
	}
}

_branch_step(i, "Fn::If") if i % 2 == 0

_branch_step(i, k) if {
	i % 2 == 1
	k in {1, 2}
}

# at(r, path) is path when r has a value there, else the longest prefix of
# path that exists (["Properties"] or [] for a missing property), so a
# finding points at the offending property or its nearest parent.
at(r, path) := array.slice(path, 0, n) if {
	n := max({k |
		some k in numbers.range(0, count(path))
		_has(r, array.slice(path, 0, k))
	})
}

_absent := {"bulwark:absent": true}

_has(r, p) if object.get(r, p, _absent) != _absent

# zone(z) names the Availability Zone a value designates when that is known
# without the account: a literal AZ name, or {"Fn::Select": [i,
# {"Fn::GetAZs": region}]} ("Fn::GetAZs index i"). Equal zone() values are
# provably the same AZ; different kinds (a name and an index) prove nothing.
zone(z) := lower(z) if is_string(z)

zone(z) := sprintf("Fn::GetAZs index %v", [i]) if {
	[idx, azs] := z["Fn::Select"]
	i := number(idx)
	_stack_region(azs["Fn::GetAZs"])
}

zone(z) := sprintf("Fn::GetAZs(%s) index %v", [region, i]) if {
	[idx, azs] := z["Fn::Select"]
	i := number(idx)
	region := azs["Fn::GetAZs"]
	is_string(region)
	region != ""
}

_stack_region("")

_stack_region(r) if r == {"Ref": "AWS::Region"}

# subnet_zone(v) is the zone() of a subnet value: for {"Ref": S} where S is
# an AWS::EC2::Subnet of the template, its AvailabilityZone (or
# AvailabilityZoneId); otherwise the subnet itself ("subnet S"), which only
# equals another value naming the same subnet.
subnet_zone(v) := z if {
	s := input.resources[v.Ref]
	s.Type == "AWS::EC2::Subnet"
	z := _subnet_resource_zone(s.Properties)
} else := sprintf("subnet %s", [v.Ref]) if {
	is_string(v.Ref)
} else := sprintf("subnet %s", [json.marshal(v)])

_subnet_resource_zone(p) := z if {
	z := zone(p.AvailabilityZone)
} else := sprintf("zone id %s", [p.AvailabilityZoneId]) if {
	is_string(p.AvailabilityZoneId)
}

# one_zone(zones) is the single zone of a list of two or more zones that
# are all the same.
one_zone(zones) := z if {
	count(zones) >= 2
	distinct := {x | some x in zones}
	count(distinct) == 1
	some z in distinct
}

# single_az_subnets(list) says why a resolved subnet list keeps a resource in
# one Availability Zone: fewer than two subnets, or subnets provably in the
# same AZ. Undefined when the subnets may span two AZs.
single_az_subnets(list) := sprintf("%d subnets", [count(list)]) if count(list) == 0

single_az_subnets(list) := "only 1 subnet" if count(list) == 1

single_az_subnets(list) := msg if {
	z := one_zone([subnet_zone(s) | some s in list])
	msg := _same_zone_msg(count(list), z)
}

_same_zone_msg(n, z) := sprintf("%d entries that all name the same %s", [n, z]) if startswith(z, "subnet ")

_same_zone_msg(n, z) := sprintf("%d subnets, all in the same Availability Zone (%s)", [n, z]) if not startswith(z, "subnet ")

# single_az_zones(list) is the same for a list of Availability Zones.
single_az_zones(list) := sprintf("%d Availability Zones", [count(list)]) if count(list) == 0

single_az_zones(list) := "only 1 Availability Zone" if count(list) == 1

single_az_zones(list) := sprintf("%d entries that are the same Availability Zone (%s)", [count(list), z]) if {
	zones := [zone(x) | some x in list]
	count(zones) == count(list)
	z := one_zone(zones)
}

# refs(v) is the set of logical ids (not AWS:: pseudo parameters) that v
# refers to through Ref, Fn::GetAtt or ${...} in Fn::Sub. Walks v only.
refs(v) := {id | walk(v, [_, x]); id := _ref_id(x)} | {id | walk(v, [_, x]); some id in _sub_refs(x)}

_ref_id(x) := id if {
	id := ref_target(x)
	is_string(id)
	not startswith(id, "AWS::")
}

_sub_refs(x) := {m[1] |
	s := _sub_string(x)
	some m in regex.find_all_string_submatch_n(`\$\{([^!}.][^}.]*)(\.[^}]*)?\}`, s, -1)
	not _sub_var(x, m[1])
	not startswith(m[1], "AWS::")
}

_sub_string(x) := x["Fn::Sub"] if is_string(x["Fn::Sub"])

_sub_string(x) := x["Fn::Sub"][0] if is_array(x["Fn::Sub"])

_sub_var(x, name) if x["Fn::Sub"][1][name]

# rds_cluster_member(r) holds for an AWS::RDS::DBInstance that belongs to a
# DB cluster (Aurora or Multi-AZ DB cluster): the cluster holds its
# Multi-AZ placement and backup retention.
rds_cluster_member(r) if object.get(r, ["Properties", "DBClusterIdentifier"], null) != null

rds_cluster_member(r) if {
	engine := r.Properties.Engine
	is_string(engine)
	startswith(lower(engine), "aurora")
}

# rds_read_replica(r) holds for an AWS::RDS::DBInstance created as a read
# replica of another instance.
rds_read_replica(r) if object.get(r, ["Properties", "SourceDBInstanceIdentifier"], null) != null

# schedule_interval(expr) is the interval in seconds of a backup
# ScheduleExpression, as parsed by bulwark into input.schedules.
schedule_interval(expr) := input.schedules[expr].interval_seconds if is_string(expr)

# fact_finding(f, msg) is the finding of a workload rule about fact f
# (input.facts entries carry the file they come from).
fact_finding(f, msg) := {
	"file": f.file,
	"resource": f.resource,
	"path": object.get(f, "path", []),
	"message": msg,
}

# route53_records holds [logical id, path, record] for every Route 53 record
# set of the template: each AWS::Route53::RecordSet (path ["Properties"])
# and each entry of an AWS::Route53::RecordSetGroup's RecordSets (path
# ["Properties", "RecordSets", i]; an entry may be an unresolved intrinsic).
route53_records contains [id, ["Properties"], r.Properties] if {
	some id, r in resources(["AWS::Route53::RecordSet"])
}

route53_records contains [id, ["Properties", "RecordSets", i], record] if {
	some id, r in resources(["AWS::Route53::RecordSetGroup"])
	some i, record in list(r.Properties.RecordSets)
}

# route53_zone(entry) is the hosted zone of entry, a [logical id, path,
# record] of route53_records: {"form": "id", "value": HostedZoneId as
# written} or {"form": "name", "value": HostedZoneName in lower case without
# its trailing dot}. An AWS::Route53::RecordSet names its own zone; an entry
# of a RecordSetGroup (path ["Properties", "RecordSets", i], or the group's
# whole unresolved list, path ["Properties", "RecordSets"]) takes the
# group's, or names its own when the group names none. HostedZoneId is read
# when set, else HostedZoneName. Undefined when the zone is unknown: an
# unresolved intrinsic (e.g. {"Ref": "HostedZone"}, {"Fn::ImportValue":
# ...}), not a string, or not given. Zones of different forms are not
# comparable: an id and a name may be the same zone.
route53_zone(entry) := z if {
	[_, holder] := _route53_zone_holder(entry)
	z := _hosted_zone(holder)
}

# _route53_zone_holder(entry) is [path, object] of the object whose
# HostedZoneId/HostedZoneName place the record, path from the resource.
_route53_zone_holder([_, path, record]) := [path, record] if path == ["Properties"]

_route53_zone_holder([id, path, record]) := holder if {
	path != ["Properties"]
	group := input.resources[id].Properties
	holder := _group_or_entry_zone_holder(group, path, record)
}

_group_or_entry_zone_holder(group, path, record) := [["Properties"], group] if {
	_route53_zone_property(group)
} else := [path, record]

# _route53_zone_property(x) is the property of x that names its hosted zone:
# "HostedZoneId" when set, else "HostedZoneName" when set; undefined when x
# is not an object or names no zone.
_route53_zone_property(x) := "HostedZoneId" if {
	is_object(x)
	object.get(x, "HostedZoneId", null) != null
} else := "HostedZoneName" if {
	is_object(x)
	object.get(x, "HostedZoneName", null) != null
}

_hosted_zone(x) := {"form": "id", "value": v} if {
	_route53_zone_property(x) == "HostedZoneId"
	v := x.HostedZoneId
	is_string(v)
}

_hosted_zone(x) := {"form": "name", "value": trim_right(lower(v), ".")} if {
	_route53_zone_property(x) == "HostedZoneName"
	v := x.HostedZoneName
	is_string(v)
}

# ---------------------------------------------------------------------------
# Helpers of the resilience-pattern pack (coupling, timeouts, throttling,
# change, monitoring): following references between resources of the same
# template (a queue to its consumer, a function to what invokes it). The
# relations are multi-value rules keyed by logical id, so a rule reads them
# whole (e.g. object.get(lib.invocations, id, set())) and each is evaluated
# once per template, in time linear in the template's size.

# function_types are the Lambda function resource types, plain and SAM.
function_types := {"AWS::Lambda::Function", "AWS::Serverless::Function"}

# functions is {logical id: resource} of every Lambda function.
functions := resources(function_types)

# designated(v) is the logical id of the resource of this template that v
# names: {"Ref": id}, {"Fn::GetAtt": [id, attr]}, SAM's "Fn.Alias" /
# "Fn.Version" Ref, or an Fn::Sub / Fn::Join whose only reference to a
# resource is id (an ARN built around !GetAtt Fn.Arn). Undefined when v names
# no resource of the template, several, or depends on an unresolved Fn::If.
designated(v) := id if {
	id := ref_target(v)
	is_string(id)
	input.resources[id]
} else := id if {
	is_string(v.Ref)
	id := split(v.Ref, ".")[0]
	input.resources[id]
} else := id if {
	is_object(v)
	not _has_branch(v)
	ids := {x | some x in refs(v); input.resources[x]}
	count(ids) == 1
	some id in ids
}

_has_branch(v) if {
	walk(v, [_, x])
	is_object(x)
	x["Fn::If"]
}

# function_id(v) is the logical id of the Lambda function of the template
# that v (a FunctionName, an ARN or an integration URI) names, directly,
# through an AWS::Lambda::Alias or AWS::Lambda::Version of the template, or
# as the literal FunctionName of exactly one function.
function_id(v) := id if {
	id := designated(v)
	functions[id]
} else := id if {
	via := designated(v)
	input.resources[via].Type in {"AWS::Lambda::Alias", "AWS::Lambda::Version"}
	id := designated(input.resources[via].Properties.FunctionName)
	functions[id]
} else := id if {
	ids := object.get(_functions_named, _function_name(v), set())
	count(ids) == 1
	some id in ids
}

# _functions_named[name] holds the functions whose FunctionName is name.
_functions_named[name] contains id if {
	some id, f in functions
	name := f.Properties.FunctionName
	is_string(name)
}

# The function name in a literal name, ARN or partial ARN.
_function_name(v) := v if {
	is_string(v)
	not contains(v, ":")
} else := m[1] if {
	is_string(v)
	m := regex.find_all_string_submatch_n(`:function:([^:]+)`, v, 1)[0]
}

# function_timeout(r) is a function's Timeout in seconds (Lambda's default
# is 3; SAM Globals are already merged); undefined when unresolved.
function_timeout(r) := number(object.get(r, ["Properties", "Timeout"], 3))

# sam_events holds [function id, event name, event] for each entry of a SAM
# function's Events.
sam_events contains [id, name, e] if {
	some id, r in resources(["AWS::Serverless::Function"])
	events := r.Properties.Events
	is_object(events)
	not is_intrinsic(events)
	some name, e in events
	is_object(e)
	is_string(e.Type)
}

# sam_event_state_unknown(props) holds when the Enabled or State of the
# Properties props of a SAM event (EventBridgeRule, Schedule, ...) is, or
# contains, an unresolved value, so whether the event is enabled is
# unknown. Undefined when both are resolved or absent.
sam_event_state_unknown(props) if unknown(object.get(props, "Enabled", null))

sam_event_state_unknown(props) if unknown(object.get(props, "State", null))

# sqs_consumers[queue] holds {"function", "via", "batching_window"} for each
# Lambda function that polls the AWS::SQS::Queue queue of the template,
# through an AWS::Lambda::EventSourceMapping or a SAM Events entry of Type
# SQS; batching_window is MaximumBatchingWindowInSeconds as written
# (default 0).
sqs_consumers[q] contains {"function": f, "via": sprintf("event source mapping %s", [id]), "batching_window": w} if {
	some id, m in resources(["AWS::Lambda::EventSourceMapping"])
	q := designated(m.Properties.EventSourceArn)
	input.resources[q].Type == "AWS::SQS::Queue"
	f := function_id(m.Properties.FunctionName)
	w := object.get(m.Properties, "MaximumBatchingWindowInSeconds", 0)
}

sqs_consumers[q] contains {"function": f, "via": sprintf("SQS event %s", [name]), "batching_window": w} if {
	some [f, name, e] in sam_events
	e.Type == "SQS"
	q := designated(e.Properties.Queue)
	input.resources[q].Type == "AWS::SQS::Queue"
	w := object.get(e.Properties, "MaximumBatchingWindowInSeconds", 0)
}

# dead_letter_users[queue] names what sends failures to the AWS::SQS::Queue
# queue of the template, used as a dead-letter queue or on-failure
# destination.
dead_letter_users[q] contains sprintf("the RedrivePolicy of queue %s", [id]) if {
	some id, r in resources(["AWS::SQS::Queue"])
	some q in refs(object.get(r, ["Properties", "RedrivePolicy"], null))
	q != id
	input.resources[q].Type == "AWS::SQS::Queue"
}

dead_letter_users[q] contains sprintf("the RedrivePolicy of SNS subscription %s", [id]) if {
	some id, r in resources(["AWS::SNS::Subscription"])
	some q in refs(object.get(r, ["Properties", "RedrivePolicy"], null))
	input.resources[q].Type == "AWS::SQS::Queue"
}

dead_letter_users[q] contains sprintf("the %s of Lambda function %s", [concat(".", p), id]) if {
	some id, r in functions
	some p in [
		["DeadLetterConfig", "TargetArn"],
		["DeadLetterQueue", "TargetArn"],
		["EventInvokeConfig", "DestinationConfig", "OnFailure", "Destination"],
	]
	q := designated(object.get(r.Properties, p, null))
	input.resources[q].Type == "AWS::SQS::Queue"
}

dead_letter_users[q] contains sprintf("the on-failure destination of %s %s", [kind, id]) if {
	some t, kind in {"AWS::Lambda::EventInvokeConfig": "event invoke config", "AWS::Lambda::EventSourceMapping": "event source mapping"}
	some id, r in resources([t])
	q := designated(object.get(r, ["Properties", "DestinationConfig", "OnFailure", "Destination"], null))
	input.resources[q].Type == "AWS::SQS::Queue"
}

dead_letter_users[q] contains sprintf("the DeadLetterConfig of EventBridge rule %s", [id]) if {
	some id, r in resources(["AWS::Events::Rule"])
	some t in list(r.Properties.Targets)
	q := designated(object.get(t, ["DeadLetterConfig", "Arn"], null))
	input.resources[q].Type == "AWS::SQS::Queue"
}

dead_letter_users[q] contains sprintf("the DeadLetterConfig of event bus %s", [id]) if {
	some id, r in resources(["AWS::Events::EventBus"])
	q := designated(object.get(r, ["Properties", "DeadLetterConfig", "Arn"], null))
	input.resources[q].Type == "AWS::SQS::Queue"
}

dead_letter_users[q] contains sprintf("the DeadLetterConfig of event %s of function %s", [name, f]) if {
	some [f, name, e] in sam_events
	q := designated(object.get(e, ["Properties", "DeadLetterConfig", "Arn"], null))
	input.resources[q].Type == "AWS::SQS::Queue"
}

# async_event_types are the SAM event types through which a service invokes
# the function asynchronously (Lambda retries twice, then drops the event).
async_event_types := {"SNS", "S3", "EventBridgeRule", "CloudWatchEvent", "Schedule", "ScheduleV2", "CloudWatchLogs", "IoTRule"}

# poll_event_types are the SAM event types served by an event source mapping
# (Lambda polls a queue or stream).
poll_event_types := {"SQS", "Kinesis", "DynamoDB", "MQ", "MSK", "SelfManagedKafka", "DocumentDB"}

# Principals of an AWS::Lambda::Permission that let a service invoke the
# function asynchronously.
_async_principal := `^(sns|events|s3|ses|iot|logs(\.[a-z0-9-]+)?)\.amazonaws\.com$`

# invocations[f] holds {"mode", "source"} for each way the template invokes
# the Lambda function f: mode "async" (a service invokes it asynchronously:
# SNS, EventBridge, S3, schedules, ...), "poll" (an event source mapping on a
# queue or stream), "workflow" (a Step Functions state machine) or
# "custom-resource" (a CloudFormation custom resource).
invocations[f] contains {"mode": "async", "source": sprintf("SNS subscription %s", [id])} if {
	some id, r in resources(["AWS::SNS::Subscription"])
	_is_lambda_protocol(r.Properties.Protocol)
	f := function_id(r.Properties.Endpoint)
}

invocations[f] contains {"mode": "async", "source": sprintf("SNS topic %s", [id])} if {
	some id, r in resources(["AWS::SNS::Topic"])
	some s in list(r.Properties.Subscription)
	_is_lambda_protocol(s.Protocol)
	f := function_id(s.Endpoint)
}

invocations[f] contains {"mode": "async", "source": sprintf("permission %s for %s", [id, p])} if {
	some id, r in resources(["AWS::Lambda::Permission"])
	p := _principal(r.Properties.Principal)
	regex.match(_async_principal, p)
	f := function_id(r.Properties.FunctionName)
}

invocations[f] contains {"mode": "async", "source": sprintf("EventBridge rule %s", [id])} if {
	some id, r in resources(["AWS::Events::Rule"])
	not rule_disabled(r)
	some t in list(r.Properties.Targets)
	f := function_id(t.Arn)
}

invocations[f] contains {"mode": "async", "source": sprintf("EventBridge Scheduler schedule %s", [id])} if {
	some id, r in resources(["AWS::Scheduler::Schedule"])
	f := function_id(r.Properties.Target.Arn)
}

invocations[f] contains {"mode": "async", "source": sprintf("S3 bucket %s notifications", [id])} if {
	some id, r in resources(["AWS::S3::Bucket"])
	some c in list(r.Properties.NotificationConfiguration.LambdaConfigurations)
	f := function_id(c.Function)
}

invocations[f] contains {"mode": "async", "source": sprintf("log subscription filter %s", [id])} if {
	some id, r in resources(["AWS::Logs::SubscriptionFilter"])
	f := function_id(r.Properties.DestinationArn)
}

invocations[f] contains {"mode": "async", "source": sprintf("%s event %s", [e.Type, name])} if {
	some [f, name, e] in sam_events
	e.Type in async_event_types
	not _sns_to_sqs(e)
}

invocations[f] contains {"mode": "async", "source": sprintf("%s with X-Amz-Invocation-Type 'Event'", [source])} if {
	some f, sources in api_async
	some source in sources
}

invocations[f] contains {"mode": "poll", "source": sprintf("event source mapping %s", [id])} if {
	some id, m in resources(["AWS::Lambda::EventSourceMapping"])
	f := function_id(m.Properties.FunctionName)
}

invocations[f] contains {"mode": "poll", "source": sprintf("%s event %s", [e.Type, name])} if {
	some [f, name, e] in sam_events
	_polled(e)
}

invocations[f] contains {"mode": "workflow", "source": sprintf("state machine %s", [id])} if {
	some id, r in resources(["AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"])
	some f in refs(r.Properties)
	functions[f]
}

invocations[f] contains {"mode": "custom-resource", "source": sprintf("custom resource %s", [id])} if {
	some t, ids in input.types
	_custom_resource_type(t)
	some id in ids
	f := function_id(input.resources[id].Properties.ServiceToken)
}

_is_lambda_protocol(p) if {
	is_string(p)
	lower(p) == "lambda"
}

# _principal(p) is a Permission's Principal as a string, with
# ${AWS::URLSuffix} read as amazonaws.com.
_principal(p) := lower(p) if is_string(p)

_principal(p) := lower(replace(p["Fn::Sub"], "${AWS::URLSuffix}", "amazonaws.com")) if is_string(p["Fn::Sub"])

# A SAM SNS event with SqsSubscription delivers through a queue the function
# polls.
_sns_to_sqs(e) if {
	e.Type == "SNS"
	s := object.get(e, ["Properties", "SqsSubscription"], false)
	not is_false(s)
}

_polled(e) if e.Type in poll_event_types

_polled(e) if _sns_to_sqs(e)

_custom_resource_type(t) if t == "AWS::CloudFormation::CustomResource"

_custom_resource_type(t) if startswith(t, "Custom::")

# rule_disabled(r) holds for an AWS::Events::Rule whose State is DISABLED.
rule_disabled(r) if {
	s := r.Properties.State
	is_string(s)
	upper(s) == "DISABLED"
}

# api_calls holds each API Gateway integration of the template that calls a
# Lambda function of the template: {"function", "source", "limit",
# "invocation_type", "transfer_mode", "resource", "mode_path"}. limit is the
# integration timeout in seconds (TimeoutInMillis when set, else 29 for
# REST and WebSocket APIs and 30 for HTTP APIs), null when TimeoutInMillis
# is unresolved; invocation_type is the value mapped to the
# X-Amz-Invocation-Type header (integration.request.header.X-Amz-Invocation-Type,
# "'Event'" for an asynchronous call) and transfer_mode the
# ResponseTransferMode (STREAM for response streaming), null when not set;
# mode_path is where, in resource, they are written.
api_calls contains {
	"function": f, "source": sprintf("API Gateway method %s", [id]), "limit": limit,
	"invocation_type": object.get(i, ["RequestParameters", _invocation_type_param], null),
	"transfer_mode": object.get(i, "ResponseTransferMode", null),
	"resource": id, "mode_path": ["Properties", "Integration"],
} if {
	some id, r in resources(["AWS::ApiGateway::Method"])
	i := r.Properties.Integration
	f := function_id(i.Uri)
	limit := _integration_limit(i, "TimeoutInMillis", 29)
}

api_calls contains {
	"function": f, "source": sprintf("API Gateway integration %s", [id]), "limit": limit,
	"invocation_type": null, "transfer_mode": null, "resource": id, "mode_path": ["Properties"],
} if {
	some id, r in resources(["AWS::ApiGatewayV2::Integration"])
	f := function_id(r.Properties.IntegrationUri)
	limit := _integration_limit(r.Properties, "TimeoutInMillis", _v2_default_limit(r.Properties.ApiId))
}

api_calls contains {
	"function": f, "source": sprintf("%s event %s", [e.Type, name]), "limit": limit,
	"invocation_type": null, "transfer_mode": null, "resource": f, "mode_path": ["Properties", "Events", name],
} if {
	some [f, name, e] in sam_events
	default_limit := {"Api": 29, "HttpApi": 30}[e.Type]
	limit := _integration_limit(object.get(e, "Properties", {}), "TimeoutInMillis", default_limit)
}

api_calls contains {
	"function": f, "source": sprintf("OpenAPI definition of %s", [id]), "limit": limit,
	"invocation_type": object.get(i, ["requestParameters", _invocation_type_param], null),
	"transfer_mode": object.get(i, "responseTransferMode", null),
	"resource": id, "mode_path": ["Properties", spec[0]],
} if {
	some t, spec in {
		"AWS::ApiGateway::RestApi": ["Body", 29],
		"AWS::Serverless::Api": ["DefinitionBody", 29],
		"AWS::Serverless::HttpApi": ["DefinitionBody", 30],
	}
	some id, r in resources([t])
	body := r.Properties[spec[0]]
	is_object(body)
	walk(body, [_, x])
	i := x["x-amazon-apigateway-integration"]
	f := function_id(i.uri)
	limit := _integration_limit(i, "timeoutInMillis", spec[1])
}

_invocation_type_param := "integration.request.header.X-Amz-Invocation-Type"

# api_integrations[f] holds {"source", "limit", "waits"} for each
# integration of api_calls that calls the function f and may wait for its
# response: waits is true, or null when the X-Amz-Invocation-Type mapping
# or the ResponseTransferMode is unresolved. An asynchronous call (API
# Gateway answers 202 at once) or a streamed response (which may run up to
# 15 minutes) is not here: see api_async and api_streaming.
api_integrations[c.function] contains {"source": c.source, "limit": c.limit, "waits": w} if {
	some c in api_calls
	w := api_call_waits(c)
	w != false
}

# api_async[f] holds the sources of the integrations that invoke the
# function f asynchronously (X-Amz-Invocation-Type mapped to 'Event').
api_async[c.function] contains c.source if {
	some c in api_calls
	_async_invocation(c.invocation_type)
}

# api_streaming[f] holds the sources of the integrations that stream the
# function f's response (ResponseTransferMode STREAM).
api_streaming[c.function] contains c.source if {
	some c in api_calls
	not _async_invocation(c.invocation_type)
	_streaming(c.transfer_mode)
}

# api_call_waits(c) is whether the api_calls entry c waits for the
# function's response: false for an asynchronous or streaming call, null
# when the invocation type or transfer mode is unresolved, else true.
api_call_waits(c) := false if {
	_async_invocation(c.invocation_type)
} else := false if {
	_streaming(c.transfer_mode)
} else := null if {
	unknown([c.invocation_type, c.transfer_mode])
} else := true

# A mapped header value is a quoted literal: "'Event'".
_async_invocation(v) if {
	is_string(v)
	lower(trim(v, "'\" ")) == "event"
}

_streaming(v) if {
	is_string(v)
	upper(v) == "STREAM"
}

_integration_limit(i, key, default_limit) := default_limit if {
	not i[key]
} else := n / 1000 if {
	n := number(i[key])
} else := null

# HTTP APIs default to (and allow at most) 30 s; WebSocket APIs 29 s. An
# API whose protocol is unknown gets the higher 30 s.
_v2_default_limit(api) := 29 if {
	p := input.resources[designated(api)].Properties.ProtocolType
	is_string(p)
	upper(p) == "WEBSOCKET"
} else := 30

# alarm_metrics holds [alarm id, metric] for each metric an
# AWS::CloudWatch::Alarm watches (its MetricName/Namespace/Dimensions, or a
# MetricStat of its Metrics); metric is {"name", "namespace", "dimensions"}
# as the template wrote them (possibly unresolved).
alarm_metrics contains [id, {"name": p.MetricName, "namespace": object.get(p, "Namespace", null), "dimensions": object.get(p, "Dimensions", [])}] if {
	some id, r in resources(["AWS::CloudWatch::Alarm"])
	p := r.Properties
	p.MetricName
}

alarm_metrics contains [id, {"name": m.MetricName, "namespace": object.get(m, "Namespace", null), "dimensions": object.get(m, "Dimensions", [])}] if {
	some id, r in resources(["AWS::CloudWatch::Alarm"])
	some q in list(r.Properties.Metrics)
	m := q.MetricStat.Metric
	m.MetricName
}

# alarm_dimensions holds [alarm id, metric, dimension name, dimension value]
# for each dimension of each metric of alarm_metrics.
alarm_dimensions contains [id, m, d.Name, d.Value] if {
	some [id, m] in alarm_metrics
	some d in list(m.dimensions)
}

# alarm_unresolved holds the alarms whose metrics cannot be read: they may
# watch anything.
alarm_unresolved contains id if {
	some id, r in resources(["AWS::CloudWatch::Alarm"])
	not r.Properties.MetricName
	not list(r.Properties.Metrics)
}

alarm_unresolved contains id if {
	some id, r in resources(["AWS::CloudWatch::Alarm"])
	some q in list(r.Properties.Metrics)
	unknown(q)
}

alarm_unresolved contains id if {
	some [id, m] in alarm_metrics
	unknown([m.name, m.namespace])
}

alarm_unresolved contains id if {
	some [id, m] in alarm_metrics
	not list(m.dimensions)
}

alarm_unresolved contains id if {
	some [id, _, name, _] in alarm_dimensions
	unknown(name)
}

# alarm_namespaces[id] is the set of namespaces alarm id's metrics name
# (null for one that names none).
alarm_namespaces[id] contains m.namespace if {
	some [id, m] in alarm_metrics
}
