package rules

import (
	"context"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCheckedListsTheRulesThatLooked: ScanResult.Checked names, per file,
// the rules that ran on it, so a report can show a rule with no finding as
// passed: rules of the source's kind whose resource types the template
// has, and none its loader left unchecked.
func TestCheckedListsTheRulesThatLooked(t *testing.T) {
	e, err := New(Options{RuleDirs: []string{writeRule(t, goodUserRule+"\n"), writeRule(t, templateOnlyRule)}})
	require.NoError(t, err)
	src := func(file, kind, body string, unchecked map[string]string) *scanners.Source {
		tmpl := loadTemplate(t, body)
		tmpl.File = file
		return &scanners.Source{Template: tmpl, Kind: kind, Unchecked: unchecked}
	}
	queue := "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"
	table := "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: t\n"
	res := e.Evaluate(context.Background(), []*scanners.Source{
		src("queue.yaml", scanners.KindTemplate, queue, nil),
		src("aws://1/eu-west-1", scanners.KindAccount, queue, nil),
		src("unchecked.yaml", scanners.KindTemplate, queue, map[string]string{"ACME-001": "not read"}),
		src("table.yaml", scanners.KindTemplate, table, nil),
	}, EvalOptions{})

	cases := []struct {
		file    string
		has     []string
		hasNot  []string
		because string
	}{
		{"queue.yaml", []string{"ACME-001", "ACME-002", "BW-MONITORING-001"}, []string{"BW-PITR-001"}, "a rule runs where its resource types are"},
		{"aws://1/eu-west-1", []string{"ACME-001"}, []string{"ACME-002"}, "a rule for templates only does not run on an account"},
		{"unchecked.yaml", []string{"ACME-002"}, []string{"ACME-001"}, "what the loader left unchecked is not checked"},
		{"table.yaml", []string{"BW-PITR-001", "ACME-001"}, []string{"BW-MONITORING-001"}, "queue rules do not look at a table; rules without resource types look everywhere"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			got := res.Checked[tc.file]
			for _, id := range tc.has {
				assert.Contains(t, got, id, tc.because)
			}
			for _, id := range tc.hasNot {
				assert.NotContains(t, got, id, tc.because)
			}
		})
	}
}
