package live

import (
	"context"
	stdjson "encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bulwarkhq/bulwark/rules"
	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/require"
)

// fixtureRegion is served by the front alone, with one resource of every
// kind the collectors read (see serveFixtures).
const fixtureRegion = "eu-central-1"

func newFront(t testing.TB) *livetest.Front {
	t.Helper()
	f := livetest.New()
	t.Cleanup(f.Close)
	return f
}

// options audits the front with fake credentials, short backoff and
// deadlines and no client-side rate limit, so tests stay fast.
func options(f *livetest.Front, regions ...string) Options {
	return Options{Regions: regions, EndpointURL: f.URL, Credentials: f.Config(f.Primary).Credentials,
		MaxBackoff: 2 * time.Millisecond, CallTimeout: 5 * time.Second,
		Rate: -1} // AWS's rates pace real accounts; the rate-limit tests set their own
}

func audit(t testing.TB, opts Options) *Inventory {
	t.Helper()
	inv, err := Audit(context.Background(), opts)
	require.NoError(t, err)
	return inv
}

// resource finds a resource by source file and id.
func resource(inv *Inventory, file, id string) *scanners.Resource {
	for _, s := range inv.Sources {
		if s.Template.File == file {
			return s.Template.Resource(id)
		}
	}
	return nil
}

func source(inv *Inventory, file string) *Source {
	for _, s := range inv.Sources {
		if s.Template.File == file {
			return s
		}
	}
	return nil
}

func messages(diags []scanners.Diagnostic) []string {
	out := []string{}
	for _, d := range diags {
		out = append(out, d.Severity+" "+d.Message)
	}
	return out
}

func calls(f *livetest.Front, region, service, op string) int {
	n := 0
	for _, c := range f.Calls() {
		if c.Region == region && c.Service == service && c.Operation == op {
			n++
		}
	}
	return n
}

var engine *rules.Engine

func evaluate(t testing.TB, inv *Inventory) *rules.ScanResult {
	t.Helper()
	if engine == nil {
		e, err := rules.New(rules.Options{})
		require.NoError(t, err)
		engine = e
	}
	return judge(engine, inv, rules.EvalOptions{})
}

func file(region string) string { return "aws://" + livetest.Account + "/" + region }

// serveFixtures makes the front answer, in region, one resource of every
// kind in AWS's exact wire format (JSON, lowerCamel ECS JSON, query XML
// with RDS's named list members, EC2 XML, Route 53 REST-XML).
func serveFixtures(f *livetest.Front, region string) {
	arn := func(service, rest string) string {
		return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, region, livetest.Account, rest)
	}
	json := func(v any) livetest.Handler {
		return func(w http.ResponseWriter, r *livetest.Request) { livetest.JSON(w, v) }
	}
	query := func(inner string) livetest.Handler {
		return func(w http.ResponseWriter, r *livetest.Request) { livetest.QueryXML(w, r, inner) }
	}
	restXML := func(root, inner string) livetest.Handler {
		return func(w http.ResponseWriter, r *livetest.Request) { livetest.RestXML(w, root, inner) }
	}
	f.Handle(region, "ec2", "DescribeSubnets", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.EC2XML(w, r.Operation, `<subnetSet>`+
			`<item><subnetId>subnet-a</subnetId><availabilityZone>`+region+`a</availabilityZone><availabilityZoneId>euc1-az2</availabilityZoneId><vpcId>vpc-1</vpcId></item>`+
			`<item><subnetId>subnet-a2</subnetId><availabilityZone>`+region+`a</availabilityZone><vpcId>vpc-1</vpcId></item>`+
			`<item><subnetId>subnet-b</subnetId><availabilityZone>`+region+`b</availabilityZone><vpcId>vpc-1</vpcId></item></subnetSet>`)
	})
	f.Handle(region, "dynamodb", "ListTables", json(map[string]any{"TableNames": []string{"orders"}}))
	f.Handle(region, "dynamodb", "DescribeTable", json(map[string]any{"Table": map[string]any{"TableName": "orders",
		"TableArn": arn("dynamodb", "table/orders"), "TableStatus": "ACTIVE", "DeletionProtectionEnabled": true,
		"Replicas": []any{map[string]any{"RegionName": region}, map[string]any{"RegionName": "us-west-2"}}}}))
	f.Handle(region, "dynamodb", "DescribeContinuousBackups", json(map[string]any{"ContinuousBackupsDescription": map[string]any{
		"ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": map[string]any{"PointInTimeRecoveryStatus": "ENABLED", "RecoveryPeriodInDays": 35}}}))
	f.Handle(region, "lambda", "ListFunctions", json(map[string]any{"Functions": []any{map[string]any{"FunctionName": "worker",
		"FunctionArn": arn("lambda", "function:worker"), "Runtime": "python3.12", "Handler": "app.handler", "Timeout": 900,
		"VpcConfig": map[string]any{"SubnetIds": []string{"subnet-a"}, "SecurityGroupIds": []string{"sg-1"}}}}}))
	f.Handle(region, "lambda", "GetAccountSettings", json(map[string]any{"AccountLimit": map[string]any{"ConcurrentExecutions": 200}}))
	f.SetReserved("worker", 150)
	f.Handle(region, "lambda", "ListFunctionEventInvokeConfigs", json(map[string]any{"FunctionEventInvokeConfigs": []any{map[string]any{
		"FunctionArn": arn("lambda", "function:worker:$LATEST"), "MaximumRetryAttempts": 1,
		"DestinationConfig": map[string]any{"OnFailure": map[string]any{"Destination": arn("sqs", "jobs-dlq")}}}}}))
	plan := arn("backup", "backup-plan:plan-1")
	f.Handle(region, "backup", "ListBackupPlans", json(map[string]any{"BackupPlansList": []any{map[string]any{
		"BackupPlanId": "plan-1", "BackupPlanName": "daily", "BackupPlanArn": plan}}}))
	f.Handle(region, "backup", "GetBackupPlan", json(map[string]any{"BackupPlanId": "plan-1", "BackupPlanArn": plan,
		"BackupPlan": map[string]any{"BackupPlanName": "daily", "Rules": []any{map[string]any{"RuleName": "nightly",
			"TargetBackupVaultName": "main", "ScheduleExpression": "cron(0 3 * * ? *)",
			"Lifecycle": map[string]any{"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 60},
			"CopyActions": []any{
				map[string]any{"DestinationBackupVaultArn": arn("backup", "backup-vault:copy")},
				map[string]any{"DestinationBackupVaultArn": "arn:aws:backup:eu-west-1:" + livetest.Account + ":backup-vault:dr"}}}}}}))
	f.Handle(region, "backup", "ListBackupSelections", json(map[string]any{"BackupSelectionsList": []any{map[string]any{
		"SelectionId": "sel-1", "SelectionName": "tables", "BackupPlanId": "plan-1"}}}))
	f.Handle(region, "backup", "GetBackupSelection", json(map[string]any{"BackupPlanId": "plan-1", "SelectionId": "sel-1",
		"BackupSelection": map[string]any{"SelectionName": "tables", "IamRoleArn": "arn:aws:iam::" + livetest.Account + ":role/backup",
			"Resources": []string{arn("dynamodb", "table/orders")}}}))
	f.Handle(region, "ecs", "ListClusters", json(map[string]any{"clusterArns": []string{arn("ecs", "cluster/main")}}))
	f.Handle(region, "ecs", "ListServices", json(map[string]any{"serviceArns": []string{arn("ecs", "service/main/web")}}))
	f.Handle(region, "ecs", "DescribeServices", json(map[string]any{"services": []any{map[string]any{"serviceName": "web",
		"serviceArn": arn("ecs", "service/main/web"), "clusterArn": arn("ecs", "cluster/main"), "status": "ACTIVE",
		"desiredCount": 2, "launchType": "FARGATE", "schedulingStrategy": "REPLICA", "taskDefinition": arn("ecs", "task-definition/web:7"),
		"networkConfiguration":    map[string]any{"awsvpcConfiguration": map[string]any{"subnets": []string{"subnet-a", "subnet-a2"}}},
		"deploymentConfiguration": map[string]any{"minimumHealthyPercent": 100, "maximumPercent": 200, "deploymentCircuitBreaker": map[string]any{"enable": true, "rollback": true}},
		"tags":                    []any{map[string]any{"key": "team", "value": "web"}}}}}))
	f.Handle(region, "autoscaling", "DescribeAutoScalingGroups", query(`<AutoScalingGroups><member>`+
		`<AutoScalingGroupName>workers</AutoScalingGroupName><AutoScalingGroupARN>`+arn("autoscaling", "autoScalingGroup:1:autoScalingGroupName/workers")+`</AutoScalingGroupARN>`+
		`<MinSize>2</MinSize><MaxSize>4</MaxSize><DesiredCapacity>2</DesiredCapacity><HealthCheckType>EC2</HealthCheckType>`+
		`<VPCZoneIdentifier>subnet-a,subnet-b</VPCZoneIdentifier><TargetGroupARNs><member>`+arn("elasticloadbalancing", "targetgroup/web/1")+`</member></TargetGroupARNs>`+
		`<Tags><member><Key>reliability-tier</Key><Value>3</Value><PropagateAtLaunch>true</PropagateAtLaunch></member></Tags></member></AutoScalingGroups>`))
	f.Handle(region, "elasticloadbalancing", "DescribeLoadBalancers", query(`<LoadBalancers><member><LoadBalancerArn>`+arn("elasticloadbalancing", "loadbalancer/app/web/1")+
		`</LoadBalancerArn><LoadBalancerName>web</LoadBalancerName><Type>application</Type><Scheme>internet-facing</Scheme><AvailabilityZones>`+
		`<member><SubnetId>subnet-a</SubnetId><ZoneName>`+region+`a</ZoneName></member><member><SubnetId>subnet-b</SubnetId><ZoneName>`+region+`b</ZoneName></member>`+
		`</AvailabilityZones></member></LoadBalancers>`))
	f.Handle(region, "elasticloadbalancing", "DescribeTargetGroups", query(`<TargetGroups><member><TargetGroupArn>`+arn("elasticloadbalancing", "targetgroup/web/1")+
		`</TargetGroupArn><TargetGroupName>web</TargetGroupName><TargetType>instance</TargetType><HealthCheckEnabled>false</HealthCheckEnabled></member></TargetGroups>`))
	f.Handle(region, "rds", "DescribeDBInstances", query(`<DBInstances>`+
		`<DBInstance><DBInstanceIdentifier>ledger</DBInstanceIdentifier><DBInstanceArn>`+arn("rds", "db:ledger")+`</DBInstanceArn><Engine>postgres</Engine><MultiAZ>false</MultiAZ><BackupRetentionPeriod>7</BackupRetentionPeriod>`+
		`<TagList><Tag><Key>reliability-tier</Key><Value>4</Value></Tag></TagList></DBInstance>`+
		`<DBInstance><DBInstanceIdentifier>graph</DBInstanceIdentifier><Engine>neptune</Engine><MultiAZ>false</MultiAZ></DBInstance>`+
		`</DBInstances>`))
	f.Handle(region, "rds", "DescribeDBClusters", query(`<DBClusters><DBCluster><DBClusterIdentifier>ledger-aurora</DBClusterIdentifier>`+
		`<DBClusterArn>`+arn("rds", "cluster:ledger-aurora")+`</DBClusterArn><Engine>aurora-postgresql</Engine><BackupRetentionPeriod>1</BackupRetentionPeriod>`+
		`<AvailabilityZones><AvailabilityZone>`+region+`a</AvailabilityZone><AvailabilityZone>`+region+`b</AvailabilityZone></AvailabilityZones></DBCluster></DBClusters>`))
	// ElastiCache: a one-shard group with failover but without Multi-AZ
	// whose nodes (known only from its member clusters) share a zone; a
	// cluster-mode group; a Memcached cluster in one zone and one over two.
	f.Handle(region, "elasticache", "DescribeReplicationGroups", query(`<ReplicationGroups>`+
		`<ReplicationGroup><ReplicationGroupId>sessions</ReplicationGroupId><Description>sessions</Description><Engine>redis</Engine>`+
		`<ARN>`+arn("elasticache", "replicationgroup:sessions")+`</ARN><AutomaticFailover>enabled</AutomaticFailover><MultiAZ>disabled</MultiAZ>`+
		`<ClusterEnabled>false</ClusterEnabled><MemberClusters><ClusterId>sessions-001</ClusterId><ClusterId>sessions-002</ClusterId></MemberClusters>`+
		`<NodeGroups><NodeGroup><NodeGroupId>0001</NodeGroupId><NodeGroupMembers>`+
		`<NodeGroupMember><CacheClusterId>sessions-001</CacheClusterId><CurrentRole>primary</CurrentRole></NodeGroupMember>`+
		`<NodeGroupMember><CacheClusterId>sessions-002</CacheClusterId><CurrentRole>replica</CurrentRole></NodeGroupMember>`+
		`</NodeGroupMembers></NodeGroup></NodeGroups></ReplicationGroup>`+
		`<ReplicationGroup><ReplicationGroupId>shards</ReplicationGroupId><Description>shards</Description>`+
		`<AutomaticFailover>enabled</AutomaticFailover><MultiAZ>enabled</MultiAZ><ClusterEnabled>true</ClusterEnabled>`+
		`<MemberClusters><ClusterId>shards-0001-001</ClusterId><ClusterId>shards-0001-002</ClusterId><ClusterId>shards-0002-001</ClusterId><ClusterId>shards-0002-002</ClusterId></MemberClusters>`+
		`<NodeGroups><NodeGroup><NodeGroupId>0001</NodeGroupId><NodeGroupMembers><NodeGroupMember><CacheClusterId>shards-0001-001</CacheClusterId></NodeGroupMember>`+
		`<NodeGroupMember><CacheClusterId>shards-0001-002</CacheClusterId></NodeGroupMember></NodeGroupMembers></NodeGroup>`+
		`<NodeGroup><NodeGroupId>0002</NodeGroupId><NodeGroupMembers><NodeGroupMember><CacheClusterId>shards-0002-001</CacheClusterId></NodeGroupMember>`+
		`<NodeGroupMember><CacheClusterId>shards-0002-002</CacheClusterId></NodeGroupMember></NodeGroupMembers></NodeGroup></NodeGroups>`+
		`</ReplicationGroup></ReplicationGroups>`))
	f.Handle(region, "elasticache", "DescribeCacheClusters", query(`<CacheClusters>`+
		`<CacheCluster><CacheClusterId>sessions-001</CacheClusterId><ReplicationGroupId>sessions</ReplicationGroupId><Engine>redis</Engine><NumCacheNodes>1</NumCacheNodes><PreferredAvailabilityZone>`+region+`a</PreferredAvailabilityZone></CacheCluster>`+
		`<CacheCluster><CacheClusterId>sessions-002</CacheClusterId><ReplicationGroupId>sessions</ReplicationGroupId><Engine>redis</Engine><NumCacheNodes>1</NumCacheNodes><PreferredAvailabilityZone>`+region+`a</PreferredAvailabilityZone></CacheCluster>`+
		`<CacheCluster><CacheClusterId>memo</CacheClusterId><ARN>`+arn("elasticache", "cluster:memo")+`</ARN><Engine>memcached</Engine><CacheNodeType>cache.t4g.small</CacheNodeType><NumCacheNodes>3</NumCacheNodes>`+
		`<PreferredAvailabilityZone>`+region+`b</PreferredAvailabilityZone><CacheNodes>`+
		`<CacheNode><CacheNodeId>0001</CacheNodeId><CustomerAvailabilityZone>`+region+`b</CustomerAvailabilityZone></CacheNode>`+
		`<CacheNode><CacheNodeId>0002</CacheNodeId><CustomerAvailabilityZone>`+region+`b</CustomerAvailabilityZone></CacheNode>`+
		`<CacheNode><CacheNodeId>0003</CacheNodeId><CustomerAvailabilityZone>`+region+`b</CustomerAvailabilityZone></CacheNode></CacheNodes></CacheCluster>`+
		`<CacheCluster><CacheClusterId>spread</CacheClusterId><Engine>memcached</Engine><NumCacheNodes>2</NumCacheNodes>`+
		`<PreferredAvailabilityZone>Multiple</PreferredAvailabilityZone><CacheNodes>`+
		`<CacheNode><CacheNodeId>0001</CacheNodeId><CustomerAvailabilityZone>`+region+`a</CustomerAvailabilityZone></CacheNode>`+
		`<CacheNode><CacheNodeId>0002</CacheNodeId><CustomerAvailabilityZone>`+region+`b</CustomerAvailabilityZone></CacheNode></CacheNodes></CacheCluster>`+
		`</CacheClusters>`))
	// EFS: a One Zone file system with automatic backups, replicated to
	// another Region, and a Regional one that never had a backup policy.
	f.Handle(region, "elasticfilesystem", "DescribeFileSystems", json(map[string]any{"FileSystems": []any{
		map[string]any{"FileSystemId": "fs-onezone", "FileSystemArn": arn("elasticfilesystem", "file-system/fs-onezone"),
			"CreationToken": "t1", "CreationTime": 1.7e9, "LifeCycleState": "available", "NumberOfMountTargets": 1, "OwnerId": livetest.Account,
			"PerformanceMode": "generalPurpose", "ThroughputMode": "elastic", "Encrypted": true, "AvailabilityZoneName": region + "a",
			"SizeInBytes": map[string]any{"Value": 0}, "Tags": []any{map[string]any{"Key": "Name", "Value": "shared"}}},
		map[string]any{"FileSystemId": "fs-regional", "FileSystemArn": arn("elasticfilesystem", "file-system/fs-regional"),
			"CreationToken": "t2", "CreationTime": 1.7e9, "LifeCycleState": "available", "NumberOfMountTargets": 2, "OwnerId": livetest.Account,
			"PerformanceMode": "generalPurpose", "SizeInBytes": map[string]any{"Value": 0}, "Tags": []any{}}}}))
	f.Handle(region, "elasticfilesystem", "DescribeBackupPolicy", func(w http.ResponseWriter, r *livetest.Request) {
		if strings.Contains(r.HTTP.URL.Path, "/fs-regional/") {
			livetest.Error(w, r, 404, "PolicyNotFound", "no backup policy")
			return
		}
		livetest.JSON(w, map[string]any{"BackupPolicy": map[string]any{"Status": "ENABLED"}})
	})
	f.Handle(region, "elasticfilesystem", "DescribeReplicationConfigurations", json(map[string]any{"Replications": []any{map[string]any{
		"SourceFileSystemId": "fs-onezone", "SourceFileSystemRegion": region, "SourceFileSystemArn": arn("elasticfilesystem", "file-system/fs-onezone"),
		"OriginalSourceFileSystemArn": arn("elasticfilesystem", "file-system/fs-onezone"), "CreationTime": 1.7e9,
		"Destinations": []any{
			map[string]any{"Status": "ENABLED", "FileSystemId": "fs-dr", "Region": "us-west-2"},
			map[string]any{"Status": "ENABLED", "FileSystemId": "fs-copy", "Region": region}}}}}))
	// SQS: "jobs" sends failures to "jobs-dlq" (maxReceiveCount written as
	// a string, as SQS keeps it when set so); "events" has no redrive
	// policy. The worker function (Timeout 900) polls both.
	queueURL := func(name string) string {
		return "https://sqs." + region + ".amazonaws.com/" + livetest.Account + "/" + name
	}
	f.Handle(region, "sqs", "ListQueues", json(map[string]any{"QueueUrls": []string{queueURL("events"), queueURL("jobs"), queueURL("jobs-dlq")}}))
	queues := map[string]map[string]string{
		queueURL("jobs"): {"QueueArn": arn("sqs", "jobs"), "VisibilityTimeout": "60", "MessageRetentionPeriod": "345600",
			"RedrivePolicy": `{"deadLetterTargetArn":"` + arn("sqs", "jobs-dlq") + `","maxReceiveCount":"5"}`},
		queueURL("jobs-dlq"): {"QueueArn": arn("sqs", "jobs-dlq"), "VisibilityTimeout": "30", "MessageRetentionPeriod": "1209600"},
		queueURL("events"):   {"QueueArn": arn("sqs", "events"), "VisibilityTimeout": "1000", "DelaySeconds": "0"},
	}
	f.Handle(region, "sqs", "GetQueueAttributes", func(w http.ResponseWriter, r *livetest.Request) {
		var in struct{ QueueUrl string }
		_ = stdjson.Unmarshal(r.Body, &in)
		livetest.JSON(w, map[string]any{"Attributes": queues[in.QueueUrl]})
	})
	f.Handle(region, "lambda", "ListEventSourceMappings", json(map[string]any{"EventSourceMappings": []any{
		map[string]any{"UUID": "esm-events", "EventSourceArn": arn("sqs", "events"), "FunctionArn": arn("lambda", "function:worker"),
			"BatchSize": 10, "MaximumBatchingWindowInSeconds": 20, "State": "Enabled",
			"EventSourceMappingArn": arn("lambda", "event-source-mapping:esm-events")},
		map[string]any{"UUID": "esm-jobs", "EventSourceArn": arn("sqs", "jobs"), "FunctionArn": arn("lambda", "function:worker"),
			"BatchSize": 10, "State": "Disabled", "FunctionResponseTypes": []string{"ReportBatchItemFailures"}}}}))
	stackID := arn("cloudformation", "stack/web/1")
	f.Handle(region, "cloudformation", "DescribeStacks", query(`<Stacks><member><StackName>web</StackName><StackId>`+stackID+`</StackId>`+
		`<StackStatus>UPDATE_COMPLETE</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime>`+
		`<Parameters><member><ParameterKey>Desired</ParameterKey><ParameterValue>2</ParameterValue></member>`+
		`<member><ParameterKey>DbPassword</ParameterKey><ParameterValue>****</ParameterValue></member></Parameters>`+
		`<Tags><member><Key>reliability-tier</Key><Value>3</Value></member></Tags></member>`+
		`<member><StackName>gone</StackName><StackId>`+arn("cloudformation", "stack/gone/1")+`</StackId><StackStatus>DELETE_COMPLETE</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime></member></Stacks>`))
	f.Handle(region, "cloudformation", "GetTemplate", query(`<TemplateBody>`+livetest.X(webTemplate)+`</TemplateBody>`))
	f.SetStackResources("web", livetest.StackResource{Logical: "WebService", Physical: arn("ecs", "service/main/web"), Type: "AWS::ECS::Service"},
		livetest.StackResource{Logical: "WebTargetGroup", Physical: arn("elasticloadbalancing", "targetgroup/web/1"), Type: "AWS::ElasticLoadBalancingV2::TargetGroup"},
		livetest.StackResource{Logical: "ApiCheck", Physical: "hc-1", Type: "AWS::Route53::HealthCheck"})
	f.Handle("*", "route53", "ListHealthChecks", restXML("ListHealthChecksResponse", `<HealthChecks><HealthCheck><Id>hc-1</Id><CallerReference>r</CallerReference>`+
		`<HealthCheckConfig><Type>HTTPS</Type><FullyQualifiedDomainName>api.example.com</FullyQualifiedDomainName><RequestInterval>30</RequestInterval><FailureThreshold>10</FailureThreshold></HealthCheckConfig>`+
		`<HealthCheckVersion>1</HealthCheckVersion></HealthCheck></HealthChecks><IsTruncated>false</IsTruncated><Marker></Marker><MaxItems>100</MaxItems>`))
	f.Handle("*", "route53", "ListHostedZones", restXML("ListHostedZonesResponse", `<HostedZones><HostedZone><Id>/hostedzone/Z1</Id><Name>example.com.</Name>`+
		`<CallerReference>r</CallerReference></HostedZone></HostedZones><IsTruncated>false</IsTruncated><Marker></Marker><MaxItems>100</MaxItems>`))
	f.Handle("*", "route53", "ListResourceRecordSets", restXML("ListResourceRecordSetsResponse", `<ResourceRecordSets>`+
		`<ResourceRecordSet><Name>api.example.com.</Name><Type>CNAME</Type><SetIdentifier>primary</SetIdentifier><Failover>PRIMARY</Failover><TTL>60</TTL>`+
		`<ResourceRecords><ResourceRecord><Value>a.example.com</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>`+
		`<ResourceRecordSet><Name>api.example.com.</Name><Type>CNAME</Type><SetIdentifier>secondary</SetIdentifier><Failover>SECONDARY</Failover><TTL>60</TTL><HealthCheckId>hc-1</HealthCheckId>`+
		`<ResourceRecords><ResourceRecord><Value>b.example.com</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>`+
		`<ResourceRecordSet><Name>www.example.com.</Name><Type>A</Type><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.1</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>`+
		`</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>`))
	serveFixturesEvents(f, region)
	serveFixturesNet(f, region)
	serveFixturesData(f, region)
	serveFixturesWeb(f, region)
}

// webTemplate is the deployed template of the fixture stack "web".
const webTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Desired: {Type: Number, Default: 1}
  DbPassword: {Type: String, NoEcho: true}
Resources:
  WebService:
    Type: AWS::ECS::Service
    Metadata:
      bulwark:
        skip:
          - id: BW-CHANGE-002
            reason: the service is stateless and may drop to zero during deploys
    Properties:
      Cluster: main
      DesiredCount: !Ref Desired
      TaskDefinition: web:1
  WebTargetGroup:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Port: 80
      Protocol: HTTP
      HealthCheckEnabled: true
  ApiCheck:
    Type: AWS::Route53::HealthCheck
    Properties:
      HealthCheckConfig: {Type: HTTPS, FullyQualifiedDomainName: api.example.com}
`

// judge evaluates an inventory as the audit command does.
func judge(e *rules.Engine, inv *Inventory, o rules.EvalOptions) *rules.ScanResult {
	sources, resources := inv.Evaluable()
	res := e.Evaluate(context.Background(), sources, o)
	res.Resources = resources
	res.Diagnostics = append(inv.Diagnostics, res.Diagnostics...)
	return res
}
