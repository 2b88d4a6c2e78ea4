package cmd

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sgr is every colour code bulwark writes; nothing else may hold an ESC.
var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

func TestQuietTextOutput(t *testing.T) {
	exceptions := "testdata/examples/exceptions.yaml"
	_, full, _ := run(t, "scan", exceptions, "--no-config")
	require.Contains(t, full, "(suppressed)")
	require.Contains(t, full, "WORKLOAD")
	require.Contains(t, full, "warning: duplicate key")
	for _, flag := range []string{"--quiet", "-q", "--compact"} {
		t.Run(flag, func(t *testing.T) {
			code, quiet, stderr := run(t, "scan", exceptions, "--no-config", flag)
			require.Equal(t, 1, code, stderr)
			assert.NotContains(t, quiet, "(suppressed)")
			assert.NotContains(t, quiet, "WORKLOAD", "no tier table")
			assert.NotContains(t, quiet, "warning:", "no warnings")
			assert.Contains(t, quiet, "HIGH     BW-PITR-001 AuditLog: DynamoDB table AuditLog")
			assert.Contains(t, quiet, "LOW      BW-GOV-003 AuditLog")
			assert.Contains(t, quiet, "1 template, 2 resources: 2 findings (1 high, 1 low), 1 suppressed, 0 errors\n")
			for _, line := range strings.Split(quiet, "\n") {
				assert.Contains(t, full, line, "quiet output is a subset of the full one")
			}
		})
	}
	dir := t.TempDir()
	broken := writeFile(t, dir, "broken.yaml", "Resources:\n  A:\n    Type: [unclosed\n")
	code, quiet, _ := run(t, "scan", broken, "--no-config", "-q")
	assert.Equal(t, 2, code)
	assert.Contains(t, quiet, ": error: ", "errors stay: they decide the exit code")

	// Baselined findings are left out too.
	base := filepath.Join(dir, "baseline.json")
	code, _, stderr := run(t, "baseline", "write", base, exceptions, "--no-config")
	require.Equal(t, 0, code, stderr)
	_, full, _ = run(t, "scan", exceptions, "--no-config", "--baseline", base)
	require.Contains(t, full, "(baselined)")
	code, quiet, _ = run(t, "scan", exceptions, "--no-config", "--baseline", base, "--quiet")
	assert.Equal(t, 0, code)
	assert.NotContains(t, quiet, "(baselined)")
	assert.NotContains(t, quiet, "BW-PITR-001")
}

func TestColour(t *testing.T) {
	dir := t.TempDir()
	// A hostile name: ESC sequences that would clear the screen and
	// colour the rest of the log.
	hostile := writeFile(t, dir, "evil\x1b[2J\x1b[31m.yaml", "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n")
	orders := "testdata/examples/orders-service.yaml"
	_, plain, _ := run(t, "scan", hostile, orders, "--no-config", "--color", "never")
	require.Contains(t, plain, `evil\x1b[2J\x1b[31m.yaml`, "the name is escaped")
	require.NotContains(t, plain, "\x1b")
	cases := []struct {
		name    string
		env     map[string]string
		args    []string
		colored bool
	}{
		{"not a terminal", nil, nil, false},
		{"--color=always", nil, []string{"--color", "always"}, true},
		{"FORCE_COLOR", map[string]string{"FORCE_COLOR": "1"}, nil, true},
		{"FORCE_COLOR=0", map[string]string{"FORCE_COLOR": "0"}, nil, false},
		{"NO_COLOR wins over FORCE_COLOR", map[string]string{"NO_COLOR": "1", "FORCE_COLOR": "1"}, nil, false},
		{"empty NO_COLOR is not set", map[string]string{"NO_COLOR": "", "FORCE_COLOR": "1"}, nil, true},
		{"--color=always wins over NO_COLOR", map[string]string{"NO_COLOR": "1"}, []string{"--color", "always"}, true},
		{"--no-color", map[string]string{"FORCE_COLOR": "1"}, []string{"--no-color"}, false},
		{"--no-color wins over --color=always", nil, []string{"--color", "always", "--no-color"}, false},
		{"json is never coloured", nil, []string{"--color", "always", "-f", "json"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("NO_COLOR", "")
			t.Setenv("FORCE_COLOR", "")
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			code, out, stderr := run(t, append([]string{"scan", hostile, orders, "--no-config"}, tc.args...)...)
			require.Equal(t, 1, code, stderr)
			if !tc.colored {
				assert.NotContains(t, out, "\x1b")
				return
			}
			assert.Contains(t, out, "\x1b[31mHIGH\x1b[0m")
			assert.Contains(t, out, "\x1b[31mMISSES TIER\x1b[0m")
			assert.Equal(t, plain, sgr.ReplaceAllString(out, ""), "colour adds codes and nothing else")
			assert.NotContains(t, sgr.ReplaceAllString(out, ""), "\x1b", "every ESC is one of bulwark's colour codes")
		})
	}
	t.Run("files are never coloured", func(t *testing.T) {
		t.Setenv("FORCE_COLOR", "1")
		out := filepath.Join(dir, "report.txt")
		code, stdout, stderr := run(t, "scan", hostile, "--no-config", "--color", "always", "-o", out, "--output-format", "text="+filepath.Join(dir, "more.txt"))
		require.Equal(t, 1, code, stderr)
		assert.Empty(t, stdout)
		for _, f := range []string{out, filepath.Join(dir, "more.txt")} {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			assert.Contains(t, string(data), "HIGH")
			assert.NotContains(t, string(data), "\x1b")
		}
	})
	t.Run("a pipe is not a terminal", func(t *testing.T) {
		t.Setenv("NO_COLOR", "")
		t.Setenv("FORCE_COLOR", "")
		r, w, err := os.Pipe()
		require.NoError(t, err)
		defer r.Close()
		assert.False(t, isTerminal(w))
		w.Close()
		assert.False(t, (&outputFlags{color: "auto"}).colored(w))
	})
	code, _, stderr := run(t, "scan", orders, "--no-config", "--color", "rainbow")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `unknown --color "rainbow"`)
}
