package report

import (
	"cmp"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"slices"
	"strings"
	"time"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/bulwarkhq/bulwark/scanners/safeio"
	"github.com/bulwarkhq/bulwark/templates"
)

// WAView is the report rearranged around the AWS Well-Architected
// Reliability pillar: what the HTML and Markdown report templates render.
// BuildWAView computes everything; the templates only lay it out, so a
// team's own template (--template) sees the same fields. The fields are
// documented in templates/report.go.
type WAView struct {
	Report      *Report
	Tool        Tool
	GeneratedAt string
	Sources     []string
	Summary     Summary
	Baseline    string
	Fixed       []BaselineEntry

	Verdict    Mark        // the one-line outcome
	Severities []WACount   // failing/suppressed/baselined per severity
	Concerns   []WAConcern // the same per concern, with the rules that check it
	Tiers      WATierCounts
	Coverage   WACoverage

	Rules       []*finding.Rule // the catalogue, and rules only findings name
	Areas       []WAAreaView    // the pillar: areas, questions, practices
	Unmapped    WACount         // findings citing no practice of the pillar
	Workloads   []WAWorkload
	Findings    []WAFinding // every finding: failing first, then by severity and place
	Diagnostics []WADiagnostic
	Gaps        WAGaps

	Risks       []WARisk  // what to fix first, ranked
	RisksHidden int       // risks beyond the first waMaxRisks
	Groups      []WAGroup // folders or accounts, most failing findings first
	// The groups each section lists: with workloads, with findings.
	WorkloadGroups, FindingGroups WAGroupList
}

// Mark is a verdict as the report shows it: a class for colour, an icon
// and the words, so colour is never the only signal.
type Mark struct {
	Class string // fail, pass, warn, muted, unknown
	Icon  string
	Text  string
}

var (
	markFailing    = Mark{"fail", "✖", "failing"}
	markPassing    = Mark{"pass", "✔", "no failing findings"}
	markNotChecked = Mark{"muted", "○", "not checked by bulwark"}
	markSuppressed = Mark{"warn", "⊘", "suppressed"}
	markBaselined  = Mark{"muted", "≡", "baselined"}
)

// WACount counts findings by status.
type WACount struct {
	Name                        string
	Fail, Suppressed, Baselined int
}

// Total is every finding counted.
func (c WACount) Total() int { return c.Fail + c.Suppressed + c.Baselined }

func (c *WACount) add(f finding.Finding) {
	switch f.Status {
	case finding.StatusFail:
		c.Fail++
	case finding.StatusBaselined:
		c.Baselined++
	default:
		c.Suppressed++
	}
}

// WAConcern is one concern's findings and the number of rules checking it.
type WAConcern struct {
	WACount
	Rules int
	Mark  Mark
}

// WATierCounts is tier compliance at a glance: workloads per verdict.
type WATierCounts struct {
	Meets, Misses, Unknown, NotSet int
}

// WACoverage is how much of the pillar bulwark's rules check.
type WACoverage struct {
	Questions, QuestionsChecked, QuestionsFailing int
	Practices, PracticesChecked, PracticesFailing int
}

// WAAreaView is one area of the pillar and its questions.
type WAAreaView struct {
	Name      string
	Questions []WAQuestionView
}

// WAQuestionView is one question: its practices and what bulwark found.
type WAQuestionView struct {
	WAQuestion
	Practices []WAPracticeView
	Count     WACount
	Checked   int // practices with at least one rule
	Mark      Mark
}

// WAPracticeView is one best practice: the rules that check it and the
// findings that cite it. No rule means bulwark does not check it.
type WAPracticeView struct {
	WAPractice
	Rules     []*finding.Rule
	Findings  []*WAFinding // the findings whose primary practice this is
	Count     WACount      // of Findings
	AlsoCited int          // findings listed under another practice that cite this one too
	Mark      Mark
}

// Checked reports whether any rule checks the practice.
func (p WAPracticeView) Checked() bool { return len(p.Rules) > 0 }

// WAWorkload is one workload's tier verdict, ready to show.
type WAWorkload struct {
	estimate.Workload
	Index     int    // its place in WAView.Workloads, for Anchor
	Path      string // what it is called: its file's path, or ACCOUNT/REGION/STACK of an audit
	Group     string // the folder, or aws://ACCOUNT, it is listed under
	Mark      Mark
	RPOTarget string // "≤ 1 h", or "" when the tier is not set
	RTOTarget string
	Resources []WAResource
}

// Anchor is the id in the HTML report of the i-th workload.
func (w WAWorkload) Anchor(i int) string { return fmt.Sprintf("w%d", i+1) }

// HasEstimates reports whether any resource of the workload was estimated.
func (w WAWorkload) HasEstimates() bool { return len(w.Resources) > 0 }

// WAResource is one resource's estimates.
type WAResource struct {
	estimate.ResourceEstimate
	Mark Mark
}

// WAFinding is a finding numbered for cross-reference, with its location
// and the practices it cites.
type WAFinding struct {
	finding.Finding
	N         int
	Location  string
	Practices []WAPractice // cited practices the catalogue knows
	Unknown   []string     // cited ids it does not
	Mark      Mark
	Note      string // why it is suppressed or baselined
}

// Anchor is the finding's id in the HTML report.
func (f WAFinding) Anchor() string { return fmt.Sprintf("f%d", f.N) }

// WADiagnostic is a problem reading the input.
type WADiagnostic struct {
	scanners.Diagnostic
	Location string
	Mark     Mark
}

// WAGaps is what the report cannot vouch for.
type WAGaps struct {
	Errors, Warnings int      // diagnostics
	Skipped          int      // files that are not templates
	Unmapped         int      // findings citing no known practice (e.g. governance)
	UnknownRules     []string // rules with findings that the catalogue lacks
	UnknownPractices []string // practice ids cited that the pillar lacks
	NotChecked       []WAQuestionGap
}

// WAQuestionGap lists a question's practices no rule checks.
type WAQuestionGap struct {
	Question  WAQuestion
	Practices []WAPractice
}

// BuildWAView arranges a report around the Reliability pillar.
func BuildWAView(r *Report) *WAView {
	v := &WAView{Report: r, Tool: r.Tool, GeneratedAt: r.GeneratedAt, Sources: r.Sources, Summary: r.Summary,
		Baseline: r.Baseline, Fixed: r.Fixed}
	v.Findings = waFindings(r.Findings, r.Baseline)
	v.Severities = waSeverities(r.Findings)
	v.Rules = waRules(r)
	v.Concerns = waConcerns(r.Findings, v.Rules)
	v.Areas, v.Coverage = waAreas(v.Rules, v.Findings)
	v.Workloads, v.Tiers = waWorkloads(r.Workloads)
	for _, f := range v.Findings {
		if len(f.Practices) == 0 {
			v.Unmapped.add(f.Finding)
		}
	}
	v.Risks, v.RisksHidden = waRisks(v.Workloads, v.Findings)
	v.Groups = waGroups(v.Workloads, v.Findings)
	v.WorkloadGroups = waGroupList(v.Groups, func(g WAGroup) bool { return len(g.Workloads) > 0 })
	v.FindingGroups = waGroupList(v.Groups, func(g WAGroup) bool { return len(g.Findings) > 0 })
	v.Diagnostics = waDiagnostics(r.Diagnostics)
	v.Gaps = waGaps(r, v)
	v.Verdict = waVerdict(v)
	return v
}

func waFindings(in []finding.Finding, baseline string) []WAFinding {
	// Sorted by pointer: a stable sort moves its elements many times,
	// and a finding is hundreds of bytes.
	sorted := make([]*finding.Finding, len(in))
	for i := range in {
		sorted[i] = &in[i]
	}
	statusRank := map[string]int{finding.StatusFail: 0, finding.StatusSuppressed: 1, finding.StatusBaselined: 2}
	slices.SortStableFunc(sorted, func(a, b *finding.Finding) int {
		return cmp.Or(cmp.Compare(statusRank[a.Status], statusRank[b.Status]),
			cmp.Compare(severitySortKey(a.Severity), severitySortKey(b.Severity)),
			strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column),
			strings.Compare(a.RuleID, b.RuleID), strings.Compare(a.Resource, b.Resource)) // mdCompareFindings, by pointer
	})
	out := make([]WAFinding, len(sorted))
	for i, fp := range sorted {
		f := *fp
		wf := WAFinding{Finding: f, N: i + 1, Location: coalesce(location(f.File, f.Line, f.Column), f.Resource), Mark: markFailing}
		for _, id := range f.WellArchitected {
			if p, _, ok := WAPracticeByID(id); ok {
				wf.Practices = append(wf.Practices, p)
			} else {
				wf.Unknown = append(wf.Unknown, id)
			}
		}
		switch f.Status {
		case finding.StatusFail:
		case finding.StatusBaselined:
			wf.Mark = markBaselined
			wf.Note = "recorded in the baseline"
			if baseline != "" {
				wf.Note = "recorded in " + baseline
			}
		default:
			wf.Mark = markSuppressed
			wf.Note = suppressionNote(f.Suppression)
		}
		out[i] = wf
	}
	return out
}

// suppressionNote says who accepted the risk, why, and until when.
func suppressionNote(s *finding.Suppression) string {
	if s == nil {
		return "suppressed"
	}
	where := "in the template"
	if s.Kind == "config" {
		where = "in the config file"
	}
	note := "suppressed " + where
	if j := suppressionJustification(s); j != "" {
		note += ": " + j
	}
	if s.Expires != "" {
		note += "; expires " + s.Expires
	}
	return note
}

func waSeverities(findings []finding.Finding) []WACount {
	counts := map[string]*WACount{}
	for _, s := range finding.Severities {
		counts[s] = &WACount{Name: s}
	}
	for _, f := range findings {
		name := coalesce(f.Severity, "unknown")
		if counts[name] == nil {
			counts[name] = &WACount{Name: name}
		}
		counts[name].add(f)
	}
	return sortedCounts(counts, severitySortKey)
}

// sortedCounts lists the counts by rank, then name.
func sortedCounts(counts map[string]*WACount, rank func(string) int) []WACount {
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b)) })
	out := make([]WACount, 0, len(names))
	for _, n := range names {
		out = append(out, *counts[n])
	}
	return out
}

func waConcerns(findings []finding.Finding, all []*finding.Rule) []WAConcern {
	counts := map[string]*WACount{}
	rulesPer := map[string]int{}
	for _, c := range finding.Concerns {
		counts[c] = &WACount{Name: c}
	}
	for _, rule := range all {
		name := coalesce(rule.Concern, "unknown")
		if counts[name] == nil {
			counts[name] = &WACount{Name: name}
		}
		rulesPer[name]++
	}
	for _, f := range findings {
		name := coalesce(f.Concern, "unknown")
		if counts[name] == nil {
			counts[name] = &WACount{Name: name}
		}
		counts[name].add(f)
	}
	rank := func(c string) int {
		if i := slices.Index(finding.Concerns, c); i >= 0 {
			return i
		}
		return len(finding.Concerns)
	}
	var out []WAConcern
	for _, c := range sortedCounts(counts, rank) {
		wc := WAConcern{WACount: c, Rules: rulesPer[c.Name]}
		switch {
		case c.Fail > 0:
			wc.Mark = markFailing
		case wc.Rules > 0 || c.Total() > 0:
			wc.Mark = markPassing
		default:
			wc.Mark = Mark{"muted", "○", "no rules loaded"}
		}
		out = append(out, wc)
	}
	return out
}

// waRules is the rule catalogue sorted by id, with a stand-in for each
// rule that only findings name (a custom rule of the scan), built from
// their metadata.
func waRules(r *Report) []*finding.Rule {
	var out []*finding.Rule
	seen := map[string]bool{}
	for _, rule := range r.Rules {
		if rule != nil && !seen[rule.ID] {
			seen[rule.ID] = true
			out = append(out, rule)
		}
	}
	for _, f := range r.Findings {
		if !seen[f.RuleID] {
			seen[f.RuleID] = true
			out = append(out, &finding.Rule{ID: f.RuleID, Title: f.Title, Severity: f.Severity, Concern: f.Concern,
				WellArchitected: f.WellArchitected, Remediation: f.Remediation})
		}
	}
	slices.SortFunc(out, func(a, b *finding.Rule) int { return strings.Compare(a.ID, b.ID) })
	return out
}

func waAreas(all []*finding.Rule, findings []WAFinding) ([]WAAreaView, WACoverage) {
	byPractice := map[string][]*finding.Rule{}
	for _, rule := range all {
		for _, id := range rule.WellArchitected {
			byPractice[id] = append(byPractice[id], rule)
		}
	}
	// Each finding is listed once, under its primary practice (the first
	// it cites that the pillar knows), so the counts of the pillar add up
	// to the findings; the practices it also cites only count it.
	primary := map[string][]*WAFinding{}
	secondary := map[string]int{}
	for i := range findings {
		f := &findings[i]
		if len(f.Practices) == 0 {
			continue
		}
		primary[f.Practices[0].ID] = append(primary[f.Practices[0].ID], f)
		for _, p := range f.Practices[1:] {
			secondary[p.ID]++
		}
	}
	var cov WACoverage
	var areas []WAAreaView
	for _, a := range WACatalogue {
		av := WAAreaView{Name: a.Name}
		for _, q := range a.Questions {
			qv := WAQuestionView{WAQuestion: q}
			for _, p := range q.Practices {
				pv := WAPracticeView{WAPractice: p, Rules: byPractice[p.ID], Count: WACount{Name: p.ID}}
				pv.Findings = primary[p.ID]
				for _, f := range pv.Findings {
					pv.Count.add(f.Finding)
				}
				pv.AlsoCited = secondary[p.ID]
				pv.Mark = practiceMark(pv)
				if pv.Checked() {
					qv.Checked++
					cov.PracticesChecked++
				}
				if pv.Count.Fail > 0 {
					cov.PracticesFailing++
				}
				cov.Practices++
				qv.Practices = append(qv.Practices, pv)
			}
			qv.Count = WACount{Name: q.ID}
			for _, p := range qv.Practices {
				for _, f := range p.Findings {
					qv.Count.add(f.Finding)
				}
			}
			switch {
			case qv.Count.Fail > 0:
				qv.Mark = markFailing
				cov.QuestionsFailing++
			case qv.Checked > 0:
				qv.Mark = markPassing
			default:
				qv.Mark = markNotChecked
			}
			if qv.Checked > 0 {
				cov.QuestionsChecked++
			}
			cov.Questions++
			av.Questions = append(av.Questions, qv)
		}
		areas = append(areas, av)
	}
	return areas, cov
}

func practiceMark(p WAPracticeView) Mark {
	switch {
	case p.Count.Fail > 0:
		return markFailing
	case p.Checked():
		return markPassing
	}
	return markNotChecked
}

func waWorkloads(ws []estimate.Workload) ([]WAWorkload, WATierCounts) {
	var counts WATierCounts
	out := make([]WAWorkload, 0, len(ws))
	for i, w := range ws {
		wv := WAWorkload{Workload: w, Index: i, Mark: tierMark(w.Tier, w.Compliant)}
		wv.Group, wv.Path = waPlace(w.File)
		if wv.Path == "" {
			wv.Path = w.Name
		}
		if w.Tier == 0 && w.Compliant != nil {
			// No tier, but resources tagged with their own are judged:
			// their verdict shows, not "tier not set".
			wv.Mark = tierMark(-1, w.Compliant)
			wv.Mark.Text += " (tagged resources)"
		}
		switch wv.Mark.Class {
		case "pass":
			counts.Meets++
		case "fail":
			counts.Misses++
		case "unknown":
			counts.Unknown++
		default:
			counts.NotSet++
		}
		if w.Tier != 0 && w.Targets != nil {
			wv.RPOTarget = "≤ " + estimate.FormatSeconds(w.Targets.RPOSeconds)
			wv.RTOTarget = "≤ " + estimate.FormatSeconds(w.Targets.RTOSeconds)
		}
		for _, re := range w.Resources {
			level := w.Tier
			if re.Tier != 0 {
				level = re.Tier
			}
			wv.Resources = append(wv.Resources, WAResource{ResourceEstimate: re, Mark: tierMark(level, re.Compliant)})
		}
		out = append(out, wv)
	}
	return out, counts
}

// tierMark is the verdict on a tier: met, missed, unknown, or not set.
func tierMark(tier int, compliant *bool) Mark {
	switch {
	case tier == 0:
		return Mark{"muted", "—", "tier not set"}
	case compliant == nil:
		return Mark{"unknown", "?", "unknown"}
	case *compliant:
		return Mark{"pass", "✔", "meets tier"}
	}
	return Mark{"fail", "✖", "misses tier"}
}

func waDiagnostics(diags []scanners.Diagnostic) []WADiagnostic {
	out := make([]WADiagnostic, 0, len(diags))
	for _, d := range diags {
		m := Mark{"warn", "⚠", "warning"}
		switch d.Severity {
		case scanners.SeverityError:
			m = Mark{"fail", "✖", "error"}
		case scanners.SeverityInfo:
			m = Mark{"muted", "ℹ", "note"}
		}
		out = append(out, WADiagnostic{Diagnostic: d, Location: location(d.File, d.Line, d.Column), Mark: m})
	}
	return out
}

func waGaps(r *Report, v *WAView) WAGaps {
	g := WAGaps{Skipped: r.Summary.Skipped}
	for _, d := range v.Diagnostics {
		if d.Severity == scanners.SeverityError {
			g.Errors++
		} else {
			g.Warnings++
		}
	}
	known := map[string]bool{}
	for _, rule := range r.Rules {
		if rule != nil {
			known[rule.ID] = true
		}
	}
	unknownRules, unknownPractices := map[string]bool{}, map[string]bool{}
	for _, f := range v.Findings {
		if len(f.Practices) == 0 {
			g.Unmapped++
		}
		if len(r.Rules) > 0 && !known[f.RuleID] {
			unknownRules[f.RuleID] = true
		}
		for _, id := range f.Unknown {
			unknownPractices[id] = true
		}
	}
	g.UnknownRules = sortedKeys(unknownRules)
	g.UnknownPractices = sortedKeys(unknownPractices)
	for _, a := range v.Areas {
		for _, q := range a.Questions {
			gap := WAQuestionGap{Question: q.WAQuestion}
			for _, p := range q.Practices {
				if !p.Checked() {
					gap.Practices = append(gap.Practices, p.WAPractice)
				}
			}
			if len(gap.Practices) > 0 {
				g.NotChecked = append(g.NotChecked, gap)
			}
		}
	}
	return g
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func waVerdict(v *WAView) Mark {
	var sev []string
	failing := 0
	for _, c := range v.Severities {
		if c.Fail > 0 {
			sev = append(sev, fmt.Sprintf("%d %s", c.Fail, c.Name))
			failing += c.Fail
		}
	}
	switch {
	case failing > 0:
		return Mark{"fail", "✖", pluralize(failing, "failing finding") + " (" + strings.Join(sev, ", ") + ")"}
	case v.Gaps.Errors > 0:
		return Mark{"warn", "⚠", "No failing findings, but " + pluralize(v.Gaps.Errors, "input error") + ": some files were not checked"}
	}
	return Mark{"pass", "✔", "No failing findings"}
}

// Merge combines saved reports into one, as if one scan had covered all
// their sources: sources (once each), workloads, findings, diagnostics and
// fixed baseline entries are concatenated and the summary is recomputed
// by Build. The tool version and the baseline are kept when the reports
// agree and joined otherwise; the time is the latest. Reports of
// overlapping scans count their common files twice. The shards of one
// sharded audit (see CheckShards) say each diagnostic once: every shard
// repeats the organization's coverage notes.
func Merge(reports ...*Report) *Report {
	m := &Report{SchemaVersion: SchemaVersion, Tool: Tool{Name: "bulwark"}, Sources: []string{}}
	var counts Summary
	var versions, baselines []string
	var latest time.Time
	for _, r := range reports {
		counts.Files += r.Summary.Files
		counts.Templates += r.Summary.Templates
		counts.Resources += r.Summary.Resources
		counts.Skipped += r.Summary.Skipped
		m.Workloads = append(m.Workloads, r.Workloads...)
		m.Findings = append(m.Findings, r.Findings...)
		m.Diagnostics = append(m.Diagnostics, r.Diagnostics...)
		m.Coverage = append(m.Coverage, r.Coverage...)
		m.Fixed = append(m.Fixed, r.Fixed...)
		for _, s := range r.Sources {
			if !slices.Contains(m.Sources, s) {
				m.Sources = append(m.Sources, s)
			}
		}
		if r.Tool.Version != "" && !slices.Contains(versions, r.Tool.Version) {
			versions = append(versions, r.Tool.Version)
		}
		if r.Baseline != "" && !slices.Contains(baselines, r.Baseline) {
			baselines = append(baselines, r.Baseline)
		}
		if r.Tool.Name != "" {
			m.Tool.Name = r.Tool.Name
		}
		if t, err := time.Parse(time.RFC3339, r.GeneratedAt); err == nil && t.After(latest) {
			latest = t
		}
	}
	if oneAudit(reports) {
		m.Diagnostics = uniqueDiagnostics(m.Diagnostics)
	}
	finding.Sort(m.Findings)
	estimate.SortWorkloads(m.Workloads)
	m.Tool.Version = strings.Join(versions, ", ")
	m.Baseline = strings.Join(baselines, ", ")
	if !latest.IsZero() {
		m.GeneratedAt = latest.UTC().Format(time.RFC3339)
	}
	m.summarize(counts)
	return m
}

// waFuncs are the template functions both report templates have.
func waFuncs() map[string]any {
	return map[string]any{
		"join":   strings.Join,
		"plural": pluralize,
		"add":    func(a, b int) int { return a + b },
		"upper":  strings.ToUpper,
		"when": func(generatedAt string) string {
			t, err := time.Parse(time.RFC3339, generatedAt)
			if err != nil {
				return coalesce(generatedAt, "unknown")
			}
			return t.UTC().Format("2 January 2006, 15:04 UTC")
		},
		"seconds":   estimate.FormatSeconds,
		"plain":     plainEstimate,
		"thousands": thousands,
		"evidence":  estimateEvidence,
	}
}

// estimateEvidence is an estimate's evidence in one line; e is a
// estimate.Estimate or a *estimate.Estimate.
func estimateEvidence(e any) string {
	switch x := e.(type) {
	case estimate.Estimate:
		return strings.Join(x.Evidence, "; ")
	case *estimate.Estimate:
		if x != nil {
			return strings.Join(x.Evidence, "; ")
		}
	}
	return ""
}

// readWATemplate reads a template file, or the embedded default when path
// is empty.
func readWATemplate(path, embedded string) (string, error) {
	if path == "" {
		data, err := templates.ReportFS.ReadFile(embedded)
		return string(data), err
	}
	data, err := safeio.ReadFile(path, MaxTemplateSize)
	if err != nil {
		return "", fmt.Errorf("report template: %w", err)
	}
	// LF only: the output's last pass (inert.Lines) escapes carriage returns.
	return strings.ReplaceAll(string(data), "\r\n", "\n"), nil
}
