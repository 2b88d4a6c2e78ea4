package live

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// collectELBv2 reads load balancers (their subnets, which the assembled
// template resolves to real zones) and target groups (health checks).
func collectELBv2(ctx context.Context, s *scope) error {
	client := elb.NewFromConfig(s.cfg)
	lbs := elb.NewDescribeLoadBalancersPaginator(client, &elb.DescribeLoadBalancersInput{})
	err := s.pages(ctx, lbs.HasMorePages, func(ctx context.Context) error {
		out, err := lbs.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, lb := range out.LoadBalancers {
			name, arn := aws.ToString(lb.LoadBalancerName), aws.ToString(lb.LoadBalancerArn)
			var subnets []string
			for _, az := range lb.AvailabilityZones {
				if id := aws.ToString(az.SubnetId); id != "" {
					subnets = append(subnets, id)
				}
			}
			props := map[string]any{"Name": name, "Type": string(lb.Type), "Subnets": subnetRefs(subnets)}
			if lb.Scheme != "" {
				props["Scheme"] = string(lb.Scheme)
			}
			if arn != "" {
				props[arnKey] = arn
			}
			s.add(&item{id: "loadbalancer/" + name, typ: "AWS::ElasticLoadBalancingV2::LoadBalancer", props: props,
				physical: []string{arn, name}})
		}
		return nil
	})
	if err != nil {
		return err
	}
	tgs := elb.NewDescribeTargetGroupsPaginator(client, &elb.DescribeTargetGroupsInput{})
	return s.pages(ctx, tgs.HasMorePages, func(ctx context.Context) error {
		out, err := tgs.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, tg := range out.TargetGroups {
			name, arn := aws.ToString(tg.TargetGroupName), aws.ToString(tg.TargetGroupArn)
			props := map[string]any{"Name": name}
			if tg.TargetType != "" {
				props["TargetType"] = string(tg.TargetType)
			}
			if tg.HealthCheckEnabled != nil {
				props["HealthCheckEnabled"] = *tg.HealthCheckEnabled
			}
			if tg.Protocol != "" {
				props["Protocol"] = string(tg.Protocol)
			}
			if tg.Port != nil {
				props["Port"] = int64(*tg.Port)
			}
			if tg.VpcId != nil {
				props["VpcId"] = *tg.VpcId
			}
			if tg.HealthCheckPath != nil {
				props["HealthCheckPath"] = *tg.HealthCheckPath
			}
			if tg.HealthCheckProtocol != "" {
				props["HealthCheckProtocol"] = string(tg.HealthCheckProtocol)
			}
			for key, v := range map[string]*int32{"HealthCheckIntervalSeconds": tg.HealthCheckIntervalSeconds,
				"HealthCheckTimeoutSeconds": tg.HealthCheckTimeoutSeconds, "HealthyThresholdCount": tg.HealthyThresholdCount,
				"UnhealthyThresholdCount": tg.UnhealthyThresholdCount} {
				if v != nil {
					props[key] = int64(*v)
				}
			}
			if arn != "" {
				props[arnKey] = arn
			}
			s.add(&item{id: "targetgroup/" + name, typ: "AWS::ElasticLoadBalancingV2::TargetGroup", props: props,
				physical: []string{arn}})
		}
		return nil
	})
}
