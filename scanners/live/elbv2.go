package live

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// collectELBv2 reads load balancers (their subnets, which the assembled
// template resolves to real zones, and their attributes: deletion
// protection) and target groups (health checks).
func collectELBv2(ctx context.Context, s *scope) error {
	client := elb.NewFromConfig(s.cfg)
	lbs := elb.NewDescribeLoadBalancersPaginator(client, &elb.DescribeLoadBalancersInput{})
	list, err := listAll(ctx, s, lbs, func(o *elb.DescribeLoadBalancersOutput) []types.LoadBalancer { return o.LoadBalancers })
	if err != nil {
		return err
	}
	items := make([]*item, len(list))
	err = s.each(ctx, len(list), func(ctx context.Context, i int) error {
		items[i] = loadBalancerItem(list[i], s.lbAttributes(ctx, client, list[i]))
		return nil
	})
	if err != nil {
		return err
	}
	s.add(items...)
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

// lbAttributes reads a load balancer's attributes in CloudFormation's
// LoadBalancerAttributes form, or an unknown value when the call fails
// (the gap is recorded): no list would read as no deletion protection.
func (s *scope) lbAttributes(ctx context.Context, client *elb.Client, lb types.LoadBalancer) any {
	var attrs []types.LoadBalancerAttribute
	err := s.call(ctx, func(ctx context.Context) error {
		out, err := client.DescribeLoadBalancerAttributes(ctx, &elb.DescribeLoadBalancerAttributesInput{LoadBalancerArn: lb.LoadBalancerArn})
		if err == nil {
			attrs = out.Attributes
		}
		return err
	})
	if err != nil {
		s.partialOf("DescribeLoadBalancerAttributes", "load balancer attributes (deletion protection)", aws.ToString(lb.LoadBalancerName), err)
		return unknown("elasticloadbalancing:DescribeLoadBalancerAttributes")
	}
	var keys, values []string
	for _, a := range attrs {
		keys, values = append(keys, aws.ToString(a.Key)), append(values, aws.ToString(a.Value))
	}
	return tagList(keys, values)
}

func loadBalancerItem(lb types.LoadBalancer, attrs any) *item {
	name, arn := aws.ToString(lb.LoadBalancerName), aws.ToString(lb.LoadBalancerArn)
	var subnets []string
	for _, az := range lb.AvailabilityZones {
		if id := aws.ToString(az.SubnetId); id != "" {
			subnets = append(subnets, id)
		}
	}
	props := map[string]any{"Name": name, "Type": string(lb.Type), "Subnets": subnetRefs(subnets),
		"LoadBalancerAttributes": attrs}
	if lb.Scheme != "" {
		props["Scheme"] = string(lb.Scheme)
	}
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: "loadbalancer/" + name, typ: "AWS::ElasticLoadBalancingV2::LoadBalancer", props: props,
		physical: []string{arn, name}}
}
