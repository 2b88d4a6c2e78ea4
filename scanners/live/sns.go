package live

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"
)

// collectSNS reads every topic and every subscription with its redrive
// policy: the dead-letter queue that keeps a message SNS could not
// deliver once its delivery retries are spent.
func collectSNS(ctx context.Context, s *scope) error {
	client := sns.NewFromConfig(s.cfg)
	tp := sns.NewListTopicsPaginator(client, &sns.ListTopicsInput{})
	topics, err := listAll(ctx, s, tp, func(o *sns.ListTopicsOutput) []types.Topic { return o.Topics })
	if err != nil {
		return err
	}
	for _, t := range topics {
		s.add(topicItem(aws.ToString(t.TopicArn)))
	}
	sp := sns.NewListSubscriptionsPaginator(client, &sns.ListSubscriptionsInput{})
	subs, err := listAll(ctx, s, sp, func(o *sns.ListSubscriptionsOutput) []types.Subscription { return o.Subscriptions })
	if err != nil {
		// The topics stand; only who receives their messages is unknown.
		s.partial("ListSubscriptions", "the topics' subscriptions", err)
		return nil
	}
	// A subscription still waiting for its endpoint to confirm delivers
	// nothing and has no ARN to read yet.
	subs = slices.DeleteFunc(subs, func(sub types.Subscription) bool {
		return !strings.HasPrefix(aws.ToString(sub.SubscriptionArn), "arn:")
	})
	items := make([]*item, len(subs))
	err = s.each(ctx, len(subs), func(ctx context.Context, i int) error {
		sub := subs[i]
		var attrs map[string]string
		err := s.call(ctx, func(ctx context.Context) error {
			out, err := client.GetSubscriptionAttributes(ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: sub.SubscriptionArn})
			if err == nil {
				attrs = out.Attributes
			}
			return err
		})
		if isNotFound(err) {
			return nil // unsubscribed since the listing
		}
		it := subscriptionItem(sub, attrs)
		if err != nil {
			s.partial("GetSubscriptionAttributes", "subscription redrive policies (dead-letter queues)", err)
			it.props["RedrivePolicy"] = unknown("sns:GetSubscriptionAttributes")
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

// arnTail is the part of an ARN after its fifth colon: a topic's name, or
// topic:uuid for a subscription.
func arnTail(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return arn
	}
	return parts[5]
}

// topicItem writes a topic as CloudFormation declares it. A FIFO topic's
// name must end in .fifo, so the name tells FifoTopic without a call.
func topicItem(arn string) *item {
	name := arnTail(arn)
	props := map[string]any{"TopicName": name, arnKey: arn}
	if strings.HasSuffix(name, ".fifo") {
		props["FifoTopic"] = true
	}
	return &item{id: "topic/" + name, typ: "AWS::SNS::Topic", props: props, physical: []string{arn, name}}
}

// subscriptionItem writes a subscription as CloudFormation declares it,
// from the listing and its attributes (nil when they could not be read).
// RedrivePolicy is the object a template writes; its dead-letter ARN and
// the Endpoint become references to the queue or function they name when
// it is audited with them (linkARNs). CloudFormation's physical id of a
// subscription is its ARN.
func subscriptionItem(sub types.Subscription, attrs map[string]string) *item {
	arn := aws.ToString(sub.SubscriptionArn)
	id := "subscription/" + strings.Replace(arnTail(arn), ":", "/", 1)
	props := map[string]any{"TopicArn": aws.ToString(sub.TopicArn), "Protocol": aws.ToString(sub.Protocol)}
	if sub.Endpoint != nil {
		props["Endpoint"] = withoutPassword(*sub.Endpoint)
	}
	if rp := attrs["RedrivePolicy"]; rp != "" {
		var raw map[string]any
		if err := json.Unmarshal([]byte(rp), &raw); err == nil {
			props["RedrivePolicy"] = modelValue(raw)
		} else {
			props["RedrivePolicy"] = unknown("sns:RedrivePolicy")
		}
	}
	if attrs["RawMessageDelivery"] == "true" {
		props["RawMessageDelivery"] = true
	}
	props[arnKey] = arn
	return &item{id: id, typ: "AWS::SNS::Subscription", props: props, physical: []string{arn}}
}

// withoutPassword drops the user and password of HTTP basic authentication
// from an endpoint URL (scheme://user:password@host/...): the audit keeps
// no credentials, even where a URL does not parse.
func withoutPassword(endpoint string) string {
	scheme, rest, ok := strings.Cut(endpoint, "://")
	if !ok {
		return endpoint
	}
	authority := rest
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		authority = rest[:j]
	}
	if k := strings.LastIndexByte(authority, '@'); k >= 0 {
		return scheme + "://" + rest[k+1:]
	}
	return endpoint
}
