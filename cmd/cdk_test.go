package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScanCDKAssembly: `bulwark scan cdk.out` reads the example assembly's
// two stacks (workloads named after them), and a config suppression by
// construct path accepts the findings of one construct only.
func TestScanCDKAssembly(t *testing.T) {
	cdkOut := filepath.Join(examples, "cdk.out")
	cfg := writeFile(t, t.TempDir(), ".bulwark.yaml", "suppressions:\n"+
		"  - {rule: BW-PITR-001, construct: \"OrdersStack/Orders/**\", reason: rebuilt from the event log}\n")
	code, stdout, stderr := run(t, "scan", "--config", cfg, "-f", "json", "--fail-on", "none", cdkOut)
	require.Equal(t, 0, code, stderr)
	var rep struct {
		Workloads []struct{ Name string }
		Findings  []struct {
			RuleID        string `json:"rule_id"`
			Status        string
			ConstructPath string `json:"construct_path"`
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	var names []string
	for _, w := range rep.Workloads {
		names = append(names, w.Name)
	}
	assert.ElementsMatch(t, []string{"OrdersStack", "Prod-Payments"}, names)
	statuses := map[string]string{}
	for _, f := range rep.Findings {
		require.NotEmpty(t, f.ConstructPath, f.RuleID)
		statuses[f.RuleID+" "+f.ConstructPath] = f.Status
	}
	assert.Equal(t, "suppressed", statuses["BW-PITR-001 OrdersStack/Orders/Resource"])
	assert.Equal(t, "fail", statuses["BW-PITR-003 Prod/Payments/Ledger/Resource"])
}

// TestScanCDKOutWithoutManifest: a cdk.out without manifest.json is
// skipped as before, and -v says why.
func TestScanCDKOutWithoutManifest(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "cdk.out"), 0o755))
	writeFile(t, filepath.Join(dir, "cdk.out"), "S.template.json", `{"Resources": {"T": {"Type": "AWS::DynamoDB::Table"}}}`)
	writeFile(t, dir, "app.yaml", "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n")
	code, stdout, stderr := run(t, "scan", "--no-config", "-v", dir)
	assert.Equal(t, 0, code, stdout+stderr)
	assert.Contains(t, stderr, "cdk.out: no manifest.json, so not read as a CDK cloud assembly: skipped")
	assert.Contains(t, stderr, "1 files, 1 templates")
	assert.NotContains(t, stdout, "S.template.json")
}
