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
	// this concern. Neither: every failing finding, one draft per rule.
	Rule    string
	Concern string
}

// Drafted is one draft.
type Drafted struct {
	RuleID   string
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

// Draft writes a Proposed record per rule with failing findings (of the
// selected rule or concern): its Context carries the evidence (resource,
// file:line, message, the workload tier when the finding's details give
// it), its Options Considered the rule's remediation and accepting the
// risk with a suppression citing the record, and its Decision is left to
// the architect. A rule that already has a draft (same title) is not
// drafted again. Drafts are returned most severe rule first.
func Draft(o DraftOptions, findings []Finding, rules []*Rule) ([]Drafted, error) {
	byID := map[string]Rule{}
	for _, r := range rules {
		byID[r.ID] = *r
	}
	groups := map[string][]Finding{}
	for _, f := range findings {
		if f.Status != "" && f.Status != finding.StatusFail {
			continue
		}
		if o.Rule != "" && f.RuleID != o.Rule || o.Concern != "" && f.Concern != o.Concern {
			continue
		}
		groups[f.RuleID] = append(groups[f.RuleID], f)
	}
	ids := make([]string, 0, len(groups))
	for id := range groups {
		ids = append(ids, id)
	}
	rule := func(id string) Rule {
		r, ok := byID[id]
		if !ok {
			f := groups[id][0]
			r = Rule{ID: id, Title: f.Title, Severity: f.Severity, Concern: f.Concern}
		}
		if r.Title == "" {
			r.Title = id
		}
		return r
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := severityRank(rule(ids[i]).Severity), severityRank(rule(ids[j]).Severity)
		if a != b {
			return a < b
		}
		return ids[i] < ids[j]
	})

	var out []Drafted
	for _, id := range ids {
		r, fs := rule(id), groups[id]
		title := draftTitle(r)
		if err := checkTitle(title); err != nil {
			return out, fmt.Errorf("rule %s: %w", id, err)
		}
		if existing := findSlug(o.dir(), title); existing != "" {
			out = append(out, Drafted{RuleID: id, Path: existing, Findings: len(fs), Existing: true})
			continue
		}
		d := draftData(r, fs)
		opts := o.Options
		if opts.Status == "" {
			opts.Status = StatusProposed
		}
		path, _, err := opts.newRecord(d, func(d *templateData) { d.Options = draftOptions(r, d.ID) })
		if err != nil {
			return out, err
		}
		out = append(out, Drafted{RuleID: id, Path: path, Findings: len(fs)})
	}
	if len(out) > 0 {
		if err := refreshIndex(o.dir()); err != nil {
			return out, err
		}
	}
	return out, nil
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

func draftData(r Rule, fs []Finding) templateData {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].File != fs[j].File {
			return fs[i].File < fs[j].File
		}
		return fs[i].Line < fs[j].Line
	})
	var b strings.Builder
	noun := "findings"
	if len(fs) == 1 {
		noun = "finding"
	}
	fmt.Fprintf(&b, "`bulwark scan` reports %d failing %s of rule **%s**, %s", len(fs), noun, mdEscape(r.ID), mdEscape(r.Title))
	var facts []string
	if r.Severity != "" {
		facts = append(facts, "severity "+mdEscape(r.Severity))
	}
	if r.Concern != "" {
		facts = append(facts, "concern "+mdEscape(r.Concern))
	}
	if len(r.WellArchitected) > 0 {
		facts = append(facts, "AWS Well-Architected "+mdEscape(strings.Join(r.WellArchitected, ", ")))
	}
	if len(facts) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(facts, "; "))
	}
	b.WriteString(".")
	if r.Description != "" {
		b.WriteString("\n\n" + mdEscape(r.Description))
	}
	b.WriteString("\n\nEvidence:\n")
	for _, f := range fs {
		b.WriteString("\n- ")
		// Logical ids, types and file names come from the templates
		// scanned: code spans on one line, whatever they hold.
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
	}
	return templateData{
		Title:   draftTitle(r),
		Context: b.String(),
		Decision: "<!-- For the architect: choose option 1, option 2 or another, say why, and set the\n" +
			"status to Accepted (or Rejected). Until then this record is a draft and\n" +
			"`bulwark adr lint` reports this section as empty. -->",
	}
}

// draftTitle starts with the rule id, so the file name always carries it.
func draftTitle(r Rule) string { return r.ID + " — " + r.Title }

// draftOptions are the options of a draft; id is the draft's own id,
// which a suppression cites.
func draftOptions(r Rule, id string) string {
	remediation := strings.TrimSpace(r.Remediation)
	if remediation == "" {
		remediation = "Change the resources so that rule " + r.ID + " passes."
	}
	return fmt.Sprintf("1. **Remediate**: %s\n"+
		"2. **Accept the risk** and record a suppression citing this ADR, with its reason and an\n"+
		"   expiry date, on each resource as below (or under `suppressions:` in `.bulwark.yaml`):\n\n"+
		"   ```yaml\n"+
		"   Metadata:\n"+
		"     bulwark:\n"+
		"       skip:\n"+
		"         - id: %s\n"+
		"           reason: <why the risk is acceptable>\n"+
		"           adr: %s\n"+
		"           expires: <YYYY-MM-DD>\n"+
		"   ```", mdEscape(remediation), yamlScalar(r.ID), id)
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
