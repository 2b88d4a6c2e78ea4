package report

import (
	"cmp"
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"slices"
	"strings"
)

// Changes is what changed since a previous report (`--previous FILE`):
// failing findings that are new, fixed or unchanged per workload, and the
// tier verdicts that changed. Findings are matched by their fingerprint
// (rule, file, resource, property; never the line), the identity SARIF
// and baselines use, so a finding whose line moved is unchanged, listed
// under Moved with both lines.
type Changes struct {
	// Previous names the report(s) compared against, as given.
	Previous            string        `json:"previous"`
	PreviousGeneratedAt string        `json:"previous_generated_at,omitempty"`
	Summary             ChangeSummary `json:"summary"`
	// Workloads are those with something to report: a new, fixed or moved
	// finding, a changed tier verdict, or the workload itself added or
	// removed. Sorted by workload.
	Workloads []WorkloadChanges `json:"workloads"`
}

// ChangeSummary counts the changes of every workload.
type ChangeSummary struct {
	New       int `json:"new"`
	Fixed     int `json:"fixed"`
	Unchanged int `json:"unchanged"`
	// Moved counts the unchanged findings whose line is not the same.
	Moved int `json:"moved"`
	// Gone counts the failing findings of workloads that are not in the
	// current report at all: not scanned, or deleted; not counted as fixed.
	Gone             int `json:"gone"`
	TierChanges      int `json:"tier_changes"`
	WorkloadsAdded   int `json:"workloads_added"`
	WorkloadsRemoved int `json:"workloads_removed"`
}

// Any reports whether anything changed.
func (s ChangeSummary) Any() bool {
	return s.New+s.Fixed+s.Moved+s.Gone+s.TierChanges+s.WorkloadsAdded+s.WorkloadsRemoved > 0
}

// Workload statuses in WorkloadChanges.Status.
const (
	WorkloadAdded   = "added"   // only in the current report
	WorkloadRemoved = "removed" // only in the previous one
	WorkloadPresent = "present" // in both
)

// WorkloadChanges is one workload's changes. A workload is a template
// file or a live scope (aws://ACCOUNT/REGION[/STACK]): findings belong to
// the workload of their file.
type WorkloadChanges struct {
	Workload string `json:"workload"` // its file or address
	Name     string `json:"name"`
	Status   string `json:"status"`
	// New and Fixed are failing findings that appeared and went; Fixed of
	// a removed workload are its findings that are gone.
	New       []ChangedFinding `json:"new"`
	Fixed     []ChangedFinding `json:"fixed"`
	Moved     []ChangedFinding `json:"moved"`
	Unchanged int              `json:"unchanged"`
	Tier      *TierChange      `json:"tier,omitempty"`
}

// ChangedFinding identifies a finding in the changes.
type ChangedFinding struct {
	Fingerprint string `json:"fingerprint"`
	RuleID      string `json:"rule_id"`
	Severity    string `json:"severity"`
	Resource    string `json:"resource"`
	File        string `json:"file"`
	Line        int    `json:"line"`
	// PreviousLine is the line in the previous report of a moved finding.
	PreviousLine int    `json:"previous_line,omitempty"`
	Message      string `json:"message"`
	// Status is, for a fixed finding, its status now when it is still
	// reported but no longer fails: "suppressed" or "baselined".
	Status string `json:"status,omitempty"`
}

// TierChange is a workload's tier verdict before and now.
type TierChange struct {
	Previous TierState `json:"previous"`
	Current  TierState `json:"current"`
}

// TierState is a workload's tier and verdict at one run.
type TierState struct {
	Tier    int    `json:"tier"`
	Verdict string `json:"verdict"` // meets, misses, unknown or not set
	RPO     string `json:"rpo"`
	RTO     string `json:"rto"`
}

// Tier verdicts of TierState.
const (
	VerdictMeets   = "meets"
	VerdictMisses  = "misses"
	VerdictUnknown = "unknown"
	VerdictNotSet  = "not set"
)

// tierState is a workload's verdict in the words of the contract.
func tierState(w estimate.Workload) TierState {
	s := TierState{Tier: w.Tier, RPO: w.RPO.Text, RTO: w.RTO.Text}
	switch {
	case w.Compliant == nil && w.Tier == 0:
		s.Verdict = VerdictNotSet
	case w.Compliant == nil:
		s.Verdict = VerdictUnknown
	case *w.Compliant:
		s.Verdict = VerdictMeets
	default:
		s.Verdict = VerdictMisses
	}
	return s
}

// Compare computes what changed from prev to cur; previous names prev.
func Compare(prev, cur *Report, previous string) *Changes {
	c := &Changes{Previous: previous, PreviousGeneratedAt: prev.GeneratedAt, Workloads: []WorkloadChanges{}}
	before, after := sideOf(prev), sideOf(cur)
	keys := map[string]bool{}
	for k := range before.present {
		keys[k] = true
	}
	for k := range after.present {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted)
	for _, key := range sorted {
		wc := compareWorkload(key, before, after)
		s := &c.Summary
		switch wc.Status {
		case WorkloadAdded:
			s.WorkloadsAdded++
		case WorkloadRemoved:
			s.WorkloadsRemoved++
			s.Gone += len(wc.Fixed)
		}
		s.New += len(wc.New)
		if wc.Status != WorkloadRemoved {
			s.Fixed += len(wc.Fixed)
		}
		s.Unchanged += wc.Unchanged
		s.Moved += len(wc.Moved)
		if wc.Tier != nil {
			s.TierChanges++
		}
		if wc.Status != WorkloadPresent || len(wc.New)+len(wc.Fixed)+len(wc.Moved) > 0 || wc.Tier != nil {
			c.Workloads = append(c.Workloads, wc)
		}
	}
	return c
}

// side is one report arranged by workload.
type side struct {
	present   map[string]bool
	workloads map[string]estimate.Workload
	failing   map[string][]finding.Finding // by workload
	// other is the status of findings that do not fail, by fingerprint.
	other map[string]string
}

func sideOf(r *Report) side {
	s := side{present: map[string]bool{}, workloads: map[string]estimate.Workload{},
		failing: map[string][]finding.Finding{}, other: map[string]string{}}
	for _, w := range r.Workloads {
		s.present[w.File] = true
		if _, dup := s.workloads[w.File]; !dup {
			s.workloads[w.File] = w
		}
	}
	for _, f := range r.Findings {
		s.present[f.File] = true
		if f.Status == finding.StatusFail {
			s.failing[f.File] = append(s.failing[f.File], f)
		} else {
			s.other[fingerprint(f)] = f.Status
		}
	}
	return s
}

// fingerprint is a finding's identity; a report written by hand or by an
// older tool may lack it, and then it is computed as the scan would.
func fingerprint(f finding.Finding) string {
	if f.Fingerprint != "" {
		return f.Fingerprint
	}
	return finding.FingerprintOf(f.RuleID, f.File, f.Resource, f.Property)
}

func compareWorkload(key string, before, after side) WorkloadChanges {
	wc := WorkloadChanges{Workload: key, Name: key, Status: WorkloadPresent,
		New: []ChangedFinding{}, Fixed: []ChangedFinding{}, Moved: []ChangedFinding{}}
	pw, hadPrev := before.workloads[key]
	cw, hasCur := after.workloads[key]
	switch {
	case hasCur:
		wc.Name = cw.Name
	case hadPrev:
		wc.Name = pw.Name
	}
	switch {
	case !before.present[key]:
		wc.Status = WorkloadAdded
	case !after.present[key]:
		wc.Status = WorkloadRemoved
	}
	if hadPrev && hasCur {
		if p, c := tierState(pw), tierState(cw); p.Tier != c.Tier || p.Verdict != c.Verdict {
			wc.Tier = &TierChange{Previous: p, Current: c}
		}
	}
	prev := byFingerprint(before.failing[key])
	cur := byFingerprint(after.failing[key])
	for fp, cs := range cur {
		ps := prev[fp]
		n := min(len(ps), len(cs))
		for i := 0; i < n; i++ {
			wc.Unchanged++
			if ps[i].Line != cs[i].Line {
				m := changed(cs[i])
				m.PreviousLine = ps[i].Line
				wc.Moved = append(wc.Moved, m)
			}
		}
		for _, f := range cs[n:] {
			wc.New = append(wc.New, changed(f))
		}
	}
	for fp, ps := range prev {
		for _, f := range ps[min(len(ps), len(cur[fp])):] {
			fixed := changed(f)
			fixed.Status = after.other[fp]
			wc.Fixed = append(wc.Fixed, fixed)
		}
	}
	for _, list := range [][]ChangedFinding{wc.New, wc.Fixed, wc.Moved} {
		slices.SortFunc(list, compareChanged)
	}
	return wc
}

// byFingerprint groups findings by identity, each group by line, so that
// two findings of one identity pair with their nearest counterparts.
func byFingerprint(fs []finding.Finding) map[string][]finding.Finding {
	m := map[string][]finding.Finding{}
	for _, f := range fs {
		fp := fingerprint(f)
		m[fp] = append(m[fp], f)
	}
	for _, list := range m {
		slices.SortStableFunc(list, func(a, b finding.Finding) int { return cmp.Compare(a.Line, b.Line) })
	}
	return m
}

func changed(f finding.Finding) ChangedFinding {
	return ChangedFinding{Fingerprint: fingerprint(f), RuleID: f.RuleID, Severity: f.Severity, Resource: f.Resource,
		File: f.File, Line: f.Line, Message: f.Message}
}

// compareChanged orders by severity, then line, rule and resource.
func compareChanged(a, b ChangedFinding) int {
	return cmp.Or(cmp.Compare(severitySortKey(a.Severity), severitySortKey(b.Severity)),
		cmp.Compare(a.Line, b.Line), strings.Compare(a.RuleID, b.RuleID),
		strings.Compare(a.Resource, b.Resource), strings.Compare(a.Fingerprint, b.Fingerprint))
}

// Location is file:line, or the file alone when the line is not known (a
// live resource outside a stack).
func (f ChangedFinding) Location() string { return location(f.File, f.Line, 0) }
