package cmd

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/bulwarkhq/bulwark/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestMain runs the command tests from the repository root, as a user
// would, with a fixed clock and a fixed SARIF source root, so golden files
// are the same on every machine.
func TestMain(m *testing.M) {
	if os.Getenv(asCLI) != "" {
		// The test binary standing in for the bulwark binary (see
		// cliShim): a plain command line, in the caller's folder.
		os.Exit(Execute(os.Args[1:], os.Stdout, os.Stderr))
	}
	now = func() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) }
	report.Getwd = func() (string, error) { return "/src/bulwark", nil }
	if err := os.Chdir(".."); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Execute(args, &out, &errb)
	return code, out.String(), errb.String()
}

const examples = "testdata/examples"

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

func TestScanExitCodes(t *testing.T) {
	dir := t.TempDir()
	broken := writeFile(t, dir, "broken.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: [unclosed\n")
	noResources := writeFile(t, dir, "empty.yaml", "AWSTemplateFormatVersion: '2010-09-09'\n")
	clean := writeFile(t, dir, "clean.yaml", "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n")
	lowOnly := writeFile(t, dir, "medium.yaml", "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n")
	// CloudFormation accepts a duplicate key (the last value wins): a warning, not exit 2.
	duplicate := writeFile(t, dir, "duplicate.yaml", "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n  Topic:\n    Type: AWS::SNS::Topic\n")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"clean template", []string{"scan", clean}, ExitOK, ""},
		{"fixed example is clean", []string{"scan", examples + "/orders-service-fixed.yaml"}, ExitOK, ""},
		{"findings at or above high", []string{"scan", examples + "/orders-service.yaml"}, ExitFindings, ""},
		{"fail-on none never fails", []string{"scan", "--fail-on", "none", examples + "/orders-service.yaml"}, ExitOK, ""},
		{"fail-on critical ignores high", []string{"scan", "--fail-on", "critical", lowOnly}, ExitOK, ""},
		{"fail-on info catches everything", []string{"scan", "--fail-on", "info", lowOnly}, ExitFindings, ""},
		{"syntax error", []string{"scan", broken}, ExitError, ""},
		{"duplicate key is a warning", []string{"scan", duplicate}, ExitOK, ""},
		{"duplicate key and a syntax error", []string{"scan", duplicate, broken}, ExitError, ""},
		{"template without resources", []string{"scan", noResources}, ExitError, ""},
		{"parse error beats findings", []string{"scan", broken, examples + "/orders-service.yaml"}, ExitError, ""},
		{"missing path", []string{"scan", filepath.Join(dir, "nope")}, ExitError, ""},
		{"unknown format", []string{"scan", "--format", "xml", clean}, ExitError, `unknown --format "xml"`},
		{"unknown fail-on", []string{"scan", "--fail-on", "severe", clean}, ExitError, `unknown --fail-on "severe"`},
		{"bad param", []string{"scan", "--param", "novalue", clean}, ExitError, "expected KEY=VALUE"},
		{"bad tier", []string{"scan", "--tier", "7", clean}, ExitError, "tiers are 1"},
		{"unknown flag", []string{"scan", "--nope", clean}, ExitError, "unknown flag"},
		{"bad rules folder", []string{"scan", "--rules", filepath.Join(dir, "none"), clean}, ExitError, "rules folder"},
		{"unknown command", []string{"scna"}, ExitError, "unknown command"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, tc.args...)
			assert.Equal(t, tc.code, code, "stderr: %s", stderr)
			if tc.stderr != "" {
				assert.Contains(t, stderr, tc.stderr)
			}
		})
	}
}

func TestParamOverrideChangesVerdict(t *testing.T) {
	// EnablePitr defaults to "true"; overriding it turns the table's PITR off.
	code, out, _ := run(t, "scan", "--param", "EnablePitr=false", "--format", "json", examples+"/orders-service-fixed.yaml")
	assert.Equal(t, ExitFindings, code)
	var rep struct {
		Findings []struct {
			RuleID   string `json:"rule_id"`
			Resource string `json:"resource"`
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.NotEmpty(t, rep.Findings)
	i := slices.IndexFunc(rep.Findings, func(f struct {
		RuleID   string `json:"rule_id"`
		Resource string `json:"resource"`
	}) bool {
		return f.RuleID == "BW-PITR-001"
	})
	require.GreaterOrEqual(t, i, 0, "BW-PITR-001 is reported")
	assert.Equal(t, "OrdersTable", rep.Findings[i].Resource)
}

func TestOutputFileIsWritten(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.json")
	code, stdout, _ := run(t, "scan", "--format", "json", "-o", out, examples)
	assert.Equal(t, ExitError == code || ExitFindings == code, true)
	assert.Empty(t, stdout)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	var rep map[string]any
	require.NoError(t, json.Unmarshal(data, &rep))
	assert.Equal(t, "1", rep["schema_version"])
}

func TestVerboseListsSkippedFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "config.yaml", "name: app\n")
	writeFile(t, dir, "stack.yaml", "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n")
	code, _, stderr := run(t, "scan", "-v", dir)
	assert.Equal(t, ExitOK, code)
	assert.Contains(t, stderr, "skipped (not a CloudFormation template): "+filepath.Join(dir, "config.yaml"))
	assert.Contains(t, stderr, "2 files, 1 templates, 1 skipped")
}

func TestScanGolden(t *testing.T) {
	for _, format := range []string{"text", "json", "sarif", "junit", "markdown"} {
		t.Run(format, func(t *testing.T) {
			_, out, _ := run(t, "scan", "--format", format, examples)
			golden := filepath.Join("testdata", "golden", "scan-examples."+format)
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, []byte(out), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./cmd -update to create it")
			assert.Equal(t, string(want), out)
		})
	}
}

func TestRulesCommands(t *testing.T) {
	code, out, _ := run(t, "rules", "list")
	require.Equal(t, ExitOK, code)
	assert.Contains(t, out, "BW-PITR-001")
	assert.Contains(t, out, "SEVERITY")
	code, out, _ = run(t, "rules", "show", "BW-PITR-001")
	require.Equal(t, ExitOK, code)
	assert.Contains(t, out, "Remediation:")
	assert.Contains(t, out, "REL09-BP01")
	code, _, stderr := run(t, "rules", "show", "NOPE-1")
	assert.Equal(t, ExitError, code)
	assert.Contains(t, stderr, "no rule NOPE-1")
}
