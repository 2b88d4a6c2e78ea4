package live

import (
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kafka/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMSKShape: a provisioned cluster's subnets and broker count; a
// serverless cluster is its own type.
func TestMSKShape(t *testing.T) {
	sub := func(id string) map[string]any { return map[string]any{"Ref": id} }
	tests := []struct {
		name    string
		cluster types.Cluster
		typ     string
		want    map[string]any // nil values: property absent
	}{
		{"provisioned", types.Cluster{ClusterType: types.ClusterTypeProvisioned, Provisioned: &types.Provisioned{
			NumberOfBrokerNodes: aws.Int32(3), BrokerNodeGroupInfo: &types.BrokerNodeGroupInfo{ClientSubnets: []string{"s-a", "s-b", "s-c"},
				InstanceType: aws.String("kafka.m5.large")}}, Tags: map[string]string{"team": "data"}},
			"AWS::MSK::Cluster", map[string]any{"NumberOfBrokerNodes": int64(3), "Tags": map[string]any{"team": "data"},
				"BrokerNodeGroupInfo": map[string]any{"ClientSubnets": []any{sub("s-a"), sub("s-b"), sub("s-c")}, "InstanceType": "kafka.m5.large"}}},
		{"provisioned, no subnets listed", types.Cluster{ClusterType: types.ClusterTypeProvisioned, Provisioned: &types.Provisioned{
			BrokerNodeGroupInfo: &types.BrokerNodeGroupInfo{}}},
			"AWS::MSK::Cluster", map[string]any{"BrokerNodeGroupInfo": map[string]any{"ClientSubnets": unknown("kafka:ListClustersV2 client subnets")}}},
		{"serverless", types.Cluster{ClusterType: types.ClusterTypeServerless, Serverless: &types.Serverless{
			VpcConfigs: []types.VpcConfig{{SubnetIds: []string{"s-a", "s-b"}}}}},
			"AWS::MSK::ServerlessCluster", map[string]any{"VpcConfigs": []any{map[string]any{"SubnetIds": []any{sub("s-a"), sub("s-b")}}},
				"BrokerNodeGroupInfo": nil, "NumberOfBrokerNodes": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cluster.ClusterName = aws.String("c")
			it := mskItem(tt.cluster)
			assert.Equal(t, tt.typ, it.typ)
			for k, v := range tt.want {
				assert.Equal(t, v, it.props[k], k)
			}
		})
	}
}

// TestMSKLive audits clusters and judges BW-MULTI-AZ-018: brokers in
// subnets of one zone fail; in two zones they pass, except in a tier 1 or
// 2 workload, which needs three; a serverless cluster is not judged.
// (kumo has no ListClustersV2: the front answers in MSK's wire format.)
func TestMSKLive(t *testing.T) {
	const region = "ap-northeast-1"
	f := newFront(t)
	f.Handle(region, "ec2", "DescribeSubnets", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.EC2XML(w, r.Operation, `<subnetSet>`+
			`<item><subnetId>subnet-a</subnetId><availabilityZone>`+region+`a</availabilityZone></item>`+
			`<item><subnetId>subnet-a2</subnetId><availabilityZone>`+region+`a</availabilityZone></item>`+
			`<item><subnetId>subnet-b</subnetId><availabilityZone>`+region+`b</availabilityZone></item>`+
			`<item><subnetId>subnet-c</subnetId><availabilityZone>`+region+`c</availabilityZone></item></subnetSet>`)
	})
	provisioned := func(name string, subnets ...string) map[string]any {
		return map[string]any{"clusterName": name, "clusterArn": "arn:aws:kafka:" + region + ":" + livetest.Account + ":cluster/" + name + "/1",
			"clusterType": "PROVISIONED", "state": "ACTIVE", "provisioned": map[string]any{"numberOfBrokerNodes": len(subnets) * 2,
				"brokerNodeGroupInfo":       map[string]any{"clientSubnets": subnets, "instanceType": "kafka.m5.large"},
				"currentBrokerSoftwareInfo": map[string]any{"kafkaVersion": "3.6.0"}}}
	}
	f.Handle(region, "kafka", "ListClustersV2", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.JSON(w, map[string]any{"clusterInfoList": []any{
			provisioned("onezone", "subnet-a", "subnet-a2"), provisioned("twozones", "subnet-a", "subnet-b"),
			provisioned("threezones", "subnet-a", "subnet-b", "subnet-c"),
			map[string]any{"clusterName": "events", "clusterType": "SERVERLESS", "state": "ACTIVE",
				"serverless": map[string]any{"vpcConfigs": []any{map[string]any{"subnetIds": []string{"subnet-a"}}}}}}})
	})
	o := options(f, region)
	o.Services = []string{"kafka", "ec2"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	one := resource(inv, file(region), "mskcluster/onezone")
	require.NotNil(t, one)
	assert.Equal(t, int64(4), one.Properties["NumberOfBrokerNodes"])
	assert.Equal(t, "AWS::MSK::ServerlessCluster", resource(inv, file(region), "mskcluster/events").Type)
	assert.Equal(t, []string{"mskcluster/onezone"}, ruleFindings(t, inv, 0, "BW-MULTI-AZ-018"))
	assert.ElementsMatch(t, []string{"mskcluster/onezone", "mskcluster/twozones"}, ruleFindings(t, inv, 2, "BW-MULTI-AZ-018"))
}
