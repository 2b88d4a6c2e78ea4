package live

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// describeBatch is the most services DescribeServices takes at once.
const describeBatch = 10

// collectECS reads every service of every cluster: its subnets,
// deployment configuration, desired count and capacity provider strategy;
// then the task definitions they run (collectTaskDefinitions) and the
// clusters and capacity providers (collectECSCapacity).
func collectECS(ctx context.Context, s *scope) error {
	client := ecs.NewFromConfig(s.cfg)
	p := ecs.NewListClustersPaginator(client, &ecs.ListClustersInput{})
	clusters, err := listAll(ctx, s, p, func(o *ecs.ListClustersOutput) []string { return o.ClusterArns })
	if err != nil {
		return err
	}
	// One batch per DescribeServices call, fanned out within the bound.
	type batch struct {
		cluster string
		arns    []string
	}
	var batches []batch
	for _, c := range clusters {
		var arns []string
		sp := ecs.NewListServicesPaginator(client, &ecs.ListServicesInput{Cluster: aws.String(c)})
		err := s.pages(ctx, sp.HasMorePages, func(ctx context.Context) error {
			out, err := sp.NextPage(ctx)
			if err == nil {
				arns = append(arns, out.ServiceArns...)
			}
			return err
		})
		if err != nil {
			return err
		}
		for i := 0; i < len(arns); i += describeBatch {
			batches = append(batches, batch{c, arns[i:min(i+describeBatch, len(arns))]})
		}
	}
	found := make([][]*item, len(batches))
	err = s.each(ctx, len(batches), func(ctx context.Context, i int) error {
		b := batches[i]
		return s.call(ctx, func(ctx context.Context) error {
			out, err := client.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(b.cluster),
				Services: b.arns, Include: []types.ServiceField{types.ServiceFieldTags}})
			if err != nil {
				return err
			}
			for _, svc := range out.Services {
				if aws.ToString(svc.Status) == "INACTIVE" {
					continue
				}
				found[i] = append(found[i], serviceItem(b.cluster, svc))
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	var services []*item
	for _, list := range found {
		s.add(list...)
		services = append(services, list...)
	}
	if err := collectTaskDefinitions(ctx, s, client, services); err != nil {
		return err
	}
	return collectECSCapacity(ctx, s, client, clusters)
}

func serviceItem(clusterARN string, svc types.Service) *item {
	name := aws.ToString(svc.ServiceName)
	cluster := clusterARN[strings.LastIndexByte(clusterARN, '/')+1:]
	props := map[string]any{"ServiceName": name, "Cluster": cluster, "DesiredCount": int64(svc.DesiredCount)}
	if svc.LaunchType != "" {
		props["LaunchType"] = string(svc.LaunchType)
	}
	if len(svc.CapacityProviderStrategy) > 0 {
		props["CapacityProviderStrategy"] = capacityStrategy(svc.CapacityProviderStrategy)
	}
	if svc.SchedulingStrategy != "" {
		props["SchedulingStrategy"] = string(svc.SchedulingStrategy)
	}
	if svc.TaskDefinition != nil {
		props["TaskDefinition"] = *svc.TaskDefinition
	}
	if n := svc.NetworkConfiguration; n != nil && n.AwsvpcConfiguration != nil {
		vpc := map[string]any{"Subnets": subnetRefs(n.AwsvpcConfiguration.Subnets)}
		if len(n.AwsvpcConfiguration.SecurityGroups) > 0 {
			vpc["SecurityGroups"] = anyList(n.AwsvpcConfiguration.SecurityGroups)
		}
		if n.AwsvpcConfiguration.AssignPublicIp != "" {
			vpc["AssignPublicIp"] = string(n.AwsvpcConfiguration.AssignPublicIp)
		}
		props["NetworkConfiguration"] = map[string]any{"AwsvpcConfiguration": vpc}
	}
	if d := svc.DeploymentConfiguration; d != nil {
		dc := map[string]any{}
		if d.MinimumHealthyPercent != nil {
			dc["MinimumHealthyPercent"] = int64(*d.MinimumHealthyPercent)
		}
		if d.MaximumPercent != nil {
			dc["MaximumPercent"] = int64(*d.MaximumPercent)
		}
		if cb := d.DeploymentCircuitBreaker; cb != nil {
			dc["DeploymentCircuitBreaker"] = map[string]any{"Enable": cb.Enable, "Rollback": cb.Rollback}
		}
		if a := d.Alarms; a != nil {
			dc["Alarms"] = map[string]any{"Enable": a.Enable, "Rollback": a.Rollback, "AlarmNames": anyList(a.AlarmNames)}
		}
		props["DeploymentConfiguration"] = dc
	}
	if svc.DeploymentController != nil && svc.DeploymentController.Type != "" {
		props["DeploymentController"] = map[string]any{"Type": string(svc.DeploymentController.Type)}
	}
	var lbs []any
	for _, lb := range svc.LoadBalancers {
		m := map[string]any{}
		if lb.TargetGroupArn != nil {
			m["TargetGroupArn"] = *lb.TargetGroupArn
		}
		if lb.ContainerName != nil {
			m["ContainerName"] = *lb.ContainerName
		}
		if lb.ContainerPort != nil {
			m["ContainerPort"] = int64(*lb.ContainerPort)
		}
		lbs = append(lbs, m)
	}
	if len(lbs) > 0 {
		props["LoadBalancers"] = lbs
	}
	if svc.HealthCheckGracePeriodSeconds != nil {
		props["HealthCheckGracePeriodSeconds"] = int64(*svc.HealthCheckGracePeriodSeconds)
	}
	var keys, values []string
	for _, t := range svc.Tags {
		keys, values = append(keys, aws.ToString(t.Key)), append(values, aws.ToString(t.Value))
	}
	if len(keys) > 0 {
		props["Tags"] = tagList(keys, values)
	}
	arn := aws.ToString(svc.ServiceArn)
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: "service/" + cluster + "/" + name, typ: "AWS::ECS::Service", props: props, physical: []string{arn}}
}
