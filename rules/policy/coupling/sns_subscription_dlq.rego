# METADATA
# title: SNS subscription without a dead-letter queue
# description: >-
#   SNS retries a delivery that fails with a server error (an SQS queue,
#   Lambda function or Firehose stream up to 100,015 times over 23 days, an
#   HTTP/S endpoint 3 times over a minute unless a delivery policy says
#   otherwise) and does not retry a client error (the endpoint deleted, or
#   its policy no longer letting SNS in). Then it discards the message,
#   unless the subscription has a RedrivePolicy naming an SQS dead-letter
#   queue. A subscription declared inline in a topic's Subscription list
#   cannot have one.
# custom:
#   id: BW-COUPLING-008
#   severity: medium
#   concern: coupling
#   well_architected: [REL05-BP03, REL04-BP02]
#   resource_types: [AWS::SNS::Subscription, AWS::SNS::Topic, AWS::Serverless::Function]
#   inputs: [template, account]
#   remediation: >-
#     Give the subscription a RedrivePolicy {deadLetterTargetArn: !GetAtt
#     DeadLetterQueue.Arn} (an SQS queue in the same account and Region
#     whose policy lets sns.amazonaws.com send messages; a FIFO queue for a
#     FIFO topic), and alarm on that queue. Move subscriptions out of a
#     topic's inline Subscription list into AWS::SNS::Subscription
#     resources; for a SAM SNS event, set its RedrivePolicy property.
package bulwark.rules.coupling.sns_subscription_dlq

import data.bulwark.lib

# dlq_protocols are the protocols whose failed deliveries the rule judges:
# the endpoints an application consumes, where a lost message is lost
# work (email, SMS and mobile push are notifications to people).
dlq_protocols := {"sqs", "lambda", "firehose", "http", "https"}

deny contains lib.finding(id, lib.at(r, ["Properties", "RedrivePolicy"]), msg) if {
	some id, r in lib.resources(["AWS::SNS::Subscription"])
	p := protocol(object.get(r, ["Properties", "Protocol"], null))
	p in dlq_protocols
	object.get(r, ["Properties", "RedrivePolicy"], null) == null
	msg := sprintf("SNS subscription %s (%s to %s) has no RedrivePolicy: %s", [id, p, endpoint(object.get(r, ["Properties", "Endpoint"], null)), consequence])
}

deny contains lib.finding(id, ["Properties", "Subscription", i], msg) if {
	some id, r in lib.resources(["AWS::SNS::Topic"])
	some i, s in lib.list(r.Properties.Subscription)
	is_object(s)
	not lib.is_intrinsic(s)
	p := protocol(object.get(s, "Protocol", null))
	p in dlq_protocols
	msg := sprintf("SNS topic %s subscribes %s to %s inline, where no RedrivePolicy can be set: %s", [id, p, endpoint(object.get(s, "Endpoint", null)), consequence])
}

deny contains lib.finding(id, ["Properties", "Events", name, "Properties"], msg) if {
	some [id, name, e] in lib.sam_events
	e.Type == "SNS"
	props := object.get(e, "Properties", {})
	is_object(props)
	not lib.is_intrinsic(props)
	object.get(props, "RedrivePolicy", null) == null
	msg := sprintf("SNS event %s of function %s has no RedrivePolicy: %s", [name, id, consequence])
}

consequence := "a message SNS cannot deliver is discarded without trace, at once on a client error (the endpoint deleted, or its policy denying SNS) or after SNS's delivery retries on a server error"

protocol(p) := lower(p) if is_string(p)

# endpoint(e) names an endpoint: the resource of the template it refers
# to, the literal endpoint (an HTTP/S URL without the user and password
# of basic authentication), or "an unresolved endpoint".
endpoint(e) := id if {
	id := lib.designated(e)
} else := regex.replace(e, `^([A-Za-z]+://)[^/@]*@`, "$1") if {
	is_string(e)
} else := "an unresolved endpoint"

# In --strict mode: what this rule could not verify.
