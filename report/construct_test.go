package report

import (
	"bytes"
	"encoding/json"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryFormatNamesTheConstruct: a finding on a resource synthesized by
// the AWS CDK names its construct path in every format, so a developer
// finds the code to change (the generated logical id is no help there); a
// finding without one shows no empty brackets.
func TestEveryFormatNamesTheConstruct(t *testing.T) {
	cdk := finding.Finding{RuleID: "BW-PITR-001", Title: "DynamoDB table without point-in-time recovery", Severity: "high",
		Status: finding.StatusFail, Resource: "OrdersE1C8E5C2", ResourceType: "AWS::DynamoDB::Table",
		File: "cdk.out/MyStack.template.json", Line: 9, Column: 3, Message: "point-in-time recovery is off",
		ConstructPath: "MyStack/Orders/Resource", Fingerprint: "f1"}
	plain := cdk
	plain.Resource, plain.ConstructPath, plain.File, plain.Fingerprint = "Legacy", "", "legacy.yaml", "f2"
	rep := &Report{SchemaVersion: SchemaVersion, Sources: []string{"."}, Findings: []finding.Finding{cdk, plain},
		Summary: Summary{Findings: 2, BySeverity: map[string]int{"high": 2}}}
	want := map[string][]string{
		"text":            {"BW-PITR-001 OrdersE1C8E5C2 [MyStack/Orders/Resource]: point-in-time", "BW-PITR-001 Legacy: point-in-time"},
		"markdown":        {`| OrdersE1C8E5C2 \[MyStack/Orders/Resource\] |`, "| Legacy |"},
		"junit":           {"cdk.out/MyStack.template.json:9:3 OrdersE1C8E5C2 [MyStack/Orders/Resource]", "legacy.yaml:9:3 Legacy"},
		"json":            {`"construct_path": "MyStack/Orders/Resource"`},
		"sarif":           {`"construct_path": "MyStack/Orders/Resource"`, `"fullyQualifiedName": "MyStack/Orders/Resource"`},
		"html":            {`<span class="small muted">construct</span> <code class="small">MyStack/Orders/Resource</code>`},
		"report-markdown": {"construct `MyStack/Orders/Resource`"},
		"codequality":     {`"description": "BW-PITR-001 OrdersE1C8E5C2 [MyStack/Orders/Resource]: point-in-time`, `"description": "BW-PITR-001 Legacy: point-in-time`},
	}
	require.Len(t, want, len(Formats), "every format is checked")
	for name, write := range Formats {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, write(&buf, rep))
			for _, w := range want[name] {
				assert.Contains(t, buf.String(), w)
			}
			assert.NotContains(t, buf.String(), "Legacy [")
			assert.NotContains(t, buf.String(), "Legacy \\[")
			assert.NotContains(t, buf.String(), "construct ``")
		})
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					LogicalLocations []sarifLogicalLocation `json:"logicalLocations"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	var buf bytes.Buffer
	require.NoError(t, WriteSARIF(&buf, rep))
	require.NoError(t, json.Unmarshal(buf.Bytes(), &sarif))
	byName := map[string][]sarifLogicalLocation{}
	for _, r := range sarif.Runs[0].Results {
		byName[r.Locations[0].LogicalLocations[0].Name] = r.Locations[0].LogicalLocations
	}
	assert.Equal(t, []sarifLogicalLocation{
		{Name: "OrdersE1C8E5C2", FullyQualifiedName: "AWS::DynamoDB::Table/OrdersE1C8E5C2", Kind: "resource"},
		{Name: "MyStack/Orders/Resource", FullyQualifiedName: "MyStack/Orders/Resource", Kind: "object"},
	}, byName["OrdersE1C8E5C2"])
	assert.Len(t, byName["Legacy"], 1)
}
