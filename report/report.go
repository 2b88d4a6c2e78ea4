// Package report turns a scan's result into the versioned JSON contract and
// the human formats built from it.
package report

import (
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"time"

	"github.com/bulwarkhq/bulwark/rules"
	"github.com/bulwarkhq/bulwark/scanners"
)

// SchemaVersion of the JSON contract. Bump it on any incompatible change.
const SchemaVersion = "1"

// Report is the JSON contract; every other format is a view of it.
type Report struct {
	SchemaVersion string                `json:"schema_version"`
	Tool          Tool                  `json:"tool"`
	GeneratedAt   string                `json:"generated_at,omitempty"`
	Sources       []string              `json:"sources"`
	Summary       Summary               `json:"summary"`
	Workloads     []estimate.Workload   `json:"workloads"`
	Findings      []finding.Finding     `json:"findings"`
	Diagnostics   []scanners.Diagnostic `json:"diagnostics"`
	// Coverage is an audit's: per account, Region and service, what was
	// read, failed or not selected.
	Coverage []Coverage `json:"coverage,omitempty"`
	// Baseline is the baseline file the scan compared against, if any, and
	// Fixed the baselined findings that are gone.
	Baseline string          `json:"baseline,omitempty"`
	Fixed    []BaselineEntry `json:"fixed,omitempty"`
	// Changes is what changed since the previous report (--previous).
	Changes *Changes `json:"changes,omitempty"`
	// Shard is set in the report of one slice of a sharded audit.
	Shard *Shard `json:"shard,omitempty"`

	// Rules is the catalogue the scan ran (for SARIF's rule list); it is
	// not part of the JSON contract.
	Rules []*finding.Rule `json:"-"`
	// Checked maps each template to the rules that looked at it, so JUnit
	// can show a rule without findings as a passing test.
	Checked map[string][]string `json:"-"`
	// FailOn is the gate's threshold (--fail-on): JUnit reports only the
	// findings at or above it as failures. Empty means every failing
	// finding fails, as for a report built without a gate.
	FailOn string `json:"-"`
	// Links, when the CI environment names the repository and commit,
	// makes the Markdown comment link each file:line.
	Links *SourceLinks `json:"-"`
}

// BaselineEntry is one recorded finding in a baseline file.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	RuleID      string `json:"rule_id"`
	File        string `json:"file"`
	Resource    string `json:"resource"`
	Property    string `json:"property,omitempty"`
}

// Tool names the producer.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Summary counts what the scan saw and found.
type Summary struct {
	Files      int            `json:"files"`
	Templates  int            `json:"templates"`
	Skipped    int            `json:"skipped"`
	Resources  int            `json:"resources"`
	Findings   int            `json:"findings"`
	Errors     int            `json:"errors"`
	Suppressed int            `json:"suppressed"`
	Baselined  int            `json:"baselined"`
	BySeverity map[string]int `json:"by_severity"`
	ByConcern  map[string]int `json:"by_concern"`
}

// Build assembles the report of a scan.
func Build(version string, sources []string, res *rules.ScanResult, now time.Time) *Report {
	r := &Report{
		SchemaVersion: SchemaVersion,
		Tool:          Tool{Name: "bulwark", Version: version},
		Sources:       sources,
		Findings:      res.Findings,
		Workloads:     res.Workloads,
		Diagnostics:   res.Diagnostics,
		Checked:       res.Checked,
	}
	if !now.IsZero() {
		r.GeneratedAt = now.UTC().Format(time.RFC3339)
	}
	r.summarize(Summary{Files: res.Files, Templates: res.Templates, Skipped: len(res.SkippedFiles), Resources: res.Resources})
	return r
}

// summarize completes a report's summary from its findings and
// diagnostics; counts carries what only the scan knows (files, templates,
// skipped files, resources). Empty lists become [] in the contract.
func (r *Report) summarize(counts Summary) {
	if r.Workloads == nil {
		r.Workloads = []estimate.Workload{}
	}
	if r.Findings == nil {
		r.Findings = []finding.Finding{}
	}
	if r.Diagnostics == nil {
		r.Diagnostics = []scanners.Diagnostic{}
	}
	s := Summary{Files: counts.Files, Templates: counts.Templates, Skipped: counts.Skipped, Resources: counts.Resources,
		BySeverity: map[string]int{}, ByConcern: map[string]int{}}
	for _, sev := range finding.Severities {
		s.BySeverity[sev] = 0
	}
	for _, f := range r.Findings {
		switch f.Status {
		case finding.StatusSuppressed:
			s.Suppressed++
		case finding.StatusBaselined:
			s.Baselined++
		}
		if f.Status != finding.StatusFail {
			continue
		}
		s.Findings++
		s.BySeverity[f.Severity]++
		s.ByConcern[f.Concern]++
	}
	for _, d := range r.Diagnostics {
		if d.Severity == scanners.SeverityError {
			s.Errors++
		}
	}
	r.Summary = s
}

// Failing reports whether any failing finding is at or above the threshold
// severity ("none" never fails).
func (r *Report) Failing(threshold string) bool {
	for _, f := range r.Findings {
		if failsGate(f, threshold) {
			return true
		}
	}
	return false
}

// failsGate reports whether a finding fails a gate at threshold: it fails
// (not suppressed or baselined) and its severity is at or above the
// threshold ("none" never fails).
func failsGate(f finding.Finding, threshold string) bool {
	limit := finding.SeverityRank(threshold)
	return limit >= 0 && f.Status == finding.StatusFail && finding.SeverityRank(f.Severity) <= limit
}
