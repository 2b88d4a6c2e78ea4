package live

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStreamItem(t *testing.T) {
	const arn = "arn:aws:kinesis:eu-west-1:1:stream/clicks"
	listed := types.StreamSummary{StreamName: aws.String("clicks"), StreamARN: aws.String(arn),
		StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeProvisioned}}
	tests := []struct {
		name   string
		listed types.StreamSummary
		sum    *types.StreamDescriptionSummary
		props  map[string]any
	}{
		{"provisioned, encrypted", listed, &types.StreamDescriptionSummary{OpenShardCount: aws.Int32(4), RetentionPeriodHours: aws.Int32(24),
			EncryptionType: types.EncryptionTypeKms, KeyId: aws.String("alias/aws/kinesis")},
			map[string]any{"Name": "clicks", "StreamModeDetails": map[string]any{"StreamMode": "PROVISIONED"}, "ShardCount": int64(4),
				"RetentionPeriodHours": int64(24), "StreamEncryption": map[string]any{"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"}, arnKey: arn}},
		{"on demand: no shard count to declare", listed, &types.StreamDescriptionSummary{OpenShardCount: aws.Int32(4), RetentionPeriodHours: aws.Int32(168),
			EncryptionType: types.EncryptionTypeNone, StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}},
			map[string]any{"Name": "clicks", "StreamModeDetails": map[string]any{"StreamMode": "ON_DEMAND"}, "RetentionPeriodHours": int64(168), arnKey: arn}},
		{"summary unread: what the listing says", listed, nil,
			map[string]any{"Name": "clicks", "StreamModeDetails": map[string]any{"StreamMode": "PROVISIONED"}, arnKey: arn}},
		{"listed by name only", types.StreamSummary{StreamName: aws.String("clicks")}, &types.StreamDescriptionSummary{StreamARN: aws.String(arn)},
			map[string]any{"Name": "clicks", arnKey: arn}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := streamItem(tt.listed, tt.sum)
			assert.Equal(t, "stream/clicks", it.id)
			assert.Equal(t, "AWS::Kinesis::Stream", it.typ)
			assert.Equal(t, tt.props, it.props)
		})
	}
	assert.Equal(t, []types.StreamSummary{{StreamName: aws.String("a")}}, summaries(&kinesis.ListStreamsOutput{StreamNames: []string{"a"}}),
		"a page with names alone still names its streams")
}

// TestStreamConsumersEndToEnd: a stream created in the emulator, read by
// three event source mappings (kumo keeps no retry settings, so the front
// lists them in Lambda's JSON): one with Lambda's defaults (retries until
// the records expire), one on a DynamoDB stream that gives up after 2
// retries with nowhere to send the batch, and one bounded, bisecting, with
// an on-failure queue. BW-COUPLING-007 reports the first two.
func TestStreamConsumersEndToEnd(t *testing.T) {
	f := newFront(t)
	ctx := context.Background()
	client := kinesis.NewFromConfig(f.Config(f.Primary))
	_, err := client.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("kumo-kin-clicks"), ShardCount: aws.Int32(2)})
	require.NoError(t, err)
	sum, err := client.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("kumo-kin-clicks")})
	require.NoError(t, err)
	stream := aws.ToString(sum.StreamDescriptionSummary.StreamARN)
	arn := func(service, rest string) string {
		return "arn:aws:" + service + ":" + f.Primary + ":" + livetest.Account + ":" + rest
	}
	fn := arn("lambda", "function:kumo-kin-worker")
	f.Handle(f.Primary, "lambda", "ListEventSourceMappings", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.JSON(w, map[string]any{"EventSourceMappings": []any{
			map[string]any{"UUID": "kumo-kin-default", "EventSourceArn": stream, "FunctionArn": fn, "State": "Enabled", "BatchSize": 100,
				"StartingPosition": "LATEST", "MaximumRetryAttempts": -1, "MaximumRecordAgeInSeconds": -1, "BisectBatchOnFunctionError": false,
				"DestinationConfig": map[string]any{"OnFailure": map[string]any{}}},
			map[string]any{"UUID": "kumo-kin-ddb", "EventSourceArn": arn("dynamodb", "table/kumo-kin-orders/stream/2026-01-01T00:00:00.000"),
				"FunctionArn": fn, "State": "Enabled", "StartingPosition": "TRIM_HORIZON", "MaximumRetryAttempts": 2, "MaximumRecordAgeInSeconds": -1},
			map[string]any{"UUID": "kumo-kin-safe", "EventSourceArn": stream, "FunctionArn": fn, "State": "Enabled", "StartingPosition": "LATEST",
				"MaximumRetryAttempts": 3, "MaximumRecordAgeInSeconds": 3600, "BisectBatchOnFunctionError": true,
				"DestinationConfig": map[string]any{"OnFailure": map[string]any{"Destination": arn("sqs", "kumo-kin-failed")}}},
		}})
	})
	o := options(f, f.Primary)
	o.Services = []string{"kinesis", "lambda"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	region := file(f.Primary)
	s := resource(inv, region, "stream/kumo-kin-clicks")
	require.NotNil(t, s)
	assert.Equal(t, int64(2), s.Properties["ShardCount"])
	m := resource(inv, region, "eventsourcemapping/kumo-kin-safe")
	require.NotNil(t, m)
	assert.Equal(t, map[string]any{"Fn::GetAtt": []any{"stream/kumo-kin-clicks", "Arn"}}, m.Properties["EventSourceArn"], "the mapping names the audited stream")
	assert.Equal(t, int64(3600), m.Properties["MaximumRecordAgeInSeconds"])
	var got []string
	for _, k := range findingKeys(evaluate(t, inv)) {
		if strings.Contains(k, "kumo-kin") {
			got = append(got, k)
		}
	}
	assert.Equal(t, []string{
		"BW-COUPLING-007 " + region + " eventsourcemapping/kumo-kin-ddb",
		"BW-COUPLING-007 " + region + " eventsourcemapping/kumo-kin-default",
	}, got)
}
