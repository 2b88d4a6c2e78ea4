package live

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"
)

// collectClassicELB reads Classic Load Balancers: where they run (their
// subnets, which the assembled template resolves to zones, or their zones
// outside a VPC), their health check, and, one call each, whether
// cross-zone load balancing is on. A load balancer whose attributes could
// not be read is still reported, with CrossZone unknown.
func collectClassicELB(ctx context.Context, s *scope) error {
	client := elb.NewFromConfig(s.cfg)
	p := elb.NewDescribeLoadBalancersPaginator(client, &elb.DescribeLoadBalancersInput{})
	lbs, err := listAll(ctx, s, p, func(o *elb.DescribeLoadBalancersOutput) []types.LoadBalancerDescription {
		return o.LoadBalancerDescriptions
	})
	if err != nil {
		return err
	}
	items := make([]*item, len(lbs))
	err = s.each(ctx, len(lbs), func(ctx context.Context, i int) error {
		name := aws.ToString(lbs[i].LoadBalancerName)
		var attrs *types.LoadBalancerAttributes
		err := s.call(ctx, func(ctx context.Context) error {
			out, err := client.DescribeLoadBalancerAttributes(ctx, &elb.DescribeLoadBalancerAttributesInput{LoadBalancerName: aws.String(name)})
			if err == nil {
				attrs = out.LoadBalancerAttributes
			}
			return err
		})
		if isNotFound(err) {
			return nil // deleted since the listing
		}
		if err != nil {
			s.partialOf("DescribeLoadBalancerAttributes", "whether load balancers balance across zones", name, err)
		}
		items[i] = classicLBItem(lbs[i], attrs)
		return nil
	})
	if err != nil {
		return err
	}
	s.addPresent(items)
	return nil
}

// classicLBItem is a Classic Load Balancer as
// AWS::ElasticLoadBalancing::LoadBalancer. In a VPC it names its subnets
// (a template sets Subnets or AvailabilityZones, not both; the subnets
// carry the zones); outside one, its zones. attrs nil: the attributes
// could not be read, so CrossZone is unknown.
func classicLBItem(lb types.LoadBalancerDescription, attrs *types.LoadBalancerAttributes) *item {
	name := aws.ToString(lb.LoadBalancerName)
	props := map[string]any{"LoadBalancerName": name}
	if len(lb.Subnets) > 0 {
		props["Subnets"] = subnetRefs(lb.Subnets)
	} else {
		props["AvailabilityZones"] = anyList(lb.AvailabilityZones)
	}
	if sc := aws.ToString(lb.Scheme); sc != "" {
		props["Scheme"] = sc
	}
	if hc := lb.HealthCheck; hc != nil {
		// CloudFormation types the health check's numbers as strings.
		check := map[string]any{"Target": aws.ToString(hc.Target)}
		for key, v := range map[string]*int32{"HealthyThreshold": hc.HealthyThreshold, "UnhealthyThreshold": hc.UnhealthyThreshold,
			"Interval": hc.Interval, "Timeout": hc.Timeout} {
			if v != nil {
				check[key] = itoa(v)
			}
		}
		props["HealthCheck"] = check
	}
	switch {
	case attrs == nil:
		props["CrossZone"] = unknown("elb:CrossZone")
	default:
		if cz := attrs.CrossZoneLoadBalancing; cz != nil {
			props["CrossZone"] = cz.Enabled
		} else {
			props["CrossZone"] = unknown("elb:CrossZone")
		}
		if cd := attrs.ConnectionDraining; cd != nil {
			policy := map[string]any{"Enabled": cd.Enabled}
			if cd.Timeout != nil {
				policy["Timeout"] = int64(*cd.Timeout)
			}
			props["ConnectionDrainingPolicy"] = policy
		}
	}
	return &item{id: "classicloadbalancer/" + name, typ: "AWS::ElasticLoadBalancing::LoadBalancer", props: props,
		physical: []string{name}}
}
