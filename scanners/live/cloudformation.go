package live

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	cfn "github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// collectStacks reads every deployed stack: its processed template (SAM
// expanded, so logical ids match what CloudFormation created), its real
// parameter values and tags, and the physical id of each resource, which
// is how a live resource is traced back to its stack and logical id.
//
// DescribeStacks rather than ListStacks: it lists the same live stacks
// and also returns their parameters and tags, saving a call per stack.
// ListStackResources rather than DescribeStackResources: the latter
// stops at 100 resources and cannot be paged.
func collectStacks(ctx context.Context, s *scope) error {
	client := cfn.NewFromConfig(s.cfg)
	var stacks []types.Stack
	p := cfn.NewDescribeStacksPaginator(client, &cfn.DescribeStacksInput{})
	err := s.pages(ctx, p.HasMorePages, func(ctx context.Context) error {
		out, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, st := range out.Stacks {
			switch st.StackStatus {
			case types.StackStatusDeleteComplete, types.StackStatusReviewInProgress:
				continue // nothing deployed
			}
			stacks = append(stacks, st)
		}
		return nil
	})
	if err != nil {
		return err
	}
	found := make([]*stackInfo, len(stacks))
	err = s.each(ctx, len(stacks), func(ctx context.Context, i int) error {
		st := stacks[i]
		info := &stackInfo{name: aws.ToString(st.StackName), id: aws.ToString(st.StackId),
			params: map[string]string{}, tags: map[string]string{}}
		for _, prm := range st.Parameters {
			v := aws.ToString(prm.ParameterValue)
			if prm.ResolvedValue != nil {
				v = *prm.ResolvedValue // SSM parameter types: the value, not its name
			}
			if v == "****" {
				continue // NoEcho: masked by AWS, and never substituted anyway
			}
			info.params[aws.ToString(prm.ParameterKey)] = v
		}
		for _, t := range st.Tags {
			info.tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
		err := s.call(ctx, func(ctx context.Context) error {
			out, err := client.GetTemplate(ctx, &cfn.GetTemplateInput{StackName: st.StackName, TemplateStage: types.TemplateStageProcessed})
			if err == nil {
				info.body = aws.ToString(out.TemplateBody)
			}
			return err
		})
		if err != nil {
			s.partialOf("GetTemplate", "stack templates (their live resources are still checked)", info.name, err)
		}
		rp := cfn.NewListStackResourcesPaginator(client, &cfn.ListStackResourcesInput{StackName: st.StackName})
		err = s.pages(ctx, rp.HasMorePages, func(ctx context.Context) error {
			out, err := rp.NextPage(ctx)
			if err != nil {
				return err
			}
			for _, r := range out.StackResourceSummaries {
				info.resources = append(info.resources, stackResource{logical: aws.ToString(r.LogicalResourceId),
					physical: aws.ToString(r.PhysicalResourceId), typ: aws.ToString(r.ResourceType)})
			}
			return nil
		})
		if err != nil {
			s.partialOf("ListStackResources", "which live resources belong to the stacks", info.name, err)
		}
		found[i] = info
		return nil
	})
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stacks = append(s.stacks, found...)
	return nil
}
