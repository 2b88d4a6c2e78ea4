package live

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveFixturesEvents answers, in region, the event-driven services in
// AWS's wire formats (EventBridge and Kinesis JSON, SNS query XML): a
// scheduled rule on the default bus and a pattern rule on the "orders"
// bus, each target with a dead-letter queue (jobs-dlq), and a rule another
// service manages; a topic with a queue subscription that has a redrive
// policy, an e-mail subscription and one still pending confirmation; a
// provisioned, encrypted stream. None of them fails a rule.
func serveFixturesEvents(f *livetest.Front, region string) {
	arn := func(service, rest string) string {
		return "arn:aws:" + service + ":" + region + ":" + livetest.Account + ":" + rest
	}
	body := func(r *livetest.Request) map[string]string {
		var in map[string]string
		_ = json.Unmarshal(r.Body, &in)
		return in
	}
	f.Handle(region, "events", "ListEventBuses", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.JSON(w, map[string]any{"EventBuses": []any{
			map[string]any{"Name": "default", "Arn": arn("events", "event-bus/default")},
			map[string]any{"Name": "orders", "Arn": arn("events", "event-bus/orders")}}})
	})
	f.Handle(region, "events", "ListRules", func(w http.ResponseWriter, r *livetest.Request) {
		rules := map[string][]any{
			"default": {
				map[string]any{"Name": "nightly", "Arn": arn("events", "rule/nightly"), "EventBusName": "default",
					"State": "ENABLED", "ScheduleExpression": "rate(1 day)"},
				map[string]any{"Name": "StepFunctionsRule", "Arn": arn("events", "rule/StepFunctionsRule"), "EventBusName": "default",
					"State": "ENABLED", "ManagedBy": "states.amazonaws.com", "EventPattern": `{"source":["aws.states"]}`}},
			"orders": {
				map[string]any{"Name": "placed", "Arn": arn("events", "rule/orders/placed"), "EventBusName": "orders",
					"State": "ENABLED", "EventPattern": `{"source":["orders"],"detail":{"total":[{"numeric":[">",100.5]}]}}`}},
		}
		livetest.JSON(w, map[string]any{"Rules": rules[body(r)["EventBusName"]]})
	})
	dlq := map[string]any{"Arn": arn("sqs", "jobs-dlq")}
	f.Handle(region, "events", "ListTargetsByRule", func(w http.ResponseWriter, r *livetest.Request) {
		targets := map[string][]any{
			"nightly": {map[string]any{"Id": "Worker", "Arn": arn("lambda", "function:worker"), "DeadLetterConfig": dlq,
				"RetryPolicy": map[string]any{"MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 3600}}},
			"placed": {map[string]any{"Id": "Events", "Arn": arn("sqs", "events"), "DeadLetterConfig": dlq}},
		}
		livetest.JSON(w, map[string]any{"Targets": targets[body(r)["Rule"]]})
	})
	query := func(inner string) livetest.Handler {
		return func(w http.ResponseWriter, r *livetest.Request) { livetest.QueryXML(w, r, inner) }
	}
	topic := arn("sns", "alerts")
	f.Handle(region, "sns", "ListTopics", query(`<Topics><member><TopicArn>`+topic+`</TopicArn></member></Topics>`))
	f.Handle(region, "sns", "ListSubscriptions", query(`<Subscriptions>`+
		`<member><TopicArn>`+topic+`</TopicArn><Protocol>sqs</Protocol><SubscriptionArn>`+topic+`:sub-events</SubscriptionArn>`+
		`<Owner>`+livetest.Account+`</Owner><Endpoint>`+arn("sqs", "events")+`</Endpoint></member>`+
		`<member><TopicArn>`+topic+`</TopicArn><Protocol>email</Protocol><SubscriptionArn>`+topic+`:sub-mail</SubscriptionArn>`+
		`<Owner>`+livetest.Account+`</Owner><Endpoint>ops@example.com</Endpoint></member>`+
		`<member><TopicArn>`+topic+`</TopicArn><Protocol>https</Protocol><SubscriptionArn>PendingConfirmation</SubscriptionArn>`+
		`<Owner>`+livetest.Account+`</Owner><Endpoint>https://hooks.example.com/sns</Endpoint></member>`+
		`</Subscriptions>`))
	f.Handle(region, "sns", "GetSubscriptionAttributes", func(w http.ResponseWriter, r *livetest.Request) {
		attrs := map[string]string{"Protocol": "email", "RawMessageDelivery": "false"}
		if r.Form.Get("SubscriptionArn") == topic+":sub-events" {
			attrs = map[string]string{"Protocol": "sqs", "RawMessageDelivery": "true",
				"RedrivePolicy": `{"deadLetterTargetArn":"` + arn("sqs", "jobs-dlq") + `"}`}
		}
		inner := "<Attributes>"
		for k, v := range attrs {
			inner += "<entry><key>" + k + "</key><value>" + livetest.X(v) + "</value></entry>"
		}
		livetest.QueryXML(w, r, inner+"</Attributes>")
	})
	stream := map[string]any{"StreamName": "clicks", "StreamARN": arn("kinesis", "stream/clicks"), "StreamStatus": "ACTIVE",
		"StreamModeDetails": map[string]any{"StreamMode": "PROVISIONED"}, "StreamCreationTimestamp": 1.7e9}
	f.Handle(region, "kinesis", "ListStreams", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.JSON(w, map[string]any{"StreamNames": []string{"clicks"}, "HasMoreStreams": false, "StreamSummaries": []any{stream}})
	})
	f.Handle(region, "kinesis", "DescribeStreamSummary", func(w http.ResponseWriter, r *livetest.Request) {
		sum := map[string]any{"RetentionPeriodHours": 168, "EnhancedMonitoring": []any{}, "EncryptionType": "KMS",
			"KeyId": "alias/aws/kinesis", "OpenShardCount": 2, "ConsumerCount": 0}
		for k, v := range stream {
			sum[k] = v
		}
		livetest.JSON(w, map[string]any{"StreamDescriptionSummary": sum})
	})
}

// TestEventShapes: the fixture Region's rules, topics, subscriptions and
// streams in CloudFormation's shape, with ARNs of audited resources turned
// into references the rules follow.
func TestEventShapes(t *testing.T) {
	f := newFront(t)
	serveFixtures(f, fixtureRegion)
	o := options(f, fixtureRegion)
	o.Services = []string{"eventbridge", "sns", "kinesis", "sqs", "lambda"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	region := file(fixtureRegion)
	arn := func(service, rest string) string {
		return "arn:aws:" + service + ":" + fixtureRegion + ":" + livetest.Account + ":" + rest
	}
	getAtt := func(id string) map[string]any { return map[string]any{"Fn::GetAtt": []any{id, "Arn"}} }
	tests := []struct {
		id, typ string
		props   map[string]any
	}{
		{"rule/nightly", "AWS::Events::Rule", map[string]any{"Name": "nightly", "State": "ENABLED", "ScheduleExpression": "rate(1 day)",
			"EventBusName": nil, "Targets": []any{map[string]any{"Id": "Worker", "Arn": getAtt("function/worker"),
				"DeadLetterConfig": map[string]any{"Arn": getAtt("queue/jobs-dlq")},
				"RetryPolicy":      map[string]any{"MaximumRetryAttempts": int64(3), "MaximumEventAgeInSeconds": int64(3600)}}}}},
		{"rule/orders/placed", "AWS::Events::Rule", map[string]any{"EventBusName": "orders",
			"EventPattern": map[string]any{"source": []any{"orders"}, "detail": map[string]any{"total": []any{map[string]any{"numeric": []any{">", 100.5}}}}},
			"Targets":      []any{map[string]any{"Id": "Events", "Arn": getAtt("queue/events"), "DeadLetterConfig": map[string]any{"Arn": getAtt("queue/jobs-dlq")}}}}},
		{"topic/alerts", "AWS::SNS::Topic", map[string]any{"TopicName": "alerts", "FifoTopic": nil}},
		{"subscription/alerts/sub-events", "AWS::SNS::Subscription", map[string]any{"TopicArn": arn("sns", "alerts"), "Protocol": "sqs",
			"Endpoint": getAtt("queue/events"), "RedrivePolicy": map[string]any{"deadLetterTargetArn": getAtt("queue/jobs-dlq")}, "RawMessageDelivery": true}},
		{"subscription/alerts/sub-mail", "AWS::SNS::Subscription", map[string]any{"Protocol": "email", "Endpoint": "ops@example.com",
			"RedrivePolicy": nil, "RawMessageDelivery": nil}},
		{"stream/clicks", "AWS::Kinesis::Stream", map[string]any{"Name": "clicks", "StreamModeDetails": map[string]any{"StreamMode": "PROVISIONED"},
			"ShardCount": int64(2), "RetentionPeriodHours": int64(168), "StreamEncryption": map[string]any{"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"}}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			r := resource(inv, region, tt.id)
			require.NotNil(t, r)
			assert.Equal(t, tt.typ, r.Type)
			for k, v := range tt.props {
				assert.Equal(t, v, r.Properties[k], k)
			}
			assert.NotContains(t, r.Properties, arnKey)
		})
	}
	assert.Nil(t, resource(inv, region, "rule/StepFunctionsRule"), "a rule another service manages is its owner's")
	n := 0
	for _, r := range source(inv, region).Template.Resources {
		if r.Type == "AWS::SNS::Subscription" {
			n++
		}
	}
	assert.Equal(t, 2, n, "a subscription pending confirmation delivers nothing")
	keys := findingKeys(evaluate(t, inv))
	for _, id := range []string{"rule/nightly", "rule/orders/placed", "subscription/alerts/sub-events", "stream/clicks"} {
		for _, k := range keys {
			assert.NotContains(t, k, " "+id, "a target or subscription with a dead-letter queue passes")
		}
	}
	assert.Contains(t, keys, "BW-MONITORING-001 "+region+" queue/jobs-dlq", "the dead-letter queue of the rules and the subscription")
	assert.NotContains(t, source(inv, region).Unchecked, "BW-COUPLING-004",
		"the worker is invoked by a rule, and its event invoke config is read (see TestAsyncFailureDestinationLive)")
}

// TestEventCollectorsPartialGaps: a call denied for one resource leaves
// that resource with the fact unknown and a coverage gap naming it; the
// other resources and collectors stand, and no rule reports the unknown.
func TestEventCollectorsPartialGaps(t *testing.T) {
	tests := []struct {
		service, op string
		id, prop    string
		diag        string
	}{
		{"events", "ListTargetsByRule", "rule/orders/placed", "Targets",
			"service eventbridge (ListTargetsByRule): access denied; unknown for 2 resources: rule targets and their dead-letter queues"},
		{"sns", "GetSubscriptionAttributes", "subscription/alerts/sub-events", "RedrivePolicy",
			"service sns (GetSubscriptionAttributes): access denied; unknown for 2 resources: subscription redrive policies (dead-letter queues)"},
		{"kinesis", "DescribeStreamSummary", "stream/clicks", "RetentionPeriodHours",
			"service kinesis (DescribeStreamSummary): access denied; unknown: stream shards, retention and encryption"},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			f := newFront(t)
			serveFixtures(f, fixtureRegion)
			f.Fail(fixtureRegion, tt.service, tt.op, -1, 403, "AccessDeniedException")
			inv := audit(t, options(f, fixtureRegion))
			got := messages(inv.Diagnostics)
			require.Len(t, got, 1, "%q", got)
			assert.Contains(t, got[0], tt.diag)
			r := resource(inv, file(fixtureRegion), tt.id)
			require.NotNil(t, r, "the resource stands")
			assert.True(t, strings.HasPrefix(r.Properties[tt.prop].(map[string]any)["Ref"].(string), "bulwark::unknown::"), "%v", r.Properties[tt.prop])
			for _, k := range findingKeys(evaluate(t, inv)) {
				assert.NotContains(t, k, " "+tt.id, "unknown is never a finding")
			}
		})
	}
}
