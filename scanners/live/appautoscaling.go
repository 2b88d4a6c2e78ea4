package live

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"
)

// ruleTableScaling is the rule that needs to know which tables Application
// Auto Scaling scales.
const ruleTableScaling = "BW-THROTTLING-003"

// collectTableScaling reads the Application Auto Scaling targets of
// DynamoDB tables and indexes, as AWS::ApplicationAutoScaling::
// ScalableTarget with the ResourceId ("table/orders") a template gives.
// It runs with the DynamoDB collector, so that tables are never judged
// without their targets; when the targets cannot be read, the rule that
// needs them is not judged in this Region.
func collectTableScaling(ctx context.Context, s *scope) {
	client := aas.NewFromConfig(s.cfg)
	p := aas.NewDescribeScalableTargetsPaginator(client, &aas.DescribeScalableTargetsInput{ServiceNamespace: types.ServiceNamespaceDynamodb})
	targets, err := listAll(ctx, s, p, func(o *aas.DescribeScalableTargetsOutput) []types.ScalableTarget { return o.ScalableTargets })
	if err != nil {
		s.partial("application-autoscaling:DescribeScalableTargets", "which tables auto scaling scales ("+ruleTableScaling+" not judged)", err)
		s.uncheck(ruleTableScaling, "Application Auto Scaling targets could not be read")
		return
	}
	for _, t := range targets {
		s.add(scalableTargetItem(t))
	}
}

// scalableTargetItem writes a target as CloudFormation declares it; its
// physical id is CloudFormation's: resource|dimension|namespace.
func scalableTargetItem(t types.ScalableTarget) *item {
	res, dim, ns := aws.ToString(t.ResourceId), string(t.ScalableDimension), string(t.ServiceNamespace)
	props := map[string]any{"ServiceNamespace": ns, "ResourceId": res, "ScalableDimension": dim}
	if t.MinCapacity != nil {
		props["MinCapacity"] = int64(*t.MinCapacity)
	}
	if t.MaxCapacity != nil {
		props["MaxCapacity"] = int64(*t.MaxCapacity)
	}
	if t.SuspendedState != nil {
		props["SuspendedState"] = map[string]any{"DynamicScalingInSuspended": aws.ToBool(t.SuspendedState.DynamicScalingInSuspended),
			"DynamicScalingOutSuspended": aws.ToBool(t.SuspendedState.DynamicScalingOutSuspended),
			"ScheduledScalingSuspended":  aws.ToBool(t.SuspendedState.ScheduledScalingSuspended)}
	}
	physical := res + "|" + dim + "|" + ns
	return &item{id: "scalabletarget/" + ns + "/" + res + "/" + dim, typ: "AWS::ApplicationAutoScaling::ScalableTarget", props: props,
		physical: []string{physical, aws.ToString(t.ScalableTargetARN)}}
}
