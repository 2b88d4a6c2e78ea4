package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bulwarkhq/bulwark/adr"
	"github.com/bulwarkhq/bulwark/report"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// adrRoot is the command tree with the adr command, whether or not
// NewRoot registers it yet.
func adrRoot() *cobra.Command {
	root := NewRoot()
	for _, c := range root.Commands() {
		if c.Name() == "adr" {
			return root
		}
	}
	root.AddCommand(newADRCmd())
	return root
}

// runADR runs a command line on adrRoot and maps errors to exit codes as
// Execute does.
func runADR(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	root := adrRoot()
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errb)
	code = ExitOK
	if err := root.Execute(); err != nil {
		var ee *exitError
		switch {
		case errors.As(err, &ee):
			if ee.err != nil {
				fmt.Fprintln(&errb, "bulwark:", ee.err)
			}
			code = ee.code
		default:
			fmt.Fprintln(&errb, "bulwark:", err)
			code = ExitError
		}
	}
	return code, out.String(), errb.String()
}

func goldenADR(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", "adr", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cmd -update to create it")
	assert.Equal(t, string(want), got)
}

func TestADRWorkflow(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "docs", "adr")
	steps := []struct {
		args   []string
		code   int
		stdout string // exact, with DIR for the folder
		stderr string // contained
	}{
		{[]string{"adr", "init", dir}, ExitOK, "DIR/0001-record-architecture-decisions.md\nDIR/README.md\n", ""},
		{[]string{"adr", "lint", dir}, ExitOK, "DIR: 1 records, no problems\n", ""},
		{[]string{"adr", "new", "Use DynamoDB for orders", "--dir", dir, "--deciders", "alice,bob", "--status", "accepted"}, ExitOK, "DIR/0002-use-dynamodb-for-orders.md\n", ""},
		{[]string{"adr", "new", "Cache sessions", "--dir", dir}, ExitOK, "DIR/0003-cache-sessions.md\n", ""},
		{[]string{"adr", "supersede", "2", "Use DynamoDB global tables for orders", "--dir", dir}, ExitOK, "DIR/0004-use-dynamodb-global-tables-for-orders.md\n", ""},
		{[]string{"adr", "supersede", "ADR-0003", "--by", "4", "--dir", dir}, ExitOK, "DIR/0004-use-dynamodb-global-tables-for-orders.md\nDIR/0003-cache-sessions.md\n", ""},
		{[]string{"adr", "list", "--dir", dir}, ExitOK,
			"ADR       TITLE                                  STATUS                  DATE\n" +
				"ADR-0001  Record architecture decisions          Accepted                2026-11-24\n" +
				"ADR-0002  Use DynamoDB for orders                Superseded by ADR-0004  2026-11-24\n" +
				"ADR-0003  Cache sessions                         Superseded by ADR-0004  2026-11-24\n" +
				"ADR-0004  Use DynamoDB global tables for orders  Proposed                2026-11-24\n", ""},
		{[]string{"adr", "index", "--dir", dir}, ExitOK, "DIR/README.md\n", ""},
		{[]string{"adr", "supersede", "2", "Again", "--dir", dir}, ExitError, "", "ADR-0002 is already superseded by ADR-0004"},
	}
	for _, s := range steps {
		code, stdout, stderr := runADR(t, s.args...)
		require.Equal(t, s.code, code, "%v\nstdout: %s\nstderr: %s", s.args, stdout, stderr)
		if s.stdout != "" || s.code == ExitOK {
			assert.Equal(t, strings.ReplaceAll(s.stdout, "DIR", dir), stdout, "%v", s.args)
		}
		assert.Contains(t, stderr, s.stderr, "%v", s.args)
	}

	code, stdout, _ := runADR(t, "adr", "show", "4", "--dir", dir)
	require.Equal(t, ExitOK, code)
	assert.Contains(t, stdout, "# ADR-0004: Use DynamoDB global tables for orders\n")
	assert.Contains(t, stdout, "Supersedes [ADR-0002](0002-use-dynamodb-for-orders.md)")
	assert.Contains(t, stdout, "Supersedes [ADR-0003](0003-cache-sessions.md)")
	assert.Contains(t, stdout, "supersedes: [ADR-0002, ADR-0003]\n")

	code, stdout, _ = runADR(t, "adr", "list", "--dir", dir, "--format", "json")
	require.Equal(t, ExitOK, code)
	var list []map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &list))
	require.Len(t, list, 4)
	assert.Equal(t, "ADR-0002", list[1]["id"])
	assert.Equal(t, "Superseded", list[1]["status"])
	assert.Equal(t, "ADR-0004", list[1]["superseded_by"])
	assert.Equal(t, []any{"alice", "bob"}, list[1]["deciders"])

	// The unwritten sections are what lint reports: errors in 0002 and
	// 0003, decided (Superseded), warnings in 0004, still Proposed.
	code, stdout, stderr := runADR(t, "adr", "lint", dir)
	assert.Equal(t, ExitFindings, code)
	assert.Contains(t, stdout, filepath.Join(dir, "0002-use-dynamodb-for-orders.md")+":15: section ## Context is empty\n")
	assert.Contains(t, stdout, filepath.Join(dir, "0004-use-dynamodb-global-tables-for-orders.md")+":19: warning: section ## Context is empty\n")
	assert.Contains(t, stderr, "10 problems (5 warnings: empty sections of Proposed records) in 4 records")
}

func TestADRLintExitCodes(t *testing.T) {
	tests := []struct {
		dir  string
		code int
		want []string // lines of stdout
	}{
		{"docs/adr", ExitOK, nil},
		{"testdata/adr/valid", ExitOK, nil},
		{"testdata/adr/missing-section", ExitFindings, []string{"testdata/adr/missing-section/0002-use-dynamodb-for-orders.md:9: missing section ## Implementation"}},
		{"testdata/adr/bad-status", ExitFindings, []string{
			`testdata/adr/bad-status/0002-use-dynamodb-for-orders.md:2: unknown front matter status "Approved": use Proposed, Accepted, Rejected, Deprecated, Superseded`,
			`testdata/adr/bad-status/0002-use-dynamodb-for-orders.md:13: unknown status "Approved": use Proposed, Accepted, Rejected, Deprecated, Superseded`}},
		{"testdata/adr/dangling-link", ExitFindings, []string{"testdata/adr/dangling-link/0002-use-dynamodb-for-orders.md:19: link [ADR-0009](0009-use-a-single-postgres.md) does not resolve: no such file"}},
		{"testdata/adr/duplicate-number", ExitFindings, []string{"testdata/adr/duplicate-number/0002-use-dynamodb-for-orders.md:1: number 0002 is also used by 0002-use-aurora-for-orders.md: every record has its own number"}},
		{"testdata/adr/number-gap", ExitFindings, []string{"testdata/adr/number-gap/0004-use-aurora-for-orders.md:1: numbering has a gap: ADR-0003 is missing before ADR-0004"}},
		{"testdata/adr/title-mismatch", ExitFindings, []string{
			`testdata/adr/title-mismatch/0002-use-dynamodb-for-orders.md:9: title "Use Aurora for orders" does not match the file name: expected 0002-use-aurora-for-orders.md`,
			"testdata/adr/title-mismatch/0003-cache-sessions.md:9: title says ADR-0004 but the file name says ADR-0003"}},
	}
	for _, tc := range tests {
		t.Run(tc.dir, func(t *testing.T) {
			code, stdout, stderr := runADR(t, "adr", "lint", tc.dir)
			assert.Equal(t, tc.code, code, "stdout: %s\nstderr: %s", stdout, stderr)
			if tc.code == ExitOK {
				assert.Contains(t, stdout, "no problems")
				return
			}
			assert.Equal(t, strings.Join(tc.want, "\n")+"\n", stdout)
		})
	}
}

func TestADRListGolden(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			code, stdout, stderr := runADR(t, "adr", "list", "--dir", "testdata/adr/valid", "-f", format)
			require.Equal(t, ExitOK, code, stderr)
			goldenADR(t, "list."+format, stdout)
		})
	}
}

func TestADRUsageErrors(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "adr")
	code, _, stderr := runADR(t, "adr", "init", "--dir", dir)
	require.Equal(t, ExitOK, code, stderr)
	broken := writeFile(t, t.TempDir(), "broken.yaml", "Resources:\n  A:\n    Type: [unclosed\n")
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"show: not a number", []string{"adr", "show", "../etc", "--dir", dir}, "is not an ADR number"},
		{"show: no such record", []string{"adr", "show", "9", "--dir", dir}, "no ADR-0009 in"},
		{"show: no folder", []string{"adr", "show", "1", "--dir", filepath.Join(dir, "nope")}, "ADR folder"},
		{"new: no title", []string{"adr", "new", "--dir", dir}, "accepts 1 arg"},
		{"new: empty title", []string{"adr", "new", " ", "--dir", dir}, "the title is empty"},
		{"new: no folder", []string{"adr", "new", "T", "--dir", filepath.Join(dir, "nope")}, "run bulwark adr init"},
		{"new: superseded status", []string{"adr", "new", "T", "--status", "Superseded", "--dir", dir}, "cannot start as Superseded"},
		{"new: unknown status", []string{"adr", "new", "T", "--status", "Done", "--dir", dir}, `unknown status "Done"`},
		{"new: missing template", []string{"adr", "new", "T", "--template", filepath.Join(dir, "none.md"), "--dir", dir}, "ADR template"},
		{"supersede: no title", []string{"adr", "supersede", "1", "--dir", dir}, "give the new record's title"},
		{"supersede: title and --by", []string{"adr", "supersede", "1", "T", "--by", "2", "--dir", dir}, "not both"},
		{"supersede: bad --by", []string{"adr", "supersede", "1", "--by", "x", "--dir", dir}, "--by"},
		{"supersede: itself", []string{"adr", "supersede", "1", "--by", "1", "--dir", dir}, "cannot supersede itself"},
		{"list: unknown format", []string{"adr", "list", "--format", "xml", "--dir", dir}, `unknown --format "xml"`},
		{"lint: folder twice", []string{"adr", "lint", dir, "--dir", "other"}, "give the ADR folder once"},
		{"lint: no folder", []string{"adr", "lint", filepath.Join(dir, "nope")}, "ADR folder"},
		{"draft: no --from-findings", []string{"adr", "draft", "--dir", dir, examples}, "needs --from-findings"},
		{"draft: rule and concern", []string{"adr", "draft", "--from-findings", "--rule", "BW-PITR-001", "--concern", "pitr", "--dir", dir, examples}, "not both"},
		{"draft: unknown concern", []string{"adr", "draft", "--from-findings", "--concern", "speed", "--dir", dir, examples}, `unknown --concern "speed"`},
		{"draft: unknown rule", []string{"adr", "draft", "--from-findings", "--rule", "BW-NOPE-1", "--dir", dir, examples}, "--rule BW-NOPE-1: no rule has the id"},
		{"draft: no folder", []string{"adr", "draft", "--from-findings", "--dir", filepath.Join(dir, "nope"), examples}, "run bulwark adr init"},
		{"draft: input errors", []string{"adr", "draft", "--from-findings", "--dir", dir, broken}, "not drafting: 1 input errors"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runADR(t, tc.args...)
			assert.Equal(t, ExitError, code, "stdout: %s\nstderr: %s", stdout, stderr)
			assert.Contains(t, stderr, tc.stderr)
		})
	}
	// None of that wrote a record.
	entries, _ := filepath.Glob(filepath.Join(dir, "0*.md"))
	assert.Len(t, entries, 1)
}

func TestADRDraftFromFindings(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "adr")
	code, _, stderr := runADR(t, "adr", "init", dir)
	require.Equal(t, ExitOK, code, stderr)

	// Three workloads of the examples with a table without PITR.
	three := []string{examples + "/exceptions.yaml", examples + "/orders-service.yaml", examples + "/payments-sam.yaml"}
	code, stdout, stderr := runADR(t, append([]string{"adr", "draft", "--from-findings", "--rule", "BW-PITR-001", "--dir", dir, "--deciders", "sre"}, three...)...)
	require.Equal(t, ExitOK, code, stderr)
	// One decision per workload.
	path := filepath.Join(dir, "0003-protect-orderstable-data-with-point-in-time-recovery.md")
	assert.Contains(t, stdout, path+"\n")
	assert.Equal(t, 3, strings.Count(stdout, "\n"), stdout)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	text := string(data)
	assert.Contains(t, text, "# ADR-0003: Protect OrdersTable data with point-in-time recovery\n")
	assert.Contains(t, text, "deciders: [sre]\n")
	assert.Regexp(t, "- `OrdersTable` \\(`AWS::DynamoDB::Table`\\) at `testdata/examples/orders-service.yaml:[0-9]+`: ", text)
	assert.Contains(t, text, "1. **Remediate**: Set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true")
	assert.Contains(t, text, "adr: ADR-0003\n")
	assert.Contains(t, text, "## Decision\n\n<!-- For the architect")
	rec, err := adr.Find(dir, 3)
	require.NoError(t, err)
	assert.Equal(t, adr.StatusProposed, rec.Status)

	// Again: nothing new.
	code, stdout, stderr = runADR(t, append([]string{"adr", "draft", "--from-findings", "--rule", "BW-PITR-001", "--dir", dir}, three...)...)
	require.Equal(t, ExitOK, code, stderr)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "already drafted: "+path)

	// A concern, and a clean template with nothing to draft.
	code, stdout, stderr = runADR(t, "adr", "draft", "--from-findings", "--concern", "multi-az", "--dir", dir, examples+"/orders-service.yaml")
	require.Equal(t, ExitOK, code, stderr)
	assert.Contains(t, stdout, "-spread-orders-service-across-availability-zones.md")
	clean := writeFile(t, t.TempDir(), "clean.yaml", "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n")
	code, stdout, stderr = runADR(t, "adr", "draft", "--from-findings", "--dir", dir, clean)
	require.Equal(t, ExitOK, code, stderr)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "no failing findings")
}

func TestWriteADRDrafts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "adr")
	_, err := adr.Init(adr.Options{Dir: dir, Now: now})
	require.NoError(t, err)
	rep := &report.Report{
		Findings: []finding.Finding{
			{RuleID: "BW-X-001", Title: "X", Severity: "high", Concern: "pitr", Status: finding.StatusFail, Resource: "T",
				ResourceType: "AWS::DynamoDB::Table", File: "a.yaml", Line: 3, Message: "m", Details: map[string]any{"tier": 1}},
			{RuleID: "BW-X-001", Status: finding.StatusSuppressed, Resource: "U", File: "a.yaml", Line: 9},
		},
		Rules: []*finding.Rule{{ID: "BW-X-001", Title: "X rule", Severity: "high", Concern: "pitr", Remediation: "Fix X."}},
	}
	drafted, err := writeADRDrafts(adr.DraftOptions{Options: adr.Options{Dir: dir, Now: now}}, rep)
	require.NoError(t, err)
	require.Len(t, drafted, 1)
	assert.Equal(t, 1, drafted[0].Findings)
	data, err := os.ReadFile(drafted[0].Path)
	require.NoError(t, err)
	assert.Contains(t, string(data), "- `T` (`AWS::DynamoDB::Table`) at `a.yaml:3`: m. Workload tier: 1.\n")
	assert.Contains(t, string(data), "1. **Remediate**: Fix X.\n")
}
