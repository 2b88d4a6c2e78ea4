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
		supp    ConfigSuppression
		dev     string
		prod    string
		problem string
		message string
	}{
		{"by resource glob", ConfigSuppression{Rule: "BW-PITR-001", Resource: "Dev*", Reason: "r"}, StatusSuppressed, StatusFail, "", ""},
		{"by file glob", ConfigSuppression{Rule: "BW-PITR-001", File: "infra/dev/**", Reason: "r"}, StatusSuppressed, StatusFail, "", ""},
		{"by base name", ConfigSuppression{Rule: "BW-PITR-001", File: "app.yaml", Reason: "r"}, StatusSuppressed, StatusSuppressed, "", ""},
		{"rule id pattern", ConfigSuppression{Rule: "BW-PITR-*", Resource: "Prod*", Reason: "r", Line: 4}, StatusFail, StatusFail, "BW-GOV-003",
			"rule id pattern BW-PITR-* matches no rule; ids are exact (write one suppression per rule: BW-PITR-001, BW-PITR-002"},
		{"rule id question mark", ConfigSuppression{Rule: "BW-PITR-00?", Reason: "r", Line: 4}, StatusFail, StatusFail, "BW-GOV-003", "ids are exact"},
		{"rule id pattern matching nothing", ConfigSuppression{Rule: "ACME-*", Reason: "r", Line: 4}, StatusFail, StatusFail, "BW-GOV-003",
			"rule id pattern ACME-* matches no rule; ids are exact"},
		{"no rule", ConfigSuppression{Resource: "Dev*", Reason: "r", Line: 4}, StatusFail, StatusFail, "BW-GOV-004", "has no rule id"},
		{"file glob stays in its folder", ConfigSuppression{Rule: "BW-PITR-001", File: "infra/*/app.yaml", Reason: "r"}, StatusSuppressed, StatusSuppressed, "", ""},
		{"no reason", ConfigSuppression{Rule: "BW-PITR-001", Line: 4}, StatusFail, StatusFail, "BW-GOV-001", ""},
		{"expired", ConfigSuppression{Rule: "BW-PITR-001", Reason: "r", Expires: "2025-01-01", Line: 4}, StatusFail, StatusFail, "BW-GOV-002", ""},
		{"unknown rule", ConfigSuppression{Rule: "BW-XX-1", Reason: "r", Line: 4}, StatusFail, StatusFail, "BW-GOV-003", ""},
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
	supp := ConfigSuppression{Rule: "BW-PITR-001", File: "infra/**/prod.yaml", Reason: "restored from exports"}
	assert.Empty(t, e.applyConfigSuppressions(fs, []ConfigSuppression{supp}, ".bulwark.yaml", Env{Today: today}))
	assert.Equal(t, StatusSuppressed, fs[0].Status)
	assert.Equal(t, StatusFail, fs[1].Status)
}

// TestFileGlobMatch holds config suppressions' file globs to doublestar's
// semantics. A glob that matched more than it says is a gate bypass: the
// hand-written translation turned "infra/**/prod.yaml" into a regexp that
// also matched infra/a/preprod.yaml.
func TestFileGlobMatch(t *testing.T) {
	tests := []struct {
		glob, file string
		want       bool
	}{
		// ** is zero or more folders, as a whole segment.
		{"infra/**/prod.yaml", "infra/prod.yaml", true},
		{"infra/**/prod.yaml", "infra/a/prod.yaml", true},
		{"infra/**/prod.yaml", "infra/a/b/c/prod.yaml", true},
		{"infra/**/prod.yaml", "infra/a/preprod.yaml", false},
		{"infra/**/prod.yaml", "infra/preprod.yaml", false},
		{"infra/**/prod.yaml", "other/infra/prod.yaml", false},
		{"infra/**", "infra/a/b.yaml", true},
		{"infra/**", "infrastructure/b.yaml", false},
		{"**", "a/b/c.yaml", true},
		{"**/prod.yaml", "prod.yaml", true},
		{"**/prod.yaml", "x/y/prod.yaml", true},
		{"**/prod.yaml", "x/preprod.yaml", false},
		// * and ? never cross a /.
		{"infra/*.yaml", "infra/a.yaml", true},
		{"infra/*.yaml", "infra/dev/a.yaml", false},
		{"infra/*/app.yaml", "infra/dev/app.yaml", true},
		{"infra/*/app.yaml", "infra/dev/x/app.yaml", false},
		{"infra/?.yaml", "infra/a.yaml", true},
		{"infra/?.yaml", "infra/ab.yaml", false},
		{"infra?a.yaml", "infra/a.yaml", false},
		// Alternatives and classes.
		{"infra/{dev,test}/**", "infra/dev/app.yaml", true},
		{"infra/{dev,test}/**", "infra/test/app.yaml", true},
		{"infra/{dev,test}/**", "infra/prod/app.yaml", false},
		{"infra/[ab].yaml", "infra/a.yaml", true},
		{"infra/[ab].yaml", "infra/c.yaml", false},
		{"infra/[!a].yaml", "infra/a.yaml", false},
		// A literal . is not "any character".
		{"a.yaml", "a_yaml", false},
		// A glob without / also matches the base name; with one, it does not.
		{"prod.yaml", "infra/a/prod.yaml", true},
		{"prod.yaml", "infra/a/preprod.yaml", false},
		{"*.json", "infra/a/stack.json", true},
		{"a/prod.yaml", "infra/a/prod.yaml", false},
		// A leading ./ in the glob or the path is ignored; paths are cleaned.
		{"./infra/**", "infra/a.yaml", true},
		{"infra/**", "./infra/a.yaml", true},
		{"infra/prod.yaml", "infra/dev/../prod.yaml", true},
		// Windows separators in a finding's path.
		{"infra/**/prod.yaml", `infra\a\prod.yaml`, true},
		{"infra/**/prod.yaml", `infra\a\preprod.yaml`, false},
		{"infra/*.yaml", `infra\dev\a.yaml`, false},
		// An audit's addresses, aws://ACCOUNT/REGION[/STACK].
		{"aws://*/us-east-1/*", "aws://000000000000/us-east-1/orders", true},
		{"aws://*/us-east-1/*", "aws://000000000000/us-east-1", false},
		{"aws://*/us-east-1/*", "aws://000000000000/eu-west-1/orders", false},
		{"aws://000000000000/us-east-1", "aws://000000000000/us-east-1", true},
		{"aws://*/*/orders-*", "aws://000000000000/us-east-1/orders-prod", true},
		{"aws://*/*/orders-*", "aws://000000000000/us-east-1/payments", false},
		{"aws://**", "aws://000000000000/global", true},
		// An empty glob is every file.
		{"", "anything/at/all.yaml", true},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, FileGlobMatch(tc.glob, tc.file), "%q ~ %q", tc.glob, tc.file)
	}
}

func TestResourceGlobMatch(t *testing.T) {
	tests := []struct {
		glob, id string
		want     bool
	}{
		{"Dev*", "DevTable", true},
		{"Dev*", "ProdTable", false},
		{"Dev?", "DevA", true},
		{"Dev?", "DevAB", false},
		{"{Dev,Test}Table", "TestTable", true},
		{"loadbalancer/*", "loadbalancer/web", true},
		{"*", "loadbalancer/web", false},
		{"", "loadbalancer/web", true},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, resourceGlobMatch(tc.glob, tc.id), "%q ~ %q", tc.glob, tc.id)
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
