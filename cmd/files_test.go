package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sparse makes a 1 TiB file that takes no disk: every input limit must
// refuse it by its size, before reading a byte.
func sparse(t *testing.T, p string) string {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, nil, 0o644))
	require.NoError(t, os.Truncate(p, 1<<40))
	return p
}

// TestOversizedInputsAreRefused: each file a run reads has a limit; above
// it the run stops with exit 2 and a message naming the file.
func TestOversizedInputsAreRefused(t *testing.T) {
	dir := t.TempDir()
	tmpl := writeFile(t, dir, "t.yaml", pitrTable)
	config := sparse(t, filepath.Join(dir, "big", "bulwark.yaml"))
	baseline := sparse(t, filepath.Join(dir, "big", "baseline.json"))
	ruleFile := sparse(t, filepath.Join(dir, "rules", "big.rego"))
	reportIn := sparse(t, filepath.Join(dir, "big", "report.json"))
	htmlTmpl := sparse(t, filepath.Join(dir, "big", "report.html.tmpl"))
	saved := saveScanJSON(t, "saved.json", tmpl)
	tests := []struct {
		name string
		args []string
		file string
	}{
		{"config", []string{"scan", "--config", config, tmpl}, config},
		{"baseline", []string{"scan", "--no-config", "--baseline", baseline, tmpl}, baseline},
		{"rule file", []string{"scan", "--no-config", "--rules", filepath.Dir(ruleFile), tmpl}, ruleFile},
		{"report input", []string{"report", reportIn}, reportIn},
		{"report template", []string{"report", "--template", htmlTmpl, saved}, htmlTmpl},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tc.args...)
			assert.Equal(t, ExitError, code, stdout+stderr)
			assert.Contains(t, stderr, tc.file, "the message names the file")
			assert.Contains(t, stderr, "above the")
		})
	}
	t.Run("standard input", func(t *testing.T) {
		limit := maxReportInput
		maxReportInput = 1 << 10
		t.Cleanup(func() { maxReportInput = limit })
		code, _, stderr := runReportCmd(t, strings.Repeat(" ", 1<<10+1), "report", "-")
		assert.Equal(t, ExitError, code)
		assert.Contains(t, stderr, "standard input: is above the 1024-byte limit")
	})
	t.Run("role file", func(t *testing.T) {
		roles := sparse(t, filepath.Join(dir, "big", "roles.txt"))
		_, err := readRoleFile(roles)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "above the")
	})
}

// TestOutputNeverOverwritesAnInput: a forgotten argument (baseline write
// t.yaml) or a slip (-o t.yaml) must not destroy a file the run reads.
func TestOutputNeverOverwritesAnInput(t *testing.T) {
	dir := t.TempDir()
	tmpl := writeFile(t, dir, "t.yaml", pitrTable)
	config := writeFile(t, dir, "bulwark.yaml", "fail_on: critical\n")
	rulesDir := filepath.Join(dir, "rules")
	require.NoError(t, os.Mkdir(rulesDir, 0o755))
	ruleFile := writeFile(t, rulesDir, "custom.rego", "package custom\n")
	baseline := filepath.Join(dir, "baseline.json")
	code, _, stderr := run(t, "baseline", "write", "--no-config", baseline, tmpl)
	require.Equal(t, ExitOK, code, stderr)
	saved := saveScanJSON(t, "saved.json", tmpl)
	notes := writeFile(t, dir, "notes.json", `{"owner": "team-a"}`+"\n")

	tests := []struct {
		name    string
		args    []string
		victim  string
		message string
	}{
		{"scan -o a template", []string{"scan", "--no-config", tmpl, "-o", tmpl}, tmpl, "a template"},
		{"scan --output-format into a scanned folder", []string{"scan", "--no-config", dir, "--output-format", "sarif=" + tmpl}, tmpl, "a template"},
		{"scan -o the config", []string{"scan", "--config", config, tmpl, "-o", config}, config, "the config file"},
		{"scan -o the baseline", []string{"scan", "--no-config", "--baseline", baseline, tmpl, "-f", "json", "-o", baseline}, baseline, "the baseline"},
		{"scan -o a rule file", []string{"scan", "--no-config", "--rules", rulesDir, tmpl, "-o", ruleFile}, ruleFile, "a rule file"},
		{"baseline write over the template (FILE forgotten)", []string{"baseline", "write", "--no-config", tmpl}, tmpl, "not a bulwark baseline"},
		{"baseline write over a saved report", []string{"baseline", "write", "--no-config", saved, tmpl}, saved, "a bulwark report, not a bulwark baseline"},
		{"baseline write over a file that is not a baseline", []string{"baseline", "write", "--no-config", notes, tmpl}, notes, "not a bulwark baseline"},
		{"report -o its input", []string{"report", saved, "-f", "json", "-o", saved}, saved, "a report"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before, err := os.ReadFile(tc.victim)
			require.NoError(t, err)
			code, stdout, stderr := run(t, tc.args...)
			assert.Equal(t, ExitError, code, stdout+stderr)
			assert.Contains(t, stderr, "refusing to write "+tc.victim)
			assert.Contains(t, stderr, tc.message)
			after, err := os.ReadFile(tc.victim)
			require.NoError(t, err)
			assert.Equal(t, string(before), string(after), "%s is unchanged", tc.victim)
		})
	}

	t.Run("baseline write over an existing baseline still works", func(t *testing.T) {
		clean := writeFile(t, t.TempDir(), "clean.yaml", "Resources:\n  T: {Type: AWS::SNS::Topic}\n")
		code, _, stderr := run(t, "baseline", "write", "--no-config", baseline, clean)
		require.Equal(t, ExitOK, code, stderr)
		assert.Contains(t, stderr, "recorded 0 findings")
		data, err := os.ReadFile(baseline)
		require.NoError(t, err)
		assert.Contains(t, string(data), `"findings": []`)
	})
	t.Run("outputs in the scanned folder that are not templates are replaced", func(t *testing.T) {
		// The usual `baseline write bulwark-baseline.json .` and
		// `scan . -o bulwark.json` find last run's files in the folder.
		code, _, stderr := run(t, "baseline", "write", "--no-config", baseline, dir)
		require.Equal(t, ExitOK, code, stderr)
		report := filepath.Join(dir, "bulwark.json")
		for range 2 {
			code, _, stderr = run(t, "scan", "--no-config", dir, "-f", "json", "-o", report)
			require.Equal(t, ExitFindings, code, stderr)
		}
	})
	t.Run("baseline write over an empty file works", func(t *testing.T) {
		empty := writeFile(t, t.TempDir(), "baseline.json", "")
		code, _, stderr := run(t, "baseline", "write", "--no-config", empty, tmpl)
		require.Equal(t, ExitOK, code, stderr)
		assert.Contains(t, stderr, "recorded 1 findings")
	})
}
