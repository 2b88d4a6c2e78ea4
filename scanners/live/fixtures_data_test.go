package live

import (
	"fmt"
	"net/http"

	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
)

// serveFixturesData serves, in the fixture Region, the resources of the
// data-store and capacity collectors (load balancer attributes, ...)
// in AWS's exact wire format.
func serveFixturesData(f *livetest.Front, region string) {
	arn := func(service, rest string) string {
		return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, region, livetest.Account, rest)
	}
	json := func(v any) livetest.Handler {
		return func(w http.ResponseWriter, r *livetest.Request) { livetest.JSON(w, v) }
	}
	query := func(inner string) livetest.Handler {
		return func(w http.ResponseWriter, r *livetest.Request) { livetest.QueryXML(w, r, inner) }
	}
	f.Handle(region, "elasticloadbalancing", "DescribeLoadBalancerAttributes", query(`<Attributes>`+
		`<member><Key>deletion_protection.enabled</Key><Value>false</Value></member>`+
		`<member><Key>idle_timeout.timeout_seconds</Key><Value>60</Value></member></Attributes>`))
	// ECS: the cluster "main" runs on Fargate and on the capacity
	// provider of the "workers" group (subnets in zones a and b).
	f.Handle(region, "ecs", "DescribeClusters", json(map[string]any{"clusters": []any{map[string]any{"clusterName": "main",
		"clusterArn": arn("ecs", "cluster/main"), "status": "ACTIVE", "capacityProviders": []string{"FARGATE", "workers-cp"},
		"defaultCapacityProviderStrategy": []any{map[string]any{"capacityProvider": "workers-cp", "weight": 1, "base": 1}}}}}))
	f.Handle(region, "ecs", "DescribeCapacityProviders", json(map[string]any{"capacityProviders": []any{
		map[string]any{"name": "workers-cp", "capacityProviderArn": arn("ecs", "capacity-provider/workers-cp"), "status": "ACTIVE",
			"autoScalingGroupProvider": map[string]any{"autoScalingGroupArn": arn("autoscaling", "autoScalingGroup:1:autoScalingGroupName/workers")}},
		map[string]any{"name": "FARGATE", "status": "ACTIVE"}}}))
	// Amazon MQ: one single-instance broker in subnet-a.
	f.Handle(region, "mq", "ListBrokers", json(map[string]any{"brokerSummaries": []any{map[string]any{
		"brokerArn": arn("mq", "broker:queue:b-1"), "brokerId": "b-1", "brokerName": "queue", "brokerState": "RUNNING",
		"deploymentMode": "SINGLE_INSTANCE", "engineType": "ACTIVEMQ", "hostInstanceType": "mq.t3.micro"}}}))
	f.Handle(region, "mq", "DescribeBroker", json(map[string]any{"brokerArn": arn("mq", "broker:queue:b-1"), "brokerId": "b-1",
		"brokerName": "queue", "deploymentMode": "SINGLE_INSTANCE", "engineType": "ACTIVEMQ", "engineVersion": "5.18",
		"subnetIds": []string{"subnet-a"}, "tags": map[string]string{"team": "ops"}}))
	// MSK: a provisioned cluster with brokers in zones a and b.
	f.Handle(region, "kafka", "ListClustersV2", json(map[string]any{"clusterInfoList": []any{map[string]any{
		"clusterName": "stream", "clusterArn": arn("kafka", "cluster/stream/1"), "clusterType": "PROVISIONED", "state": "ACTIVE",
		"tags": map[string]string{"team": "data"}, "provisioned": map[string]any{"numberOfBrokerNodes": 2,
			"brokerNodeGroupInfo":       map[string]any{"clientSubnets": []string{"subnet-a", "subnet-b"}, "instanceType": "kafka.m5.large"},
			"currentBrokerSoftwareInfo": map[string]any{"kafkaVersion": "3.6.0"}}}}}))
	// EKS: the cluster "apps" with one node group in subnets of zone a.
	f.Handle(region, "eks", "ListClusters", json(map[string]any{"clusters": []string{"apps"}}))
	f.Handle(region, "eks", "ListNodegroups", json(map[string]any{"nodegroups": []string{"general"}}))
	f.Handle(region, "eks", "DescribeNodegroup", json(map[string]any{"nodegroup": map[string]any{"clusterName": "apps",
		"nodegroupName": "general", "nodegroupArn": arn("eks", "nodegroup/apps/general/1"), "status": "ACTIVE",
		"subnets": []string{"subnet-a", "subnet-a2"}, "capacityType": "ON_DEMAND", "instanceTypes": []string{"m7g.large"},
		"scalingConfig": map[string]any{"minSize": 2, "maxSize": 6, "desiredSize": 3}}}))
	// Redshift: a two-node cluster that keeps automated snapshots a day.
	f.Handle(region, "redshift", "DescribeClusters", query(`<Clusters><Cluster><ClusterIdentifier>warehouse</ClusterIdentifier>`+
		`<NodeType>ra3.xlplus</NodeType><ClusterStatus>available</ClusterStatus><NumberOfNodes>2</NumberOfNodes>`+
		`<AutomatedSnapshotRetentionPeriod>1</AutomatedSnapshotRetentionPeriod><AvailabilityZone>`+region+`b</AvailabilityZone>`+
		`<AvailabilityZoneRelocationStatus>disabled</AvailabilityZoneRelocationStatus><MultiAZ>Disabled</MultiAZ><Encrypted>true</Encrypted>`+
		`<Tags><Tag><Key>team</Key><Value>bi</Value></Tag></Tags></Cluster></Clusters>`))
	// Application Auto Scaling: the read capacity of the table "orders".
	f.Handle(region, "application-autoscaling", "DescribeScalableTargets", json(map[string]any{"ScalableTargets": []any{map[string]any{
		"ServiceNamespace": "dynamodb", "ResourceId": "table/orders", "ScalableDimension": "dynamodb:table:ReadCapacityUnits",
		"MinCapacity": 5, "MaxCapacity": 100, "RoleARN": "arn:aws:iam::" + livetest.Account + ":role/scaling", "CreationTime": 1.7e9,
		"ScalableTargetARN": arn("application-autoscaling", "scalable-target/1")}}}))
	// The task definition the service "web" runs: an essential container
	// with a health check and a non-essential one without.
	f.Handle(region, "ecs", "DescribeTaskDefinition", json(map[string]any{"taskDefinition": map[string]any{"family": "web", "revision": 7,
		"taskDefinitionArn": arn("ecs", "task-definition/web:7"), "networkMode": "awsvpc", "requiresCompatibilities": []string{"FARGATE"},
		"cpu": "256", "memory": "512", "containerDefinitions": []any{
			map[string]any{"name": "app", "image": "web:7", "essential": true,
				"healthCheck": map[string]any{"command": []string{"CMD-SHELL", "curl -f localhost/health"}, "interval": 30, "retries": 3}},
			map[string]any{"name": "log-router", "image": "fluent-bit", "essential": false}}}}))
}
