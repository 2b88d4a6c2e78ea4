package adr

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/bulwarkhq/bulwark/rules/finding"
	"github.com/bulwarkhq/bulwark/scanners/inert"
)

// Finding and Rule are the scan's vocabulary: a draft cites findings as
// evidence and is about the rule they come from.
type (
	Finding = finding.Finding
	Rule    = finding.Rule
)

// DraftOptions select what Draft writes.
type DraftOptions struct {
	Options
	// Rule keeps only the findings of this rule id; Concern only those of
	// this concern. Neither: every failing finding.
	Rule    string
	Concern string
	// Workloads names the workload of each file (file -> name); a file it
	// lacks is named after its base name.
	Workloads map[string]string
}

// Drafted is one draft: one decision to take, about one concern of one
// workload.
type Drafted struct {
	// RuleID lists the rules whose findings the draft cites, comma-separated.
	RuleID   string
	Concern  string
	Workload string // the findings' file or live scope
	Title    string
	Path     string
	Findings int
	// Existing is true when the folder already has a record with this
	// title: nothing was written and Path is that record.
	Existing bool
}

// severityRank orders severities, an unknown one last.
func severityRank(s string) int {
	if r := finding.SeverityRank(s); r >= 0 {
		return r
	}
	return len(finding.Severities)
}

// draftGroup is the failing findings of one concern in one workload: one
// decision to take.
type draftGroup struct {
	concern, file, workload string
	findings                []Finding
	rules                   []Rule // of the findings, by id
	title                   string
}

// Draft writes a Proposed record per decision to take: the failing
// findings (of the selected rule or concern) grouped by concern and
// workload, titled as the decision ("Protect OrdersTable data with
// point-in-time recovery", "Spread web-tier across Availability Zones"),
// not after a rule. Its Context carries the evidence (resource,
// file:line, message, the workload tier when the finding's details give
// it), its Options Considered each rule's remediation and accepting the
// risk with a suppression citing the record, and its Decision is left to
// the architect. A rule that already has a draft (same title) is not
// drafted again. Drafts are returned most severe rule first.
func Draft(o DraftOptions, findings []Finding, rules []*Rule) ([]Drafted, error) {
	byID := map[string]Rule{}
	for _, r := range rules {
		byID[r.ID] = *r
	}
	rule := func(f Finding) Rule {
		r, ok := byID[f.RuleID]
		if !ok {
			r = Rule{ID: f.RuleID, Title: f.Title, Severity: f.Severity, Concern: f.Concern}
		}
		if r.Title == "" {
			r.Title = r.ID
		}
		return r
	}
	groups := map[string]*draftGroup{}
	var order []*draftGroup
	for _, f := range findings {
		if f.Status != "" && f.Status != finding.StatusFail {
			continue
		}
		if o.Rule != "" && f.RuleID != o.Rule || o.Concern != "" && f.Concern != o.Concern {
			continue
		}
		key := f.Concern + "\x00" + f.File
		g := groups[key]
		if g == nil {
			g = &draftGroup{concern: f.Concern, file: f.File, workload: coalesceString(o.Workloads[f.File], baseName(f.File))}
			groups[key] = g
			order = append(order, g)
		}
		g.findings = append(g.findings, f)
		if !containsRule(g.rules, f.RuleID) {
			g.rules = append(g.rules, rule(f))
		}
	}
	for _, g := range order {
		sort.Slice(g.rules, func(i, j int) bool {
			a, b := severityRank(g.rules[i].Severity), severityRank(g.rules[j].Severity)
			if a != b {
				return a < b
			}
			return g.rules[i].ID < g.rules[j].ID
		})
		g.title = decisionTitle(g)
	}
	// Two decisions must not share a title (one would read as drafted):
	// the workload, then the file, tells them apart.
	titled := map[string]int{}
	for _, g := range order {
		titled[g.title]++
	}
	for _, g := range order {
		if titled[g.title] > 1 {
			g.title += " in " + inert.String(g.file)
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := severityRank(order[i].rules[0].Severity), severityRank(order[j].rules[0].Severity)
		if a != b {
			return a < b
		}
		if order[i].file != order[j].file {
			return order[i].file < order[j].file
		}
		return order[i].concern < order[j].concern
	})

	var out []Drafted
	for _, g := range order {
		ids := make([]string, len(g.rules))
		for i, r := range g.rules {
			ids[i] = r.ID
		}
		d := Drafted{RuleID: strings.Join(ids, ", "), Concern: g.concern, Workload: g.file, Title: g.title, Findings: len(g.findings)}
		if err := checkTitle(g.title); err != nil {
			return out, fmt.Errorf("rules %s: %w", d.RuleID, err)
		}
		if existing := findSlug(o.dir(), g.title); existing != "" {
			d.Path, d.Existing = existing, true
			out = append(out, d)
			continue
		}
		opts := o.Options
		if opts.Status == "" {
			opts.Status = StatusProposed
		}
		path, _, err := opts.newRecord(draftData(g), func(d *templateData) { d.Options = draftOptions(g.rules, d.ID) })
		if err != nil {
			return out, err
		}
		d.Path = path
		out = append(out, d)
	}
	if len(out) > 0 {
		if err := refreshIndex(o.dir()); err != nil {
			return out, err
		}
	}
	return out, nil
}

func containsRule(rules []Rule, id string) bool {
	for _, r := range rules {
		if r.ID == id {
			return true
		}
	}
	return false
}

func coalesceString(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// baseName names a workload by its file or address: the last part,
// without the extension (infra/web-tier.yaml → web-tier,
// aws://111122223333/eu-west-1/orders → orders).
func baseName(file string) string {
	name := strings.TrimRight(file, "/\\")
	if i := strings.LastIndexAny(name, "/\\"); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	return name
}

// decisionPhrases say, per concern, the decision a workload's failing
// findings ask for; %s is what it is about.
var decisionPhrases = map[string]string{
	"pitr":            "Protect %s data with point-in-time recovery",
	"backup":          "Back up the data of %s",
	"multi-az":        "Spread %s across Availability Zones",
	"concurrency":     "Bound the Lambda concurrency of %s",
	"health-check":    "Check the health of %s and replace what fails",
	"tier":            "Meet the reliability tier of %s",
	"coupling":        "Decouple %s from its dependencies",
	"timeouts":        "Set timeouts for %s",
	"throttling":      "Throttle the requests to %s",
	"change":          "Make changes to %s safe to roll out",
	"monitoring":      "Monitor %s",
	"data-protection": "Protect %s data from deletion",
	"governance":      "Govern the exceptions of %s",
}

// decisionTitle titles a group as the decision to take. Its subject is
// the resource when the findings are about one, else the workload; a
// concern bulwark does not know is titled after its first rule. Values
// come from templates: control characters are written as escapes, so the
// title stands on one line.
func decisionTitle(g *draftGroup) string {
	resources := map[string]bool{}
	for _, f := range g.findings {
		resources[f.Resource] = true
	}
	subject := g.workload
	if len(resources) == 1 && g.findings[0].Resource != "" {
		subject = g.findings[0].Resource
	}
	subject = strings.TrimSpace(inert.String(subject))
	if subject == "" {
		subject = "the workload"
	}
	if phrase, ok := decisionPhrases[g.concern]; ok {
		return fmt.Sprintf(phrase, subject)
	}
	return fmt.Sprintf("Decide on %s for %s", strings.TrimSpace(inert.String(g.rules[0].Title)), subject)
}

// findSlug returns the path of a record whose file name has title's slug.
func findSlug(dir, title string) string {
	names, _ := recordFiles(dir)
	for _, name := range names {
		if _, _, s, _ := parseFileName(name); slugMatches(s, title) {
			p, _ := safeJoin(dir, name)
			return p
		}
	}
	return ""
}

func draftData(g *draftGroup) templateData {
	fs := g.findings
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Line != fs[j].Line {
			return fs[i].Line < fs[j].Line
		}
		return fs[i].RuleID < fs[j].RuleID
	})
	var b strings.Builder
	noun := "findings"
	if len(fs) == 1 {
		noun = "finding"
	}
	fmt.Fprintf(&b, "`bulwark scan` reports %d failing %s", len(fs), noun)
	if g.concern != "" {
		fmt.Fprintf(&b, " of concern **%s**", mdEscape(g.concern))
	}
	fmt.Fprintf(&b, " in workload %s (%s):", codeSpan(g.workload), codeSpan(g.file))
	for _, r := range g.rules {
		fmt.Fprintf(&b, "\n\n**%s**, %s", mdEscape(r.ID), mdEscape(r.Title))
		var facts []string
		if r.Severity != "" {
			facts = append(facts, "severity "+mdEscape(r.Severity))
		}
		if len(r.WellArchitected) > 0 {
			facts = append(facts, "AWS Well-Architected "+mdEscape(strings.Join(r.WellArchitected, ", ")))
		}
		if len(facts) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(facts, "; "))
		}
		b.WriteString(".")
		if r.Description != "" {
			b.WriteString(" " + mdEscape(r.Description))
		}
		b.WriteString("\n")
		for _, f := range fs {
			if f.RuleID == r.ID {
				b.WriteString("\n- " + evidence(f))
			}
		}
	}
	return templateData{
		Title:   g.title,
		Context: b.String(),
		Decision: "<!-- For the architect: choose option 1, option 2 or another, say why, and set the\n" +
			"status to Accepted (bulwark adr accept N) or Rejected. Until then this record is a draft\n" +
			"and `bulwark adr lint` warns that this section is empty. -->",
	}
}

// evidence is one finding as a line of a draft's Context. Logical ids,
// types and file names come from the templates scanned: code spans on one
// line, whatever they hold.
func evidence(f Finding) string {
	var b strings.Builder
	if f.Resource != "" {
		b.WriteString(codeSpan(f.Resource))
		if f.ResourceType != "" {
			fmt.Fprintf(&b, " (%s)", codeSpan(f.ResourceType))
		}
		b.WriteString(" at ")
	}
	msg := strings.TrimSpace(mdEscape(f.Message))
	if msg != "" && !strings.ContainsAny(msg[len(msg)-1:], ".!?") {
		msg += "."
	}
	fmt.Fprintf(&b, "%s: %s", codeSpan(fmt.Sprintf("%s:%d", f.File, f.Line)), msg)
	if tier := tierOf(f.Details); tier != "" {
		fmt.Fprintf(&b, " Workload tier: %s.", mdEscape(tier))
	}
	if d := detailsText(f.Details); d != "" {
		fmt.Fprintf(&b, " Details: %s.", d)
	}
	return b.String()
}

// draftOptions are the options of a draft; id is the draft's own id,
// which a suppression cites.
func draftOptions(rules []Rule, id string) string {
	var b strings.Builder
	b.WriteString("1. **Remediate**:")
	for _, r := range rules {
		remediation := strings.TrimSpace(r.Remediation)
		if remediation == "" {
			remediation = "Change the resources so that rule " + r.ID + " passes."
		}
		if len(rules) == 1 {
			b.WriteString(" " + mdEscape(remediation))
			break
		}
		fmt.Fprintf(&b, "\n   - %s: %s", mdEscape(r.ID), mdEscape(remediation))
	}
	b.WriteString("\n2. **Accept the risk** and record a suppression citing this ADR, with its reason and an\n" +
		"   expiry date, on each resource as below (or under `suppressions:` in `.bulwark.yaml`):\n\n" +
		"   ```yaml\n" +
		"   Metadata:\n" +
		"     bulwark:\n" +
		"       skip:")
	for _, r := range rules {
		fmt.Fprintf(&b, "\n"+
			"         - id: %s\n"+
			"           reason: <why the risk is acceptable>\n"+
			"           adr: %s\n"+
			"           expires: <YYYY-MM-DD>", yamlScalar(r.ID), id)
	}
	b.WriteString("\n   ```")
	return b.String()
}

// tierOf reads the workload tier from a finding's details.
func tierOf(details map[string]any) string {
	for _, k := range []string{"tier", "tier_level", "workload_tier"} {
		switch v := details[k].(type) {
		case nil:
		case map[string]any:
			if l, ok := v["level"]; ok {
				return fmt.Sprint(l)
			}
		default:
			return fmt.Sprint(v)
		}
	}
	return ""
}

// detailsText writes the other details as `key: value` pairs.
func detailsText(details map[string]any) string {
	keys := make([]string, 0, len(details))
	for k := range details {
		switch k {
		case "tier", "tier_level", "workload_tier":
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		v, err := json.Marshal(details[k])
		if err != nil {
			v = []byte(fmt.Sprint(details[k]))
		}
		parts = append(parts, codeSpan(k+": "+string(v)))
	}
	return strings.Join(parts, ", ")
}

// mdEscape keeps text from being read as Markdown markup and on one line:
// line breaks become spaces, other control characters and bidi overrides
// visible escapes, and punctuation that starts markup (a heading's # too)
// is backslash-escaped. Values from templates and rules go through it, so
// none can add a section to a draft.
func mdEscape(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\u2028", " ", "\u2029", " ").Replace(s)
	var b strings.Builder
	for _, r := range inert.String(s) {
		switch r {
		case '\\', '`', '*', '[', ']', '<', '#', '|', '_':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// codeSpan writes text as an inline code span on one line, with control
// characters as visible escapes.
func codeSpan(s string) string { return inert.CodeSpan(s) }
