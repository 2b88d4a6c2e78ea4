package live

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// ruleDLQAlarm is the rule that needs the alarms on SQS metrics: without
// them every live dead-letter queue would look unwatched.
const ruleDLQAlarm = "BW-MONITORING-001"

// collectSQS reads every queue's attributes (visibility timeout,
// retention, redrive policy) and the Region's alarms on SQS metrics. The
// Lambda collector reads the event source mappings that poll the queues.
func collectSQS(ctx context.Context, s *scope) error {
	client := sqs.NewFromConfig(s.cfg)
	// ListQueues pages only when MaxResults is set; without it AWS
	// returns the first 1,000 queues and no token.
	p := sqs.NewListQueuesPaginator(client, &sqs.ListQueuesInput{MaxResults: aws.Int32(1000)})
	urls, err := listAll(ctx, s, p, func(o *sqs.ListQueuesOutput) []string { return o.QueueUrls })
	if err != nil {
		return err
	}
	items := make([]*item, len(urls))
	err = s.each(ctx, len(urls), func(ctx context.Context, i int) error {
		var attrs map[string]string
		err := s.call(ctx, func(ctx context.Context) error {
			out, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(urls[i]),
				AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameAll}})
			if err == nil {
				attrs = out.Attributes
			}
			return err
		})
		if isNotFound(err) || isQueueGone(err) {
			return nil // deleted since ListQueues
		}
		if err != nil {
			s.partial("GetQueueAttributes", "the queue "+queueName(urls[i]), err)
			return nil
		}
		items[i] = queueItem(urls[i], attrs)
		return nil
	})
	if err != nil {
		return err
	}
	s.addPresent(items)
	s.sqsAlarms(ctx)
	return nil
}

// queueName is the last segment of a queue URL.
func queueName(url string) string { return url[strings.LastIndexByte(url, '/')+1:] }

// isQueueGone is SQS's code for a queue deleted since it was listed.
func isQueueGone(err error) bool {
	var qe *types.QueueDoesNotExist
	return errors.As(err, &qe)
}

// queueItem writes a queue's attributes (all strings on the wire) in
// CloudFormation's types: numbers as numbers, FifoQueue as a boolean, and
// RedrivePolicy as the object a template writes, whose dead-letter ARN
// becomes a reference to the queue it names when that queue is audited
// with it (linkARNs).
func queueItem(url string, attrs map[string]string) *item {
	name := queueName(url)
	props := map[string]any{"QueueName": name}
	for _, key := range []string{"VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "MaximumMessageSize"} {
		if n, err := strconv.ParseInt(attrs[key], 10, 64); err == nil {
			props[key] = n
		}
	}
	if attrs["FifoQueue"] == "true" {
		props["FifoQueue"] = true
	}
	if rp := attrs["RedrivePolicy"]; rp != "" {
		props["RedrivePolicy"] = redrivePolicy(rp)
	}
	arn := attrs["QueueArn"]
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: "queue/" + name, typ: "AWS::SQS::Queue", props: props, physical: []string{url, arn, name}}
}

// redrivePolicy parses the JSON document SQS returns. maxReceiveCount
// comes as a number or a string depending on how it was set; a document
// that cannot be read is still a redrive policy, with unknown contents.
func redrivePolicy(doc string) any {
	var raw map[string]any
	if err := json.Unmarshal([]byte(doc), &raw); err != nil {
		return unknown("sqs:RedrivePolicy")
	}
	out := map[string]any{}
	if arn, ok := raw["deadLetterTargetArn"].(string); ok {
		out["deadLetterTargetArn"] = arn
	}
	switch n := raw["maxReceiveCount"].(type) {
	case float64:
		out["maxReceiveCount"] = int64(n)
	case string:
		if v, err := strconv.ParseInt(n, 10, 64); err == nil {
			out["maxReceiveCount"] = v
		}
	}
	return out
}

// sqsAlarms reads the Region's alarms on SQS metrics, so a dead-letter
// queue that an alarm watches is not reported as unwatched. When they
// cannot be read, that rule is not judged here.
func (s *scope) sqsAlarms(ctx context.Context) {
	client := cloudwatch.NewFromConfig(s.cfg)
	p := cloudwatch.NewDescribeAlarmsPaginator(client, &cloudwatch.DescribeAlarmsInput{})
	alarms, err := listAll(ctx, s, p, func(o *cloudwatch.DescribeAlarmsOutput) []cwtypes.MetricAlarm { return o.MetricAlarms })
	if err != nil {
		s.partial("cloudwatch:DescribeAlarms", "which queues an alarm watches ("+ruleDLQAlarm+" not judged)", err)
		s.uncheck(ruleDLQAlarm, "CloudWatch alarms could not be read")
		return
	}
	for _, a := range alarms {
		if it := metricAlarmItem(a, "AWS/SQS", nil); it != nil {
			s.add(it)
		}
	}
}
