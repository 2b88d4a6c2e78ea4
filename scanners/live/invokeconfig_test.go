package live

import (
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInvokeConfigItem(t *testing.T) {
	tests := []struct {
		name string
		in   types.FunctionEventInvokeConfig
		id   string
		want map[string]any
	}{
		{"alias with both destinations", types.FunctionEventInvokeConfig{FunctionArn: aws.String("arn:aws:lambda:r:1:function:f:live"),
			MaximumRetryAttempts: aws.Int32(0), MaximumEventAgeInSeconds: aws.Int32(3600),
			DestinationConfig: &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String("arn:aws:sqs:r:1:dlq")},
				OnSuccess: &types.OnSuccess{Destination: aws.String("arn:aws:sns:r:1:done")}}},
			"eventinvokeconfig/f/live", map[string]any{"FunctionName": "f", "Qualifier": "live", "MaximumRetryAttempts": int64(0),
				"MaximumEventAgeInSeconds": int64(3600), "DestinationConfig": map[string]any{
					"OnFailure": map[string]any{"Destination": "arn:aws:sqs:r:1:dlq"}, "OnSuccess": map[string]any{"Destination": "arn:aws:sns:r:1:done"}}}},
		{"unqualified, retries only", types.FunctionEventInvokeConfig{FunctionArn: aws.String("arn:aws:lambda:r:1:function:f"), MaximumRetryAttempts: aws.Int32(2)},
			"eventinvokeconfig/f/$LATEST", map[string]any{"FunctionName": "f", "Qualifier": "$LATEST", "MaximumRetryAttempts": int64(2)}},
		{"empty destination is none", types.FunctionEventInvokeConfig{FunctionArn: aws.String("arn:aws:lambda:r:1:function:f:$LATEST"),
			DestinationConfig: &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String("")}}},
			"eventinvokeconfig/f/$LATEST", map[string]any{"FunctionName": "f", "Qualifier": "$LATEST"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := invokeConfigItem("f", tt.in)
			assert.Equal(t, tt.id, it.id)
			assert.Equal(t, "AWS::Lambda::EventInvokeConfig", it.typ)
			assert.Equal(t, tt.want, it.props)
		})
	}
}

// TestAsyncFailureDestinationLive: the fixture Region's worker is invoked
// by an EventBridge rule. Without an on-failure destination BW-COUPLING-004
// reports it; with one it passes; when its configs cannot be read it is
// not reported on a guess, and the gap says what is unknown.
func TestAsyncFailureDestinationLive(t *testing.T) {
	const region = "ca-central-1"
	configs := func(v any) livetest.Handler {
		return func(w http.ResponseWriter, r *livetest.Request) { livetest.JSON(w, v) }
	}
	tests := []struct {
		name    string
		serve   func(f *livetest.Front)
		finding bool
		gap     string
	}{
		{"no config", func(f *livetest.Front) {
			f.Handle(region, "lambda", "ListFunctionEventInvokeConfigs", configs(map[string]any{"FunctionEventInvokeConfigs": []any{}}))
		}, true, ""},
		{"retries only, no destination", func(f *livetest.Front) {
			f.Handle(region, "lambda", "ListFunctionEventInvokeConfigs", configs(map[string]any{"FunctionEventInvokeConfigs": []any{
				map[string]any{"FunctionArn": "arn:aws:lambda:" + region + ":" + livetest.Account + ":function:worker:$LATEST", "MaximumRetryAttempts": 2}}}))
		}, true, ""},
		{"on-failure destination", func(f *livetest.Front) {}, false, ""},
		{"denied", func(f *livetest.Front) {
			f.Fail(region, "lambda", "ListFunctionEventInvokeConfigs", -1, 403, "AccessDeniedException")
		}, false, "ListFunctionEventInvokeConfigs"},
	}
	counted := map[string]int{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFront(t)
			serveFixtures(f, region)
			tt.serve(f)
			inv := audit(t, options(f, region))
			src := source(inv, file(region))
			require.NotNil(t, src)
			assert.NotContains(t, src.Unchecked, "BW-COUPLING-004", "the configs are read now")
			keys := findingKeys(evaluate(t, inv))
			want := "BW-COUPLING-004 " + file(region) + " function/worker"
			if tt.finding {
				assert.Contains(t, keys, want)
			} else {
				assert.NotContains(t, keys, want)
			}
			_, counted[tt.name] = inv.Evaluable()
			if tt.gap != "" {
				assert.Contains(t, messages(inv.Diagnostics), "warning not checked: account "+livetest.Account+", region "+region+
					", service lambda ("+tt.gap+"): access denied; unknown: where failed asynchronous invocations go (AccessDeniedException: injected by the test front)")
			}
		})
	}
	assert.Equal(t, counted["no config"], counted["denied"], "a config that could not be read is not counted as a resource")
	assert.Equal(t, counted["no config"]+1, counted["on-failure destination"], "a config read is")
}
