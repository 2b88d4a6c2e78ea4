package live

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// collectDynamoDB reads every table: DescribeTable for its shape and
// replicas, DescribeContinuousBackups for point-in-time recovery; then the
// tables' auto scaling targets (collectTableScaling). A table with
// replicas in other Regions is a global table, and is modelled as
// AWS::DynamoDB::GlobalTable so the global-table rules and estimates apply.
func collectDynamoDB(ctx context.Context, s *scope) error {
	client := dynamodb.NewFromConfig(s.cfg)
	p := dynamodb.NewListTablesPaginator(client, &dynamodb.ListTablesInput{})
	names, err := listAll(ctx, s, p, func(o *dynamodb.ListTablesOutput) []string { return o.TableNames })
	if err != nil {
		return err
	}
	items := make([]*item, len(names))
	err = s.each(ctx, len(names), func(ctx context.Context, i int) error {
		var desc *types.TableDescription
		err := s.call(ctx, func(ctx context.Context) error {
			out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(names[i])})
			if err == nil {
				desc = out.Table
			}
			return err
		})
		if isNotFound(err) {
			return nil // deleted since ListTables
		}
		if err != nil {
			s.partialOf("DescribeTable", "tables", names[i], err)
			return nil
		}
		pitr := s.pitr(ctx, client, names[i])
		items[i] = tableItem(s.region, desc, pitr)
		return nil
	})
	if err != nil {
		return err
	}
	s.addPresent(items)
	if len(names) > 0 {
		collectTableScaling(ctx, s)
	}
	return nil
}

// pitr reads a table's PointInTimeRecoverySpecification, or an unknown
// value when the call fails (the gap is recorded).
func (s *scope) pitr(ctx context.Context, client *dynamodb.Client, table string) any {
	var desc *types.ContinuousBackupsDescription
	err := s.call(ctx, func(ctx context.Context) error {
		out, err := client.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String(table)})
		if err == nil {
			desc = out.ContinuousBackupsDescription
		}
		return err
	})
	if err != nil {
		s.partial("DescribeContinuousBackups", "point-in-time recovery", err)
		return unknown("dynamodb:DescribeContinuousBackups")
	}
	spec := map[string]any{"PointInTimeRecoveryEnabled": false}
	if desc != nil && desc.PointInTimeRecoveryDescription != nil {
		d := desc.PointInTimeRecoveryDescription
		spec["PointInTimeRecoveryEnabled"] = d.PointInTimeRecoveryStatus == types.PointInTimeRecoveryStatusEnabled
		if d.RecoveryPeriodInDays != nil {
			spec["RecoveryPeriodInDays"] = int64(*d.RecoveryPeriodInDays)
		}
	}
	return spec
}

func tableItem(region string, t *types.TableDescription, pitr any) *item {
	name := aws.ToString(t.TableName)
	props := map[string]any{"TableName": name}
	if t.BillingModeSummary != nil && t.BillingModeSummary.BillingMode != "" {
		props["BillingMode"] = string(t.BillingModeSummary.BillingMode)
	} else {
		// DynamoDB leaves the summary out for tables that have always been
		// provisioned; an on-demand table always has one.
		props["BillingMode"] = "PROVISIONED"
	}
	props["DeletionProtectionEnabled"] = deletionProtection(t.DeletionProtectionEnabled, "dynamodb:DescribeTable DeletionProtectionEnabled")
	if t.StreamSpecification != nil && aws.ToBool(t.StreamSpecification.StreamEnabled) {
		props["StreamSpecification"] = map[string]any{"StreamViewType": string(t.StreamSpecification.StreamViewType)}
	}
	it := &item{id: "table/" + name, typ: "AWS::DynamoDB::Table", props: props,
		physical: []string{name, aws.ToString(t.TableArn)}}
	if arn := aws.ToString(t.TableArn); arn != "" {
		props[arnKey] = arn
	}
	regions := map[string]bool{}
	for _, r := range t.Replicas {
		if n := aws.ToString(r.RegionName); n != "" {
			regions[n] = true
		}
	}
	if len(regions) == 0 {
		props["PointInTimeRecoverySpecification"] = pitr
		return it
	}
	// A global table: one replica per Region. This Region's replica
	// carries the PITR state read here; the others are judged when their
	// own Region is audited, so here they are unknown.
	regions[region] = true
	list := make([]string, 0, len(regions))
	for r := range regions {
		list = append(list, r)
	}
	sort.Strings(list)
	var replicas []any
	for _, r := range list {
		rep := map[string]any{"Region": r}
		if r == region {
			rep["PointInTimeRecoverySpecification"] = pitr
			if v, ok := props["DeletionProtectionEnabled"]; ok {
				rep["DeletionProtectionEnabled"] = v
			}
		} else {
			rep["PointInTimeRecoverySpecification"] = unknown("replica in " + r)
		}
		replicas = append(replicas, rep)
	}
	props["Replicas"] = replicas
	// CloudFormation sets deletion protection per replica of a global
	// table; what DescribeTable says is this Region's replica's.
	delete(props, "DeletionProtectionEnabled")
	it.typ = "AWS::DynamoDB::GlobalTable"
	return it
}
