package report

import (
	"cmp"
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"path"
	"slices"
	"strconv"
	"strings"
)

// How much of a long list the reports show: enough to act on, bounded so
// that the page stays usable at tens of thousands of findings. Every
// truncated list says how many it leaves out; the JSON report has all.
const (
	waMaxGroups       = 40 // folders or accounts listed in a section
	waMaxGroupRows    = 50 // workloads or findings per folder
	waMaxPracticeRows = 10 // findings listed under one best practice
	waMaxRisks        = 10 // top risks
	waMaxRiskPlaces   = 3  // places named per risk
)

// WAGroup is a folder of templates, or an AWS account of an audit: its
// workloads and the findings in its files, failing first.
type WAGroup struct {
	Name      string // "infra/orders", "aws://123456789012", or "(no file)"
	Anchor    string // its id in the HTML report
	Workloads []WAWorkload
	Tiers     WATierCounts
	Findings  []*WAFinding // pointers into WAView.Findings
	Count     WACount
	Concerns  map[string]int // failing findings per concern
}

// ShownWorkloads and ShownFindings are the first rows of the group;
// HiddenWorkloads and HiddenFindings count the rest.
func (g WAGroup) ShownWorkloads() []WAWorkload {
	return g.Workloads[:min(len(g.Workloads), waMaxGroupRows)]
}
func (g WAGroup) HiddenWorkloads() int { return len(g.Workloads) - len(g.ShownWorkloads()) }
func (g WAGroup) ShownFindings() []*WAFinding {
	return g.Findings[:min(len(g.Findings), waMaxGroupRows)]
}
func (g WAGroup) HiddenFindings() int { return len(g.Findings) - len(g.ShownFindings()) }

// WAGroupList is the groups of a section, the first waMaxGroups of them
// shown, most failing findings first.
type WAGroupList struct {
	Shown          []WAGroup
	Hidden         int // groups not shown
	HiddenFindings int // their findings
	HiddenWorks    int // their workloads
}

// waPlace is where a workload or a finding is: the folder it is grouped
// in and the path it is named by. An audit's places are
// aws://ACCOUNT/REGION[/STACK]: grouped by account, named
// ACCOUNT/REGION/STACK.
func waPlace(file string) (group, name string) {
	if file == "" {
		return "(no file)", ""
	}
	if rest, ok := strings.CutPrefix(file, "aws://"); ok {
		account, _, _ := strings.Cut(rest, "/")
		return "aws://" + account, rest
	}
	slashed := strings.ReplaceAll(file, `\`, "/")
	dir := path.Dir(slashed)
	return dir, slashed
}

// waGroups gathers the workloads and findings by folder or account, in
// one pass over each.
func waGroups(workloads []WAWorkload, findings []WAFinding) []WAGroup {
	byName := map[string]*WAGroup{}
	get := func(name string) *WAGroup {
		g := byName[name]
		if g == nil {
			g = &WAGroup{Name: name, Count: WACount{Name: name}, Concerns: map[string]int{}}
			byName[name] = g
		}
		return g
	}
	for _, w := range workloads {
		g := get(w.Group)
		g.Workloads = append(g.Workloads, w)
		switch w.Mark.Class {
		case "pass":
			g.Tiers.Meets++
		case "fail":
			g.Tiers.Misses++
		case "unknown":
			g.Tiers.Unknown++
		default:
			g.Tiers.NotSet++
		}
	}
	for i := range findings {
		f := &findings[i]
		group, _ := waPlace(f.File)
		g := get(group)
		g.Findings = append(g.Findings, f)
		g.Count.add(f.Finding)
		if f.Status == finding.StatusFail {
			g.Concerns[coalesce(f.Concern, "unknown")]++
		}
	}
	out := make([]WAGroup, 0, len(byName))
	for _, g := range byName {
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b WAGroup) int {
		return cmp.Or(cmp.Compare(b.Count.Fail, a.Count.Fail), cmp.Compare(b.Tiers.Misses, a.Tiers.Misses), strings.Compare(a.Name, b.Name))
	})
	for i := range out {
		out[i].Anchor = "g" + strconv.Itoa(i+1)
	}
	return out
}

// waGroupList keeps the groups keep says are in a section, the first
// waMaxGroups of them, and counts the rest.
func waGroupList(groups []WAGroup, keep func(WAGroup) bool) WAGroupList {
	var l WAGroupList
	for _, g := range groups {
		if !keep(g) {
			continue
		}
		if len(l.Shown) < waMaxGroups {
			l.Shown = append(l.Shown, g)
			continue
		}
		l.Hidden++
		l.HiddenFindings += len(g.Findings)
		l.HiddenWorks += len(g.Workloads)
	}
	return l
}

// WARisk is one of the top risks: a workload missing its tier, or a rule
// with critical or high failing findings, with the change that fixes it.
type WARisk struct {
	Kind     string // "tier" or "finding"
	Severity string // the finding's severity, or "tier" for a tier miss
	Title    string
	Detail   string   // what is wrong, in plain words
	Fix      string   // the cheapest change: the rule's remediation
	FixRule  string   // the rule whose remediation Fix is, if any
	Places   []string // where: paths, file:line and resources
	More     int      // places not named
	Link     string   // the anchor with the details
}

// waRisks ranks what to fix first: critical findings, then workloads
// missing their tier (the most demanding tier first), then high findings,
// the rules with the most findings first. Findings of one rule share a
// fix, so they are one risk.
func waRisks(workloads []WAWorkload, findings []WAFinding) (shown []WARisk, hidden int) {
	type ruleRisk struct {
		risk  WARisk
		rank  int
		count int
		works map[string]bool
	}
	byRule := map[string]*ruleRisk{}
	var order []string
	failingIn := map[string][]*WAFinding{} // by file and resource
	for i := range findings {
		f := &findings[i]
		if f.Status != finding.StatusFail {
			continue
		}
		failingIn[f.File+"\x00"+f.Resource] = append(failingIn[f.File+"\x00"+f.Resource], f)
		rank := finding.SeverityRank(f.Severity)
		// Critical and high only; the findings of the tier rules are
		// the tier misses, listed per workload.
		if rank < 0 || rank > 1 || f.Concern == "tier" {
			continue
		}
		r := byRule[f.RuleID]
		if r == nil {
			r = &ruleRisk{rank: rank, works: map[string]bool{}, risk: WARisk{Kind: "finding", Severity: f.Severity,
				Title: f.RuleID + ": " + f.Title, Fix: f.Remediation, FixRule: f.RuleID, Link: f.Anchor()}}
			byRule[f.RuleID] = r
			order = append(order, f.RuleID)
		}
		r.count++
		r.works[f.File] = true
		if len(r.risk.Places) < waMaxRiskPlaces {
			_, name := waPlace(f.File)
			r.risk.Places = append(r.risk.Places, coalesce(location(name, f.Line, 0), f.File)+" "+f.Resource)
		} else {
			r.risk.More++
		}
	}
	type ranked struct {
		risk WARisk
		key  [3]int
	}
	var all []ranked
	for _, id := range order {
		r := byRule[id]
		r.risk.Detail = pluralize(r.count, "failing finding") + " in " + pluralize(len(r.works), "file")
		all = append(all, ranked{r.risk, [3]int{r.rank * 2, -r.count, 0}})
	}
	for _, w := range workloads {
		if w.Mark.Class != "fail" {
			continue
		}
		risk := WARisk{Kind: "tier", Severity: "tier", Title: w.Path + " misses its tier", Link: w.Anchor(w.Index)}
		if w.Tier != 0 {
			risk.Title = w.Path + " misses tier " + strconv.Itoa(w.Tier)
			risk.Detail = tierMissDetail(w)
		} else {
			risk.Detail = "Resources tagged with their own tier miss it."
		}
		bestRank := 2 * len(finding.Severities)
		for _, re := range w.Resources {
			if re.Mark.Class != "fail" {
				continue
			}
			if len(risk.Places) < waMaxRiskPlaces {
				risk.Places = append(risk.Places, re.Resource+" ("+re.Type+")")
			} else {
				risk.More++
			}
			// The fix is the remediation of the most severe failing
			// finding on a resource that misses the tier; a rule about
			// the mechanism (a pitr or multi-az rule) before a tier
			// rule, whose remedy is "apply the mechanism".
			for _, f := range failingIn[w.File+"\x00"+re.Resource] {
				r := severitySortKey(f.Severity) * 2
				if f.Concern == "tier" {
					r++
				}
				if r < bestRank && f.Remediation != "" {
					bestRank, risk.Fix, risk.FixRule = r, f.Remediation, f.RuleID
				}
			}
		}
		// After critical findings (key 0), before high ones (key 2); the
		// most demanding tier first.
		all = append(all, ranked{risk, [3]int{1, w.Tier, 0}})
	}
	slices.SortStableFunc(all, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(a.key[0], b.key[0]), cmp.Compare(a.key[1], b.key[1]))
	})
	for i, r := range all {
		if i == waMaxRisks {
			return shown, len(all) - waMaxRisks
		}
		shown = append(shown, r.risk)
	}
	return shown, 0
}

// tierMissDetail says how far a workload is from its tier's targets,
// RPO and RTO in plain words.
func tierMissDetail(w WAWorkload) string {
	rpo, rto := w.RPO.Text, w.RTO.Text
	if rpo == "unbounded" && rto == "unbounded" {
		return "No recovery possible from " + scenarioLoss(w.Scenario) + ": data loss (RPO) and downtime (RTO) are unbounded, against targets " +
			w.RPOTarget + " and " + w.RTOTarget + "."
	}
	return "Data loss (RPO) " + plainEstimate(w.RPO, w.Scenario) + " against a target " + w.RPOTarget +
		"; downtime (RTO) " + plainEstimate(w.RTO, w.Scenario) + " against " + w.RTOTarget + "."
}

func scenarioLoss(scenario string) string {
	if scenario == "region" {
		return "a Region loss"
	}
	return "the loss of an Availability Zone or of the data"
}

// plainEstimate is an estimate's text with plain words for "unbounded".
func plainEstimate(e estimate.Estimate, scenario string) string {
	if e.Seconds == nil && e.Text == "unbounded" {
		return "unbounded (no recovery possible from " + scenarioLoss(scenario) + ")"
	}
	return e.Text
}

// thousands writes n with thousands separators: 3,912.
func thousands(n int) string {
	if n < 0 {
		return "-" + thousands(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ShownFindings are the first findings listed under the practice;
// HiddenFindings counts the rest.
func (p WAPracticeView) ShownFindings() []*WAFinding {
	return p.Findings[:min(len(p.Findings), waMaxPracticeRows)]
}
func (p WAPracticeView) HiddenFindings() int { return len(p.Findings) - len(p.ShownFindings()) }

// OwnName reports whether the workload is named (bulwark.workload in
// its template's Metadata) otherwise than after its file.
func (w WAWorkload) OwnName() bool {
	base := path.Base(w.Path)
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return w.Name != "" && w.Name != base
}

// waMaxDiagnostics is how many input problems the reports list.
const waMaxDiagnostics = 100

// ShownDiagnostics are the first problems reading the input;
// HiddenDiagnostics counts the rest.
func (v *WAView) ShownDiagnostics() []WADiagnostic {
	return v.Diagnostics[:min(len(v.Diagnostics), waMaxDiagnostics)]
}
func (v *WAView) HiddenDiagnostics() int { return len(v.Diagnostics) - len(v.ShownDiagnostics()) }

// ConcernCounts are the group's failing findings per concern, the most
// first.
func (g WAGroup) ConcernCounts() []WACount {
	out := make([]WACount, 0, len(g.Concerns))
	for c, n := range g.Concerns {
		out = append(out, WACount{Name: c, Fail: n})
	}
	slices.SortFunc(out, func(a, b WACount) int { return cmp.Or(cmp.Compare(b.Fail, a.Fail), strings.Compare(a.Name, b.Name)) })
	return out
}

// HeatGroups are the groups with failing findings that the distribution
// chart and table show; HeatHidden counts the others.
func (v *WAView) HeatGroups() []WAGroup {
	var out []WAGroup
	for _, g := range v.Groups {
		if g.Count.Fail > 0 && len(out) < heatMaxRows {
			out = append(out, g)
		}
	}
	return out
}

func (v *WAView) HeatHidden() int {
	n := 0
	for _, g := range v.Groups {
		if g.Count.Fail > 0 {
			n++
		}
	}
	return n - len(v.HeatGroups())
}
