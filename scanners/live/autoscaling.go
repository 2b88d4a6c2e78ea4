package live

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
)

// collectAutoScaling reads Auto Scaling groups: their subnets or zones,
// health check type and the load balancers they serve.
func collectAutoScaling(ctx context.Context, s *scope) error {
	client := autoscaling.NewFromConfig(s.cfg)
	p := autoscaling.NewDescribeAutoScalingGroupsPaginator(client, &autoscaling.DescribeAutoScalingGroupsInput{})
	return s.pages(ctx, p.HasMorePages, func(ctx context.Context) error {
		out, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, g := range out.AutoScalingGroups {
			name := aws.ToString(g.AutoScalingGroupName)
			props := map[string]any{"AutoScalingGroupName": name,
				"MinSize": itoa(g.MinSize), "MaxSize": itoa(g.MaxSize)}
			if g.DesiredCapacity != nil {
				props["DesiredCapacity"] = itoa(g.DesiredCapacity)
			}
			// VPCZoneIdentifier is a comma-separated list in the API and a
			// list in CloudFormation.
			var subnets []string
			for _, sn := range strings.Split(aws.ToString(g.VPCZoneIdentifier), ",") {
				if sn = strings.TrimSpace(sn); sn != "" {
					subnets = append(subnets, sn)
				}
			}
			if len(subnets) > 0 {
				props["VPCZoneIdentifier"] = subnetRefs(subnets)
			} else if len(g.AvailabilityZones) > 0 {
				props["AvailabilityZones"] = anyList(g.AvailabilityZones)
			}
			if g.HealthCheckType != nil {
				props["HealthCheckType"] = *g.HealthCheckType
			}
			if g.HealthCheckGracePeriod != nil {
				props["HealthCheckGracePeriod"] = int64(*g.HealthCheckGracePeriod)
			}
			if len(g.TargetGroupARNs) > 0 {
				props["TargetGroupARNs"] = anyList(g.TargetGroupARNs)
			}
			if len(g.LoadBalancerNames) > 0 {
				props["LoadBalancerNames"] = anyList(g.LoadBalancerNames)
			}
			var keys, values []string
			for _, t := range g.Tags {
				keys, values = append(keys, aws.ToString(t.Key)), append(values, aws.ToString(t.Value))
			}
			if len(keys) > 0 {
				props["Tags"] = tagList(keys, values)
			}
			arn := aws.ToString(g.AutoScalingGroupARN)
			if arn != "" {
				props[arnKey] = arn
			}
			s.add(&item{id: "autoscalinggroup/" + name, typ: "AWS::AutoScaling::AutoScalingGroup", props: props,
				physical: []string{name, arn}})
		}
		return nil
	})
}
