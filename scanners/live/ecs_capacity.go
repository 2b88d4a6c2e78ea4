package live

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// clusterBatch is the most clusters DescribeClusters takes at once.
const clusterBatch = 100

// collectECSCapacity reads what places ECS tasks on EC2 capacity: each
// cluster's capacity providers and each provider's Auto Scaling group
// (BW-MULTI-AZ-019 follows a service or cluster to the zones of those
// groups). A failed call leaves the clusters or providers out, a gap:
// without them no service or cluster can be placed in one zone.
func collectECSCapacity(ctx context.Context, s *scope, client *ecs.Client, clusterARNs []string) error {
	for i := 0; i < len(clusterARNs); i += clusterBatch {
		batch := clusterARNs[i:min(i+clusterBatch, len(clusterARNs))]
		var out *ecs.DescribeClustersOutput
		err := s.call(ctx, func(ctx context.Context) error {
			var err error
			out, err = client.DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: batch})
			return err
		})
		if err != nil {
			s.partial("DescribeClusters", "the capacity providers of clusters", err)
			break
		}
		for _, c := range out.Clusters {
			if aws.ToString(c.Status) != "INACTIVE" {
				s.add(ecsClusterItem(c))
			}
		}
	}
	var next *string
	for {
		var out *ecs.DescribeCapacityProvidersOutput
		err := s.call(ctx, func(ctx context.Context) error {
			var err error
			out, err = client.DescribeCapacityProviders(ctx, &ecs.DescribeCapacityProvidersInput{NextToken: next})
			return err
		})
		if err != nil {
			s.partial("DescribeCapacityProviders", "the Auto Scaling groups of capacity providers", err)
			return nil
		}
		for _, cp := range out.CapacityProviders {
			if it := capacityProviderItem(cp); it != nil {
				s.add(it)
			}
		}
		if next = out.NextToken; aws.ToString(next) == "" {
			return nil
		}
	}
}

func ecsClusterItem(c types.Cluster) *item {
	name, arn := aws.ToString(c.ClusterName), aws.ToString(c.ClusterArn)
	props := map[string]any{"ClusterName": name}
	if len(c.CapacityProviders) > 0 {
		props["CapacityProviders"] = anyList(c.CapacityProviders)
	}
	if len(c.DefaultCapacityProviderStrategy) > 0 {
		props["DefaultCapacityProviderStrategy"] = capacityStrategy(c.DefaultCapacityProviderStrategy)
	}
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: "ecscluster/" + name, typ: "AWS::ECS::Cluster", props: props, physical: []string{name, arn}}
}

// capacityProviderItem writes an Auto Scaling group capacity provider;
// nil for FARGATE and FARGATE_SPOT (which CloudFormation does not declare)
// and for inactive ones. The group is named as a template names it: its
// ARN, which the assembly links to the live group, or a reference to the
// group of that name.
func capacityProviderItem(cp types.CapacityProvider) *item {
	name := aws.ToString(cp.Name)
	if cp.Status == types.CapacityProviderStatusInactive || name == "FARGATE" || name == "FARGATE_SPOT" {
		return nil
	}
	props := map[string]any{"Name": name}
	if g := cp.AutoScalingGroupProvider; g != nil && aws.ToString(g.AutoScalingGroupArn) != "" {
		var group any = *g.AutoScalingGroupArn
		if !strings.HasPrefix(*g.AutoScalingGroupArn, "arn:") {
			group = map[string]any{"Ref": "autoscalinggroup/" + *g.AutoScalingGroupArn}
		}
		props["AutoScalingGroupProvider"] = map[string]any{"AutoScalingGroupArn": group}
	}
	arn := aws.ToString(cp.CapacityProviderArn)
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: "capacityprovider/" + name, typ: "AWS::ECS::CapacityProvider", props: props, physical: []string{name, arn}}
}

// capacityStrategy is a capacity provider strategy in CloudFormation's
// shape.
func capacityStrategy(items []types.CapacityProviderStrategyItem) []any {
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = map[string]any{"CapacityProvider": aws.ToString(it.CapacityProvider), "Weight": int64(it.Weight), "Base": int64(it.Base)}
	}
	return out
}
