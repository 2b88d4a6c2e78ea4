package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bulwarkhq/bulwark/report"
)

// Two saved audits a week apart (testdata/trends): this week's is the
// audit golden of the kumo emulator (testdata/golden/pipeline/audit.json);
// last week's differs from it as a week of changes would. golden-orders
// lost BW-MULTI-AZ-005 on OrdersDatabase and every other finding of it sat
// two lines higher, and it met its tier; us-east-1 had a table without
// point-in-time recovery that has since been fixed; us-west-2 was not
// audited, and eu-west-1 (one finding) was but is no longer.
const (
	trendsPrevious = "testdata/trends/audit-previous.json"
	trendsCurrent  = "testdata/trends/audit-current.json"
)

func goldenTrends(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", "trends", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cmd -run TestPrevious -update to create it")
	assert.Equal(t, string(want), got)
}

func TestPreviousOverTwoSavedAudits(t *testing.T) {
	code, out, stderr := runReportCmd(t, "", "report", trendsCurrent, "--previous", trendsPrevious, "-f", "json")
	require.Equal(t, ExitOK, code, stderr)
	var rep report.Report
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.NotNil(t, rep.Changes)
	c := rep.Changes
	assert.Equal(t, trendsPrevious, c.Previous)
	assert.Equal(t, "2026-11-17T03:00:00Z", c.PreviousGeneratedAt)
	assert.Equal(t, report.ChangeSummary{New: 2, Fixed: 1, Unchanged: 16, Moved: 13, Gone: 1, TierChanges: 1,
		WorkloadsAdded: 1, WorkloadsRemoved: 1}, c.Summary)

	byWorkload := map[string]report.WorkloadChanges{}
	for _, w := range c.Workloads {
		byWorkload[w.Workload] = w
	}
	orders := byWorkload["aws://000000000000/us-east-1/golden-orders"]
	require.Len(t, orders.New, 1)
	assert.Equal(t, "BW-MULTI-AZ-005", orders.New[0].RuleID)
	assert.Equal(t, "OrdersDatabase", orders.New[0].Resource)
	assert.Empty(t, orders.Fixed)
	assert.Len(t, orders.Moved, 13)
	for _, m := range orders.Moved {
		assert.Equal(t, m.Line-2, m.PreviousLine, "%s %s", m.RuleID, m.Resource)
	}
	require.NotNil(t, orders.Tier)
	assert.Equal(t, report.VerdictMeets, orders.Tier.Previous.Verdict)
	assert.Equal(t, report.VerdictMisses, orders.Tier.Current.Verdict)

	east := byWorkload["aws://000000000000/us-east-1"]
	require.Len(t, east.Fixed, 1)
	assert.Equal(t, "table/golden-old-table", east.Fixed[0].Resource)
	assert.Equal(t, report.WorkloadAdded, byWorkload["aws://000000000000/us-west-2"].Status)
	assert.Equal(t, report.WorkloadRemoved, byWorkload["aws://000000000000/eu-west-1"].Status)
	assert.NotContains(t, byWorkload, "aws://000000000000/global", "nothing changed there")

	// Every format says it; the Markdown report and the text are goldens.
	code, text, stderr := runReportCmd(t, "", "report", trendsCurrent, "--previous", trendsPrevious, "-f", "text")
	require.Equal(t, ExitOK, code, stderr)
	assert.Contains(t, text, "\nsince testdata/trends/audit-previous.json: 2 new, 1 fixed, 16 unchanged (13 moved), 1 gone with their workload; "+
		"1 tier verdict changed; workloads: 1 added, 1 removed\n")
	code, md, stderr := runReportCmd(t, "", "report", trendsCurrent, "--previous", trendsPrevious, "-f", "markdown")
	require.Equal(t, ExitOK, code, stderr)
	assert.Contains(t, md, "_Since `testdata/trends/audit-previous.json`: **2 new**, 1 fixed, 16 unchanged (13 moved)")
	code, doc, stderr := runReportCmd(t, "", "report", trendsCurrent, "--previous", trendsPrevious, "-f", "report-markdown")
	require.Equal(t, ExitOK, code, stderr)
	goldenTrends(t, "audit-changes.md", sectionOf(t, doc, "### Since the previous report", "## Where the risks are"))
	code, html, stderr := runReportCmd(t, "", "report", trendsCurrent, "--previous", trendsPrevious)
	require.Equal(t, ExitOK, code, stderr)
	goldenTrends(t, "audit-changes.html", sectionOf(t, html, `<h3 id="changes">`, `<section id="charts"`))
}

// sectionOf is the part of doc from start up to end.
func sectionOf(t *testing.T, doc, start, end string) string {
	t.Helper()
	i := strings.Index(doc, start)
	require.GreaterOrEqual(t, i, 0, "no %q", start)
	j := strings.Index(doc[i:], end)
	require.GreaterOrEqual(t, j, 0, "no %q after %q", end, start)
	return doc[i : i+j]
}

// Without --previous nothing is said about changes; a report that was
// written with them keeps them when rendered again.
func TestPreviousAbsentOrCarried(t *testing.T) {
	code, out, stderr := runReportCmd(t, "", "report", trendsCurrent, "-f", "json")
	require.Equal(t, ExitOK, code, stderr)
	assert.NotContains(t, out, `"changes"`)

	saved := filepath.Join(t.TempDir(), "with-changes.json")
	code, _, stderr = runReportCmd(t, "", "report", trendsCurrent, "--previous", trendsPrevious, "-f", "json", "-o", saved)
	require.Equal(t, ExitOK, code, stderr)
	code, text, stderr := runReportCmd(t, "", "report", saved, "-f", "text")
	require.Equal(t, ExitOK, code, stderr)
	assert.Contains(t, text, "since testdata/trends/audit-previous.json: 2 new, 1 fixed")
}

// scan --previous: the same scan twice changes nothing, and last run's
// JSON can be rotated in place.
func TestScanPrevious(t *testing.T) {
	last := saveScanJSON(t, "last.json", examples)
	code, out, stderr := run(t, "scan", examples, "--previous", last, "--fail-on", "none")
	require.Equal(t, ExitOK, code, stderr)
	assert.Contains(t, out, "\nsince "+last+": 0 new, 0 fixed, ")

	code, _, stderr = run(t, "scan", examples, "--previous", last, "--fail-on", "none", "-f", "json", "-o", last)
	require.Equal(t, ExitOK, code, stderr)
	data, err := os.ReadFile(last)
	require.NoError(t, err)
	var rep report.Report
	require.NoError(t, json.Unmarshal(data, &rep))
	require.NotNil(t, rep.Changes)
	assert.False(t, rep.Changes.Summary.Any())
	assert.Positive(t, rep.Changes.Summary.Unchanged)

	// Any other format over the previous report would destroy it.
	code, _, stderr = run(t, "scan", examples, "--previous", last, "-f", "text", "-o", last)
	assert.Equal(t, ExitError, code)
	assert.Contains(t, stderr, "it is the previous report this run reads")

	code, _, stderr = run(t, "scan", examples, "--previous", last, "--changed-only", "HEAD")
	assert.Equal(t, ExitError, code)
	assert.Contains(t, stderr, "--changed-only")
}

// The previous report is untrusted input: what is not a report of this
// schema is an error (exit 2) naming the file, before anything is scanned.
func TestPreviousMalformed(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	for _, tc := range []struct {
		name, content, want string
	}{
		{"syntax.json", "{\n\"schema_version\": \"1\",\n\"findings\": [\n", "syntax.json: not a bulwark JSON report: line 4"},
		{"other.json", `{"hello": "world"}`, "other.json: not a bulwark JSON report (no schema_version)"},
		{"future.json", `{"schema_version": "9"}`, `future.json: schema_version "9"`},
		{"types.json", "{\"schema_version\": \"1\",\n\"findings\": {}}", "types.json: not a valid bulwark JSON report: line 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := write(tc.name, tc.content)
			for _, args := range [][]string{
				{"report", trendsCurrent, "--previous", p},
				{"scan", examples, "--previous", p},
			} {
				code, _, stderr := runReportCmd(t, "", args...)
				assert.Equal(t, ExitError, code, "%v", args)
				assert.Contains(t, stderr, "--previous: "+p[:len(p)-len(tc.name)]+tc.want, "%v", args)
			}
		})
	}
	code, _, stderr := runReportCmd(t, "", "report", trendsCurrent, "--previous", filepath.Join(dir, "missing.json"))
	assert.Equal(t, ExitError, code)
	assert.Contains(t, stderr, "missing.json")

	// A pipe is refused without blocking, a huge file without reading it all.
	saved := maxReportInput
	maxReportInput = 64
	t.Cleanup(func() { maxReportInput = saved })
	code, _, stderr = runReportCmd(t, "", "report", trendsCurrent, "--previous", trendsPrevious)
	assert.Equal(t, ExitError, code)
	assert.Contains(t, stderr, "audit-previous.json")
}
