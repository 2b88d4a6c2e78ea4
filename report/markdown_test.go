package report

import (
	"bytes"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bulwarkhq/bulwark/scanners"
)

func markdownOf(t *testing.T, r *Report) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, WriteMarkdown(&buf, r))
	return buf.String()
}

// unescapedPipes counts the pipes that delimit table cells.
var unescapedPipe = regexp.MustCompile(`(^|[^\\])\|`)

func cellCount(row string) int {
	// Overlapping matches ("||") are not a concern: cells are never empty
	// without a space.
	return len(unescapedPipe.FindAllString(row, -1)) - 1
}

// tableRows returns the body rows of the first table after heading.
func tableRows(t *testing.T, md, heading string) []string {
	t.Helper()
	_, rest, ok := strings.Cut(md, heading)
	require.True(t, ok, "no %q in\n%s", heading, md)
	if strings.HasPrefix(heading, "|") {
		rest = heading + rest
	}
	var rows []string
	started := false
	for _, line := range strings.Split(rest, "\n") {
		if strings.HasPrefix(line, "|") {
			started = true
			rows = append(rows, line)
			continue
		}
		if started {
			break
		}
	}
	require.GreaterOrEqual(t, len(rows), 2, "table under %q", heading)
	return rows[2:]
}

func TestMarkdownGolden(t *testing.T) {
	checkReportGolden(t, "fixture.md", []byte(markdownOf(t, fixtureReport())))
}

func TestMarkdownVerdict(t *testing.T) {
	onlySuppressed := fixtureReport()
	onlySuppressed.Diagnostics = nil
	var kept []finding.Finding
	for _, f := range onlySuppressed.Findings {
		if f.Status != finding.StatusFail {
			kept = append(kept, f)
		}
	}
	onlySuppressed.Findings = kept
	onlyErrors := fixtureEmptyReport()
	onlyErrors.Diagnostics = []scanners.Diagnostic{{File: "x.yaml", Severity: "error", Message: "bad"}}
	cases := []struct {
		name   string
		report *Report
		want   string
		absent []string
	}{
		{"fixture", fixtureReport(), "❌ **4 failing findings** · 2 suppressed · 1 baselined · 1 error · 1 warning\n", nil},
		{"nothing", fixtureEmptyReport(), "✅ No findings.\n",
			[]string{"| Severity |", "Failing findings", "<details>"}},
		{"only suppressed and baselined", onlySuppressed, "✅ No failing findings · 2 suppressed · 1 baselined\n",
			[]string{"Failing findings", "Remediation", "Diagnostics"}},
		{"only errors", onlyErrors, "⚠️ No failing findings · 1 error\n",
			[]string{"| Severity | Failing |", "Failing findings", "Suppressed"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			md := markdownOf(t, tc.report)
			assert.True(t, strings.HasPrefix(md, "## bulwark\n\n"+tc.want), "got\n%s", md)
			for _, s := range tc.absent {
				assert.NotContains(t, md, s)
			}
			assert.Equal(t, strings.Count(md, "<details>"), strings.Count(md, "</details>"))
		})
	}
}

func TestMarkdownTables(t *testing.T) {
	md := markdownOf(t, fixtureReport())
	assert.Equal(t, []string{
		"| high | 2 | 1 | 1 |",
		"| medium | 1 | 1 | 0 |",
		"| low | 1 | 0 | 0 |",
		"| **Total** | **4** | **2** | **1** |",
	}, tableRows(t, md, "| Severity | Failing | Suppressed | Baselined |"))
	failing := tableRows(t, md, "### Failing findings")
	require.Len(t, failing, 4)
	assert.Equal(t, "| high | BW-PITR-001 | OrdersTable | `infra/orders.yaml:19` | DynamoDB table OrdersTable has no "+
		"PointInTimeRecoverySpecification: point-in-time recovery is off |", failing[0])
	assert.True(t, strings.HasPrefix(failing[3], "| low |"), "sorted by severity")
	other := tableRows(t, md, "Suppressed and baselined (3)")
	require.Len(t, other, 3)
	assert.Contains(t, other[0], "| suppressed (template) |")
	assert.Contains(t, other[0], "(ADR-0007)")
	assert.Len(t, tableRows(t, md, "Diagnostics (1 error, 1 warning)"), 2)
	assert.Contains(t, md, "- **BW-PITR-001** DynamoDB table without point-in-time recovery (1): Set PointInTimeRecoverySpecification")
}

func TestMarkdownCell(t *testing.T) {
	cases := []struct {
		in   string
		max  int
		want string
	}{
		{"plain text", 100, "plain text"},
		{"a | b", 100, `a \| b`},
		{"line one\nline two\r\nthree", 100, "line one<br>line two<br>three"},
		{"<details>&amp;", 100, `\<details\>\&amp;`},
		{"*x* _y_ `z` [l](u) ~~s~~", 100, "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\~\\~s\\~\\~"},
		{`back\slash`, 100, `back\\slash`},
		{"  padded  ", 100, "padded"},
		{strings.Repeat("x", 20), 10, strings.Repeat("x", 9) + "…"},
		{"ééééé", 5, "ééééé"},
		{"éééééé", 5, "éééé…"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, mdCell(tc.in, tc.max), tc.in)
	}
}

func TestMarkdownCode(t *testing.T) {
	cases := []struct{ in, want string }{
		{"infra/a.yaml:3", "`infra/a.yaml:3`"},
		{"we|rd.yaml:1", "`we\\|rd.yaml:1`"},
		{"a`b.yaml", "`` a`b.yaml ``"},
		{"two\nlines", "`two lines`"},
		{"", ""},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, mdCode(tc.in), tc.in)
	}
}

// TestMarkdownHostileText: pipes, newlines and markup in any field keep
// every table row at its column count.
func TestMarkdownHostileText(t *testing.T) {
	f := finding.Finding{RuleID: "R|1", Severity: "high", Status: finding.StatusFail, Resource: "A|B", File: "we|rd`x.yaml", Line: 4,
		Message: "pipes | and\nnewlines | and </details> and `ticks`", Remediation: "fix | it\nnow"}
	s := f
	s.Status, s.Suppression = finding.StatusSuppressed, &finding.Suppression{Kind: "config", Reason: "because | reasons\nok"}
	r := &Report{Findings: []finding.Finding{f, s}, Diagnostics: []scanners.Diagnostic{
		{File: "b|d.yaml", Severity: "error", Message: "x | y\nz"}}}
	md := markdownOf(t, r)
	for _, tc := range []struct {
		heading string
		cells   int
	}{
		{"### Failing findings", 5},
		{"Suppressed and baselined (1)", 5},
		{"Diagnostics (1 error)", 3},
	} {
		rows := tableRows(t, md, tc.heading)
		require.Len(t, rows, 1)
		assert.Equal(t, tc.cells, cellCount(rows[0]), rows[0])
	}
	assert.Equal(t, 3, strings.Count(md, "</details>"), "the message cannot close a <details>:\n%s", md)
	assert.Contains(t, md, `\</details\>`)
}

func TestMarkdownTruncation(t *testing.T) {
	many := func(n, messageLen int) *Report {
		r := &Report{Summary: Summary{Templates: 1, Resources: n}}
		for i := range n {
			r.Findings = append(r.Findings, finding.Finding{
				RuleID: fmt.Sprintf("BW-X-%03d", i%7), Severity: finding.Severities[i%5], Status: finding.StatusFail,
				Resource: fmt.Sprintf("Resource%04d", i), File: "infra/big.yaml", Line: i + 1,
				Message: strings.Repeat("m", messageLen), Remediation: strings.Repeat("r", messageLen),
			})
		}
		for i := range n / 2 {
			f := r.Findings[i]
			f.Status, f.Suppression = finding.StatusSuppressed, &finding.Suppression{Kind: "template", Reason: strings.Repeat("s", messageLen)}
			r.Findings = append(r.Findings, f)
			r.Diagnostics = append(r.Diagnostics, scanners.Diagnostic{File: fmt.Sprintf("bad%d.yaml", i), Severity: "error",
				Message: strings.Repeat("d", messageLen)})
		}
		return r
	}
	cases := []struct {
		name     string
		report   *Report
		rows     int // failing rows shown, -1 for "fewer than 200"
		moreNote string
	}{
		{"all fit", many(150, 40), 150, ""},
		{"row limit", many(201, 40), 200, "_…and 1 more failing findings: see the full report._"},
		{"row limit, many", many(500, 40), 200, "_…and 300 more failing findings: see the full report._"},
		{"size limit", many(500, 2000), -1, "more failing findings: see the full report._"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			md := markdownOf(t, tc.report)
			assert.LessOrEqual(t, len(md), 65536, "GitHub's comment limit (bytes bound characters)")
			rows := tableRows(t, md, "### Failing findings")
			assert.LessOrEqual(t, len(rows), 10, "ten failing rows open, the rest collapsed")
			if len(tc.report.Findings) > 10 {
				rows = append(rows, tableRows(t, md, "<details><summary>Failing findings beyond the first 10")...)
			}
			if tc.rows < 0 {
				assert.Less(t, len(rows), 200)
				assert.NotEmpty(t, rows)
				n := len(tc.report.Findings) * 2 / 3
				assert.Contains(t, md, fmt.Sprintf("_…and %d more failing findings", n-len(rows)))
			} else {
				assert.Len(t, rows, tc.rows)
			}
			if tc.moreNote == "" {
				assert.NotContains(t, md, "more failing findings")
			} else {
				assert.Contains(t, md, tc.moreNote)
			}
			for _, section := range []string{"<details><summary>Remediation</summary>", "<details><summary>Suppressed and baselined",
				"<details><summary>Diagnostics"} {
				assert.Contains(t, md, section, "every section keeps a share of the budget")
			}
			assert.Equal(t, strings.Count(md, "<details>"), strings.Count(md, "</details>"))
			assert.LessOrEqual(t, len(tableRows(t, md, "Suppressed and baselined")), 200)
			assert.LessOrEqual(t, len(tableRows(t, md, "<details><summary>Diagnostics")), 200)
		})
	}
}
