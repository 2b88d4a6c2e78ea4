package rules

import (
	"context"
	"github.com/bulwarkhq/bulwark/rules/config"
	"os"
	"path/filepath"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cdkTemplate is a CDK stack's template: each resource names its construct
// in Metadata aws:cdk:path; Legacy was added by hand, without one.
const cdkTemplate = `{"Resources": {
  "OrdersE1C8E5C2": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "orders"},
    "Metadata": {"aws:cdk:path": "MyStack/Orders/Resource"}},
  "ArchiveB7C2D1E0": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "archive"},
    "Metadata": {"aws:cdk:path": "MyStack/Reporting/Archive/Resource"}},
  "Legacy": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "legacy"}}
}}`

func loadCDK(t *testing.T, stack string) *scanners.Template {
	t.Helper()
	file := filepath.Join("cdk.out", "MyStack.template.json")
	res := scanners.Load(file, []byte(cdkTemplate), scanners.Options{Stacks: map[string]string{file: stack}})
	require.NotNil(t, res.Template, "%v", res.Diagnostics)
	return res.Template
}

// TestFindingsNameTheirConstruct: a finding on a CDK resource carries its
// construct path, one on a resource without aws:cdk:path none; the
// workload is the stack, not the file.
func TestFindingsNameTheirConstruct(t *testing.T) {
	e, err := New(Options{})
	require.NoError(t, err)
	ev := e.EvaluateTemplate(context.Background(), loadCDK(t, "MyStack"), Env{Today: today})
	got := map[string]string{}
	for _, f := range ev.Findings {
		if f.RuleID == "BW-PITR-001" {
			got[f.Resource] = f.ConstructPath
		}
	}
	assert.Equal(t, map[string]string{
		"OrdersE1C8E5C2":  "MyStack/Orders/Resource",
		"ArchiveB7C2D1E0": "MyStack/Reporting/Archive/Resource",
		"Legacy":          "",
	}, got)
	assert.Equal(t, "MyStack", ev.Workload.Name)
	// Without a stack name (a template named on the command line), the
	// file's name as before; Metadata.bulwark.workload wins over both.
	assert.Equal(t, "MyStack.template", workloadName(loadCDK(t, "")))
	named := loadCDK(t, "MyStack")
	named.Metadata = map[string]any{"bulwark": map[string]any{"workload": "orders"}}
	assert.Equal(t, "orders", workloadName(named))
}

// TestWorkloadFindingsNameTheirConstruct: a scan of a cloud assembly's
// template (the stack name passed as Discover finds it) names the workload
// after the stack, and a workload-scope rule's finding, located from the
// facts kept after the template was dropped, still carries the construct.
func TestWorkloadFindingsNameTheirConstruct(t *testing.T) {
	e, err := New(Options{})
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "DnsStack.template.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"Resources": {"ApiPrimary1A2B3C4D": {
  "Type": "AWS::Route53::RecordSet",
  "Properties": {"HostedZoneName": "example.com.", "Name": "api.example.com.", "Type": "CNAME", "TTL": "60",
    "SetIdentifier": "use1", "Failover": "PRIMARY", "ResourceRecords": ["api-use1.example.com"]},
  "Metadata": {"aws:cdk:path": "Prod-Dns/Api/Primary/Resource"}}}}`), 0o644))
	res := e.Scan(context.Background(), []string{file},
		ScanOptions{Load: scanners.Options{Stacks: map[string]string{file: "Prod-Dns"}}, EvalOptions: EvalOptions{Env: Env{Today: today}}})
	require.Empty(t, res.Diagnostics)
	require.Len(t, res.Workloads, 1)
	assert.Equal(t, "Prod-Dns", res.Workloads[0].Name)
	var found bool
	for _, f := range res.Findings {
		if f.RuleID == "BW-HEALTH-CHECK-002" {
			found = true
			assert.Equal(t, "Prod-Dns/Api/Primary/Resource", f.ConstructPath)
		}
	}
	assert.True(t, found, "the workload rule reports the PRIMARY record without a SECONDARY: %v", res.Findings)
}

// TestConfigSuppressionByConstruct: a config suppression's construct glob
// selects findings by construct path, with doublestar's semantics, and
// never matches a resource that has none.
func TestConfigSuppressionByConstruct(t *testing.T) {
	e, err := New(Options{})
	require.NoError(t, err)
	tests := []struct {
		glob string
		want map[string]string // resource -> status of its BW-PITR-001 finding
	}{
		{"MyStack/Orders/**", map[string]string{"OrdersE1C8E5C2": StatusSuppressed, "ArchiveB7C2D1E0": StatusFail, "Legacy": StatusFail}},
		{"/MyStack/Orders/Resource", map[string]string{"OrdersE1C8E5C2": StatusSuppressed, "ArchiveB7C2D1E0": StatusFail, "Legacy": StatusFail}},
		{"MyStack/*", map[string]string{"OrdersE1C8E5C2": StatusFail, "ArchiveB7C2D1E0": StatusFail, "Legacy": StatusFail}},
		{"MyStack/**", map[string]string{"OrdersE1C8E5C2": StatusSuppressed, "ArchiveB7C2D1E0": StatusSuppressed, "Legacy": StatusFail}},
		{"**/Archive/**", map[string]string{"OrdersE1C8E5C2": StatusFail, "ArchiveB7C2D1E0": StatusSuppressed, "Legacy": StatusFail}},
		{"MyStack/Order*", map[string]string{"OrdersE1C8E5C2": StatusFail, "ArchiveB7C2D1E0": StatusFail, "Legacy": StatusFail}},
		{"", map[string]string{"OrdersE1C8E5C2": StatusSuppressed, "ArchiveB7C2D1E0": StatusSuppressed, "Legacy": StatusSuppressed}},
	}
	for _, tc := range tests {
		t.Run(tc.glob, func(t *testing.T) {
			supp := config.Suppression{Rule: "BW-PITR-001", Construct: tc.glob, Reason: "rebuilt from the event log"}
			ev := e.EvaluateTemplate(context.Background(), loadCDK(t, "MyStack"), Env{Today: today})
			problems := e.applyConfigSuppressions(ev.Findings, []config.Suppression{supp}, ".bulwark.yaml", Env{Today: today})
			assert.Empty(t, problems)
			got := map[string]string{}
			for _, f := range ev.Findings {
				if f.RuleID == "BW-PITR-001" {
					got[f.Resource] = f.Status
				}
			}
			assert.Equal(t, tc.want, got)
		})
	}
}
