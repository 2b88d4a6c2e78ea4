package adr

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// completeRecord creates a Proposed record with every section written.
func completeRecord(t *testing.T, o Options, title string) string {
	t.Helper()
	path, _, err := o.newRecord(templateData{Title: title, Context: "Orders are lost when the table is.",
		Options: "1. PITR\n2. Nothing", Decision: "We will enable PITR.", Positive: "- Restores to the second.",
		Negative: "- Costs storage.", Neutral: "- None.", Implementation: "- Set the property."})
	require.NoError(t, err)
	return path
}

func TestSetStatusChangesBothPlaces(t *testing.T) {
	dir, o := initDir(t)
	path := completeRecord(t, o, "Protect orders with PITR")
	require.NoError(t, refreshIndex(dir))

	got, err := SetStatus(o, 2, "accepted")
	require.NoError(t, err)
	assert.Equal(t, path, got)
	text := read(t, path)
	assert.Contains(t, text, "\nstatus: Accepted\n")
	assert.Contains(t, text, "## Status\n\nAccepted\n")
	assert.NotContains(t, text, "Proposed")
	golden(t, "status-accepted.md", text)
	assert.Contains(t, read(t, filepath.Join(dir, readmeName)), "| Protect orders with PITR | Accepted |", "the index is refreshed")
	problems, err := Lint(dir)
	require.NoError(t, err)
	assert.Empty(t, problems)

	// Deprecated later: the same two lines change, nothing else.
	_, err = SetStatus(o, 2, "Deprecated")
	require.NoError(t, err)
	assert.Equal(t, strings.ReplaceAll(text, "Accepted", "Deprecated"), read(t, path))
}

func TestSetStatusRefuses(t *testing.T) {
	dir, o := initDir(t)
	draft, err := New(o, "Cache sessions") // every section empty
	require.NoError(t, err)
	completeRecord(t, o, "Protect orders with PITR")
	_, err = Supersede(o, 3, "Protect orders with AWS Backup")
	require.NoError(t, err)
	before := read(t, draft)

	for _, tc := range []struct {
		n      int
		status string
		want   string
	}{
		{2, "Accepted", "ADR-0002 cannot be Accepted yet: write its ## Context, ## Options Considered, ## Decision, ## Consequences, ## Implementation first"},
		{2, "Approved", `unknown status "Approved"`},
		{2, "Superseded", "use bulwark adr supersede 2"},
		{3, "Accepted", "ADR-0003 is superseded by ADR-0004: its status stays"},
		{9, "Accepted", "no ADR-0009 in " + dir},
	} {
		_, err := SetStatus(o, tc.n, tc.status)
		require.Error(t, err, "%d %s", tc.n, tc.status)
		assert.Contains(t, err.Error(), tc.want)
	}
	assert.Equal(t, before, read(t, draft), "a refused change writes nothing")

	// Rejecting a draft needs no sections.
	_, err = SetStatus(o, 2, "rejected")
	require.NoError(t, err)
	assert.Contains(t, read(t, draft), "\nstatus: Rejected\n")
}

// A record without front matter has its status in one place.
func TestSetStatusWithoutFrontMatter(t *testing.T) {
	dir := t.TempDir()
	rec := "# ADR-0001: Use queues\n\n## Status\n\nProposed\n\n## Context\n\nc\n\n## Options Considered\n\no\n\n" +
		"## Decision\n\nd\n\n## Consequences\n\nc\n\n## Implementation\n\ni\n"
	path := filepath.Join(dir, "0001-use-queues.md")
	require.NoError(t, os.WriteFile(path, []byte(rec), 0o644))
	_, err := SetStatus(Options{Dir: dir}, 1, "Accepted")
	require.NoError(t, err)
	assert.Equal(t, strings.Replace(rec, "Proposed", "Accepted", 1), read(t, path))
}
