package rules

import (
	"context"
	"github.com/bulwarkhq/bulwark/rules/config"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var today = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func statusOf(fs []Finding, rule, resource string) string {
	for _, f := range fs {
		if f.RuleID == rule && f.Resource == resource {
			return f.Status
		}
	}
	return ""
}

func TestTemplateSuppressions(t *testing.T) {
	e, err := New(Options{})
	require.NoError(t, err)
	tests := []struct {
		name     string
		skip     string
		status   string // of the PITR finding
		problem  string // governance rule reported, if any
		problemL int
	}{
		{"valid suppression", `[{id: BW-PITR-001, reason: "rebuilt nightly from S3", adr: ADR-0007, expires: 2027-01-31}]`, StatusSuppressed, "", 0},
		{"no expiry is valid", `[{id: BW-PITR-001, reason: "cache table"}]`, StatusSuppressed, "", 0},
		{"expires today still valid", `[{id: BW-PITR-001, reason: r, expires: 2026-11-24}]`, StatusSuppressed, "", 0},
		{"expired", `[{id: BW-PITR-001, reason: r, expires: 2026-11-23}]`, StatusFail, "BW-GOV-002", 6},
		{"no reason", `[{id: BW-PITR-001}]`, StatusFail, "BW-GOV-001", 6},
		{"empty reason", `[{id: BW-PITR-001, reason: " "}]`, StatusFail, "BW-GOV-001", 6},
		{"unknown rule", `[{id: BW-NOPE-001, reason: r}]`, StatusFail, "BW-GOV-003", 6},
		{"rule id pattern", `[{id: "BW-PITR-*", reason: r}]`, StatusFail, "BW-GOV-003", 6},
		{"rule id class", `[{id: "BW-PITR-00[1]", reason: r}]`, StatusFail, "BW-GOV-003", 6},
		{"bad date", `[{id: BW-PITR-001, reason: r, expires: soon}]`, StatusFail, "BW-GOV-004", 6},
		{"no id", `[{reason: r}]`, StatusFail, "BW-GOV-004", 6},
		{"not a list", `{id: BW-PITR-001, reason: r}`, StatusFail, "BW-GOV-004", 6},
		{"other rule only", `[{id: BW-MULTI-AZ-005, reason: r}]`, StatusFail, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Metadata:\n      bulwark:\n        skip:\n          " +
				tc.skip + "\n    Properties:\n      TableName: t\n"
			src = replace(src, "        skip:\n          [", "        skip: [")
			src = replace(src, "        skip:\n          {", "        skip: {")
			ev := e.EvaluateTemplate(context.Background(), loadTemplate(t, src), Env{Today: today})
			assert.Equal(t, tc.status, statusOf(ev.Findings, "BW-PITR-001", "T"))
			var gov []Finding
			for _, f := range ev.Findings {
				if f.Concern == "governance" {
					gov = append(gov, f)
				}
			}
			if tc.problem == "" {
				assert.Empty(t, gov)
				return
			}
			require.Len(t, gov, 1)
			assert.Equal(t, tc.problem, gov[0].RuleID)
			assert.Equal(t, tc.problemL, gov[0].Line, "points at the suppression")
			assert.Equal(t, StatusFail, gov[0].Status)
		})
	}
	// A valid suppression keeps its details on the finding.
	src := "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Metadata:\n      bulwark:\n        skip: [{id: BW-PITR-001, reason: cache, adr: ADR-0007}]\n"
	ev := e.EvaluateTemplate(context.Background(), loadTemplate(t, src), Env{Today: today})
	i := slices.IndexFunc(ev.Findings, func(f Finding) bool { return f.RuleID == "BW-PITR-001" })
	require.GreaterOrEqual(t, i, 0, "the table's BW-PITR-001 finding")
	assert.Equal(t, &Suppression{Kind: "template", Reason: "cache", ADR: "ADR-0007"}, ev.Findings[i].Suppression)
}

func TestConfigSuppressions(t *testing.T) {
	e, err := New(Options{})
	require.NoError(t, err)
	base := []Finding{
		{RuleID: "BW-PITR-001", Resource: "DevTable", File: "infra/dev/app.yaml", Status: StatusFail},
		{RuleID: "BW-PITR-001", Resource: "ProdTable", File: "infra/prod/app.yaml", Status: StatusFail},
	}
	tests := []struct {
		name    string
		supp    config.Suppression
		dev     string
		prod    string
		problem string
		message string
	}{
		{"by resource glob", config.Suppression{Rule: "BW-PITR-001", Resource: "Dev*", Reason: "r"}, StatusSuppressed, StatusFail, "", ""},
		{"by file glob", config.Suppression{Rule: "BW-PITR-001", File: "infra/dev/**", Reason: "r"}, StatusSuppressed, StatusFail, "", ""},
		{"by base name", config.Suppression{Rule: "BW-PITR-001", File: "app.yaml", Reason: "r"}, StatusSuppressed, StatusSuppressed, "", ""},
		{"rule id pattern", config.Suppression{Rule: "BW-PITR-*", Resource: "Prod*", Reason: "r", Line: 4}, StatusFail, StatusFail, "BW-GOV-003",
			"rule id pattern BW-PITR-* matches no rule; ids are exact (write one suppression per rule: BW-PITR-001, BW-PITR-002"},
		{"rule id question mark", config.Suppression{Rule: "BW-PITR-00?", Reason: "r", Line: 4}, StatusFail, StatusFail, "BW-GOV-003", "ids are exact"},
		{"rule id pattern matching nothing", config.Suppression{Rule: "ACME-*", Reason: "r", Line: 4}, StatusFail, StatusFail, "BW-GOV-003",
			"rule id pattern ACME-* matches no rule; ids are exact"},
		{"no rule", config.Suppression{Resource: "Dev*", Reason: "r", Line: 4}, StatusFail, StatusFail, "BW-GOV-004", "has no rule id"},
		{"file glob stays in its folder", config.Suppression{Rule: "BW-PITR-001", File: "infra/*/app.yaml", Reason: "r"}, StatusSuppressed, StatusSuppressed, "", ""},
		{"no reason", config.Suppression{Rule: "BW-PITR-001", Line: 4}, StatusFail, StatusFail, "BW-GOV-001", ""},
		{"expired", config.Suppression{Rule: "BW-PITR-001", Reason: "r", Expires: "2025-01-01", Line: 4}, StatusFail, StatusFail, "BW-GOV-002", ""},
		{"unknown rule", config.Suppression{Rule: "BW-XX-1", Reason: "r", Line: 4}, StatusFail, StatusFail, "BW-GOV-003", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := append([]Finding(nil), base...)
			problems := e.applyConfigSuppressions(fs, []config.Suppression{tc.supp}, ".bulwark.yaml", Env{Today: today})
			assert.Equal(t, tc.dev, fs[0].Status)
			assert.Equal(t, tc.prod, fs[1].Status)
			if tc.problem == "" {
				assert.Empty(t, problems)
				return
			}
			require.Len(t, problems, 1)
			assert.Equal(t, tc.problem, problems[0].RuleID)
			assert.Contains(t, problems[0].Message, tc.message)
			assert.Equal(t, ".bulwark.yaml", problems[0].File)
			assert.Equal(t, 4, problems[0].Line)
		})
	}
}

// TestConfigFileGlobIsNoGateBypass: a suppression for prod.yaml files
// leaves a preprod.yaml finding failing.
func TestConfigFileGlobIsNoGateBypass(t *testing.T) {
	e, err := New(Options{})
	require.NoError(t, err)
	fs := []Finding{
		{RuleID: "BW-PITR-001", Resource: "T", File: "infra/a/prod.yaml", Status: StatusFail},
		{RuleID: "BW-PITR-001", Resource: "T", File: "infra/a/preprod.yaml", Status: StatusFail},
	}
	supp := config.Suppression{Rule: "BW-PITR-001", File: "infra/**/prod.yaml", Reason: "restored from exports"}
	assert.Empty(t, e.applyConfigSuppressions(fs, []config.Suppression{supp}, ".bulwark.yaml", Env{Today: today}))
	assert.Equal(t, StatusSuppressed, fs[0].Status)
	assert.Equal(t, StatusFail, fs[1].Status)
}

func TestSuppressionCitingADR(t *testing.T) {
	e, err := New(Options{})
	require.NoError(t, err)
	records := map[string]string{"ADR-0007": "Accepted", "ADR-0008": "Proposed"}
	env := Env{Today: today, ADRStatus: func(id string) (string, bool) {
		s, ok := records[id]
		return s, ok
	}}
	for _, tc := range []struct {
		adr, status, problem string
	}{
		{"ADR-0007", StatusSuppressed, ""},
		{"ADR-0008", StatusFail, "BW-GOV-005"},
		{"ADR-0099", StatusFail, "BW-GOV-005"},
		{"", StatusSuppressed, ""},
	} {
		src := "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Metadata:\n      bulwark:\n        skip: [{id: BW-PITR-001, reason: r, adr: '" + tc.adr + "'}]\n"
		ev := e.EvaluateTemplate(context.Background(), loadTemplate(t, src), env)
		assert.Equal(t, tc.status, statusOf(ev.Findings, "BW-PITR-001", "T"), tc.adr)
		if tc.problem != "" {
			assert.Equal(t, StatusFail, statusOf(ev.Findings, tc.problem, "T"), tc.adr)
		}
	}
}
