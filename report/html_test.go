package report

import (
	"bytes"
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func renderHTML(t *testing.T, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, WriteHTML(&b, r))
	return b.String()
}

// externalRef finds anything a browser would fetch: a src, a stylesheet
// or other <link>, a CSS url() or @import that is not a fragment, or any
// script.
var externalRef = regexp.MustCompile(`(?i)\ssrc\s*=|<link\b|<script\b|@import|url\(\s*['"]?[^#'"\s)]|<iframe\b|<object\b|<embed\b`)

var headerCell = regexp.MustCompile(`<th[\s>]`)

// checkSelfContained checks an HTML report fetches nothing and is
// structured for assistive technology.
func checkSelfContained(t *testing.T, html string) {
	t.Helper()
	assert.Empty(t, externalRef.FindAllString(html, -1), "the report must not fetch anything")
	assert.Contains(t, html, `<html lang="en">`)
	assert.Contains(t, html, `<meta name="viewport"`)
	assert.Contains(t, html, "@media print")
	assert.Contains(t, html, "@media (max-width:")
	assert.Equal(t, strings.Count(html, "<table"), strings.Count(html, "<caption"), "every table has a caption")
	assert.Equal(t, len(headerCell.FindAllString(html, -1)), strings.Count(html, "<th scope="), "every header cell has a scope")
	assert.Equal(t, strings.Count(html, "<svg"), strings.Count(html, `role="img" aria-labelledby=`), "every chart is a labelled image")
	assert.Equal(t, 1, strings.Count(html, "<h1"))
}

func TestHTMLOfTheFixture(t *testing.T) {
	html := renderHTML(t, fixtureReport())
	checkSelfContained(t, html)
	for _, want := range []string{
		"4 failing findings (2 high, 1 medium, 1 low)",
		"suppressed in the template: Read replica for reporting; the primary is Multi-AZ (ADR-0007)",
		"suppressed in the config file: Scratch space, rebuilt nightly; expires 2027-06-30",
		"recorded in .bulwark-baseline.json",
		"<code>infra/broken.yaml:3:7</code>",
		"yaml: mapping values are not allowed in this context",
		"A file with an error was not checked at all",
		"<code>ACME-TAGS-001</code>",
		"1 baselined finding no longer occurs",
		`<a class="bp" href="https://docs.aws.amazon.com/wellarchitected/latest/framework/rel12-bp05.html">REL12-BP05</a> Conduct game days regularly`,
		"not checked by bulwark",
		`<span class="gname">infra</span><span class="counts">4 failing · 2 suppressed · 1 baselined</span>`, // the folder's summary line
		`<a href="#f1">BW-PITR-001: DynamoDB table without point-in-time recovery</a>`,                       // the top risk
		"<strong>Change:</strong> Set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true on the table.",
		`<time datetime="2026-11-24T12:00:00Z">24 November 2026, 12:00 UTC</time>`,
	} {
		assert.Contains(t, html, want)
	}
	for i := 1; i <= 13; i++ {
		assert.Contains(t, html, `<span class="qid">REL `+itoa(i)+`</span>`)
	}
}

func itoa(i int) string { return strings.TrimLeft(twoDigits(i), "0") }

func TestHTMLOfACleanScan(t *testing.T) {
	html := renderHTML(t, fixtureEmptyReport())
	checkSelfContained(t, html)
	assert.Contains(t, html, "No failing findings")
	assert.Contains(t, html, "No workload was scanned.")
	assert.Contains(t, html, "Every template was read.")
	assert.Contains(t, html, "time not recorded")
}

func TestHTMLEscapesWhatTheTemplatesSay(t *testing.T) {
	r := fixtureReport()
	r.Findings[0].Message = `<script>alert("x")</script>`
	r.Findings[0].Resource = `Table<img src=x>`
	r.Diagnostics[0].Message = `</td><b>bold</b>`
	html := renderHTML(t, r)
	assert.Contains(t, html, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;")
	assert.Contains(t, html, "Table&lt;img src=x&gt;")
	for _, tag := range []string{"<script", "<img", "<b>"} {
		assert.NotContains(t, html, tag)
	}

	var md bytes.Buffer
	require.NoError(t, WriteReportMarkdown(&md, r))
	assert.Contains(t, md.String(), `\<script\>alert("x")\</script\>`)
	assert.NotRegexp(t, `[^\\]<(img|script|b>)`, md.String(), "Markdown escapes HTML in cells")
}

func TestTierChart(t *testing.T) {
	tier := estimate.DefaultTiers[2]
	five := int64(300)
	w := WAWorkload{Workload: estimate.Workload{Name: "orders", Tier: 2, Targets: &tier,
		RPO: estimate.Estimate{Seconds: &five, Text: "5 min"}, RTO: estimate.Estimate{Text: "unbounded"}}}
	svg := string(tierChart(w, 0))
	assert.Contains(t, svg, `id="chart-tier-1"`)
	assert.Contains(t, svg, "target ≤ 1 h")
	assert.Contains(t, svg, "estimate 5 min ✔ within target")
	assert.Contains(t, svg, "estimate unbounded ✖ misses target (no recovery mechanism)")
	assert.Contains(t, svg, "<desc id=\"chart-tier-1-d\">RPO: estimate 5 min, target ≤ 1 h (within target). RTO: estimate unbounded, target ≤ 1 h (misses target). Log scale.</desc>")

	w.Tier, w.Targets = 0, nil
	assert.Contains(t, string(tierChart(w, 1)), "no target: tier not set")
}

func TestHTMLTemplateFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mine.html")
	require.NoError(t, os.WriteFile(path, []byte(`<h1>{{.Verdict.Text}}</h1>{{range .Findings}}<p>{{.Message}}</p>{{end}}`), 0o644))
	r := fixtureReport()
	r.Findings = r.Findings[:1]
	r.Findings[0].Message = "a < b"
	var b bytes.Buffer
	require.NoError(t, WriteHTMLWithTemplate(&b, r, path))
	assert.Equal(t, "<h1>1 failing finding (1 high)</h1><p>a &lt; b</p>", b.String(), "html/template escapes")

	var none bytes.Buffer
	err := WriteHTMLWithTemplate(&none, r, filepath.Join(dir, "missing.html"))
	assert.ErrorContains(t, err, "report template")
	require.NoError(t, os.WriteFile(path, []byte(`{{.Nope}}`), 0o644))
	assert.ErrorContains(t, WriteHTMLWithTemplate(&none, r, path), "can't evaluate field Nope")
	assert.Zero(t, none.Len(), "nothing is written when the template fails")
}
