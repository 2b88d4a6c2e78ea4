package live

import (
	"context"
	"encoding/json"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

// collectEventBridge reads the rules of every event bus and their targets:
// where each target's failed events go (DeadLetterConfig) and how long
// EventBridge retries them (RetryPolicy).
func collectEventBridge(ctx context.Context, s *scope) error {
	client := eventbridge.NewFromConfig(s.cfg)
	var buses []string
	var token *string
	first := true
	err := s.pages(ctx, func() bool { return first || token != nil }, func(ctx context.Context) error {
		out, err := client.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{NextToken: token})
		if err != nil {
			return err
		}
		first = false
		for _, b := range out.EventBuses {
			buses = append(buses, aws.ToString(b.Name))
		}
		token = out.NextToken
		return nil
	})
	if err != nil {
		return err
	}
	var rules []types.Rule
	for _, bus := range buses {
		list, err := s.listRules(ctx, client, bus)
		if isNotFound(err) {
			continue // the bus was deleted since it was listed
		}
		if err != nil {
			// The other buses' rules stand; this bus's are not judged.
			s.partial("ListRules", "the rules of an event bus", err)
			continue
		}
		rules = append(rules, list...)
	}
	items := make([]*item, len(rules))
	err = s.each(ctx, len(rules), func(ctx context.Context, i int) error {
		r := rules[i]
		it := eventRuleItem(r)
		targets, err := s.listTargets(ctx, client, r)
		if isNotFound(err) {
			return nil // deleted since ListRules
		}
		if err != nil {
			s.partial("ListTargetsByRule", "rule targets and their dead-letter queues", err)
			it.props["Targets"] = unknown("events:ListTargetsByRule")
		} else {
			it.props["Targets"] = targetList(targets)
		}
		items[i] = it
		return nil
	})
	if err != nil {
		return err
	}
	s.addPresent(items)
	return nil
}

// listRules reads the rules of one bus. Rules that another AWS service
// manages (ManagedBy set) are left out: their owner sets their targets,
// and the account cannot give them a dead-letter queue.
func (s *scope) listRules(ctx context.Context, client *eventbridge.Client, bus string) ([]types.Rule, error) {
	var rules []types.Rule
	var token *string
	first := true
	err := s.pages(ctx, func() bool { return first || token != nil }, func(ctx context.Context) error {
		out, err := client.ListRules(ctx, &eventbridge.ListRulesInput{EventBusName: aws.String(bus), NextToken: token})
		if err != nil {
			return err
		}
		first = false
		for _, r := range out.Rules {
			if aws.ToString(r.ManagedBy) == "" {
				if r.EventBusName == nil {
					r.EventBusName = aws.String(bus)
				}
				rules = append(rules, r)
			}
		}
		token = out.NextToken
		return nil
	})
	return rules, err
}

func (s *scope) listTargets(ctx context.Context, client *eventbridge.Client, r types.Rule) ([]types.Target, error) {
	var targets []types.Target
	var token *string
	first := true
	err := s.pages(ctx, func() bool { return first || token != nil }, func(ctx context.Context) error {
		out, err := client.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: r.Name, EventBusName: r.EventBusName, NextToken: token})
		if err != nil {
			return err
		}
		first = false
		targets = append(targets, out.Targets...)
		token = out.NextToken
		return nil
	})
	return targets, err
}

// eventRuleItem writes a rule as CloudFormation declares it. Its id is the
// resource part of its ARN: rule/name on the default bus, rule/bus/name on
// another. CloudFormation's physical id is the name, or bus|name.
func eventRuleItem(r types.Rule) *item {
	name, bus := aws.ToString(r.Name), aws.ToString(r.EventBusName)
	id, physical := "rule/"+name, name
	props := map[string]any{"Name": name}
	if bus != "" && bus != "default" {
		id, physical = "rule/"+bus+"/"+name, bus+"|"+name
		props["EventBusName"] = bus
	}
	if r.State != "" {
		props["State"] = string(r.State)
	}
	if r.ScheduleExpression != nil {
		props["ScheduleExpression"] = *r.ScheduleExpression
	}
	if p := aws.ToString(r.EventPattern); p != "" {
		// A template writes the pattern as an object; one that cannot be
		// read is still a pattern, with unknown contents.
		var v any
		if err := json.Unmarshal([]byte(p), &v); err == nil {
			props["EventPattern"] = modelValue(v)
		} else {
			props["EventPattern"] = unknown("events:EventPattern")
		}
	}
	if r.RoleArn != nil {
		props["RoleArn"] = *r.RoleArn
	}
	arn := aws.ToString(r.Arn)
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: id, typ: "AWS::Events::Rule", props: props, physical: []string{physical, arn}}
}

// targetList writes a rule's targets in CloudFormation's shape, with what
// the coupling rules read: where failed events go and the retry policy.
func targetList(targets []types.Target) []any {
	out := make([]any, 0, len(targets))
	for _, t := range targets {
		tp := map[string]any{"Id": aws.ToString(t.Id), "Arn": aws.ToString(t.Arn)}
		if t.RoleArn != nil {
			tp["RoleArn"] = *t.RoleArn
		}
		if d := t.DeadLetterConfig; d != nil && d.Arn != nil {
			tp["DeadLetterConfig"] = map[string]any{"Arn": *d.Arn}
		}
		if p := t.RetryPolicy; p != nil {
			rp := map[string]any{}
			if p.MaximumRetryAttempts != nil {
				rp["MaximumRetryAttempts"] = int64(*p.MaximumRetryAttempts)
			}
			if p.MaximumEventAgeInSeconds != nil {
				rp["MaximumEventAgeInSeconds"] = int64(*p.MaximumEventAgeInSeconds)
			}
			tp["RetryPolicy"] = rp
		}
		out = append(out, tp)
	}
	return out
}

// modelValue converts decoded JSON to the model's types: whole numbers
// as int64, lists as []any, objects as map[string]any.
func modelValue(v any) any {
	switch x := v.(type) {
	case float64:
		if x == float64(int64(x)) {
			return int64(x)
		}
		return x
	case []any:
		for i := range x {
			x[i] = modelValue(x[i])
		}
		return x
	case map[string]any:
		for k := range x {
			x[k] = modelValue(x[k])
		}
		return x
	}
	return v
}
