package live

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRedrivePolicy(t *testing.T) {
	tests := []struct {
		doc  string
		want any
	}{
		{`{"deadLetterTargetArn":"arn:aws:sqs:r:1:dlq","maxReceiveCount":5}`, map[string]any{"deadLetterTargetArn": "arn:aws:sqs:r:1:dlq", "maxReceiveCount": int64(5)}},
		{`{"deadLetterTargetArn":"arn:aws:sqs:r:1:dlq","maxReceiveCount":"3"}`, map[string]any{"deadLetterTargetArn": "arn:aws:sqs:r:1:dlq", "maxReceiveCount": int64(3)}},
		{`{"deadLetterTargetArn":"arn:aws:sqs:r:1:dlq"}`, map[string]any{"deadLetterTargetArn": "arn:aws:sqs:r:1:dlq"}},
		{`not json`, unknown("sqs:RedrivePolicy")},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, redrivePolicy(tt.doc), tt.doc)
	}
}

func TestQueueItemTypes(t *testing.T) {
	it := queueItem("https://sqs.eu-west-1.amazonaws.com/1/orders.fifo", map[string]string{"FifoQueue": "true", "VisibilityTimeout": "45",
		"MessageRetentionPeriod": "oops", "QueueArn": "arn:aws:sqs:eu-west-1:1:orders.fifo"})
	assert.Equal(t, "queue/orders.fifo", it.id)
	assert.Equal(t, map[string]any{"QueueName": "orders.fifo", "FifoQueue": true, "VisibilityTimeout": int64(45),
		arnKey: "arn:aws:sqs:eu-west-1:1:orders.fifo"}, it.props, "a value that is not a number is left out, not guessed")
	assert.Contains(t, it.physical, "https://sqs.eu-west-1.amazonaws.com/1/orders.fifo", "CloudFormation's physical id of a queue is its URL")
}

// TestSQSInKumo creates, in the emulator, a queue that a function polls
// without a dead-letter queue, and one whose dead-letter queue an alarm
// watches: the first fails BW-COUPLING-001 end to end; the second, and its
// watched dead-letter queue, pass.
func TestSQSInKumo(t *testing.T) {
	f := newFront(t)
	ctx := context.Background()
	cfg := f.Config(f.Primary)
	q := sqs.NewFromConfig(cfg)
	create := func(name string, attrs map[string]string) string {
		out, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
		require.NoError(t, err)
		a, err := q.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: out.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
		require.NoError(t, err)
		return a.Attributes["QueueArn"]
	}
	bare := create("kumo-sqs-bare", map[string]string{"VisibilityTimeout": "180"})
	dlq := create("kumo-sqs-dlq", nil)
	safe := create("kumo-sqs-safe", map[string]string{"VisibilityTimeout": "180",
		"RedrivePolicy": `{"deadLetterTargetArn":"` + dlq + `","maxReceiveCount":"5"}`})
	fn := lambda.NewFromConfig(cfg)
	_, err := fn.CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: aws.String("kumo-sqs-worker"),
		Role: aws.String("arn:aws:iam::" + livetest.Account + ":role/worker"), Runtime: lambdatypes.RuntimePython312,
		Handler: aws.String("app.handler"), Timeout: aws.Int32(30), Code: &lambdatypes.FunctionCode{ZipFile: []byte("def handler(e, c): pass")}})
	require.NoError(t, err)
	for _, src := range []string{bare, safe} {
		_, err := fn.CreateEventSourceMapping(ctx, &lambda.CreateEventSourceMappingInput{FunctionName: aws.String("kumo-sqs-worker"),
			EventSourceArn: aws.String(src), BatchSize: aws.Int32(10)})
		require.NoError(t, err)
	}
	_, err = cloudwatch.NewFromConfig(cfg).PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{AlarmName: aws.String("kumo-sqs-dlq-visible"),
		Namespace: aws.String("AWS/SQS"), MetricName: aws.String("ApproximateNumberOfMessagesVisible"),
		Dimensions: []cwtypes.Dimension{{Name: aws.String("QueueName"), Value: aws.String("kumo-sqs-dlq")}},
		Statistic:  cwtypes.StatisticMaximum, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(0),
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold})
	require.NoError(t, err)

	o := options(f, f.Primary)
	o.Services = []string{"sqs", "lambda"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	region := file(f.Primary)
	r := resource(inv, region, "queue/kumo-sqs-safe")
	require.NotNil(t, r)
	assert.Equal(t, map[string]any{"deadLetterTargetArn": map[string]any{"Fn::GetAtt": []any{"queue/kumo-sqs-dlq", "Arn"}}, "maxReceiveCount": int64(5)},
		r.Properties["RedrivePolicy"], "the dead-letter ARN names a queue of the audit: a reference the rules follow")
	var got []string
	for _, k := range findingKeys(evaluate(t, inv)) {
		if strings.Contains(k, "queue/kumo-sqs") {
			got = append(got, k)
		}
	}
	assert.Equal(t, []string{"BW-COUPLING-001 " + region + " queue/kumo-sqs-bare"}, got)
}

// TestSQSFailuresAndPages: the front pages ListQueues by NextToken; a
// queue deleted after the listing is no gap; a denied
// ListEventSourceMappings keeps the functions and says what is unknown.
func TestSQSFailuresAndPages(t *testing.T) {
	const region = "eu-north-1"
	f := newFront(t)
	url := func(i int) string {
		return "https://sqs." + region + ".amazonaws.com/" + livetest.Account + "/q-" + strconv.Itoa(i)
	}
	f.Handle(region, "sqs", "ListQueues", func(w http.ResponseWriter, r *livetest.Request) {
		var in struct{ NextToken string }
		_ = json.Unmarshal(r.Body, &in)
		start, _ := strconv.Atoi(in.NextToken)
		end := min(start+2, 5)
		var urls []string
		for i := start; i < end; i++ {
			urls = append(urls, url(i))
		}
		out := map[string]any{"QueueUrls": urls}
		if end < 5 {
			out["NextToken"] = strconv.Itoa(end)
		}
		livetest.JSON(w, out)
	})
	f.Handle(region, "sqs", "GetQueueAttributes", func(w http.ResponseWriter, r *livetest.Request) {
		if strings.Contains(string(r.Body), "/q-3") {
			livetest.Error(w, r, 400, "QueueDoesNotExist", "gone")
			return
		}
		livetest.JSON(w, map[string]any{"Attributes": map[string]string{"VisibilityTimeout": "30"}})
	})
	f.FakeRegion(region, livetest.Fake{Functions: 2})
	f.Fail(region, "lambda", "ListEventSourceMappings", -1, 403, "AccessDeniedException")
	o := options(f, region)
	o.Services = []string{"sqs", "lambda"}
	inv := audit(t, o)
	got := messages(inv.Diagnostics)
	require.Len(t, got, 1, "%q", got)
	assert.Contains(t, got[0], "service lambda (ListEventSourceMappings): access denied; unknown: which queues and streams functions poll")
	assert.Equal(t, 3, calls(f, region, "sqs", "ListQueues"))
	src := source(inv, file(region)).Template
	for i := range 5 {
		if i == 3 {
			assert.Nil(t, src.Resource("queue/q-3"), "deleted since the listing")
			continue
		}
		assert.NotNil(t, src.Resource("queue/q-"+strconv.Itoa(i)))
	}
	assert.NotNil(t, src.Resource("function/"+region+"-fn-0001"), "the functions stand")
}

// TestQueueLinksInAStack: a queue and its dead-letter queue created by one
// stack are linked by their logical ids, the live state replacing the
// template's; a loose mapping on a stack's queue keeps the ARN (its
// source is another template), which no rule mistakes for a reference.
func TestQueueLinksInAStack(t *testing.T) {
	f := newFront(t)
	serveFixtures(f, fixtureRegion)
	arn := func(name string) string { return "arn:aws:sqs:" + fixtureRegion + ":" + livetest.Account + ":" + name }
	url := func(name string) string {
		return "https://sqs." + fixtureRegion + ".amazonaws.com/" + livetest.Account + "/" + name
	}
	f.Handle(fixtureRegion, "cloudformation", "GetTemplate", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.QueryXML(w, r, "<TemplateBody>"+livetest.X(webTemplate+`  JobsQueue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 900
      RedrivePolicy: {deadLetterTargetArn: !GetAtt JobsDLQ.Arn, maxReceiveCount: 3}
  JobsDLQ:
    Type: AWS::SQS::Queue
`)+"</TemplateBody>")
	})
	f.SetStackResources("web", livetest.StackResource{Logical: "JobsQueue", Physical: url("jobs"), Type: "AWS::SQS::Queue"},
		livetest.StackResource{Logical: "JobsDLQ", Physical: url("jobs-dlq"), Type: "AWS::SQS::Queue"})
	inv := audit(t, options(f, fixtureRegion))
	stack := file(fixtureRegion) + "/web"
	q := resource(inv, stack, "JobsQueue")
	require.NotNil(t, q)
	assert.Equal(t, int64(60), q.Properties["VisibilityTimeout"], "the live value replaces the template's")
	assert.Equal(t, map[string]any{"deadLetterTargetArn": map[string]any{"Fn::GetAtt": []any{"JobsDLQ", "Arn"}}, "maxReceiveCount": int64(5)},
		q.Properties["RedrivePolicy"])
	assert.Nil(t, resource(inv, file(fixtureRegion), "queue/jobs"), "a stack's queue is not also reported loose")
	m := resource(inv, file(fixtureRegion), "eventsourcemapping/esm-jobs")
	require.NotNil(t, m)
	assert.Equal(t, arn("jobs"), m.Properties["EventSourceArn"])
}
