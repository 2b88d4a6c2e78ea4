package report

import (
	"cmp"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/bulwarkhq/bulwark/scanners/inert"
)

// Limits of the Markdown report, which is meant to be posted as a pull
// request comment: GitHub rejects comments over 65,536 characters, and a
// table of hundreds of rows helps nobody.
const (
	markdownLimit   = 65536
	markdownMargin  = 512 // slack under the limit, for safety
	markdownMaxRows = 200 // rows per table
	mdMessageRunes  = 400 // longest message cell
	mdCellRunes     = 160 // longest other cell
	mdOpenRows      = 10  // failing findings shown before the rest collapse
)

// The budgets of the sections after the failing-findings table: each gets
// at least this much (or all it needs) before the table takes the rest.
var mdSectionCaps = map[string]int{"remediation": 8000, "other": 10000, "diagnostics": 6000}

// WriteMarkdown writes the report as a compact GitHub-flavoured Markdown
// comment: a verdict, counts by severity, the failing findings, and
// collapsed sections for remediation, suppressed and baselined findings
// and diagnostics. Tables stop at 200 rows and the whole comment stays
// under GitHub's 65,536-character limit.
func WriteMarkdown(w io.Writer, r *Report) error {
	var failing, other []finding.Finding
	for _, f := range r.Findings {
		if f.Status == finding.StatusFail {
			failing = append(failing, f)
		} else {
			other = append(other, f)
		}
	}
	slices.SortStableFunc(failing, mdCompareFindings)
	slices.SortStableFunc(other, func(a, b finding.Finding) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), mdCompareFindings(a, b))
	})
	errors, warnings, notes := 0, 0, 0
	for _, d := range r.Diagnostics {
		switch d.Severity {
		case scanners.SeverityError:
			errors++
		case scanners.SeverityInfo:
			notes++ // a coverage note is not a warning
		default:
			warnings++
		}
	}

	var head strings.Builder
	head.WriteString("## bulwark\n\n")
	head.WriteString(mdVerdict(r, len(failing), other, errors, warnings))
	head.WriteString(mdChangesLine(r.Changes))
	if len(r.Findings) > 0 {
		head.WriteString("\n")
		head.WriteString(mdSeverityTable(r.Findings))
	}

	sections := []struct {
		name string
		sec  mdSection
	}{
		{"failing", mdFailing(r.Links, failing[:min(len(failing), mdOpenRows)], "### Failing findings\n\n", "", 0)},
		{"failing-more", mdFailing(r.Links, failing[min(len(failing), mdOpenRows):],
			fmt.Sprintf("<details><summary>Failing findings beyond the first %d (%d)</summary>\n\n", mdOpenRows, len(failing)-min(len(failing), mdOpenRows)),
			"</details>\n", markdownMaxRows-mdOpenRows)},
		{"remediation", mdRemediation(r, failing)},
		{"other", mdOther(r, other)},
		{"diagnostics", mdDiagnostics(r.Diagnostics, errors, warnings, notes)},
	}
	full := make([]int, len(sections))
	for i, s := range sections {
		full[i] = len(s.sec.render(markdownLimit * 4))
	}
	remaining := markdownLimit - markdownMargin - head.Len()
	var b strings.Builder
	b.WriteString(head.String())
	for i, s := range sections {
		if s.sec.empty() {
			continue
		}
		reserve := 0
		for j := i + 1; j < len(sections); j++ {
			reserve += min(full[j], mdSectionCaps[sections[j].name])
		}
		text := s.sec.render(remaining - reserve)
		text = strings.TrimRight(text, "\n") + "\n"
		remaining -= len(text)
		b.WriteString("\n")
		b.WriteString(text)
	}
	if n := len(r.Fixed); n > 0 {
		verb := "occur"
		if n == 1 {
			verb = "occurs"
		}
		fmt.Fprintf(&b, "\n%s no longer %s: the baseline can be updated.\n", pluralize(n, "baselined finding"), verb)
	}
	// The cells are escaped already; this pass is the safety net that
	// keeps any control character out of the comment.
	_, err := io.WriteString(w, inert.Lines(b.String()))
	return err
}

// mdVerdict is the one-line summary: counts, never a pass/fail threshold.
func mdVerdict(r *Report, failing int, other []finding.Finding, errors, warnings int) string {
	suppressed, baselined := 0, 0
	for _, f := range other {
		if f.Status == finding.StatusBaselined {
			baselined++
		} else {
			suppressed++
		}
	}
	scope := fmt.Sprintf("_%s, %s scanned._\n", pluralize(r.Summary.Templates, "template"), pluralize(r.Summary.Resources, "resource"))
	if failing+suppressed+baselined+errors+warnings == 0 {
		return "✅ No findings.\n\n" + scope
	}
	var parts []string
	switch {
	case failing > 0:
		parts = append(parts, "❌ **"+pluralize(failing, "failing finding")+"**")
	case errors > 0:
		parts = append(parts, "⚠️ No failing findings")
	default:
		parts = append(parts, "✅ No failing findings")
	}
	if suppressed > 0 {
		parts = append(parts, fmt.Sprintf("%d suppressed", suppressed))
	}
	if baselined > 0 {
		parts = append(parts, fmt.Sprintf("%d baselined", baselined))
	}
	if errors > 0 {
		parts = append(parts, pluralize(errors, "error"))
	}
	if warnings > 0 {
		parts = append(parts, pluralize(warnings, "warning"))
	}
	return strings.Join(parts, " · ") + "\n\n" + scope
}

// mdSeverityTable counts findings by severity (rows with any) and status.
func mdSeverityTable(findings []finding.Finding) string {
	counts := map[string]*[3]int{}
	var order []string
	for _, f := range findings {
		if counts[f.Severity] == nil {
			counts[f.Severity] = &[3]int{}
			order = append(order, f.Severity)
		}
		switch f.Status {
		case finding.StatusFail:
			counts[f.Severity][0]++
		case finding.StatusBaselined:
			counts[f.Severity][2]++
		default:
			counts[f.Severity][1]++
		}
	}
	slices.SortFunc(order, func(a, b string) int {
		return cmp.Or(cmp.Compare(severitySortKey(a), severitySortKey(b)), strings.Compare(a, b))
	})
	var b strings.Builder
	b.WriteString("| Severity | Failing | Suppressed | Baselined |\n| :-- | --: | --: | --: |\n")
	var total [3]int
	for _, sev := range order {
		c := counts[sev]
		fmt.Fprintf(&b, "| %s | %d | %d | %d |\n", mdCell(coalesce(sev, "unknown"), mdCellRunes), c[0], c[1], c[2])
		for i := range total {
			total[i] += c[i]
		}
	}
	fmt.Fprintf(&b, "| **Total** | **%d** | **%d** | **%d** |\n", total[0], total[1], total[2])
	return b.String()
}

// mdFailing is a table of failing findings under a heading, or in a
// <details> (suffix closes it) for those beyond the first mdOpenRows.
func mdFailing(links *SourceLinks, failing []finding.Finding, heading, suffix string, maxRows int) mdSection {
	s := mdSection{
		maxRows: maxRows,
		prefix:  heading + "| Severity | Rule | Resource | Location | Message |\n| :-- | :-- | :-- | :-- | :-- |\n",
		suffix:  suffix,
		more:    "_…and %d more failing findings: see the full report._\n",
	}
	for _, f := range failing {
		s.rows = append(s.rows, fmt.Sprintf("| %s | %s | %s | %s | %s |\n",
			mdCell(f.Severity, mdCellRunes), mdCell(f.RuleID, mdCellRunes), mdCell(resourceLabel(f), mdCellRunes),
			mdLocation(links, f.File, f.Line), mdCell(f.Message, mdMessageRunes)))
	}
	return s
}

// mdLocation is file:line as a code span, linked to the file at the
// scanned commit when the CI environment says where that is.
func mdLocation(links *SourceLinks, file string, line int) string {
	code := mdCode(location(file, line, 0))
	if u := links.URL(file, line); u != "" && code != "" {
		return "[" + code + "](" + u + ")"
	}
	return code
}

// mdRemediation lists, for each rule with failing findings, how to fix it.
func mdRemediation(r *Report, failing []finding.Finding) mdSection {
	s := mdSection{
		prefix: "<details><summary>Remediation</summary>\n\n",
		suffix: "</details>\n",
		more:   "_…and %d more rules._\n",
	}
	catalogue := map[string]*finding.Rule{}
	for _, rule := range r.Rules {
		if rule != nil && catalogue[rule.ID] == nil {
			catalogue[rule.ID] = rule
		}
	}
	count := map[string]int{}
	first := map[string]finding.Finding{}
	var ids []string
	for _, f := range failing {
		if count[f.RuleID] == 0 {
			ids = append(ids, f.RuleID)
			first[f.RuleID] = f
		}
		count[f.RuleID]++
	}
	slices.Sort(ids)
	for _, id := range ids {
		f := first[id]
		title, remediation, wa := f.Title, f.Remediation, f.WellArchitected
		if rule := catalogue[id]; rule != nil {
			title = coalesce(rule.Title, title)
			remediation = coalesce(rule.Remediation, remediation)
			if len(rule.WellArchitected) > 0 {
				wa = rule.WellArchitected
			}
		}
		line := "- **" + mdCell(id, mdCellRunes) + "**"
		if title != "" {
			line += " " + mdCell(title, mdCellRunes)
		}
		line += fmt.Sprintf(" (%d): %s", count[id], mdCell(coalesce(remediation, "no remediation recorded"), mdMessageRunes))
		if len(wa) > 0 {
			line += " _AWS Well-Architected " + mdCell(strings.Join(wa, ", "), mdCellRunes) + "_"
		}
		s.rows = append(s.rows, line+"\n")
	}
	return s
}

// mdOther tables the suppressed and baselined findings.
func mdOther(r *Report, other []finding.Finding) mdSection {
	s := mdSection{
		prefix: fmt.Sprintf("<details><summary>Suppressed and baselined (%d)</summary>\n\n"+
			"| Status | Rule | Resource | Location | Reason |\n| :-- | :-- | :-- | :-- | :-- |\n", len(other)),
		suffix: "</details>\n",
		more:   "_…and %d more._\n",
	}
	for _, f := range other {
		status, reason := f.Status, ""
		switch {
		case f.Status == finding.StatusBaselined:
			if r.Baseline != "" {
				reason = "recorded in " + r.Baseline
			}
		case f.Suppression != nil:
			status += " (" + f.Suppression.Kind + ")"
			reason = suppressionJustification(f.Suppression)
			if f.Suppression.Expires != "" {
				reason += ", expires " + f.Suppression.Expires
			}
		}
		s.rows = append(s.rows, fmt.Sprintf("| %s | %s | %s | %s | %s |\n",
			mdCell(status, mdCellRunes), mdCell(f.RuleID, mdCellRunes), mdCell(resourceLabel(f), mdCellRunes),
			mdLocation(r.Links, f.File, f.Line), mdCell(reason, mdMessageRunes)))
	}
	return s
}

func mdDiagnostics(diags []scanners.Diagnostic, errors, warnings, notes int) mdSection {
	var counts []string
	if errors > 0 {
		counts = append(counts, pluralize(errors, "error"))
	}
	if warnings > 0 {
		counts = append(counts, pluralize(warnings, "warning"))
	}
	if notes > 0 {
		counts = append(counts, pluralize(notes, "note"))
	}
	s := mdSection{
		prefix: fmt.Sprintf("<details><summary>Diagnostics (%s)</summary>\n\n"+
			"| Severity | Location | Message |\n| :-- | :-- | :-- |\n", strings.Join(counts, ", ")),
		suffix: "</details>\n",
		more:   "_…and %d more._\n",
	}
	for _, d := range diags {
		s.rows = append(s.rows, fmt.Sprintf("| %s | %s | %s |\n",
			mdCell(d.Severity, mdCellRunes), mdCode(location(d.File, d.Line, d.Column)), mdCell(d.Message, mdMessageRunes)))
	}
	return s
}

// mdSection is a table or list that can be cut short to fit a budget.
type mdSection struct {
	prefix string   // heading or <details> and table header
	rows   []string // each ending in a newline
	suffix string   // closing tag, if any
	more   string   // the note for the rows left out, with a %d
	// maxRows caps the rows (0: markdownMaxRows).
	maxRows int
}

func (s mdSection) empty() bool { return len(s.rows) == 0 }

// render writes the section in at most budget bytes (bytes, not
// characters, so the count errs on the safe side), keeping as many rows as
// fit (at most markdownMaxRows) and saying how many were left out.
func (s mdSection) render(budget int) string {
	note := len(fmt.Sprintf(s.more, len(s.rows))) + 1
	var b strings.Builder
	b.WriteString(s.prefix)
	n, limit := 0, s.maxRows
	if limit == 0 {
		limit = markdownMaxRows
	}
	for _, row := range s.rows {
		if n == limit || b.Len()+len(row)+note+len(s.suffix)+1 > budget {
			break
		}
		b.WriteString(row)
		n++
	}
	b.WriteString("\n")
	if left := len(s.rows) - n; left > 0 {
		fmt.Fprintf(&b, s.more, left)
		b.WriteString("\n")
	}
	b.WriteString(s.suffix)
	return b.String()
}

// mdCell makes text safe in a table cell: Markdown and HTML punctuation is
// backslash-escaped, line breaks become <br>, other control characters
// and bidi overrides are written as visible escapes (inert.String) and
// long text is cut short.
func mdCell(s string, maxRunes int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > maxRunes {
		s = string([]rune(s)[:maxRunes-1]) + "…"
	}
	var b strings.Builder
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if b.Len() > 0 {
			b.WriteString("<br>")
		}
		for _, r := range inert.String(strings.ReplaceAll(line, "\r", " ")) {
			if strings.ContainsRune("\\`*_[]<>|&~", r) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdCode makes text a code span that is safe in a table cell, on one line
// and with control characters written as visible escapes.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	return strings.ReplaceAll(inert.CodeSpan(s), "|", `\|`)
}

// mdCompareFindings orders findings by severity, then where they are.
func mdCompareFindings(a, b finding.Finding) int {
	return cmp.Or(
		cmp.Compare(severitySortKey(a.Severity), severitySortKey(b.Severity)),
		strings.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		strings.Compare(a.RuleID, b.RuleID),
		strings.Compare(a.Resource, b.Resource),
	)
}

// severitySortKey ranks unknown severities after the known ones.
func severitySortKey(s string) int {
	if r := finding.SeverityRank(s); r >= 0 {
		return r
	}
	return len(finding.Severities)
}

func pluralize(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
