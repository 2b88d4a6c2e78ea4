# METADATA
# title: Stream consumer without bounded retries or an on-failure destination
# description: >-
#   Lambda reads a Kinesis or DynamoDB stream shard in order and, by
#   default, retries a failing batch until its records expire from the
#   stream (MaximumRetryAttempts and MaximumRecordAgeInSeconds -1): one
#   record that always fails blocks its whole shard for up to the stream's
#   retention. With retries bounded but no OnFailure destination, the
#   failing records are dropped without a trace.
# custom:
#   id: BW-COUPLING-007
#   severity: high
#   concern: coupling
#   well_architected: [REL05-BP03, REL05-BP04, REL04-BP02]
#   resource_types: [AWS::Lambda::EventSourceMapping, AWS::Serverless::Function]
#   inputs: [template, account]
#   remediation: >-
#     Set MaximumRetryAttempts (e.g. 3) or MaximumRecordAgeInSeconds,
#     BisectBatchOnFunctionError: true to isolate the bad record, and
#     DestinationConfig.OnFailure.Destination to an SQS queue or SNS topic
#     that keeps the failed batch's metadata.
package bulwark.rules.coupling.stream_poison_record

# The live audit writes a mapping's retry limits as Lambda reports them
# (-1 for unbounded) and its EventSourceArn as a reference to the stream
# when the stream is audited with it, or as the ARN, which source_kind
# reads.

import data.bulwark.lib

# consumers holds [logical id, path of the settings, settings, source] for
# each stream consumer: an AWS::Lambda::EventSourceMapping, or a SAM
# Kinesis or DynamoDB event. source is "Kinesis stream", "DynamoDB stream",
# or null when the EventSourceArn does not say which kind of source it is.
consumers contains [id, ["Properties"], r.Properties, source_kind(r.Properties.EventSourceArn)] if {
	some id, r in lib.resources(["AWS::Lambda::EventSourceMapping"])
}

consumers contains [f, ["Properties", "Events", name, "Properties"], p, kind] if {
	some [f, name, e] in lib.sam_events
	kind := {"Kinesis": "Kinesis stream", "DynamoDB": "DynamoDB stream"}[e.Type]
	p := object.get(e, "Properties", {})
	is_object(p)
}

source_kind(v) := k if {
	t := input.resources[lib.designated(v)].Type
	k := {
		"AWS::Kinesis::Stream": "Kinesis stream",
		"AWS::Kinesis::StreamConsumer": "Kinesis stream",
		"AWS::DynamoDB::Table": "DynamoDB stream",
		"AWS::DynamoDB::GlobalTable": "DynamoDB stream",
	}[t]
} else := "other" if {
	lib.designated(v)
} else := "Kinesis stream" if {
	is_string(v)
	contains(v, ":kinesis:")
} else := "DynamoDB stream" if {
	is_string(v)
	contains(v, ":dynamodb:")
	contains(v, "/stream/")
} else := "other" if {
	lib.known(v)
} else := null

# unbounded(p) holds when settings p retry a failing batch until it
# expires: both limits absent or -1.
unbounded(p) if {
	lib.number(object.get(p, "MaximumRetryAttempts", -1)) == -1
	lib.number(object.get(p, "MaximumRecordAgeInSeconds", -1)) == -1
}

# destination(p) is the OnFailure destination of settings p, null when
# absent, or the unresolved value on the way (e.g. an Fn::If
# DestinationConfig), which is not null.
destination(p) := lib.get(p, ["DestinationConfig", "OnFailure", "Destination"], null)

deny contains lib.finding(id, path, msg) if {
	some [id, path, p, kind] in consumers
	kind in {"Kinesis stream", "DynamoDB stream"}
	unbounded(p)
	msg := sprintf("%s retries a failing batch from its %s without limit (MaximumRetryAttempts and MaximumRecordAgeInSeconds unset or -1)%s: one record that always fails blocks its shard until it expires from the stream", [what(id, path), kind, bisect(p)])
}

deny contains lib.finding(id, path, msg) if {
	some [id, path, p, kind] in consumers
	kind in {"Kinesis stream", "DynamoDB stream"}
	not unbounded(p)
	lib.known([object.get(p, "MaximumRetryAttempts", -1), object.get(p, "MaximumRecordAgeInSeconds", -1)])
	destination(p) == null
	msg := sprintf("%s gives up on a failing batch from its %s after its retries but has no DestinationConfig.OnFailure: the batch's records are dropped without a trace", [what(id, path), kind])
}

what(id, ["Properties"]) := sprintf("Event source mapping %s", [id])

what(id, path) := sprintf("%s event %s of function %s", [input.resources[id].Properties.Events[path[2]].Type, path[2], id]) if count(path) > 1

bisect(p) := "" if lib.is_true(object.get(p, "BisectBatchOnFunctionError", false))

bisect(p) := " and without BisectBatchOnFunctionError" if not lib.is_true(object.get(p, "BisectBatchOnFunctionError", false))
