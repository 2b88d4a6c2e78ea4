package rules

import (
	"context"
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
		supp    ConfigSuppression
		dev     string
		prod    string
		problem string
	}{
		{"by resource glob", ConfigSuppression{Rule: "BW-PITR-001", Resource: "Dev*", Reason: "r"}, StatusSuppressed, StatusFail, ""},
		{"by file glob", ConfigSuppression{Rule: "BW-PITR-001", File: "infra/dev/**", Reason: "r"}, StatusSuppressed, StatusFail, ""},
		{"by base name", ConfigSuppression{Rule: "BW-PITR-001", File: "app.yaml", Reason: "r"}, StatusSuppressed, StatusSuppressed, ""},
		{"rule glob", ConfigSuppression{Rule: "BW-PITR-*", Resource: "Prod*", Reason: "r"}, StatusFail, StatusSuppressed, ""},
		{"no reason", ConfigSuppression{Rule: "BW-PITR-001", Line: 4}, StatusFail, StatusFail, "BW-GOV-001"},
		{"expired", ConfigSuppression{Rule: "BW-PITR-001", Reason: "r", Expires: "2025-01-01", Line: 4}, StatusFail, StatusFail, "BW-GOV-002"},
		{"unknown rule", ConfigSuppression{Rule: "BW-XX-1", Reason: "r", Line: 4}, StatusFail, StatusFail, "BW-GOV-003"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := append([]Finding(nil), base...)
			problems := e.applyConfigSuppressions(fs, []ConfigSuppression{tc.supp}, ".bulwark.yaml", Env{Today: today})
			assert.Equal(t, tc.dev, fs[0].Status)
			assert.Equal(t, tc.prod, fs[1].Status)
			if tc.problem == "" {
				assert.Empty(t, problems)
				return
			}
			require.Len(t, problems, 1)
			assert.Equal(t, tc.problem, problems[0].RuleID)
			assert.Equal(t, ".bulwark.yaml", problems[0].File)
			assert.Equal(t, 4, problems[0].Line)
		})
	}
}

func TestGlob(t *testing.T) {
	tests := []struct {
		glob, s string
		want    bool
	}{
		{"*", "anything", true},
		{"*", "a/b", false},
		{"**", "a/b", true},
		{"infra/**", "infra/a/b.yaml", true},
		{"infra/**/b.yaml", "infra/b.yaml", true},
		{"infra/**/b.yaml", "infra/x/y/b.yaml", true},
		{"Dev?", "DevA", true},
		{"Dev?", "DevAB", false},
		{"a.yaml", "a_yaml", false},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, globRegexp(tc.glob).MatchString(tc.s), "%s ~ %s", tc.glob, tc.s)
	}
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
