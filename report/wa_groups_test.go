package report

import (
	"bytes"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bulwarkhq/bulwark/rules"
)

func TestWAPlace(t *testing.T) {
	tests := []struct{ file, group, name string }{
		{"testdata/examples/backup-plan.json", "testdata/examples", "testdata/examples/backup-plan.json"},
		{"backup-plan.json", ".", "backup-plan.json"},
		{`infra\orders\stack.yaml`, "infra/orders", "infra/orders/stack.yaml"},
		{"aws://123456789012/eu-west-1/orders", "aws://123456789012", "123456789012/eu-west-1/orders"},
		{"aws://123456789012/eu-west-1", "aws://123456789012", "123456789012/eu-west-1"},
		{"", "(no file)", ""},
	}
	for _, tc := range tests {
		group, name := waPlace(tc.file)
		assert.Equal(t, tc.group, group, tc.file)
		assert.Equal(t, tc.name, name, tc.file)
	}
}

// failingColumn sums the Failing column of the HTML report's table of
// questions (its body: the foot is the total).
func failingColumn(t *testing.T, html string) int {
	t.Helper()
	start := strings.Index(html, "<caption>Reliability questions")
	require.Positive(t, start)
	end := strings.Index(html[start:], "<tfoot>")
	require.Positive(t, end)
	sum := 0
	for _, m := range regexp.MustCompile(`data-label="Failing">([0-9,]+)</td>`).FindAllStringSubmatch(html[start:start+end], -1) {
		n, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
		require.NoError(t, err)
		sum += n
	}
	return sum
}

// TestPillarListsEachFindingOnce: in the pillar section a finding is
// listed under its primary practice only, so the Failing column adds up
// to the failing findings (it summed to 71 for 47 when a finding was
// counted under every practice it cites).
func TestPillarListsEachFindingOnce(t *testing.T) {
	examples := examplesReport(t)
	for name, r := range map[string]*Report{"examples": examples, "fixture": fixtureReport(), "many": manyFindings(400)} {
		t.Run(name, func(t *testing.T) {
			v := BuildWAView(r)
			listed := map[int]int{}
			fail := v.Unmapped.Fail
			for _, a := range v.Areas {
				for _, q := range a.Questions {
					fail += q.Count.Fail
					for _, p := range q.Practices {
						for _, f := range p.Findings {
							listed[f.N]++
							assert.Equal(t, p.ID, f.Practices[0].ID, "F%d is listed under its first practice", f.N)
						}
					}
				}
			}
			assert.Equal(t, r.Summary.Findings, fail, "the questions' failing counts add up to the failing findings")
			for _, f := range v.Findings {
				want := 1
				if len(f.Practices) == 0 {
					want = 0
				}
				assert.Equal(t, want, listed[f.N], "F%d %s", f.N, f.RuleID)
			}
			assert.Equal(t, r.Summary.Findings, failingColumn(t, renderHTML(t, r)))
		})
	}
}

func TestWorkloadsAreNamedByTheirPath(t *testing.T) {
	html := renderHTML(t, examplesReport(t))
	assert.Contains(t, html, `<code>testdata/examples/backup-plan.json</code>`)
	assert.Contains(t, html, `<summary><span class="gname">testdata/examples</span><span class="counts">17 workloads · ✖ 4 missing their tier`)
	assert.NotContains(t, html, `<h3 id="w1-h">backup-plan</h3>`, "no bare file name for a heading")

	yes := true
	r := fixtureEmptyReport()
	r.Workloads = []estimate.Workload{{Name: "orders", File: "aws://123456789012/eu-west-1/orders", Compliant: &yes}}
	v := BuildWAView(r)
	assert.Equal(t, "123456789012/eu-west-1/orders", v.Workloads[0].Path)
	assert.Equal(t, "aws://123456789012", v.Groups[0].Name, "an audit's workloads are grouped by account")
}

// riskReport has a workload missing tier 1 through a table whose
// findings are a tier rule's and a mechanism rule's, a critical finding,
// and a high finding of a tier rule.
func riskReport() *Report {
	no := false
	tier1 := estimate.DefaultTiers[1]
	tierRule := &finding.Rule{ID: "BW-TIER-001", Title: "Data store cannot meet its tier's RPO", Severity: "high", Concern: "tier",
		Remediation: "Apply the change the finding names."}
	critical := &finding.Rule{ID: "X-CRIT-001", Title: "Critical thing", Severity: "critical", Concern: "backup", Remediation: "Fix the critical thing."}
	res := &rules.ScanResult{Templates: 1, Resources: 2,
		Workloads: []estimate.Workload{{Name: "orders", File: "infra/orders.yaml", Tier: 1, Targets: &tier1, Compliant: &no, Scenario: "region",
			RPO: estimate.Estimate{Text: "unbounded"}, RTO: estimate.Estimate{Text: "unbounded"},
			Resources: []estimate.ResourceEstimate{{Resource: "OrdersTable", Type: "AWS::DynamoDB::Table", Compliant: &no}}}},
		Findings: []finding.Finding{
			fixtureFinding(tierRule, finding.StatusFail, "infra/orders.yaml", 19, 5, "OrdersTable", "AWS::DynamoDB::Table", "Properties", "m"),
			fixtureFinding(fxRulePITR, finding.StatusFail, "infra/orders.yaml", 19, 5, "OrdersTable", "AWS::DynamoDB::Table", "Properties", "m"),
			fixtureFinding(critical, finding.StatusFail, "infra/other.yaml", 3, 1, "Vault", "AWS::Backup::BackupVault", "Properties", "m"),
			fixtureFinding(fxRuleEFS, finding.StatusFail, "infra/other.yaml", 9, 1, "Files", "AWS::EFS::FileSystem", "Properties", "medium: not a top risk"),
		}}
	return Build("1.2.3", []string{"infra"}, res, time.Time{})
}

func TestTopRisks(t *testing.T) {
	v := BuildWAView(riskReport())
	var got []string
	for _, r := range v.Risks {
		got = append(got, r.Severity+" "+r.Title+" → "+r.FixRule)
	}
	assert.Equal(t, []string{
		"critical X-CRIT-001: Critical thing → X-CRIT-001",
		"tier infra/orders.yaml misses tier 1 → BW-PITR-001", // the mechanism's fix, not the tier rule's
		"high BW-PITR-001: DynamoDB table without point-in-time recovery → BW-PITR-001",
	}, got, "critical, then tier misses, then high; a tier rule's findings are the tier miss")
	tier := v.Risks[1]
	assert.Equal(t, "No recovery possible from a Region loss: data loss (RPO) and downtime (RTO) are unbounded, against targets ≤ 1 min and ≤ 5 min.", tier.Detail)
	assert.Equal(t, []string{"OrdersTable (AWS::DynamoDB::Table)"}, tier.Places)
	assert.Equal(t, fxRulePITR.Remediation, tier.Fix)
	assert.Equal(t, []string{"infra/orders.yaml:19 OrdersTable"}, v.Risks[2].Places)

	html := renderHTML(t, riskReport())
	first := strings.Index(html, `<ol class="risks">`)
	require.Positive(t, first)
	assert.Less(t, first, strings.Index(html, `id="charts"`), "the top risks come before any chart or catalogue")

	// Many rules with high findings: ten risks, and a count of the rest.
	r := riskReport()
	for i := range 14 {
		rule := &finding.Rule{ID: fmt.Sprintf("X-HIGH-%03d", i), Title: "high", Severity: "high", Concern: "backup", Remediation: "fix"}
		r.Findings = append(r.Findings, fixtureFinding(rule, finding.StatusFail, "infra/x.yaml", i+1, 1, "R", "AWS::X::Y", "Properties", "m"))
	}
	v = BuildWAView(r)
	assert.Len(t, v.Risks, waMaxRisks)
	assert.Equal(t, 3+14-waMaxRisks, v.RisksHidden)
}

// TestReportsTruncateLongLists: at thousands of findings the reports list
// the first folders and rows, and say how many they leave out.
func TestReportsTruncateLongLists(t *testing.T) {
	r := manyFindings(4000) // 400 folders of 10 findings
	for i := range 120 {    // and one folder of 120
		r.Findings = append(r.Findings, fixtureFinding(fxRulePITR, finding.StatusFail, "big/template.yaml", i+1, 1,
			fmt.Sprintf("T%d", i), "AWS::DynamoDB::Table", "Properties", "m"))
	}
	r = Build("1.2.3", []string{"infra"}, &rules.ScanResult{Findings: r.Findings}, time.Time{})
	var html, md bytes.Buffer
	require.NoError(t, WriteHTML(&html, r))
	require.NoError(t, WriteReportMarkdown(&md, r))
	for name, out := range map[string]string{"html": html.String(), "markdown": md.String()} {
		assert.Contains(t, out, "and 70 more findings in this folder", name)
		assert.Contains(t, out, "and 361 more folders (3,610 findings)", name)
		assert.Regexp(t, `and [0-9,]+ more, under Findings`, out, name)
	}
	rows := strings.Count(html.String(), `<tr id="f`)
	assert.Equal(t, waMaxGroupRows+(waMaxGroups-1)*10, rows, "the big folder's first 50, and 39 folders of 10")
	assert.Less(t, html.Len(), 2<<20, "the page stays small")
}

// TestChangesBlock: the report has an empty "changes" block after the top
// risks, which a partial defining "changes" fills.
func TestChangesBlock(t *testing.T) {
	tmpl, err := htmlTemplate("")
	require.NoError(t, err)
	require.NotNil(t, tmpl.Lookup("changes"), "the block exists")
	var plain bytes.Buffer
	require.NoError(t, tmpl.Execute(&plain, BuildWAView(fixtureReport())))
	assert.NotContains(t, plain.String(), `id="changes"`, "empty when no partial defines it")

	tmpl, err = htmlTemplate("")
	require.NoError(t, err)
	_, err = tmpl.New("changes.html.tmpl").Parse(`{{define "changes"}}<section id="changes">{{.Summary.Findings}} now</section>{{end}}`)
	require.NoError(t, err)
	var filled bytes.Buffer
	require.NoError(t, tmpl.Execute(&filled, BuildWAView(fixtureReport())))
	out := filled.String()
	at := strings.Index(out, `<section id="changes">4 now</section>`)
	require.Positive(t, at)
	assert.Less(t, strings.Index(out, `id="risks"`), at, "after the top risks")
	assert.Less(t, at, strings.Index(out, `id="charts"`), "before the charts")
}
