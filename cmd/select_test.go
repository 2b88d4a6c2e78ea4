package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ruleIDsOf returns the distinct rule ids of a JSON report's findings.
func ruleIDsOf(t *testing.T, stdout string) []string {
	t.Helper()
	var rep struct {
		Findings []struct {
			RuleID string `json:"rule_id"`
		} `json:"findings"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep), stdout)
	var ids []string
	for _, f := range rep.Findings {
		if !slices.Contains(ids, f.RuleID) {
			ids = append(ids, f.RuleID)
		}
	}
	slices.Sort(ids)
	return ids
}

func TestRuleSelectionFlagsAndConfig(t *testing.T) {
	orders := "testdata/examples/orders-service.yaml"
	dir := t.TempDir()
	onlyPITR := writeFile(t, dir, "only.yaml", "only_rules: ['BW-PITR-*']\n")
	skipPITR := writeFile(t, dir, "skip.yaml", "skip_rules: ['BW-PITR-*', BW-TIER-001]\n")
	badGlob := writeFile(t, dir, "bad.yaml", "only_rules: ['BW-[']\n")
	unknown := writeFile(t, dir, "unknown.yaml", "skip_rules: [BW-NOPE-9]\n")
	cases := []struct {
		name     string
		args     []string
		code     int
		has, not []string
		stderr   string
	}{
		{"all rules", []string{"--no-config"}, 1, []string{"BW-PITR-001", "BW-MULTI-AZ-001", "BW-TIER-001"}, nil, ""},
		{"--rule id", []string{"--no-config", "--rule", "BW-PITR-001"}, 1, []string{"BW-PITR-001"}, []string{"BW-PITR-003", "BW-MULTI-AZ-001"}, ""},
		{"--rule repeated", []string{"--no-config", "--rule", "BW-PITR-001", "--rule", "BW-MULTI-AZ-001"}, 1, []string{"BW-PITR-001", "BW-MULTI-AZ-001"}, []string{"BW-PITR-003"}, ""},
		{"--rule glob", []string{"--no-config", "--rule", "BW-PITR-*"}, 1, []string{"BW-PITR-001", "BW-PITR-003"}, []string{"BW-MULTI-AZ-001", "BW-TIER-001"}, ""},
		{"--skip-rule glob", []string{"--no-config", "--skip-rule", "BW-PITR-*"}, 1, []string{"BW-MULTI-AZ-001"}, []string{"BW-PITR-001", "BW-PITR-003"}, ""},
		{"--skip-rule wins over --rule", []string{"--no-config", "--rule", "BW-PITR-*", "--skip-rule", "BW-PITR-001"}, 1, []string{"BW-PITR-003"}, []string{"BW-PITR-001"}, ""},
		{"workload rule skipped", []string{"--no-config", "--skip-rule", "BW-TIER-*"}, 1, []string{"BW-PITR-001"}, []string{"BW-TIER-001", "BW-TIER-002"}, ""},
		{"config only_rules", []string{"--config", onlyPITR}, 1, []string{"BW-PITR-001"}, []string{"BW-MULTI-AZ-001"}, ""},
		{"--rule replaces only_rules", []string{"--config", onlyPITR, "--rule", "BW-MULTI-AZ-001"}, 1, []string{"BW-MULTI-AZ-001"}, []string{"BW-PITR-001"}, ""},
		{"config skip_rules", []string{"--config", skipPITR}, 1, []string{"BW-MULTI-AZ-001", "BW-TIER-002"}, []string{"BW-PITR-001", "BW-TIER-001"}, ""},
		{"--skip-rule adds to skip_rules", []string{"--config", skipPITR, "--skip-rule", "BW-MULTI-AZ-*"}, 1, []string{"BW-TIER-002"}, []string{"BW-PITR-001", "BW-MULTI-AZ-001"}, ""},
		{"unknown --rule", []string{"--no-config", "--rule", "BW-NOPE-1"}, 2, nil, nil, "--rule BW-NOPE-1: no rule has the id"},
		{"--skip-rule glob matching nothing", []string{"--no-config", "--skip-rule", "ACME-*"}, 2, nil, nil, "--skip-rule ACME-*: the pattern matches no rule"},
		{"invalid --rule glob", []string{"--no-config", "--rule", "BW-{PITR"}, 2, nil, nil, "not a valid pattern"},
		{"nothing left", []string{"--no-config", "--rule", "BW-PITR-001", "--skip-rule", "BW-PITR-*"}, 2, nil, nil, "leaves no rule to run"},
		{"--rule naming a folder", []string{"--no-config", "--rule", "testdata"}, 2, nil, nil, "a folder of Rego rules is --rules"},
		{"config glob invalid", []string{"--config", badGlob}, 2, nil, nil, `only_rules "BW-[" is not a valid pattern`},
		{"config id unknown", []string{"--config", unknown}, 2, nil, nil, "skip_rules BW-NOPE-9: no rule has the id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, append([]string{"scan", orders, "-f", "json"}, tc.args...)...)
			require.Equal(t, tc.code, code, stderr)
			if tc.stderr != "" {
				assert.Contains(t, stderr, tc.stderr)
				assert.Empty(t, stdout, "no report when the selection is wrong")
				return
			}
			ids := ruleIDsOf(t, stdout)
			for _, id := range tc.has {
				assert.Contains(t, ids, id)
			}
			for _, id := range tc.not {
				assert.NotContains(t, ids, id)
			}
		})
	}
}

// TestRuleSelectionEverywhereRulesRun: baseline write, adr draft and
// audit take the same flags, and audit refuses a bad selection before it
// calls AWS.
func TestRuleSelectionEverywhereRulesRun(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "baseline.json")
	code, _, stderr := run(t, "baseline", "write", base, "testdata/examples/orders-service.yaml", "--no-config", "--rule", "BW-PITR-001")
	require.Equal(t, 0, code, stderr)
	data := readFile(t, base)
	assert.Contains(t, data, "BW-PITR-001")
	assert.NotContains(t, data, "BW-MULTI-AZ-001")

	code, _, stderr = run(t, "audit", "--no-config", "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:9", "--skip-rule", "BW-NOPE-*")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--skip-rule BW-NOPE-*: the pattern matches no rule")
	assert.NotContains(t, stderr, "127.0.0.1", "no AWS call was attempted")
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	require.NoError(t, err)
	return strings.TrimSpace(string(data))
}

// TestSARIFListsTheRulesThatRan: a report's rules are those checked, so
// a skipped rule is not a passing one.
func TestSARIFListsTheRulesThatRan(t *testing.T) {
	code, stdout, stderr := run(t, "scan", "testdata/examples/orders-service.yaml", "--no-config", "-f", "sarif", "--rule", "BW-PITR-00[12]")
	require.Equal(t, 1, code, stderr)
	var sarif struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &sarif))
	require.Len(t, sarif.Runs, 1)
	var ids []string
	for _, r := range sarif.Runs[0].Tool.Driver.Rules {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []string{"BW-PITR-001", "BW-PITR-002"}, ids)
}
