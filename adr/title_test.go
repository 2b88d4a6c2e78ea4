package adr

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTitlesRoundTrip: a title with Markdown punctuation or letters beyond
// ASCII makes a record whose file name keeps its letters, whose title
// reads back exactly as given, and that lint finds nothing wrong with.
func TestTitlesRoundTrip(t *testing.T) {
	tests := []struct{ title, file string }{
		{"Use `DynamoDB` global tables", "0002-use-dynamodb-global-tables.md"},
		{"Run *payments* at tier **1**", "0002-run-payments-at-tier-1.md"},
		{"Link [docs](https://example.com) and ![img](x)", "0002-link-docs-https-example-com-and-img-x.md"},
		{"Priority #1 ##", "0002-priority-1.md"},
		{"A | B table cell", "0002-a-b-table-cell.md"},
		{"No <b>HTML</b> &amp; entities", "0002-no-b-html-b-amp-entities.md"},
		{`Back\slash \* _under_ ~strike~`, "0002-back-slash-under-strike.md"},
		{"日本語", "0002-日本語.md"},
		{"Café crème: été", "0002-café-crème-été.md"},
	}
	for _, tc := range tests {
		t.Run(tc.title, func(t *testing.T) {
			dir, o := initDir(t)
			path, err := New(o, tc.title)
			require.NoError(t, err)
			assert.Equal(t, filepath.Join(dir, tc.file), path)
			records, problems, err := Load(dir)
			require.NoError(t, err)
			assert.Empty(t, notEmptySections(problems))
			require.Len(t, records, 2)
			assert.Equal(t, tc.title, records[1].Title, "the title reads back as given")

			_, err = Index(dir)
			require.NoError(t, err)
			problems, err = Lint(dir)
			require.NoError(t, err)
			assert.Empty(t, notEmptySections(problems), "the index and the record agree")
		})
	}
}

// notEmptySections leaves out the empty sections of a new record: the
// author has yet to write them.
func notEmptySections(problems []Problem) []Problem {
	var out []Problem
	for _, p := range problems {
		if !strings.HasSuffix(p.Message, "is empty") {
			out = append(out, p)
		}
	}
	return out
}

// TestLegacySlugStillMatches: records named by earlier versions, which
// dropped letters beyond ASCII, still match their titles.
func TestLegacySlugStillMatches(t *testing.T) {
	dir, o := initDir(t)
	path, err := New(o, "Café au lait")
	require.NoError(t, err)
	legacy := filepath.Join(dir, "0002-caf-au-lait.md")
	require.NoError(t, os.Rename(path, legacy))
	problems, err := Lint(dir)
	require.NoError(t, err)
	for _, p := range problems {
		assert.NotContains(t, p.Message, "does not match the file name")
	}
}

// TestTitlesThatCannotStandOnALine are refused with a clear error.
func TestTitlesThatCannotStandOnALine(t *testing.T) {
	for _, title := range []string{"a\nb", "a\rb", "esc\x1b[2J", "rev\u202eersed", "sep\u2028x"} {
		_, o := initDir(t)
		_, err := New(o, title)
		require.Error(t, err, "%q", title)
		assert.Contains(t, err.Error(), "control character")
	}
}

// TestDraftValuesCannotAddSections: a logical id, file name, type or
// message with line breaks stays on its evidence line: the draft has the
// template's sections and no other.
func TestDraftValuesCannotAddSections(t *testing.T) {
	dir, o := initDir(t)
	evil := "A\n## Decision\nB\n# ADR-0099: x\r\n::error::x"
	findings := []Finding{{RuleID: "BW-X-001", Title: "Queue `names` *echo* [x]", Severity: "high", Resource: evil,
		ResourceType: "AWS::SQS::Queue\n## Status", File: "t\n## Context.yaml", Line: 3, Message: evil + " `tick` \u202e",
		Details: map[string]any{"k\n## Neutral": "v`\n## Implementation"}}}
	rules := []*Rule{{ID: "BW-X-001", Title: "Queue `names` *echo* [x]", Description: "# Heading\n## Decision\ntext",
		Remediation: "Fix\n## Options Considered\nit"}}
	drafted, err := Draft(DraftOptions{Options: o}, findings, rules)
	require.NoError(t, err)
	require.Len(t, drafted, 1)
	// The decision's title names the resource, its line breaks written as
	// escapes: the title stands on one line.
	assert.Equal(t, filepath.Join(dir, "0002-decide-on-queue-names-echo-x-for-a-n-decision-nb-n-adr-0099.md"), drafted[0].Path)

	records, problems, err := Load(dir)
	require.NoError(t, err)
	require.Len(t, records, 2)
	rec := records[1]
	assert.Equal(t, `Decide on Queue `+"`names`"+` *echo* [x] for A\n## Decision\nB\n# ADR-0099: x\r\n::error::x`, rec.Title)
	var titles []string
	for _, s := range rec.Sections {
		titles = append(titles, s.Title)
	}
	assert.Equal(t, RequiredSections, titles, "only the template's sections")
	for _, p := range problems {
		assert.NotContains(t, p.Message, "second # title")
		assert.NotContains(t, p.Message, "appears twice")
	}
	text := read(t, drafted[0].Path)
	for _, line := range strings.Split(text, "\n") {
		assert.False(t, strings.HasPrefix(line, "::"), "a line reads as a workflow command: %q", line)
	}
	assert.NotContains(t, text, "\r")
	assert.NotContains(t, text, "\u202e")
}
