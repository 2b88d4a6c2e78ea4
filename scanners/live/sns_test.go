package live

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSubscriptionItem(t *testing.T) {
	const topic = "arn:aws:sns:eu-west-1:1:orders.fifo"
	tests := []struct {
		name  string
		sub   types.Subscription
		attrs map[string]string
		props map[string]any
	}{
		{"queue with a dead-letter queue", types.Subscription{SubscriptionArn: aws.String(topic + ":u1"), TopicArn: aws.String(topic),
			Protocol: aws.String("sqs"), Endpoint: aws.String("arn:aws:sqs:eu-west-1:1:jobs.fifo")},
			map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:1:dlq.fifo"}`, "RawMessageDelivery": "true"},
			map[string]any{"TopicArn": topic, "Protocol": "sqs", "Endpoint": "arn:aws:sqs:eu-west-1:1:jobs.fifo", "RawMessageDelivery": true,
				"RedrivePolicy": map[string]any{"deadLetterTargetArn": "arn:aws:sqs:eu-west-1:1:dlq.fifo"}, arnKey: topic + ":u1"}},
		{"HTTPS without its basic-auth password", types.Subscription{SubscriptionArn: aws.String(topic + ":u2"), TopicArn: aws.String(topic),
			Protocol: aws.String("https"), Endpoint: aws.String("https://user:s3cret@hooks.example.com/sns?x=1")},
			map[string]string{"RawMessageDelivery": "false"},
			map[string]any{"TopicArn": topic, "Protocol": "https", "Endpoint": "https://hooks.example.com/sns?x=1", arnKey: topic + ":u2"}},
		{"a redrive policy that does not parse is unknown", types.Subscription{SubscriptionArn: aws.String(topic + ":u3"), TopicArn: aws.String(topic),
			Protocol: aws.String("lambda"), Endpoint: aws.String("arn:aws:lambda:eu-west-1:1:function:f")},
			map[string]string{"RedrivePolicy": "{oops"},
			map[string]any{"TopicArn": topic, "Protocol": "lambda", "Endpoint": "arn:aws:lambda:eu-west-1:1:function:f",
				"RedrivePolicy": unknown("sns:RedrivePolicy"), arnKey: topic + ":u3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := subscriptionItem(tt.sub, tt.attrs)
			assert.Equal(t, "AWS::SNS::Subscription", it.typ)
			assert.Equal(t, "subscription/orders.fifo/"+aws.ToString(tt.sub.SubscriptionArn)[len(topic)+1:], it.id, "topic name/subscription id")
			assert.Equal(t, tt.props, it.props)
			assert.Equal(t, []string{aws.ToString(tt.sub.SubscriptionArn)}, it.physical)
		})
	}
	top := topicItem(topic)
	assert.Equal(t, map[string]any{"TopicName": "orders.fifo", "FifoTopic": true, arnKey: topic}, top.props)
	assert.Equal(t, "topic/orders.fifo", top.id)
}

func TestWithoutPassword(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://user:pw@host.example.com/path", "https://host.example.com/path"},
		{"http://u:p%zz@host/x?y=@z", "http://host/x?y=@z"}, // does not parse as a URL: still stripped
		{"https://host.example.com/a@b", "https://host.example.com/a@b"},
		{"ops@example.com", "ops@example.com"},
		{"arn:aws:sqs:eu-west-1:1:q", "arn:aws:sqs:eu-west-1:1:q"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, withoutPassword(tt.in), tt.in)
	}
}

// TestSNSInKumo subscribes, in the emulator, a queue and a function to a
// topic without a redrive policy, a queue with one and an e-mail address:
// BW-COUPLING-008 reports the first two, end to end.
func TestSNSInKumo(t *testing.T) {
	f := newFront(t)
	ctx := context.Background()
	client := sns.NewFromConfig(f.Config(f.Primary))
	topic, err := client.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("kumo-sns-orders")})
	require.NoError(t, err)
	arn := func(service, rest string) string {
		return "arn:aws:" + service + ":" + f.Primary + ":" + livetest.Account + ":" + rest
	}
	subs := map[string]string{}
	for _, s := range []struct {
		name, protocol, endpoint string
		attrs                    map[string]string
	}{
		{"queue", "sqs", arn("sqs", "kumo-sns-jobs"), nil},
		{"function", "lambda", arn("lambda", "function:kumo-sns-worker"), nil},
		{"safe", "sqs", arn("sqs", "kumo-sns-safe"), map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"` + arn("sqs", "kumo-sns-dlq") + `"}`}},
		{"mail", "email", "ops@example.com", nil},
	} {
		out, err := client.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String(s.protocol),
			Endpoint: aws.String(s.endpoint), Attributes: s.attrs, ReturnSubscriptionArn: true})
		require.NoError(t, err)
		subs[s.name] = "subscription/" + strings.Replace(arnTail(aws.ToString(out.SubscriptionArn)), ":", "/", 1)
	}
	o := options(f, f.Primary)
	o.Services = []string{"sns"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	region := file(f.Primary)
	require.NotNil(t, resource(inv, region, "topic/kumo-sns-orders"))
	safe := resource(inv, region, subs["safe"])
	require.NotNil(t, safe)
	assert.Equal(t, map[string]any{"deadLetterTargetArn": arn("sqs", "kumo-sns-dlq")}, safe.Properties["RedrivePolicy"])
	var got []string
	for _, k := range findingKeys(evaluate(t, inv)) {
		if strings.Contains(k, "BW-COUPLING-008") {
			got = append(got, k)
		}
	}
	want := []string{"BW-COUPLING-008 " + region + " " + subs["queue"], "BW-COUPLING-008 " + region + " " + subs["function"]}
	assert.ElementsMatch(t, want, got)
}
