package live

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// collectLambda reads every function and its reserved concurrency, and
// the account's real concurrency limit, which replaces the default the
// concurrency rules assume.
func collectLambda(ctx context.Context, s *scope) error {
	client := lambda.NewFromConfig(s.cfg)
	err := s.call(ctx, func(ctx context.Context) error {
		out, err := client.GetAccountSettings(ctx, &lambda.GetAccountSettingsInput{})
		if err == nil && out.AccountLimit != nil && out.AccountLimit.ConcurrentExecutions > 0 {
			s.setting("account_concurrency_limit", int64(out.AccountLimit.ConcurrentExecutions))
		}
		return err
	})
	if err != nil {
		s.partial("GetAccountSettings", "the account's concurrency limit (the default is assumed)", err)
	}
	var fns []types.FunctionConfiguration
	p := lambda.NewListFunctionsPaginator(client, &lambda.ListFunctionsInput{})
	fns, err = listAll(ctx, s, p, func(o *lambda.ListFunctionsOutput) []types.FunctionConfiguration { return o.Functions })
	if err != nil {
		return err
	}
	items := make([]*item, len(fns))
	err = s.each(ctx, len(fns), func(ctx context.Context, i int) error {
		fn := fns[i]
		it := functionItem(fn)
		err := s.call(ctx, func(ctx context.Context) error {
			out, err := client.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: fn.FunctionName})
			if err == nil && out.ReservedConcurrentExecutions != nil {
				it.props["ReservedConcurrentExecutions"] = int64(*out.ReservedConcurrentExecutions)
			}
			return err
		})
		if isNotFound(err) {
			return nil
		}
		if err != nil {
			s.partial("GetFunctionConcurrency", "reserved concurrency", err)
			it.props["ReservedConcurrentExecutions"] = unknown("lambda:GetFunctionConcurrency")
		}
		items[i] = it
		return nil
	})
	if err != nil {
		return err
	}
	for _, it := range items {
		if it != nil {
			s.add(it)
		}
	}
	return nil
}

func functionItem(fn types.FunctionConfiguration) *item {
	name := aws.ToString(fn.FunctionName)
	props := map[string]any{"FunctionName": name}
	if fn.Runtime != "" {
		props["Runtime"] = string(fn.Runtime)
	}
	if fn.Handler != nil {
		props["Handler"] = *fn.Handler
	}
	if fn.Timeout != nil {
		props["Timeout"] = int64(*fn.Timeout)
	}
	if fn.MemorySize != nil {
		props["MemorySize"] = int64(*fn.MemorySize)
	}
	if fn.PackageType != "" {
		props["PackageType"] = string(fn.PackageType)
	}
	if fn.DeadLetterConfig != nil && fn.DeadLetterConfig.TargetArn != nil {
		props["DeadLetterConfig"] = map[string]any{"TargetArn": *fn.DeadLetterConfig.TargetArn}
	}
	if v := fn.VpcConfig; v != nil && len(v.SubnetIds) > 0 {
		props["VpcConfig"] = map[string]any{"SubnetIds": anyList(v.SubnetIds), "SecurityGroupIds": anyList(v.SecurityGroupIds)}
	}
	arn := aws.ToString(fn.FunctionArn)
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: "function/" + name, typ: "AWS::Lambda::Function", props: props, physical: []string{name, arn}}
}
