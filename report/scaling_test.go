package report

import (
	"bytes"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/bulwarkhq/bulwark/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// manyFindings is a report of n findings of the fixture's rules, spread
// over files, statuses and Well-Architected practices.
func manyFindings(n int) *Report {
	catalogue := []*finding.Rule{fxRulePITR, fxRuleRDS, fxRuleEFS, fxRuleLifecycle, fxRuleConcurrency}
	statuses := []string{finding.StatusFail, finding.StatusFail, finding.StatusSuppressed, finding.StatusBaselined}
	res := &rules.ScanResult{Files: n / 10, Templates: n / 10, Resources: n}
	for i := 0; i < n; i++ {
		rule := catalogue[i%len(catalogue)]
		f := fixtureFinding(rule, statuses[i%len(statuses)], fmt.Sprintf("svc%d/template.yaml", i/10), 10+i%10, 5,
			fmt.Sprintf("Resource%d", i), "AWS::X::Y", "Properties", "a finding")
		if f.Status == finding.StatusSuppressed {
			f.Suppression = &finding.Suppression{Kind: "template", Reason: "accepted"}
		}
		res.Findings = append(res.Findings, f)
	}
	r := Build("1.2.3", []string{"infra"}, res, time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
	r.Rules = catalogue
	return r
}

// TestHTMLScalesLinearly holds the HTML report (view, charts, template)
// to work linear in the findings, counted in bytes allocated: 4x the
// findings must allocate about 4x.
func TestHTMLScalesLinearly(t *testing.T) {
	allocated := func(n int) uint64 {
		r := manyFindings(n)
		var buf bytes.Buffer
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		require.NoError(t, WriteHTML(&buf, r))
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := allocated(1000), allocated(4000)
	t.Logf("allocated %d KB for 1,000 findings, %d KB for 4,000 (ratio %.2f)", small>>10, large>>10, float64(large)/float64(small))
	assert.Less(t, float64(large), 5*float64(small), "not linear")
}

// BenchmarkHTML renders the HTML and Markdown reports of 4,000 and
// 40,000 findings: go test ./report -run XXX -bench HTML. The output's
// size is reported as out-bytes.
func BenchmarkHTML(b *testing.B) {
	for _, n := range []int{4_000, 40_000} {
		r := manyFindings(n)
		for name, write := range map[string]func(io.Writer, *Report) error{"html": WriteHTML, "markdown": WriteReportMarkdown} {
			b.Run(fmt.Sprintf("%s/%dk", name, n/1000), func(b *testing.B) {
				b.ReportAllocs()
				var size int
				for i := 0; i < b.N; i++ {
					var buf bytes.Buffer
					if err := write(&buf, r); err != nil {
						b.Fatal(err)
					}
					size = buf.Len()
				}
				b.ReportMetric(float64(size), "out-bytes")
			})
		}
	}
}
