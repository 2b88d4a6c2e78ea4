package adr

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const lintCases = "../testdata/adr"

// problemStrings writes problems as "name:line: message", the file name
// relative to the case folder.
func problemStrings(dir string, problems []Problem) []string {
	var out []string
	for _, p := range problems {
		rel, _ := filepath.Rel(dir, p.File)
		out = append(out, Problem{filepath.ToSlash(rel), p.Line, p.Message, false}.String())
	}
	return out
}

func TestLintBrokenRecords(t *testing.T) {
	tests := []struct {
		dir  string
		want []string
	}{
		{"valid", nil},
		{"missing-section", []string{
			"0002-use-dynamodb-for-orders.md:9: missing section ## Implementation",
		}},
		{"empty-section", []string{
			"0002-use-dynamodb-for-orders.md:15: section ## Context is empty",
		}},
		{"bad-status", []string{
			`0002-use-dynamodb-for-orders.md:2: unknown front matter status "Approved": use Proposed, Accepted, Rejected, Deprecated, Superseded`,
			`0002-use-dynamodb-for-orders.md:13: unknown status "Approved": use Proposed, Accepted, Rejected, Deprecated, Superseded`,
		}},
		{"status-mismatch", []string{
			"0002-use-dynamodb-for-orders.md:2: front matter status Accepted does not agree with ## Status (Proposed, line 13)",
		}},
		{"dangling-link", []string{
			"0002-use-dynamodb-for-orders.md:19: link [ADR-0009](0009-use-a-single-postgres.md) does not resolve: no such file",
		}},
		{"duplicate-number", []string{
			"0002-use-dynamodb-for-orders.md:1: number 0002 is also used by 0002-use-aurora-for-orders.md: every record has its own number",
		}},
		{"number-gap", []string{
			"0004-use-aurora-for-orders.md:1: numbering has a gap: ADR-0003 is missing before ADR-0004",
		}},
		{"title-mismatch", []string{
			`0002-use-dynamodb-for-orders.md:9: title "Use Aurora for orders" does not match the file name: expected 0002-use-aurora-for-orders.md`,
			"0003-cache-sessions.md:9: title says ADR-0004 but the file name says ADR-0003",
		}},
		{"superseded-missing", []string{
			"0002-use-dynamodb-for-orders.md:13: link [ADR-0005](0005-use-aurora.md) does not resolve: no such file",
			"0002-use-dynamodb-for-orders.md:13: superseded by ADR-0005, which does not exist",
		}},
		{"stale-index", []string{
			"README.md:3: the index is out of date: run bulwark adr index",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.dir, func(t *testing.T) {
			dir := filepath.Join(lintCases, tc.dir)
			records, problems, err := Load(dir)
			require.NoError(t, err)
			assert.NotEmpty(t, records)
			assert.Equal(t, tc.want, problemStrings(dir, problems))
		})
	}
}

// TestLintRecord checks one record (0002) beside a valid 0001, each case
// asserting the exact lines reported.
func TestLintRecord(t *testing.T) {
	const fm = "---\nstatus: Accepted\ndate: 2026-11-24\n---\n"
	const body = "\n## Context\n\nC.\n\n## Options Considered\n\n1. O.\n\n## Decision\n\nD.\n\n## Consequences\n\n**Positive:**\n\n- P.\n\n## Implementation\n\n- I.\n"
	tests := []struct {
		name    string
		file    string
		content string
		want    []string
	}{
		{"complete, no front matter", "0002-two.md", "# ADR-0002: Two\n\n## Status\n\nAccepted\n" + body, nil},
		{"MADR lowercase status", "0002-two.md", "---\nstatus: accepted\n---\n# ADR-0002: Two\n\n## Status\n\nAccepted\n" + body, nil},
		{"front matter not closed", "0002-two.md", "---\nstatus: Accepted\n# ADR-0002: Two\n\n## Status\n\nAccepted\n" + body,
			[]string{"0002-two.md:1: front matter is not closed by a --- line"}},
		{"front matter not YAML", "0002-two.md", "---\nstatus: [Accepted\n---\n# ADR-0002: Two\n\n## Status\n\nAccepted\n" + body,
			[]string{"0002-two.md:1: front matter is not valid YAML: line 1: did not find expected ',' or ']'"}},
		{"front matter not a mapping", "0002-two.md", "---\n- a\n---\n# ADR-0002: Two\n\n## Status\n\nAccepted\n" + body,
			[]string{"0002-two.md:2: front matter is not a YAML mapping"}},
		{"bad date", "0002-two.md", "---\nstatus: Accepted\ndate: 24/11/2026\n---\n# ADR-0002: Two\n\n## Status\n\nAccepted\n" + body,
			[]string{`0002-two.md:3: date "24/11/2026" is not YYYY-MM-DD`}},
		{"no title", "0002-two.md", fm + "\n## Status\n\nAccepted\n" + body,
			[]string{`0002-two.md:1: no title: the record starts with "# ADR-0002: Title"`}},
		{"title without number", "0002-two.md", fm + "# Two\n\n## Status\n\nAccepted\n" + body,
			[]string{`0002-two.md:5: title "Two" does not read "ADR-0002: Title"`}},
		{"second title", "0002-two.md", fm + "# ADR-0002: Two\n\n## Status\n\nAccepted\n\n# Another\n" + body,
			[]string{"0002-two.md:11: a second # title: a record has one"}},
		{"three-digit file name", "002-two.md", "# ADR-0002: Two\n\n## Status\n\nAccepted\n" + body,
			[]string{"002-two.md:1: file name 002-two.md does not start with a 4-digit number (NNNN-kebab-title.md)"}},
		{"uppercase file name", "0002-Two.md", "# ADR-0002: Two\n\n## Status\n\nAccepted\n" + body,
			[]string{"0002-Two.md:1: file name 0002-Two.md is not NNNN-kebab-title.md (lowercase letters, digits and hyphens)",
				`0002-Two.md:1: title "Two" does not match the file name: expected 0002-two.md`}},
		{"section twice", "0002-two.md", "# ADR-0002: Two\n\n## Status\n\nAccepted\n" + body + "\n## Context\n\nAgain.\n",
			[]string{"0002-two.md:29: section ## Context appears twice"}},
		{"empty status", "0002-two.md", "# ADR-0002: Two\n\n## Status\n" + body,
			[]string{"0002-two.md:3: section ## Status is empty"}},
		{"status as a list", "0002-two.md", "# ADR-0002: Two\n\n## Status\n\n- Accepted\n" + body,
			[]string{"0002-two.md:3: ## Status does not start with a status line: write one of Proposed, Accepted, Rejected, Deprecated, Superseded"}},
		{"superseded without a link", "0002-two.md", "# ADR-0002: Two\n\n## Status\n\nSuperseded\n" + body,
			[]string{`0002-two.md:5: status Superseded does not say by which record: write "Superseded by [ADR-NNNN](NNNN-title.md)"`}},
		{"superseded by itself", "0002-two.md", "# ADR-0002: Two\n\n## Status\n\nSuperseded by [ADR-0002](0002-two.md)\n" + body,
			[]string{"0002-two.md:5: a record cannot supersede itself"}},
		{"superseded_by while accepted", "0002-two.md", "---\nstatus: Accepted\nsuperseded_by: ADR-0001\n---\n# ADR-0002: Two\n\n## Status\n\nAccepted\n" + body,
			[]string{"0002-two.md:3: front matter superseded_by is ADR-0001 but the status is Accepted, not Superseded"}},
		{"superseded_by disagrees", "0002-two.md", "---\nstatus: Superseded\nsuperseded_by: ADR-0003\n---\n# ADR-0002: Two\n\n## Status\n\nSuperseded by [ADR-0001](0001-one.md)\n" + body,
			[]string{"0002-two.md:3: front matter superseded_by ADR-0003 does not agree with ## Status (superseded by ADR-0001)"}},
		{"supersedes a record that does not exist", "0002-two.md", "---\nstatus: Accepted\nsupersedes: [ADR-0007, nonsense]\n---\n# ADR-0002: Two\n\n## Status\n\nAccepted\n" + body,
			[]string{`0002-two.md:3: front matter supersedes "nonsense" is not an ADR id like ADR-0003`, "0002-two.md:3: supersedes ADR-0007, which does not exist"}},
		{"link text names another record", "0002-two.md", "# ADR-0002: Two\n\n## Status\n\nAccepted\n\nSee [ADR-0003](0001-one.md).\n" + body,
			[]string{"0002-two.md:7: link [ADR-0003](0001-one.md) names ADR-0003 but goes to ADR-0001"}},
		{"URLs, anchors and links that resolve are fine", "0002-two.md", "# ADR-0002: Two\n\n## Status\n\nAccepted\n\n[AWS](https://aws.amazon.com/) [here](#context) [one](./0001-one.md#status) <https://x.y/z> [mail](mailto:a@b.c)\n" + body, nil},
	}
	one := "# ADR-0001: One\n\n## Status\n\nAccepted\n" + body
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "0001-one.md"), []byte(one), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, tc.file), []byte(tc.content), 0o644))
			problems, err := Lint(dir)
			require.NoError(t, err)
			assert.Equal(t, tc.want, problemStrings(dir, problems))
		})
	}
}

func TestLintMissingFolder(t *testing.T) {
	_, err := Lint(filepath.Join(t.TempDir(), "nope"))
	assert.ErrorContains(t, err, "ADR folder")
}
