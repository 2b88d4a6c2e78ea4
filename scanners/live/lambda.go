package live

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// collectLambda reads every function, its reserved concurrency and its
// event invoke configs (where failed asynchronous events go), the
// account's real concurrency limit, which replaces the default the
// concurrency rules assume, and the event source mappings, which tell the
// coupling rules which function polls which queue.
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
	configs := make([][]*item, len(fns))
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
		configs[i] = invokeConfigs(ctx, s, client, aws.ToString(fn.FunctionName))
		return nil
	})
	if err != nil {
		return err
	}
	for i, it := range items {
		if it != nil {
			s.add(it)
			s.add(configs[i]...)
		}
	}
	mp := lambda.NewListEventSourceMappingsPaginator(client, &lambda.ListEventSourceMappingsInput{})
	mappings, err := listAll(ctx, s, mp, func(o *lambda.ListEventSourceMappingsOutput) []types.EventSourceMappingConfiguration {
		return o.EventSourceMappings
	})
	if err != nil {
		// The functions stand; only what polls what is unknown, which
		// can hide a coupling finding but never invent one.
		s.partial("ListEventSourceMappings", "which queues and streams functions poll", err)
		return nil
	}
	for _, m := range mappings {
		s.add(mappingItem(m))
	}
	return nil
}

// mappingItem writes an event source mapping as CloudFormation declares
// it. EventSourceArn and the on-failure destination stay ARNs here;
// linkARNs turns them into references to the queue or stream they name
// when it is audited with them, and lib.function_id finds the function by
// the name in FunctionName's ARN.
func mappingItem(m types.EventSourceMappingConfiguration) *item {
	id := aws.ToString(m.UUID)
	props := map[string]any{"FunctionName": aws.ToString(m.FunctionArn)}
	if m.EventSourceArn != nil {
		props["EventSourceArn"] = *m.EventSourceArn
	}
	if m.BatchSize != nil {
		props["BatchSize"] = int64(*m.BatchSize)
	}
	if m.MaximumBatchingWindowInSeconds != nil {
		props["MaximumBatchingWindowInSeconds"] = int64(*m.MaximumBatchingWindowInSeconds)
	}
	if m.MaximumRetryAttempts != nil {
		props["MaximumRetryAttempts"] = int64(*m.MaximumRetryAttempts)
	}
	if m.MaximumRecordAgeInSeconds != nil {
		props["MaximumRecordAgeInSeconds"] = int64(*m.MaximumRecordAgeInSeconds)
	}
	if m.BisectBatchOnFunctionError != nil {
		props["BisectBatchOnFunctionError"] = *m.BisectBatchOnFunctionError
	}
	if len(m.FunctionResponseTypes) > 0 {
		var list []string
		for _, t := range m.FunctionResponseTypes {
			list = append(list, string(t))
		}
		props["FunctionResponseTypes"] = anyList(list)
	}
	if m.StartingPosition != "" {
		props["StartingPosition"] = string(m.StartingPosition)
	}
	// State is Enabled, Enabling, Disabled, Disabling, Creating, Updating
	// or Deleting: only a mapping being turned off is Enabled: false.
	switch aws.ToString(m.State) {
	case "Disabled", "Disabling":
		props["Enabled"] = false
	case "":
	default:
		props["Enabled"] = true
	}
	if d := m.DestinationConfig; d != nil && d.OnFailure != nil && d.OnFailure.Destination != nil {
		props["DestinationConfig"] = map[string]any{"OnFailure": map[string]any{"Destination": *d.OnFailure.Destination}}
	}
	arn := aws.ToString(m.EventSourceMappingArn)
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: "eventsourcemapping/" + id, typ: "AWS::Lambda::EventSourceMapping", props: props, physical: []string{id, arn}}
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

// invokeConfigs reads where a function's failed asynchronous events go
// (PutFunctionEventInvokeConfig, one config per version or alias) as
// AWS::Lambda::EventInvokeConfig resources. When they cannot be read, the
// function gets one config whose destination is unknown: the failure
// rules then cannot tell whether its events are kept, and say nothing.
func invokeConfigs(ctx context.Context, s *scope, client *lambda.Client, name string) []*item {
	p := lambda.NewListFunctionEventInvokeConfigsPaginator(client, &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String(name)})
	configs, err := listAll(ctx, s, p, func(o *lambda.ListFunctionEventInvokeConfigsOutput) []types.FunctionEventInvokeConfig {
		return o.FunctionEventInvokeConfigs
	})
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		s.partial("ListFunctionEventInvokeConfigs", "where failed asynchronous invocations go", err)
		s.addPlaceholder(&item{id: "eventinvokeconfig/" + name, typ: "AWS::Lambda::EventInvokeConfig",
			props: map[string]any{"FunctionName": name, "Qualifier": "$LATEST",
				"DestinationConfig": map[string]any{"OnFailure": map[string]any{"Destination": unknown("lambda:ListFunctionEventInvokeConfigs")}}}})
		return nil
	}
	out := make([]*item, 0, len(configs))
	for _, c := range configs {
		out = append(out, invokeConfigItem(name, c))
	}
	return out
}

// invokeConfigItem writes one event invoke config as CloudFormation
// declares it; the qualifier is the last part of the config's function ARN.
func invokeConfigItem(name string, c types.FunctionEventInvokeConfig) *item {
	arn := aws.ToString(c.FunctionArn)
	qualifier := "$LATEST"
	if parts := strings.Split(arn, ":"); len(parts) == 8 {
		qualifier = parts[7]
	}
	props := map[string]any{"FunctionName": name, "Qualifier": qualifier}
	if c.MaximumRetryAttempts != nil {
		props["MaximumRetryAttempts"] = int64(*c.MaximumRetryAttempts)
	}
	if c.MaximumEventAgeInSeconds != nil {
		props["MaximumEventAgeInSeconds"] = int64(*c.MaximumEventAgeInSeconds)
	}
	dest := map[string]any{}
	if d := c.DestinationConfig; d != nil {
		if d.OnFailure != nil && aws.ToString(d.OnFailure.Destination) != "" {
			dest["OnFailure"] = map[string]any{"Destination": *d.OnFailure.Destination}
		}
		if d.OnSuccess != nil && aws.ToString(d.OnSuccess.Destination) != "" {
			dest["OnSuccess"] = map[string]any{"Destination": *d.OnSuccess.Destination}
		}
	}
	if len(dest) > 0 {
		props["DestinationConfig"] = dest
	}
	return &item{id: "eventinvokeconfig/" + name + "/" + qualifier, typ: "AWS::Lambda::EventInvokeConfig", props: props,
		physical: []string{name + "|" + qualifier}}
}
