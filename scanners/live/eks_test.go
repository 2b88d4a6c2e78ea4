package live

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	"github.com/aws/aws-sdk-go-v2/service/eks/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNodegroupShape: subnets as references, scaling as read.
func TestNodegroupShape(t *testing.T) {
	tests := []struct {
		name string
		ng   types.Nodegroup
		want map[string]any // nil values: property absent
	}{
		{"full", types.Nodegroup{Subnets: []string{"s-a", "s-b"}, CapacityType: types.CapacityTypesSpot,
			ScalingConfig: &types.NodegroupScalingConfig{MinSize: aws.Int32(1), MaxSize: aws.Int32(3), DesiredSize: aws.Int32(2)},
			Tags:          map[string]string{"team": "k8s"}},
			map[string]any{"Subnets": []any{map[string]any{"Ref": "s-a"}, map[string]any{"Ref": "s-b"}}, "CapacityType": "SPOT",
				"ScalingConfig": map[string]any{"MinSize": int64(1), "MaxSize": int64(3), "DesiredSize": int64(2)},
				"Tags":          map[string]any{"team": "k8s"}}},
		{"bare", types.Nodegroup{}, map[string]any{"Subnets": unknown("eks:DescribeNodegroup subnets"), "ScalingConfig": nil, "Tags": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.ng.ClusterName, tt.ng.NodegroupName = aws.String("c"), aws.String("g")
			it := nodegroupItem(&tt.ng)
			assert.Equal(t, "nodegroup/c/g", it.id)
			assert.Equal(t, "c/g", it.physical[0], "CloudFormation's Ref of a node group")
			for k, v := range tt.want {
				assert.Equal(t, v, it.props[k], k)
			}
		})
	}
}

// TestEKSInKumo creates node groups in the emulator and judges them:
// nodes in subnets of one zone fail BW-MULTI-AZ-015, two zones pass.
func TestEKSInKumo(t *testing.T) {
	f := newFront(t)
	ctx := context.Background()
	sn, err := kumoSubnets(ctx, f, "10.2")
	require.NoError(t, err)
	client := eks.NewFromConfig(f.Config(f.Primary))
	_, err = client.CreateCluster(ctx, &eks.CreateClusterInput{Name: aws.String("kumo-eks"), RoleArn: aws.String("arn:aws:iam::" + livetest.Account + ":role/eks"),
		ResourcesVpcConfig: &types.VpcConfigRequest{SubnetIds: []string{sn[0], sn[2]}}})
	require.NoError(t, err)
	for _, g := range []struct {
		name    string
		subnets []string
	}{{"onezone", []string{sn[0], sn[1]}}, {"twozones", []string{sn[0], sn[2]}}} {
		_, err := client.CreateNodegroup(ctx, &eks.CreateNodegroupInput{ClusterName: aws.String("kumo-eks"), NodegroupName: aws.String(g.name),
			NodeRole: aws.String("arn:aws:iam::" + livetest.Account + ":role/nodes"), Subnets: g.subnets,
			ScalingConfig: &types.NodegroupScalingConfig{MinSize: aws.Int32(2), MaxSize: aws.Int32(4), DesiredSize: aws.Int32(2)}})
		require.NoError(t, err)
	}
	o := options(f, f.Primary)
	o.Services = []string{"eks", "ec2"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	one := resource(inv, file(f.Primary), "nodegroup/kumo-eks/onezone")
	require.NotNil(t, one)
	assert.Equal(t, []any{map[string]any{"Ref": sn[0]}, map[string]any{"Ref": sn[1]}}, one.Properties["Subnets"])
	assert.Equal(t, map[string]any{"MinSize": int64(2), "MaxSize": int64(4), "DesiredSize": int64(2)}, one.Properties["ScalingConfig"])
	var got []string
	for _, fd := range evaluate(t, inv).Findings {
		if fd.RuleID == "BW-MULTI-AZ-015" {
			got = append(got, fd.Resource)
		}
	}
	assert.Equal(t, []string{"nodegroup/kumo-eks/onezone"}, got)
}

// kumoSubnets creates a VPC (CIDR prefix.0.0/16) with three subnets in
// kumo: the first two in us-east-1a, the third in us-east-1b.
func kumoSubnets(ctx context.Context, f *livetest.Front, prefix string) ([]string, error) {
	e := ec2.NewFromConfig(f.Config(f.Primary))
	vpc, err := e.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String(prefix + ".0.0/16")})
	if err != nil {
		return nil, err
	}
	var ids []string
	for i, az := range []string{"us-east-1a", "us-east-1a", "us-east-1b"} {
		out, err := e.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId,
			CidrBlock: aws.String(prefix + "." + string(rune('1'+i)) + ".0/24"), AvailabilityZone: aws.String(az)})
		if err != nil {
			return nil, err
		}
		ids = append(ids, aws.ToString(out.Subnet.SubnetId))
	}
	return ids, nil
}

// TestNodegroupDescriptionDenied: a node group that cannot be described
// is reported with its subnets unknown (no finding), and the gap named.
func TestNodegroupDescriptionDenied(t *testing.T) {
	f := newFront(t)
	serveFixtures(f, fixtureRegion)
	f.Fail(fixtureRegion, "eks", "DescribeNodegroup", -1, 403, "AccessDeniedException")
	o := options(f, fixtureRegion)
	o.Services = []string{"eks", "ec2"}
	inv := audit(t, o)
	assert.Equal(t, []string{"warning not checked: account " + livetest.Account + ", region " + fixtureRegion +
		", service eks (DescribeNodegroup): access denied; unknown: the subnets of node groups: apps/general (AccessDeniedException: injected by the test front)"},
		messages(inv.Diagnostics))
	ng := resource(inv, file(fixtureRegion), "nodegroup/apps/general")
	require.NotNil(t, ng)
	assert.Equal(t, unknown("eks:DescribeNodegroup"), ng.Properties["Subnets"])
	assert.NotContains(t, findingKeys(evaluate(t, inv)), "BW-MULTI-AZ-015 "+file(fixtureRegion)+" nodegroup/apps/general")
}
