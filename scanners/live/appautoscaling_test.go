package live

import (
	stdjson "encoding/json"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScalableTargetShape: a target as a template declares it, with
// CloudFormation's physical id.
func TestScalableTargetShape(t *testing.T) {
	tests := []struct {
		name     string
		target   types.ScalableTarget
		want     map[string]any // nil values: property absent
		physical string
	}{
		{"table reads", types.ScalableTarget{ServiceNamespace: types.ServiceNamespaceDynamodb, ResourceId: aws.String("table/orders"),
			ScalableDimension: types.ScalableDimensionDynamoDBTableReadCapacityUnits, MinCapacity: aws.Int32(5), MaxCapacity: aws.Int32(100)},
			map[string]any{"ServiceNamespace": "dynamodb", "ResourceId": "table/orders", "ScalableDimension": "dynamodb:table:ReadCapacityUnits",
				"MinCapacity": int64(5), "MaxCapacity": int64(100), "SuspendedState": nil},
			"table/orders|dynamodb:table:ReadCapacityUnits|dynamodb"},
		{"suspended index", types.ScalableTarget{ServiceNamespace: types.ServiceNamespaceDynamodb, ResourceId: aws.String("table/orders/index/byDate"),
			ScalableDimension: types.ScalableDimensionDynamoDBIndexWriteCapacityUnits,
			SuspendedState:    &types.SuspendedState{DynamicScalingInSuspended: aws.Bool(true)}},
			map[string]any{"ResourceId": "table/orders/index/byDate", "MinCapacity": nil, "SuspendedState": map[string]any{
				"DynamicScalingInSuspended": true, "DynamicScalingOutSuspended": false, "ScheduledScalingSuspended": false}},
			"table/orders/index/byDate|dynamodb:index:WriteCapacityUnits|dynamodb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := scalableTargetItem(tt.target)
			assert.Equal(t, "AWS::ApplicationAutoScaling::ScalableTarget", it.typ)
			assert.Equal(t, tt.physical, it.physical[0])
			for k, v := range tt.want {
				assert.Equal(t, v, it.props[k], k)
			}
		})
	}
}

// serveScaledTables answers, in region, DynamoDB tables (name -> billing
// mode, "" for a table whose summary DynamoDB leaves out) and the
// read and write scalable targets of the tables in scaled.
func serveScaledTables(f *livetest.Front, region string, tables map[string]string, scaled ...string) {
	var names []string
	for n := range tables {
		names = append(names, n)
	}
	f.Handle(region, "dynamodb", "ListTables", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.JSON(w, map[string]any{"TableNames": names})
	})
	f.Handle(region, "dynamodb", "DescribeTable", func(w http.ResponseWriter, r *livetest.Request) {
		var in struct{ TableName string }
		_ = stdjson.Unmarshal(r.Body, &in)
		table := map[string]any{"TableName": in.TableName, "TableStatus": "ACTIVE", "DeletionProtectionEnabled": true,
			"ProvisionedThroughput": map[string]any{"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}}
		if mode := tables[in.TableName]; mode != "" {
			table["BillingModeSummary"] = map[string]any{"BillingMode": mode}
		}
		livetest.JSON(w, map[string]any{"Table": table})
	})
	var targets []any
	for _, n := range scaled {
		for _, dim := range []string{"ReadCapacityUnits", "WriteCapacityUnits"} {
			targets = append(targets, map[string]any{"ServiceNamespace": "dynamodb", "ResourceId": "table/" + n,
				"ScalableDimension": "dynamodb:table:" + dim, "MinCapacity": 5, "MaxCapacity": 500, "RoleARN": "arn:aws:iam::" + livetest.Account + ":role/scaling",
				"CreationTime": 1.7e9})
		}
	}
	f.Handle(region, "application-autoscaling", "DescribeScalableTargets", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.JSON(w, map[string]any{"ScalableTargets": targets})
	})
}

// TestTableAutoScalingLive: in a tiered workload a provisioned table
// without auto scaling fails BW-THROTTLING-003 (also one whose billing
// summary DynamoDB leaves out); one with read and write targets passes,
// as does an on-demand table. When the targets cannot be read, the rule
// is not judged.
func TestTableAutoScalingLive(t *testing.T) {
	const region = "ap-southeast-1"
	tables := map[string]string{"fixed": "PROVISIONED", "legacy": "", "scaled": "PROVISIONED", "ondemand": "PAY_PER_REQUEST"}
	f := newFront(t)
	serveScaledTables(f, region, tables, "scaled")
	o := options(f, region)
	o.Services = []string{"dynamodb"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	target := resource(inv, file(region), "scalabletarget/dynamodb/table/scaled/dynamodb:table:ReadCapacityUnits")
	require.NotNil(t, target)
	assert.Equal(t, "table/scaled", target.Properties["ResourceId"])
	assert.Equal(t, "PROVISIONED", resource(inv, file(region), "table/legacy").Properties["BillingMode"])
	assert.ElementsMatch(t, []string{"table/fixed", "table/legacy"}, ruleFindings(t, inv, 3, "BW-THROTTLING-003"))
	assert.Empty(t, ruleFindings(t, inv, 4, "BW-THROTTLING-003"), "tier 4 workloads may keep fixed capacity")

	f.Fail(region, "application-autoscaling", "DescribeScalableTargets", -1, 400, "AccessDeniedException")
	inv = audit(t, o)
	assert.Equal(t, []string{"warning not checked: account " + livetest.Account + ", region " + region +
		", service dynamodb (application-autoscaling:DescribeScalableTargets): access denied; unknown: which tables auto scaling scales (BW-THROTTLING-003 not judged) (AccessDeniedException: injected by the test front)"},
		messages(inv.Diagnostics))
	assert.Empty(t, ruleFindings(t, inv, 3, "BW-THROTTLING-003"), "not judged without the targets")
}
