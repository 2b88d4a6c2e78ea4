package rules

import (
	"context"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"os"
	"strings"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners"
)

// benchScan measures load + evaluate (the whole scan pipeline, engine
// compiled once outside the loop) and reports templates per second.
func benchScan(b *testing.B, paths []string) {
	files, _ := scanners.Discover(paths)
	if len(files) == 0 {
		b.Skip("no files")
	}
	e, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	templates := 0
	for i := 0; i < b.N; i++ {
		res := e.Scan(ctx, files, ScanOptions{})
		templates += res.Templates
	}
	b.ReportMetric(float64(templates)/b.Elapsed().Seconds(), "templates/s")
}

func BenchmarkScanExamples(b *testing.B) { benchScan(b, []string{"../testdata/examples"}) }

func BenchmarkScanCorpus(b *testing.B) {
	if _, err := os.Stat(corpusDir); err != nil {
		b.Skip("shared corpus not present")
	}
	benchScan(b, []string{corpusDir})
}

func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := New(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// largeTemplate generates one template of n*5 resources in which every
// cross-resource rule has work to do: tables covered by backup
// selections, functions with reserved concurrency, failover records with
// health checks.
func largeTemplate(n int) []byte { return scaledTemplate(n, false) }

// scaledTemplate is largeTemplate, extended with queues, dead-letter
// queues, event source mappings, alarms, scheduled rules and ECS services
// that reference each other (TestRulesScaleLinearly).
func scaledTemplate(n int, extended bool) []byte {
	var b strings.Builder
	b.WriteString("Metadata: {bulwark: {tier: 3}}\nResources:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `  Table%[1]d:
    Type: AWS::DynamoDB::Table
    Properties: {TableName: t%[1]d, PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}}
  Function%[1]d:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.12, Handler: a.h, Role: r, ReservedConcurrentExecutions: 1, Code: {ZipFile: x}}
  Record%[1]d:
    Type: AWS::Route53::RecordSet
    Properties: {Name: r%[1]d.example.com, Type: A, Failover: PRIMARY, SetIdentifier: a, HealthCheckId: !Ref Check%[1]d, TTL: 60, ResourceRecords: [10.0.0.1]}
  Check%[1]d:
    Type: AWS::Route53::HealthCheck
    Properties: {HealthCheckConfig: {Type: HTTP, FullyQualifiedDomainName: r%[1]d.example.com}}
  Selection%[1]d:
    Type: AWS::Backup::BackupSelection
    Properties: {BackupPlanId: !Ref Plan, BackupSelection: {SelectionName: s%[1]d, IamRoleArn: r, Resources: [!GetAtt Table%[1]d.Arn]}}
`, i)
		if extended {
			fmt.Fprintf(&b, `  Queue%[1]d:
    Type: AWS::SQS::Queue
    Properties: {VisibilityTimeout: 60, RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq%[1]d.Arn, maxReceiveCount: 5}}
  Dlq%[1]d:
    Type: AWS::SQS::Queue
  Mapping%[1]d:
    Type: AWS::Lambda::EventSourceMapping
    Properties: {EventSourceArn: !GetAtt Queue%[1]d.Arn, FunctionName: !Ref Function%[1]d}
  DlqAlarm%[1]d:
    Type: AWS::CloudWatch::Alarm
    Properties: {Namespace: AWS/SQS, MetricName: ApproximateNumberOfMessagesVisible, Dimensions: [{Name: QueueName, Value: !GetAtt Dlq%[1]d.QueueName}], Statistic: Maximum, Period: 60, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: GreaterThanThreshold}
  CheckAlarm%[1]d:
    Type: AWS::CloudWatch::Alarm
    Properties: {Namespace: AWS/Route53, MetricName: HealthCheckStatus, Dimensions: [{Name: HealthCheckId, Value: !Ref Check%[1]d}], Statistic: Minimum, Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: LessThanThreshold}
  Schedule%[1]d:
    Type: AWS::Events::Rule
    Properties: {ScheduleExpression: rate(5 minutes), Targets: [{Id: f, Arn: !GetAtt Function%[1]d.Arn, RetryPolicy: {MaximumRetryAttempts: 2}, DeadLetterConfig: {Arn: !GetAtt Dlq%[1]d.Arn}}]}
  Task%[1]d:
    Type: AWS::ECS::TaskDefinition
    Properties: {ContainerDefinitions: [{Name: app, Image: x, Essential: true, HealthCheck: {Command: [CMD, "true"]}}]}
  Service%[1]d:
    Type: AWS::ECS::Service
    Properties: {TaskDefinition: !Ref Task%[1]d, DesiredCount: 2, DeploymentConfiguration: {MinimumHealthyPercent: 50, DeploymentCircuitBreaker: {Enable: true, Rollback: true}}}
`, i)
			b.WriteString(awsChecksGroup(i))
		}
	}
	b.WriteString("  Plan:\n    Type: AWS::Backup::BackupPlan\n    Properties: {BackupPlan: {BackupPlanName: p, BackupPlanRule: [{RuleName: d, TargetBackupVault: v, ScheduleExpression: \"cron(0 3 * * ? *)\", Lifecycle: {DeleteAfterDays: 35}}]}}\n")
	return []byte(b.String())
}

// BenchmarkLargeTemplate shows cost is linear in resources: compare the
// ns/op of the sizes (5x the resources should cost about 5x).
func BenchmarkLargeTemplate(b *testing.B) {
	e, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{200, 1000} {
		src := largeTemplate(n)
		b.Run(fmt.Sprintf("resources=%d", n*5+1), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				res := scanners.Load("large.yaml", src, scanners.Options{})
				if res.Template == nil {
					b.Fatal(res.Diagnostics)
				}
				e.EvaluateTemplate(context.Background(), res.Template, Env{})
			}
		})
	}
}

// BenchmarkEvaluateCorpus measures rule evaluation alone (templates loaded
// beforehand), single-threaded, in templates per second.
func BenchmarkEvaluateCorpus(b *testing.B) {
	templates := corpusTemplates(b)
	e, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range templates {
			e.EvaluateTemplate(ctx, t, Env{})
		}
	}
	b.ReportMetric(float64(len(templates)*b.N)/b.Elapsed().Seconds(), "templates/s")
}

// BenchmarkInputCorpus measures building the OPA input of every corpus
// template (the model converted to AST values), single-threaded.
func BenchmarkInputCorpus(b *testing.B) {
	templates := corpusTemplates(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range templates {
			Env{}.inputOf(t, "template", estimate.Workload{})
		}
	}
	b.ReportMetric(float64(len(templates)*b.N)/b.Elapsed().Seconds(), "templates/s")
}

// corpusTemplates loads every template of the shared corpus once, before
// a benchmark times what comes after loading.
func corpusTemplates(b *testing.B) []*scanners.Template {
	b.Helper()
	files, _ := scanners.Discover([]string{corpusDir})
	if len(files) == 0 {
		b.Skip("shared corpus not present")
	}
	var templates []*scanners.Template
	for _, f := range files {
		if t := scanners.LoadFile(f, scanners.Options{}).Template; t != nil {
			templates = append(templates, t)
		}
	}
	return templates
}
