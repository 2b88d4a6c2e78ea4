package adr

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLinkRecordsBothSides(t *testing.T) {
	dir, o := initDir(t)
	orders := completeRecord(t, o, "Protect orders with PITR")
	backup, err := New(o, "Back up orders daily")
	require.NoError(t, err)
	require.NoError(t, refreshIndex(dir))

	changed, err := LinkRecords(o, 3, 2, "amends")
	require.NoError(t, err)
	assert.Equal(t, []string{backup, orders}, changed)
	golden(t, "link-amends.md", read(t, backup))
	golden(t, "link-amended.md", read(t, orders))
	golden(t, "link-README.md", read(t, filepath.Join(dir, readmeName)))

	r3, err := Find(dir, 3)
	require.NoError(t, err)
	assert.Equal(t, []string{"ADR-0002"}, r3.Amends)
	r2, err := Find(dir, 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"ADR-0003"}, r2.AmendedBy)

	// Recorded once: linking again changes nothing.
	changed, err = LinkRecords(o, 3, 2, "amends")
	require.NoError(t, err)
	assert.Empty(t, changed)

	// A second relation goes into the same lists' neighbours.
	_, err = LinkRecords(o, 3, 1, "clarifies")
	require.NoError(t, err)
	r3, err = Find(dir, 3)
	require.NoError(t, err)
	assert.Equal(t, []string{"ADR-0001"}, r3.Clarifies)
	assert.Equal(t, []string{"ADR-0002"}, r3.Amends)
	r1, err := Find(dir, 1)
	require.NoError(t, err)
	assert.Equal(t, []string{"ADR-0003"}, r1.ClarifiedBy)

	// supersedes is adr supersede M --by N.
	_, err = LinkRecords(o, 3, 2, "supersedes")
	require.NoError(t, err)
	r2, err = Find(dir, 2)
	require.NoError(t, err)
	assert.Equal(t, StatusSuperseded, r2.Status)
	assert.Equal(t, "ADR-0003", r2.SupersededBy)

	readme := read(t, filepath.Join(dir, readmeName))
	assert.Contains(t, readme, "  adr3 -->|clarifies| adr1\n")
	assert.Contains(t, readme, "  adr3 -->|amends| adr2\n")
	assert.Contains(t, readme, "  adr3 -->|supersedes| adr2\n")
	problems, err := Lint(dir)
	require.NoError(t, err)
	for _, p := range problems {
		assert.True(t, p.Warning, "only the draft's empty sections: %s", p)
	}
}

func TestLinkRecordsRefuses(t *testing.T) {
	dir, o := initDir(t)
	_, err := New(o, "Cache sessions")
	require.NoError(t, err)
	for _, tc := range []struct {
		n, m int
		kind string
		want string
	}{
		{2, 1, "replaces", `unknown link type "replaces": use amends, clarifies, supersedes`},
		{2, 2, "amends", "a record cannot amend itself"},
		{2, 7, "clarifies", "no ADR-0007 in " + dir},
	} {
		_, err := LinkRecords(o, tc.n, tc.m, tc.kind)
		require.Error(t, err)
		assert.Contains(t, err.Error(), tc.want)
	}
}

// A link recorded on one side only, or to a record that is not there, is
// a lint problem that says how to fix it.
func TestLintRelations(t *testing.T) {
	dir, o := initDir(t)
	completeRecord(t, o, "Protect orders with PITR")
	completeRecord(t, o, "Back up orders daily")
	_, err := LinkRecords(o, 3, 2, "amends")
	require.NoError(t, err)
	target := filepath.Join(dir, "0002-protect-orders-with-pitr.md")
	raw := read(t, target)
	one := strings.Replace(strings.Replace(raw, "amended_by: [ADR-0003]\n", "", 1), "\n\nAmended by [ADR-0003](0003-back-up-orders-daily.md)", "", 1)
	require.NotEqual(t, raw, one)
	require.NoError(t, os.WriteFile(target, []byte(one), 0o644))
	other := filepath.Join(dir, "0003-back-up-orders-daily.md")
	require.NoError(t, os.WriteFile(other, []byte(strings.Replace(read(t, other), "amends: [ADR-0002]", "amends: [ADR-0002, ADR-0009]", 1)), 0o644))
	require.NoError(t, refreshIndex(dir))

	problems, err := Lint(dir)
	require.NoError(t, err)
	var got []string
	for _, p := range problems {
		got = append(got, filepath.Base(p.File)+": "+p.Message)
	}
	assert.Equal(t, []string{
		"0003-back-up-orders-daily.md: amends ADR-0002, but ADR-0002 does not record it: run bulwark adr link 3 2 --type amends",
		"0003-back-up-orders-daily.md: amends ADR-0009, which does not exist",
	}, got)
}

// Titles are anyone's text: in the graph they stay inside their quoted
// label, whatever they hold, and the fence stays closed.
func TestMermaidGraphEscapesTitles(t *testing.T) {
	hostile := []string{
		`Break "out"] --> adr1 & click adr1 "javascript:alert(1)"`,
		"End the fence\n```\n# Heading",
		"<img src=x onerror=alert(1)> #quot; %% comment ; end",
		"Bidi \u202e override and 日本語 titles",
	}
	var records []*Record
	for i, title := range hostile {
		records = append(records, &Record{Number: i + 1, ID: FormatID(i + 1), Title: title})
	}
	records[0].Supersedes = []string{"ADR-0002"}
	records[2].Amends = []string{"ADR-0004"}
	records[3].ClarifiedBy = []string{"ADR-0002"}
	graph := mermaidGraph(records, "\n")
	lines := strings.Split(strings.TrimSuffix(graph, "\n"), "\n")
	require.Equal(t, "```mermaid", lines[0])
	require.Equal(t, "flowchart LR", lines[1])
	require.Equal(t, "```", lines[len(lines)-1])
	node := regexp.MustCompile(`^  adr[0-9]+\["[^"\[\]<>&` + "`" + `%\n\x{202e}]*"\]$`)
	edge := regexp.MustCompile(`^  adr[0-9]+ -->\|(supersedes|amends|clarifies)\| adr[0-9]+$`)
	var nodes, edges int
	for _, l := range lines[2 : len(lines)-1] {
		switch {
		case node.MatchString(l):
			nodes++
		case edge.MatchString(l):
			edges++
		default:
			t.Errorf("line %q is neither a node nor an edge", l)
		}
	}
	assert.Equal(t, 4, nodes)
	assert.Equal(t, 3, edges)
	assert.Contains(t, graph, `adr1["ADR-0001: Break #34;out#34;#93; --#62; adr1 #38; click adr1 #34;javascript:alert(1)#34;"]`)
	assert.Contains(t, graph, "日本語 titles")
}
