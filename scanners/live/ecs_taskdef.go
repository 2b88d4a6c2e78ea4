package live

import (
	"context"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// collectTaskDefinitions describes the task definition each service runs
// (each one once), so the container health checks can be judged: the
// service's TaskDefinition ARN is then linked to it. One that cannot be
// described is a gap; its services keep the bare ARN, which names
// nothing, so their health checks stay unknown.
func collectTaskDefinitions(ctx context.Context, s *scope, client *ecs.Client, services []*item) error {
	seen := map[string]bool{}
	var arns []string
	for _, svc := range services {
		if arn, ok := svc.props["TaskDefinition"].(string); ok && arn != "" && !seen[arn] {
			seen[arn] = true
			arns = append(arns, arn)
		}
	}
	sort.Strings(arns)
	items := make([]*item, len(arns))
	err := s.each(ctx, len(arns), func(ctx context.Context, i int) error {
		var td *types.TaskDefinition
		err := s.call(ctx, func(ctx context.Context) error {
			out, err := client.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(arns[i])})
			if err == nil {
				td = out.TaskDefinition
			}
			return err
		})
		if err != nil {
			s.partialOf("DescribeTaskDefinition", "the container health checks of task definitions", arns[i], err)
			return nil
		}
		if td != nil {
			items[i] = taskDefinitionItem(td)
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.addPresent(items)
	return nil
}

// taskDefinitionItem writes a task definition revision as
// AWS::ECS::TaskDefinition: its containers with whether they are
// essential and their health checks.
func taskDefinitionItem(td *types.TaskDefinition) *item {
	family, arn := aws.ToString(td.Family), aws.ToString(td.TaskDefinitionArn)
	props := map[string]any{"Family": family}
	containers := make([]any, 0, len(td.ContainerDefinitions))
	for _, c := range td.ContainerDefinitions {
		m := map[string]any{"Name": aws.ToString(c.Name)}
		if c.Image != nil {
			m["Image"] = *c.Image
		}
		if c.Essential != nil {
			m["Essential"] = *c.Essential
		}
		if h := c.HealthCheck; h != nil {
			hc := map[string]any{"Command": anyList(h.Command)}
			for k, v := range map[string]*int32{"Interval": h.Interval, "Retries": h.Retries, "StartPeriod": h.StartPeriod, "Timeout": h.Timeout} {
				if v != nil {
					hc[k] = int64(*v)
				}
			}
			m["HealthCheck"] = hc
		}
		containers = append(containers, m)
	}
	props["ContainerDefinitions"] = containers
	if td.NetworkMode != "" {
		props["NetworkMode"] = string(td.NetworkMode)
	}
	if len(td.RequiresCompatibilities) > 0 {
		var list []string
		for _, c := range td.RequiresCompatibilities {
			list = append(list, string(c))
		}
		props["RequiresCompatibilities"] = anyList(list)
	}
	if td.Cpu != nil {
		props["Cpu"] = *td.Cpu
	}
	if td.Memory != nil {
		props["Memory"] = *td.Memory
	}
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: fmt.Sprintf("taskdefinition/%s:%d", family, td.Revision), typ: "AWS::ECS::TaskDefinition", props: props,
		physical: []string{arn}}
}
