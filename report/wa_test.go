package report

import (
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWAViewOfTheFixture(t *testing.T) {
	v := BuildWAView(fixtureReport())

	assert.Equal(t, Mark{"fail", "✖", "4 failing findings (2 high, 1 medium, 1 low)"}, v.Verdict)

	var order []string
	for i, f := range v.Findings {
		assert.Equal(t, i+1, f.N)
		order = append(order, f.Status+" "+f.Severity+" "+f.Resource)
	}
	assert.Equal(t, []string{
		"fail high OrdersTable", "fail high OrdersDatabase", "fail medium LedgerTable", "fail low ArchivePlan",
		"suppressed high OrdersReplica", "suppressed medium Files", "baselined high LedgerTable",
	}, order, "failing first, then suppressed and baselined; by severity, then place")
	assert.Equal(t, "f1", v.Findings[0].Anchor())
	assert.Equal(t, "infra/orders.yaml:19:5", v.Findings[0].Location)
	assert.Equal(t, "suppressed in the template: Read replica for reporting; the primary is Multi-AZ (ADR-0007)", v.Findings[4].Note)
	assert.Equal(t, "suppressed in the config file: Scratch space, rebuilt nightly; expires 2027-06-30", v.Findings[5].Note)
	assert.Equal(t, "recorded in .bulwark-baseline.json", v.Findings[6].Note)
	assert.Equal(t, markBaselined, v.Findings[6].Mark)

	high := v.Severities[1]
	assert.Equal(t, WACount{Name: "high", Fail: 2, Suppressed: 1, Baselined: 1}, high)
	assert.Len(t, v.Severities, len(finding.Severities), "every severity, even without findings")

	concerns := map[string]WAConcern{}
	for _, c := range v.Concerns {
		concerns[c.Name] = c
	}
	assert.Equal(t, 2, concerns["multi-az"].Rules)
	assert.Equal(t, 2, concerns["multi-az"].Suppressed)
	assert.Equal(t, markFailing, concerns["multi-az"].Mark)
	assert.Equal(t, "no rules loaded", concerns["governance"].Mark.Text)

	practice := func(id string) WAPracticeView {
		for _, a := range v.Areas {
			for _, q := range a.Questions {
				for _, p := range q.Practices {
					if p.ID == id {
						return p
					}
				}
			}
		}
		t.Fatalf("no practice %s", id)
		return WAPracticeView{}
	}
	rel10 := practice("REL10-BP01")
	assert.Equal(t, WACount{Name: "REL10-BP01", Fail: 1, Suppressed: 2}, rel10.Count)
	assert.Len(t, rel10.Rules, 2)
	assert.Equal(t, markFailing, rel10.Mark)
	assert.Equal(t, markPassing, practice("REL10-BP03").Mark, "checked by the concurrency rule, nothing found")
	assert.Equal(t, markNotChecked, practice("REL12-BP05").Mark)
	acme := practice("REL01-BP01")
	require.Len(t, acme.Rules, 1, "a rule only findings name still checks the practices they cite")
	assert.Equal(t, "ACME-TAGS-001", acme.Rules[0].ID)

	q12 := v.Areas[3].Questions[3]
	assert.Equal(t, "REL 12", q12.Label())
	assert.Equal(t, markNotChecked, q12.Mark)
	q9 := v.Areas[3].Questions[0]
	assert.Equal(t, WACount{Name: "REL09", Fail: 2, Baselined: 1}, q9.Count, "a finding citing two practices of a question counts once")
	assert.Zero(t, practice("REL11-BP02").Count.Fail, "the RDS finding is listed under REL10-BP01, its rule's first practice")
	assert.Equal(t, 2, practice("REL11-BP02").AlsoCited, "and counted as also citing REL11-BP02")

	// Failing: REL01-BP01, REL09-BP01, REL09-BP03 and REL10-BP01, the
	// primary practices of the failing findings.
	assert.Equal(t, WACoverage{Questions: 13, QuestionsChecked: 5, QuestionsFailing: 3, Practices: 65, PracticesChecked: 7, PracticesFailing: 4}, v.Coverage)
	assert.Equal(t, 1, v.Gaps.Errors)
	assert.Equal(t, 1, v.Gaps.Warnings)
	assert.Equal(t, []string{"ACME-TAGS-001"}, v.Gaps.UnknownRules)
	assert.Zero(t, v.Gaps.Unmapped)
	assert.Len(t, v.Rules, 6, "the five catalogue rules and the one only a finding names")
}

func TestWAViewOfACleanScan(t *testing.T) {
	v := BuildWAView(fixtureEmptyReport())
	assert.Equal(t, Mark{"pass", "✔", "No failing findings"}, v.Verdict)
	assert.Empty(t, v.Findings)
	assert.Equal(t, markPassing, v.Areas[3].Questions[0].Mark, "REL 9 is checked, and nothing failed")

	r := fixtureEmptyReport()
	r.Diagnostics = fixtureReport().Diagnostics[:1]
	r.Summary.Errors = 1
	assert.Equal(t, "warn", BuildWAView(r).Verdict.Class, "no failing finding is not a pass when a file could not be read")
}

func TestWAViewOfWorkloads(t *testing.T) {
	yes, no := true, false
	secs := func(n int64) *int64 { return &n }
	tier2 := estimate.DefaultTiers[2]
	r := fixtureEmptyReport()
	r.Workloads = []estimate.Workload{
		{Name: "meets", Tier: 2, Targets: &tier2, Compliant: &yes,
			Resources: []estimate.ResourceEstimate{{Resource: "T", Compliant: &yes}, {Resource: "Own", Tier: 4, Compliant: &no}}},
		{Name: "misses", Tier: 2, Targets: &tier2, Compliant: &no},
		{Name: "unknown", Tier: 2, Targets: &tier2},
		{Name: "unset", RPO: estimate.Estimate{Seconds: secs(300), Text: "5 min"}},
		// No tier, but a resource tagged with its own misses it.
		{Name: "tagged", Compliant: &no, Resources: []estimate.ResourceEstimate{{Resource: "Ledger", Tier: 2, Compliant: &no}}},
	}
	v := BuildWAView(r)
	assert.Equal(t, WATierCounts{Meets: 1, Misses: 2, Unknown: 1, NotSet: 1}, v.Tiers)
	assert.Equal(t, Mark{"fail", "✖", "misses tier (tagged resources)"}, v.Workloads[4].Mark)
	var md, html, text strings.Builder
	require.NoError(t, WriteReportMarkdown(&md, r))
	assert.Contains(t, md.String(), "**[tier] tagged misses its tier**<br>Resources tagged with their own tier miss it.")
	require.NoError(t, WriteHTML(&html, r))
	assert.Contains(t, html.String(), `<a href="#w5">tagged misses its tier</a></p>`)
	assert.Contains(t, html.String(), `<p class="small">Resources tagged with their own tier miss it.</p>`)
	require.NoError(t, WriteText(&text, r))
	assert.Contains(t, text.String(), "tier not set; MISSES TIER: Ledger at tier 2")
	assert.Equal(t, "≤ 1 h", v.Workloads[0].RPOTarget)
	assert.Equal(t, "misses tier", v.Workloads[0].Resources[1].Mark.Text, "a resource is judged at its own tier")
	assert.Empty(t, v.Workloads[3].RPOTarget)
	assert.Equal(t, "tier not set", v.Workloads[3].Mark.Text)
}

func TestEstimateMark(t *testing.T) {
	secs := func(n int64) *int64 { return &n }
	hour := secs(3600)
	tests := []struct {
		name   string
		est    estimate.Estimate
		target *int64
		want   string
	}{
		{"no target", estimate.Estimate{Seconds: secs(60), Text: "1 min"}, nil, "no target"},
		{"within", estimate.Estimate{Seconds: secs(300)}, hour, "within target"},
		{"equal meets", estimate.Estimate{Seconds: secs(3600)}, hour, "within target"},
		{"above", estimate.Estimate{Seconds: secs(7200)}, hour, "misses target"},
		{"unbounded", estimate.Estimate{Text: "unbounded"}, hour, "misses target"},
		{"unknown", estimate.Estimate{Text: "unknown", Unknown: true}, hour, "unknown"},
		{"nothing to estimate", estimate.Estimate{Text: "nothing to estimate"}, hour, "nothing to estimate"},
		{"may be better, above", estimate.Estimate{Seconds: secs(7200), Unknown: true}, hour, "unknown"},
		{"may be better, within", estimate.Estimate{Seconds: secs(60), Unknown: true}, hour, "within target"},
		{"at least, within", estimate.Estimate{Seconds: secs(60), Unknown: true, AtLeast: true}, hour, "unknown"},
		{"at least, above", estimate.Estimate{Seconds: secs(7200), Unknown: true, AtLeast: true}, hour, "misses target"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, estimateMark(tc.est, tc.target).Text, tc.name)
	}
}

func TestMergeRecomputesTheSummary(t *testing.T) {
	whole := fixtureReport()
	a, b := fixtureReport(), fixtureReport()
	a.Findings, b.Findings = whole.Findings[:3], whole.Findings[3:]
	a.Diagnostics, b.Diagnostics = whole.Diagnostics[:1], whole.Diagnostics[1:]
	a.Fixed, b.Fixed = nil, whole.Fixed
	a.Summary = Summary{Files: 2, Templates: 1, Resources: 6, Skipped: 1}
	b.Summary = Summary{Files: 1, Templates: 1, Resources: 5}
	a.Tool.Version, b.Tool.Version = "1.2.3", "1.3.0"
	b.GeneratedAt = "2026-11-25T08:00:00Z"
	b.Sources = []string{"infra", "more"}

	m := Merge(a, b)
	assert.Equal(t, whole.Summary.Findings, m.Summary.Findings)
	assert.Equal(t, whole.Summary.BySeverity, m.Summary.BySeverity)
	assert.Equal(t, whole.Summary.ByConcern, m.Summary.ByConcern)
	assert.Equal(t, whole.Summary.Suppressed, m.Summary.Suppressed)
	assert.Equal(t, whole.Summary.Baselined, m.Summary.Baselined)
	assert.Equal(t, 1, m.Summary.Errors)
	assert.Equal(t, 3, m.Summary.Files)
	assert.Equal(t, 1, m.Summary.Skipped)
	assert.Equal(t, 11, m.Summary.Resources)
	assert.Equal(t, []string{"infra", "more"}, m.Sources)
	assert.Equal(t, Tool{Name: "bulwark", Version: "1.2.3, 1.3.0"}, m.Tool)
	assert.Equal(t, "2026-11-25T08:00:00Z", m.GeneratedAt)
	assert.Equal(t, ".bulwark-baseline.json", m.Baseline)
	assert.Len(t, m.Fixed, 1)
	assert.Len(t, m.Findings, len(whole.Findings))
	assert.Equal(t, SchemaVersion, m.SchemaVersion)

	empty := Merge()
	assert.NotNil(t, empty.Findings)
	assert.Equal(t, []string{}, empty.Sources)
	assert.Empty(t, empty.GeneratedAt)
}
