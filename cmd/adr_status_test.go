package cmd

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The life of a record: drafted Proposed (lint warns, exit 0), refused as
// Accepted while empty (exit 2), written, accepted in both places (lint
// clean, the index says so); a record Accepted with empty sections fails
// lint (exit 1).
func TestADRLintAndStatusFlow(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "docs", "adr")
	code, _, stderr := runADR(t, "adr", "init", dir)
	require.Equal(t, ExitOK, code, stderr)
	code, stdout, stderr := runADR(t, "adr", "new", "Protect orders with PITR", "--dir", dir)
	require.Equal(t, ExitOK, code, stderr)
	record := filepath.Join(dir, "0002-protect-orders-with-pitr.md")
	assert.Equal(t, record+"\n", stdout)

	code, stdout, stderr = runADR(t, "adr", "lint", dir)
	assert.Equal(t, ExitOK, code, "a Proposed record's empty sections are warnings: %s %s", stdout, stderr)
	assert.Contains(t, stdout, record+":20: warning: section ## Options Considered is empty\n")
	assert.Contains(t, stdout, "2 records, no problems (5 warnings: empty sections of Proposed records)\n")

	code, _, stderr = runADR(t, "adr", "accept", "2", "--dir", dir)
	assert.Equal(t, ExitError, code)
	assert.Contains(t, stderr, "ADR-0002 cannot be Accepted yet: write its ## Context")

	raw, err := os.ReadFile(record)
	require.NoError(t, err)
	written := regexp.MustCompile(`(?s)<!--.*?-->`).ReplaceAll(raw, []byte("Written."))
	require.NoError(t, os.WriteFile(record, written, 0o644))
	code, stdout, stderr = runADR(t, "adr", "accept", "ADR-0002", "--dir", dir)
	require.Equal(t, ExitOK, code, stderr)
	assert.Equal(t, record+"\n", stdout)
	raw, err = os.ReadFile(record)
	require.NoError(t, err)
	assert.Contains(t, string(raw), "status: Accepted\n")
	assert.Contains(t, string(raw), "## Status\n\nAccepted\n")
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	require.NoError(t, err)
	assert.Contains(t, string(readme), "| Protect orders with PITR | Accepted |")
	code, stdout, _ = runADR(t, "adr", "lint", dir)
	assert.Equal(t, ExitOK, code)
	assert.Equal(t, dir+": 2 records, no problems\n", stdout)

	code, _, stderr = runADR(t, "adr", "status", "2", "Superseded", "--dir", dir)
	assert.Equal(t, ExitError, code)
	assert.Contains(t, stderr, "use bulwark adr supersede 2")
	code, _, _ = runADR(t, "adr", "status", "two", "Accepted", "--dir", dir)
	assert.Equal(t, ExitError, code)

	code, _, stderr = runADR(t, "adr", "new", "Cache sessions", "--status", "accepted", "--dir", dir)
	require.Equal(t, ExitOK, code, stderr)
	code, stdout, stderr = runADR(t, "adr", "lint", dir)
	assert.Equal(t, ExitFindings, code, "an Accepted record's empty sections fail")
	assert.Contains(t, stdout, filepath.Join(dir, "0003-cache-sessions.md")+":15: section ## Context is empty\n")
	assert.Contains(t, stderr, "5 problems in 3 records")
}

func TestADRLinkCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "docs", "adr")
	code, _, stderr := runADR(t, "adr", "init", dir)
	require.Equal(t, ExitOK, code, stderr)
	code, _, stderr = runADR(t, "adr", "new", "Back up orders daily", "--dir", dir)
	require.Equal(t, ExitOK, code, stderr)
	code, stdout, stderr := runADR(t, "adr", "link", "2", "1", "--type", "clarifies", "--dir", dir)
	require.Equal(t, ExitOK, code, stderr)
	assert.Equal(t, filepath.Join(dir, "0002-back-up-orders-daily.md")+"\n"+filepath.Join(dir, "0001-record-architecture-decisions.md")+"\n", stdout)
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	require.NoError(t, err)
	assert.Contains(t, string(readme), "```mermaid\nflowchart LR\n")
	assert.Contains(t, string(readme), "  adr2 -->|clarifies| adr1\n")
	code, _, _ = runADR(t, "adr", "lint", dir)
	assert.Equal(t, ExitOK, code)

	for _, args := range [][]string{
		{"adr", "link", "2", "1", "--dir", dir},
		{"adr", "link", "2", "1", "--type", "replaces", "--dir", dir},
		{"adr", "link", "2", "x", "--type", "amends", "--dir", dir},
	} {
		code, _, stderr := runADR(t, args...)
		assert.Equal(t, ExitError, code, "%v", args)
		assert.NotEmpty(t, stderr)
	}
}
