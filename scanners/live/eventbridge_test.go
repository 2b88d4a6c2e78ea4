package live

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEventRuleItem(t *testing.T) {
	tests := []struct {
		name     string
		rule     types.Rule
		id       string
		props    map[string]any
		physical []string
	}{
		{"default bus", types.Rule{Name: aws.String("nightly"), EventBusName: aws.String("default"), State: types.RuleStateDisabled,
			ScheduleExpression: aws.String("rate(1 day)"), Arn: aws.String("arn:aws:events:r:1:rule/nightly")},
			"rule/nightly", map[string]any{"Name": "nightly", "State": "DISABLED", "ScheduleExpression": "rate(1 day)", arnKey: "arn:aws:events:r:1:rule/nightly"},
			[]string{"nightly", "arn:aws:events:r:1:rule/nightly"}},
		{"custom bus, pattern as an object", types.Rule{Name: aws.String("placed"), EventBusName: aws.String("orders"), State: types.RuleStateEnabled,
			EventPattern: aws.String(`{"source":["orders"],"detail":{"n":[{"numeric":[">",3]}]}}`)},
			"rule/orders/placed", map[string]any{"Name": "placed", "EventBusName": "orders", "State": "ENABLED",
				"EventPattern": map[string]any{"source": []any{"orders"}, "detail": map[string]any{"n": []any{map[string]any{"numeric": []any{">", int64(3)}}}}}},
			[]string{"orders|placed", ""}},
		{"a pattern that does not parse is unknown", types.Rule{Name: aws.String("odd"), EventPattern: aws.String("{not json")},
			"rule/odd", map[string]any{"Name": "odd", "EventPattern": unknown("events:EventPattern")}, []string{"odd", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := eventRuleItem(tt.rule)
			assert.Equal(t, tt.id, it.id)
			assert.Equal(t, "AWS::Events::Rule", it.typ)
			assert.Equal(t, tt.props, it.props)
			assert.Equal(t, tt.physical, it.physical, "CloudFormation's physical id: name, or bus|name")
		})
	}
}

func TestTargetList(t *testing.T) {
	tests := []struct {
		name   string
		target types.Target
		want   map[string]any
	}{
		{"bare", types.Target{Id: aws.String("a"), Arn: aws.String("arn:q")}, map[string]any{"Id": "a", "Arn": "arn:q"}},
		{"dead-letter queue and retries", types.Target{Id: aws.String("b"), Arn: aws.String("arn:fn"), RoleArn: aws.String("arn:role"),
			DeadLetterConfig: &types.DeadLetterConfig{Arn: aws.String("arn:dlq")},
			RetryPolicy:      &types.RetryPolicy{MaximumRetryAttempts: aws.Int32(0), MaximumEventAgeInSeconds: aws.Int32(60)}},
			map[string]any{"Id": "b", "Arn": "arn:fn", "RoleArn": "arn:role", "DeadLetterConfig": map[string]any{"Arn": "arn:dlq"},
				"RetryPolicy": map[string]any{"MaximumRetryAttempts": int64(0), "MaximumEventAgeInSeconds": int64(60)}}},
		{"an empty dead-letter config is none", types.Target{Id: aws.String("c"), Arn: aws.String("arn:q"), DeadLetterConfig: &types.DeadLetterConfig{}},
			map[string]any{"Id": "c", "Arn": "arn:q"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, []any{tt.want}, targetList([]types.Target{tt.target}))
		})
	}
}

// TestEventBridgeEndToEnd: rules created in the emulator, on the default
// bus and on a bus of their own, judged by BW-COUPLING-005 and -006. kumo
// keeps a target's Id and Arn but drops its DeadLetterConfig and
// RetryPolicy, so the front answers ListTargetsByRule in AWS's JSON.
func TestEventBridgeEndToEnd(t *testing.T) {
	f := newFront(t)
	ctx := context.Background()
	eb := eventbridge.NewFromConfig(f.Config(f.Primary))
	_, err := eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String("kumo-eb-bus")})
	require.NoError(t, err)
	for _, r := range []struct{ name, bus string }{{"kumo-eb-bare", ""}, {"kumo-eb-noretry", ""}, {"kumo-eb-safe", "kumo-eb-bus"}} {
		in := &eventbridge.PutRuleInput{Name: aws.String(r.name), EventPattern: aws.String(`{"source":["orders"]}`)}
		if r.bus != "" {
			in.EventBusName = aws.String(r.bus)
		}
		_, err := eb.PutRule(ctx, in)
		require.NoError(t, err)
	}
	fn := "arn:aws:lambda:" + f.Primary + ":" + livetest.Account + ":function:kumo-eb-worker"
	targets := map[string][]any{
		"kumo-eb-bare":    {map[string]any{"Id": "Worker", "Arn": fn}},
		"kumo-eb-noretry": {map[string]any{"Id": "Worker", "Arn": fn, "RetryPolicy": map[string]any{"MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": 60}}},
		"kumo-eb-safe": {map[string]any{"Id": "Worker", "Arn": fn, "RetryPolicy": map[string]any{"MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": 60},
			"DeadLetterConfig": map[string]any{"Arn": "arn:aws:sqs:" + f.Primary + ":" + livetest.Account + ":kumo-eb-dlq"}}},
	}
	f.Handle(f.Primary, "events", "ListTargetsByRule", func(w http.ResponseWriter, r *livetest.Request) {
		var in struct{ Rule string }
		_ = json.Unmarshal(r.Body, &in)
		livetest.JSON(w, map[string]any{"Targets": targets[in.Rule]})
	})
	o := options(f, f.Primary)
	o.Services = []string{"eventbridge"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	region := file(f.Primary)
	require.NotNil(t, resource(inv, region, "rule/kumo-eb-bus/kumo-eb-safe"), "the rules of every bus")
	var got []string
	for _, k := range findingKeys(evaluate(t, inv)) {
		if strings.Contains(k, "kumo-eb") {
			got = append(got, k)
		}
	}
	assert.Equal(t, []string{
		"BW-COUPLING-005 " + region + " rule/kumo-eb-bare",    // no dead-letter queue: dropped after 185 attempts
		"BW-COUPLING-006 " + region + " rule/kumo-eb-noretry", // no retry, no dead-letter queue
	}, got)
}
