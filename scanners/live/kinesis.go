package live

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// collectKinesis reads every data stream's capacity mode, shards,
// retention and encryption. The Lambda collector reads the event source
// mappings that consume the streams; a mapping's EventSourceArn then names
// the stream it reads (linkARNs).
func collectKinesis(ctx context.Context, s *scope) error {
	client := kinesis.NewFromConfig(s.cfg)
	p := kinesis.NewListStreamsPaginator(client, &kinesis.ListStreamsInput{})
	streams, err := listAll(ctx, s, p, summaries)
	if err != nil {
		return err
	}
	items := make([]*item, len(streams))
	err = s.each(ctx, len(streams), func(ctx context.Context, i int) error {
		st := streams[i]
		var sum *types.StreamDescriptionSummary
		err := s.call(ctx, func(ctx context.Context) error {
			in := &kinesis.DescribeStreamSummaryInput{StreamARN: st.StreamARN}
			if st.StreamARN == nil {
				in = &kinesis.DescribeStreamSummaryInput{StreamName: st.StreamName}
			}
			out, err := client.DescribeStreamSummary(ctx, in)
			if err == nil {
				sum = out.StreamDescriptionSummary
			}
			return err
		})
		if isNotFound(err) {
			return nil // deleted since ListStreams
		}
		it := streamItem(st, sum)
		if err != nil {
			s.partial("DescribeStreamSummary", "stream shards, retention and encryption", err)
			for _, k := range []string{"ShardCount", "RetentionPeriodHours", "StreamEncryption"} {
				it.props[k] = unknown("kinesis:DescribeStreamSummary")
			}
		}
		items[i] = it
		return nil
	})
	if err != nil {
		return err
	}
	s.addPresent(items)
	return nil
}

// summaries are a page's streams; a page that lists names alone (the
// API before StreamSummaries) still names every stream.
func summaries(o *kinesis.ListStreamsOutput) []types.StreamSummary {
	if len(o.StreamSummaries) > 0 || len(o.StreamNames) == 0 {
		return o.StreamSummaries
	}
	out := make([]types.StreamSummary, len(o.StreamNames))
	for i, n := range o.StreamNames {
		out[i] = types.StreamSummary{StreamName: aws.String(n)}
	}
	return out
}

// streamItem writes a stream as CloudFormation declares it, from the
// listing and its summary (nil when it could not be read). ShardCount is
// a provisioned stream's open shards; an on-demand stream has none to
// declare. CloudFormation's physical id of a stream is its name.
func streamItem(st types.StreamSummary, sum *types.StreamDescriptionSummary) *item {
	name, arn := aws.ToString(st.StreamName), aws.ToString(st.StreamARN)
	props := map[string]any{"Name": name}
	mode := st.StreamModeDetails
	if sum != nil && sum.StreamModeDetails != nil {
		mode = sum.StreamModeDetails
	}
	if mode != nil && mode.StreamMode != "" {
		props["StreamModeDetails"] = map[string]any{"StreamMode": string(mode.StreamMode)}
	}
	if sum != nil {
		if sum.OpenShardCount != nil && (mode == nil || mode.StreamMode != types.StreamModeOnDemand) {
			props["ShardCount"] = int64(*sum.OpenShardCount)
		}
		if sum.RetentionPeriodHours != nil {
			props["RetentionPeriodHours"] = int64(*sum.RetentionPeriodHours)
		}
		if sum.EncryptionType == types.EncryptionTypeKms {
			enc := map[string]any{"EncryptionType": "KMS"}
			if sum.KeyId != nil {
				enc["KeyId"] = *sum.KeyId
			}
			props["StreamEncryption"] = enc
		}
		if arn == "" {
			arn = aws.ToString(sum.StreamARN)
		}
	}
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: "stream/" + name, typ: "AWS::Kinesis::Stream", props: props, physical: []string{name, arn}}
}
