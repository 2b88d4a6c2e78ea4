package live

import (
	"github.com/bulwarkhq/bulwark/scanners"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCollectorShapes checks that every collector writes what AWS
// answered in CloudFormation's property names and shapes, and that the
// assembly puts stack resources under their logical ids.
func TestCollectorShapes(t *testing.T) {
	f := newFront(t)
	serveFixtures(f, fixtureRegion)
	inv := audit(t, options(f, fixtureRegion))
	assert.Empty(t, messages(inv.Diagnostics))
	region, stack, global := file(fixtureRegion), file(fixtureRegion)+"/web", "aws://"+livetest.Account+"/global"
	sub := func(id string) map[string]any { return map[string]any{"Ref": id} }
	tests := []struct {
		file, id, typ string
		props         map[string]any // expected subset of Properties
	}{
		{region, "table/orders", "AWS::DynamoDB::GlobalTable", map[string]any{"TableName": "orders", "DeletionProtectionEnabled": nil,
			"Replicas": []any{
				map[string]any{"Region": fixtureRegion, "DeletionProtectionEnabled": true, "PointInTimeRecoverySpecification": map[string]any{"PointInTimeRecoveryEnabled": true, "RecoveryPeriodInDays": int64(35)}},
				map[string]any{"Region": "us-west-2", "PointInTimeRecoverySpecification": unknown("replica in us-west-2")}}}},
		{region, "function/worker", "AWS::Lambda::Function", map[string]any{"ReservedConcurrentExecutions": int64(150), "Timeout": int64(900),
			"VpcConfig": map[string]any{"SubnetIds": []any{"subnet-a"}, "SecurityGroupIds": []any{"sg-1"}}}},
		{region, "backupplan/daily", "AWS::Backup::BackupPlan", map[string]any{"BackupPlan": map[string]any{"BackupPlanName": "daily",
			"BackupPlanRule": []any{map[string]any{"RuleName": "nightly", "TargetBackupVault": "main", "ScheduleExpression": "cron(0 3 * * ? *)",
				"Lifecycle": map[string]any{"MoveToColdStorageAfterDays": int64(30), "DeleteAfterDays": int64(60)},
				"CopyActions": []any{
					map[string]any{"DestinationBackupVaultArn": map[string]any{"Fn::Sub": "arn:aws:backup:${AWS::Region}:" + livetest.Account + ":backup-vault:copy"}},
					map[string]any{"DestinationBackupVaultArn": "arn:aws:backup:eu-west-1:" + livetest.Account + ":backup-vault:dr"}}}}}}},
		{region, "backupselection/daily/tables", "AWS::Backup::BackupSelection", map[string]any{"BackupPlanId": map[string]any{"Ref": "backupplan/daily"},
			"BackupSelection": map[string]any{"SelectionName": "tables", "IamRoleArn": "arn:aws:iam::" + livetest.Account + ":role/backup",
				"Resources": []any{map[string]any{"Fn::GetAtt": []any{"table/orders", "Arn"}}}}}},
		{region, "autoscalinggroup/workers", "AWS::AutoScaling::AutoScalingGroup", map[string]any{"MinSize": "2", "MaxSize": "4",
			"HealthCheckType": "EC2", "VPCZoneIdentifier": []any{sub("subnet-a"), sub("subnet-b")},
			"Tags": []any{map[string]any{"Key": "reliability-tier", "Value": "3"}}}},
		{region, "ecscluster/main", "AWS::ECS::Cluster", map[string]any{"ClusterName": "main", "CapacityProviders": []any{"FARGATE", "workers-cp"},
			"DefaultCapacityProviderStrategy": []any{map[string]any{"CapacityProvider": "workers-cp", "Weight": int64(1), "Base": int64(1)}}}},
		{region, "capacityprovider/workers-cp", "AWS::ECS::CapacityProvider", map[string]any{"Name": "workers-cp",
			"AutoScalingGroupProvider": map[string]any{"AutoScalingGroupArn": map[string]any{"Fn::GetAtt": []any{"autoscalinggroup/workers", "Arn"}}}}},
		{region, "broker/queue", "AWS::AmazonMQ::Broker", map[string]any{"BrokerName": "queue", "DeploymentMode": "SINGLE_INSTANCE",
			"EngineType": "ACTIVEMQ", "EngineVersion": "5.18", "SubnetIds": []any{sub("subnet-a")},
			"Tags": []any{map[string]any{"Key": "team", "Value": "ops"}}}},
		{region, "mskcluster/stream", "AWS::MSK::Cluster", map[string]any{"ClusterName": "stream", "NumberOfBrokerNodes": int64(2),
			"KafkaVersion": "3.6.0", "Tags": map[string]any{"team": "data"},
			"BrokerNodeGroupInfo": map[string]any{"ClientSubnets": []any{sub("subnet-a"), sub("subnet-b")}, "InstanceType": "kafka.m5.large"}}},
		{region, "nodegroup/apps/general", "AWS::EKS::Nodegroup", map[string]any{"ClusterName": "apps", "NodegroupName": "general",
			"Subnets": []any{sub("subnet-a"), sub("subnet-a2")}, "CapacityType": "ON_DEMAND", "InstanceTypes": []any{"m7g.large"},
			"ScalingConfig": map[string]any{"MinSize": int64(2), "MaxSize": int64(6), "DesiredSize": int64(3)}}},
		{region, "redshiftcluster/warehouse", "AWS::Redshift::Cluster", map[string]any{"ClusterIdentifier": "warehouse",
			"NodeType": "ra3.xlplus", "NumberOfNodes": int64(2), "ClusterType": "multi-node", "AutomatedSnapshotRetentionPeriod": int64(1),
			"AvailabilityZone": fixtureRegion + "b", "AvailabilityZoneRelocation": false, "MultiAZ": false, "Encrypted": true,
			"Tags": []any{map[string]any{"Key": "team", "Value": "bi"}}}},
		{region, "scalabletarget/dynamodb/table/orders/dynamodb:table:ReadCapacityUnits", "AWS::ApplicationAutoScaling::ScalableTarget",
			map[string]any{"ServiceNamespace": "dynamodb", "ResourceId": "table/orders", "ScalableDimension": "dynamodb:table:ReadCapacityUnits",
				"MinCapacity": int64(5), "MaxCapacity": int64(100)}},
		{region, "taskdefinition/web:7", "AWS::ECS::TaskDefinition", map[string]any{"Family": "web", "NetworkMode": "awsvpc",
			"RequiresCompatibilities": []any{"FARGATE"}, "Cpu": "256", "Memory": "512", "ContainerDefinitions": []any{
				map[string]any{"Name": "app", "Image": "web:7", "Essential": true, "HealthCheck": map[string]any{
					"Command": []any{"CMD-SHELL", "curl -f localhost/health"}, "Interval": int64(30), "Retries": int64(3)}},
				map[string]any{"Name": "log-router", "Image": "fluent-bit", "Essential": false}}}},
		{region, "loadbalancer/web", "AWS::ElasticLoadBalancingV2::LoadBalancer", map[string]any{"Type": "application",
			"Subnets": []any{sub("subnet-a"), sub("subnet-b")}, "LoadBalancerAttributes": []any{
				map[string]any{"Key": "deletion_protection.enabled", "Value": "false"},
				map[string]any{"Key": "idle_timeout.timeout_seconds", "Value": "60"}}}},
		{region, "db/ledger", "AWS::RDS::DBInstance", map[string]any{"Engine": "postgres", "MultiAZ": false, "BackupRetentionPeriod": int64(7)}},
		{region, "db/graph", "AWS::Neptune::DBInstance", map[string]any{"DBInstanceIdentifier": "graph", "Engine": nil, "MultiAZ": nil}},
		{region, "cluster/ledger-aurora", "AWS::RDS::DBCluster", map[string]any{"Engine": "aurora-postgresql", "BackupRetentionPeriod": int64(1)}},
		{region, "replicationgroup/sessions", "AWS::ElastiCache::ReplicationGroup", map[string]any{"Engine": "redis",
			"AutomaticFailoverEnabled": true, "MultiAZEnabled": false, "NumCacheClusters": int64(2),
			"PreferredCacheClusterAZs": []any{fixtureRegion + "a", fixtureRegion + "a"}}},
		{region, "replicationgroup/shards", "AWS::ElastiCache::ReplicationGroup", map[string]any{"AutomaticFailoverEnabled": true,
			"MultiAZEnabled": true, "NumNodeGroups": int64(2), "ReplicasPerNodeGroup": int64(1), "NumCacheClusters": nil}},
		{region, "cachecluster/memo", "AWS::ElastiCache::CacheCluster", map[string]any{"Engine": "memcached", "NumCacheNodes": int64(3),
			"AZMode": "single-az", "PreferredAvailabilityZone": fixtureRegion + "b", "CacheNodeType": "cache.t4g.small"}},
		{region, "cachecluster/spread", "AWS::ElastiCache::CacheCluster", map[string]any{"NumCacheNodes": int64(2), "AZMode": "cross-az",
			"PreferredAvailabilityZones": []any{fixtureRegion + "a", fixtureRegion + "b"}, "PreferredAvailabilityZone": nil}},
		{region, "filesystem/fs-onezone", "AWS::EFS::FileSystem", map[string]any{"AvailabilityZoneName": fixtureRegion + "a",
			"Encrypted": true, "ThroughputMode": "elastic", "BackupPolicy": map[string]any{"Status": "ENABLED"},
			"FileSystemTags": []any{map[string]any{"Key": "Name", "Value": "shared"}},
			"ReplicationConfiguration": map[string]any{"Destinations": []any{
				map[string]any{"Region": "us-west-2", "FileSystemId": "fs-dr"},
				map[string]any{"FileSystemId": "fs-copy"}}}}},
		{region, "filesystem/fs-regional", "AWS::EFS::FileSystem", map[string]any{"AvailabilityZoneName": nil,
			"BackupPolicy": map[string]any{"Status": "DISABLED"}, "ReplicationConfiguration": nil}},
		{region, "queue/jobs", "AWS::SQS::Queue", map[string]any{"QueueName": "jobs", "VisibilityTimeout": int64(60), "MessageRetentionPeriod": int64(345600),
			"RedrivePolicy": map[string]any{"deadLetterTargetArn": map[string]any{"Fn::GetAtt": []any{"queue/jobs-dlq", "Arn"}}, "maxReceiveCount": int64(5)}}},
		{region, "queue/events", "AWS::SQS::Queue", map[string]any{"VisibilityTimeout": int64(1000), "DelaySeconds": int64(0), "RedrivePolicy": nil}},
		{region, "eventsourcemapping/esm-events", "AWS::Lambda::EventSourceMapping", map[string]any{
			"EventSourceArn": map[string]any{"Fn::GetAtt": []any{"queue/events", "Arn"}}, "FunctionName": "arn:aws:lambda:" + fixtureRegion + ":" + livetest.Account + ":function:worker",
			"BatchSize": int64(10), "MaximumBatchingWindowInSeconds": int64(20), "Enabled": true}},
		{region, "eventsourcemapping/esm-jobs", "AWS::Lambda::EventSourceMapping", map[string]any{"Enabled": false,
			"FunctionResponseTypes": []any{"ReportBatchItemFailures"}}},
		{region, "subnet-a", "AWS::EC2::Subnet", map[string]any{"AvailabilityZone": fixtureRegion + "a", "AvailabilityZoneId": "euc1-az2"}},
		{region, "subnet-b", "AWS::EC2::Subnet", map[string]any{"AvailabilityZone": fixtureRegion + "b"}},
		// The stack: template properties, overlaid with the live state.
		{stack, "WebService", "AWS::ECS::Service", map[string]any{"Cluster": "main", "DesiredCount": int64(2),
			"TaskDefinition":       "arn:aws:ecs:" + fixtureRegion + ":" + livetest.Account + ":task-definition/web:7",
			"NetworkConfiguration": map[string]any{"AwsvpcConfiguration": map[string]any{"Subnets": []any{sub("subnet-a"), sub("subnet-a2")}}},
			"DeploymentConfiguration": map[string]any{"MinimumHealthyPercent": int64(100), "MaximumPercent": int64(200),
				"DeploymentCircuitBreaker": map[string]any{"Enable": true, "Rollback": true}}}},
		{stack, "WebTargetGroup", "AWS::ElasticLoadBalancingV2::TargetGroup", map[string]any{"Port": int64(80), "HealthCheckEnabled": false}},
		{stack, "ApiCheck", "AWS::Route53::HealthCheck", map[string]any{"HealthCheckConfig": map[string]any{"Type": "HTTPS",
			"FullyQualifiedDomainName": "api.example.com", "RequestInterval": int64(30), "FailureThreshold": int64(10)}}},
		{stack, "subnet-a2", "AWS::EC2::Subnet", map[string]any{"AvailabilityZone": fixtureRegion + "a"}},
		{global, "recordset/api.example.com/CNAME/primary", "AWS::Route53::RecordSet", map[string]any{"Failover": "PRIMARY", "TTL": "60",
			"Name": "api.example.com.", "HostedZoneId": "Z1", "ResourceRecords": []any{"a.example.com"}}},
		{global, "recordset/api.example.com/CNAME/secondary", "AWS::Route53::RecordSet", map[string]any{"Failover": "SECONDARY", "HealthCheckId": "hc-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			r := resource(inv, tt.file, tt.id)
			require.NotNil(t, r, "%s in %s", tt.id, tt.file)
			assert.Equal(t, tt.typ, r.Type)
			for k, v := range tt.props {
				assert.Equal(t, v, r.Properties[k], k)
			}
			assert.NotContains(t, r.Properties, arnKey, "the ARN carrier is not a property")
		})
	}
	assert.Nil(t, resource(inv, region, "cachecluster/sessions-001"), "a replication group's member is part of the group")
	assert.Nil(t, resource(inv, region, "service/main/web"), "a stack's resource is not also reported loose")
	assert.Nil(t, resource(inv, global, "recordset/www.example.com/A"), "records outside failover are not kept")
	assert.Nil(t, source(inv, file(fixtureRegion)+"/gone"), "deleted stacks are not audited")

	web := source(inv, stack)
	require.NotNil(t, web)
	assert.Equal(t, "3", web.TierHint, "the stack's reliability-tier tag sets the source's tier")
	assert.Equal(t, "stack tag reliability-tier", web.TierHintSource)
	assert.Equal(t, scanners.KindTemplate, web.Kind, "a deployed stack is a template")
	assert.Equal(t, map[string]any{"workload": livetest.Account + "/" + fixtureRegion + "/web"}, web.Template.Metadata["bulwark"],
		"the tier does not travel through the template's Metadata")
	loose := source(inv, file(fixtureRegion))
	require.NotNil(t, loose)
	assert.Equal(t, scanners.KindAccount, loose.Kind, "a Region's loose resources are the account input")
	assert.Contains(t, loose.Unchecked, "BW-TIMEOUTS-002", "what the collectors do not read is unchecked where it matters")
	assert.NotContains(t, web.Unchecked, "BW-TIMEOUTS-002", "a stack's template has that evidence")
	assert.Equal(t, int64(200), source(inv, region).Settings["account_concurrency_limit"], "the account's real limit")
	assert.Equal(t, 3, web.Resources, "the subnets added to resolve zones are not counted")
}
