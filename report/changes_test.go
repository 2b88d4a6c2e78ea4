package report

import (
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cf is a failing finding of the changes tests; the fingerprint is
// computed as the scan does (rule, file, resource, property).
func cf(rule, file, resource string, line int) finding.Finding {
	return finding.Finding{RuleID: rule, Severity: "high", Status: finding.StatusFail, Resource: resource, File: file, Line: line,
		Message: rule + " on " + resource, Fingerprint: finding.FingerprintOf(rule, file, resource, "")}
}

func withStatus(f finding.Finding, status string) finding.Finding {
	f.Status = status
	return f
}

func wl(file string, tier int, compliant *bool) estimate.Workload {
	return estimate.Workload{Name: file + "-name", File: file, Tier: tier, Compliant: compliant,
		RPO: estimate.Estimate{Text: "1 h"}, RTO: estimate.Estimate{Text: "2 h"}}
}

func ref(f finding.Finding) ChangedFinding { return changed(f) }

func TestCompare(t *testing.T) {
	yes, no := true, false
	pitr := cf("BW-PITR-001", "a.yaml", "Table", 10)
	az := cf("BW-MULTI-AZ-001", "a.yaml", "LB", 20)
	rds := cf("BW-MULTI-AZ-005", "a.yaml", "DB", 30)
	moved := az
	moved.Line = 25
	onlyB := cf("BW-PITR-001", "b.yaml", "Other", 5)
	onlyC := cf("BW-BACKUP-001", "c.yaml", "Plan", 7)
	movedAz := ref(moved)
	movedAz.PreviousLine = 20
	fixedSuppressed := ref(rds)
	fixedSuppressed.Status = finding.StatusSuppressed
	twin := pitr
	twin.Line = 12 // the same identity twice (two findings of one property)

	for _, tc := range []struct {
		name      string
		prev, cur *Report
		summary   ChangeSummary
		workloads []WorkloadChanges
	}{
		{
			name:    "nothing changed",
			prev:    &Report{Workloads: []estimate.Workload{wl("a.yaml", 0, nil)}, Findings: []finding.Finding{pitr, az}},
			cur:     &Report{Workloads: []estimate.Workload{wl("a.yaml", 0, nil)}, Findings: []finding.Finding{pitr, az}},
			summary: ChangeSummary{Unchanged: 2}, workloads: []WorkloadChanges{},
		},
		{
			name:    "new, fixed and unchanged",
			prev:    &Report{Workloads: []estimate.Workload{wl("a.yaml", 0, nil)}, Findings: []finding.Finding{pitr, az}},
			cur:     &Report{Workloads: []estimate.Workload{wl("a.yaml", 0, nil)}, Findings: []finding.Finding{pitr, rds}},
			summary: ChangeSummary{New: 1, Fixed: 1, Unchanged: 1},
			workloads: []WorkloadChanges{{Workload: "a.yaml", Name: "a.yaml-name", Status: WorkloadPresent,
				New: []ChangedFinding{ref(rds)}, Fixed: []ChangedFinding{ref(az)}, Moved: []ChangedFinding{}, Unchanged: 1}},
		},
		{
			name:    "a moved line is unchanged, with both lines",
			prev:    &Report{Workloads: []estimate.Workload{wl("a.yaml", 0, nil)}, Findings: []finding.Finding{pitr, az}},
			cur:     &Report{Workloads: []estimate.Workload{wl("a.yaml", 0, nil)}, Findings: []finding.Finding{pitr, moved}},
			summary: ChangeSummary{Unchanged: 2, Moved: 1},
			workloads: []WorkloadChanges{{Workload: "a.yaml", Name: "a.yaml-name", Status: WorkloadPresent,
				New: []ChangedFinding{}, Fixed: []ChangedFinding{}, Moved: []ChangedFinding{movedAz}, Unchanged: 2}},
		},
		{
			name:    "a finding now suppressed is fixed, and says so",
			prev:    &Report{Workloads: []estimate.Workload{wl("a.yaml", 0, nil)}, Findings: []finding.Finding{rds}},
			cur:     &Report{Workloads: []estimate.Workload{wl("a.yaml", 0, nil)}, Findings: []finding.Finding{withStatus(rds, finding.StatusSuppressed)}},
			summary: ChangeSummary{Fixed: 1},
			workloads: []WorkloadChanges{{Workload: "a.yaml", Name: "a.yaml-name", Status: WorkloadPresent,
				New: []ChangedFinding{}, Fixed: []ChangedFinding{fixedSuppressed}, Moved: []ChangedFinding{}}},
		},
		{
			name:    "a finding that starts to fail again is new",
			prev:    &Report{Workloads: []estimate.Workload{wl("a.yaml", 0, nil)}, Findings: []finding.Finding{withStatus(rds, finding.StatusBaselined)}},
			cur:     &Report{Workloads: []estimate.Workload{wl("a.yaml", 0, nil)}, Findings: []finding.Finding{rds}},
			summary: ChangeSummary{New: 1},
			workloads: []WorkloadChanges{{Workload: "a.yaml", Name: "a.yaml-name", Status: WorkloadPresent,
				New: []ChangedFinding{ref(rds)}, Fixed: []ChangedFinding{}, Moved: []ChangedFinding{}}},
		},
		{
			name:    "two findings of one identity: one more is new",
			prev:    &Report{Workloads: []estimate.Workload{wl("a.yaml", 0, nil)}, Findings: []finding.Finding{pitr}},
			cur:     &Report{Workloads: []estimate.Workload{wl("a.yaml", 0, nil)}, Findings: []finding.Finding{pitr, twin}},
			summary: ChangeSummary{New: 1, Unchanged: 1},
			workloads: []WorkloadChanges{{Workload: "a.yaml", Name: "a.yaml-name", Status: WorkloadPresent,
				New: []ChangedFinding{ref(twin)}, Fixed: []ChangedFinding{}, Moved: []ChangedFinding{}, Unchanged: 1}},
		},
		{
			name:    "tier verdict changed",
			prev:    &Report{Workloads: []estimate.Workload{wl("a.yaml", 2, &yes)}},
			cur:     &Report{Workloads: []estimate.Workload{wl("a.yaml", 2, &no)}},
			summary: ChangeSummary{TierChanges: 1},
			workloads: []WorkloadChanges{{Workload: "a.yaml", Name: "a.yaml-name", Status: WorkloadPresent,
				New: []ChangedFinding{}, Fixed: []ChangedFinding{}, Moved: []ChangedFinding{},
				Tier: &TierChange{Previous: TierState{Tier: 2, Verdict: VerdictMeets, RPO: "1 h", RTO: "2 h"},
					Current: TierState{Tier: 2, Verdict: VerdictMisses, RPO: "1 h", RTO: "2 h"}}}},
		},
		{
			name:    "tier set where it was not",
			prev:    &Report{Workloads: []estimate.Workload{wl("a.yaml", 0, nil)}},
			cur:     &Report{Workloads: []estimate.Workload{wl("a.yaml", 1, nil)}},
			summary: ChangeSummary{TierChanges: 1},
			workloads: []WorkloadChanges{{Workload: "a.yaml", Name: "a.yaml-name", Status: WorkloadPresent,
				New: []ChangedFinding{}, Fixed: []ChangedFinding{}, Moved: []ChangedFinding{},
				Tier: &TierChange{Previous: TierState{Verdict: VerdictNotSet, RPO: "1 h", RTO: "2 h"},
					Current: TierState{Tier: 1, Verdict: VerdictUnknown, RPO: "1 h", RTO: "2 h"}}}},
		},
		{
			name:    "a workload appears and one disappears: its findings are gone, not fixed",
			prev:    &Report{Workloads: []estimate.Workload{wl("a.yaml", 0, nil), wl("b.yaml", 0, nil)}, Findings: []finding.Finding{pitr, onlyB}},
			cur:     &Report{Workloads: []estimate.Workload{wl("a.yaml", 0, nil), wl("c.yaml", 0, nil)}, Findings: []finding.Finding{pitr, onlyC}},
			summary: ChangeSummary{New: 1, Unchanged: 1, Gone: 1, WorkloadsAdded: 1, WorkloadsRemoved: 1},
			workloads: []WorkloadChanges{
				{Workload: "b.yaml", Name: "b.yaml-name", Status: WorkloadRemoved,
					New: []ChangedFinding{}, Fixed: []ChangedFinding{ref(onlyB)}, Moved: []ChangedFinding{}},
				{Workload: "c.yaml", Name: "c.yaml-name", Status: WorkloadAdded,
					New: []ChangedFinding{ref(onlyC)}, Fixed: []ChangedFinding{}, Moved: []ChangedFinding{}},
			},
		},
		{
			name:    "a file with findings but no workload (a live scope) is a workload too",
			prev:    &Report{},
			cur:     &Report{Findings: []finding.Finding{onlyC}},
			summary: ChangeSummary{New: 1, WorkloadsAdded: 1},
			workloads: []WorkloadChanges{{Workload: "c.yaml", Name: "c.yaml", Status: WorkloadAdded,
				New: []ChangedFinding{ref(onlyC)}, Fixed: []ChangedFinding{}, Moved: []ChangedFinding{}}},
		},
		{
			name:    "a finding without a fingerprint (an older report) matches by the computed one",
			prev:    &Report{Workloads: []estimate.Workload{wl("a.yaml", 0, nil)}, Findings: []finding.Finding{func() finding.Finding { f := pitr; f.Fingerprint = ""; return f }()}},
			cur:     &Report{Workloads: []estimate.Workload{wl("a.yaml", 0, nil)}, Findings: []finding.Finding{pitr}},
			summary: ChangeSummary{Unchanged: 1}, workloads: []WorkloadChanges{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Compare(tc.prev, tc.cur, "last.json")
			assert.Equal(t, "last.json", c.Previous)
			assert.Equal(t, tc.summary, c.Summary)
			assert.Equal(t, tc.workloads, c.Workloads)
		})
	}
}

// Names in the changes come from templates and accounts: every format
// shows them as text, never as markup or terminal control.
func TestChangesAreInertInEveryFormat(t *testing.T) {
	hostile := "<img src=x onerror=alert(1)>\x1b[2J|**x**\n# h"
	f := cf("BW-PITR-001", hostile+".yaml", hostile, 3)
	r := &Report{SchemaVersion: SchemaVersion, Findings: []finding.Finding{f},
		Workloads: []estimate.Workload{{Name: hostile, File: hostile + ".yaml"}}}
	r.Changes = Compare(&Report{}, r, hostile)
	codeSpan := regexp.MustCompile("`[^`\n]*`")
	for _, format := range []string{"text", "markdown", "report-markdown", "html"} {
		t.Run(format, func(t *testing.T) {
			var b strings.Builder
			require.NoError(t, Formats[format](&b, r))
			out := b.String()
			assert.False(t, strings.Contains(out, "\x1b"), "a control character reached the output")
			assert.False(t, strings.Contains(out, "\n# h"), "a line break in a value started a line")
			switch format {
			case "html":
				assert.False(t, strings.Contains(out, "<img"), "markup reached the output")
			case "markdown", "report-markdown":
				prose := strings.ReplaceAll(codeSpan.ReplaceAllString(out, ""), "\\<", "")
				assert.False(t, strings.Contains(prose, "<img"), "markup outside a code span")
			}
			assert.Contains(t, out, "1 new")
		})
	}
}
