package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestADRTitlesFromTheCommandLine: `adr new` takes titles with Markdown
// punctuation and letters beyond ASCII, `adr list` shows them as given,
// and `scan --adr-drafts` drafts for a rule whose title has backticks.
func TestADRTitlesFromTheCommandLine(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "adr")
	code, _, stderr := run(t, "adr", "init", dir)
	require.Equal(t, ExitOK, code, stderr)
	titles := map[string]string{
		"日本語":                          "0002-日本語.md",
		"Use `x` with *care* [now] #1": "0003-use-x-with-care-now-1.md",
		"A | B <c>":                    "0004-a-b-c.md",
	}
	for _, title := range []string{"日本語", "Use `x` with *care* [now] #1", "A | B <c>"} {
		code, out, stderr := run(t, "adr", "new", "--dir", dir, title)
		require.Equal(t, ExitOK, code, "%s: %s", title, stderr)
		assert.Equal(t, filepath.Join(dir, titles[title])+"\n", out)
	}
	code, out, stderr := run(t, "adr", "list", "--dir", dir)
	require.Equal(t, ExitOK, code, stderr)
	for title := range titles {
		assert.Contains(t, out, title)
	}
	code, out, _ = run(t, "adr", "list", "--dir", dir, "--format", "json")
	require.Equal(t, ExitOK, code)
	var records []struct{ Title string }
	require.NoError(t, json.Unmarshal([]byte(out), &records))
	var got []string
	for _, r := range records[1:] {
		got = append(got, r.Title)
	}
	assert.ElementsMatch(t, []string{"日本語", "Use `x` with *care* [now] #1", "A | B <c>"}, got)

	rulesDir := t.TempDir()
	writeFile(t, rulesDir, "echo.rego", strings.Replace(echoRule, "# title: Queue names are echoed", "# title: Queue `names` are *echoed*", 1))
	tmpl := writeFile(t, t.TempDir(), "q.yaml", "Resources:\n  \"Q\\n## Decision\\nB\":\n    Type: AWS::SQS::Queue\n    Properties: {QueueName: x}\n")
	code, _, stderr = run(t, "scan", "--rules", rulesDir, "--adr-drafts", dir, tmpl)
	assert.Equal(t, ExitFindings, code, stderr)
	assert.Contains(t, stderr, "drafted "+filepath.Join(dir, "0005-back-up-the-data-of-q-n-decision-nb.md"))
	draft, err := os.ReadFile(filepath.Join(dir, "0005-back-up-the-data-of-q-n-decision-nb.md"))
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(draft), "\n## Decision\n"), "the logical id adds no section")
	_, out, _ = run(t, "adr", "lint", dir)
	assert.NotContains(t, out, "does not match the file name")
	assert.NotContains(t, out, "appears twice")
}

// TestADRHostileRecordIsInert: a hand-written record whose title and
// status hold control characters and a bidi override is listed, linted
// and indexed without any of them reaching the output raw.
func TestADRHostileRecordIsInert(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "adr")
	code, _, stderr := run(t, "adr", "init", dir)
	require.Equal(t, ExitOK, code, stderr)
	writeFile(t, dir, "0002-x.md", "---\nstatus: Proposed\ndate: 2026-01-01\n---\n\n# ADR-0002: x\x1b[2J\u202e \\\r\n::error file=x::pwned\n\n"+
		"## Status\n\nProposed\x1b]0;t\x07\n\n## Context\n\nc\n")
	writeFile(t, dir, "0003-\x1b[2J\r\n::error::y.md", "# ADR-0003: y\n")
	for _, args := range [][]string{{"adr", "list", "--dir", dir}, {"adr", "lint", dir}, {"adr", "index", dir}} {
		_, out, stderr := run(t, args...)
		assertInert(t, strings.Join(args[:2], " ")+" stdout", out)
		assertInert(t, strings.Join(args[:2], " ")+" stderr", stderr)
	}
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	require.NoError(t, err)
	assertInert(t, "README index", string(readme))
}
