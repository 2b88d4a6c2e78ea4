package report

import (
	"encoding/json"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/bulwarkhq/bulwark/scanners/inert"
)

// WriteJSON writes the contract, indented for people and diffs.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// WriteText writes findings grouped by file, each line starting with
// file:line:column so editors and terminals can jump to it. Every value
// from a template (file names, logical ids, messages) goes through
// inert.String: the report lands in terminals and CI logs, where a control
// character or a line break could act (clear the screen, forge a workflow
// command) instead of showing.
func WriteText(w io.Writer, r *Report) error {
	var b strings.Builder
	for _, d := range r.Diagnostics {
		fmt.Fprintf(&b, "%s: %s: %s\n", location(d.File, d.Line, d.Column), inert.String(d.Severity), inert.String(d.Message))
	}
	if len(r.Diagnostics) > 0 {
		b.WriteByte('\n')
	}
	file := ""
	for _, f := range r.Findings {
		if f.File != file {
			if file != "" {
				b.WriteByte('\n')
			}
			file = f.File
			fmt.Fprintf(&b, "%s\n", inert.String(file))
		}
		status := ""
		if f.Status != finding.StatusFail {
			status = " (" + inert.String(f.Status) + ")"
		}
		fmt.Fprintf(&b, "  %s: %-8s %s %s%s: %s\n", location(f.File, f.Line, f.Column), inert.String(strings.ToUpper(f.Severity)),
			inert.String(f.RuleID), inert.String(resourceLabel(f)), status, inert.String(f.Message))
	}
	if len(r.Findings) > 0 {
		b.WriteByte('\n')
	}
	writeTierTable(&b, r.Workloads)
	s := r.Summary
	var sev []string
	for _, name := range finding.Severities {
		if n := s.BySeverity[name]; n > 0 {
			sev = append(sev, fmt.Sprintf("%d %s", n, name))
		}
	}
	detail := ""
	if len(sev) > 0 {
		detail = " (" + strings.Join(sev, ", ") + ")"
	}
	extra := ""
	if s.Suppressed > 0 {
		extra += fmt.Sprintf(", %d suppressed", s.Suppressed)
	}
	if r.Baseline != "" {
		extra += fmt.Sprintf(", %d baselined, %d fixed since the baseline", s.Baselined, len(r.Fixed))
	}
	fmt.Fprintf(&b, "%d templates, %d resources: %d findings%s%s, %d errors\n",
		s.Templates, s.Resources, s.Findings, detail, extra, s.Errors)
	writeChangesLine(&b, r.Changes)
	_, err := io.WriteString(w, inert.Lines(b.String()))
	return err
}

// location is file:line:column, the file name made inert.
func location(file string, line, col int) string {
	file = inert.String(file)
	switch {
	case line == 0:
		return file
	case col == 0:
		return fmt.Sprintf("%s:%d", file, line)
	}
	return fmt.Sprintf("%s:%d:%d", file, line, col)
}

// writeTierTable prints one line per workload: its tier, targets against
// estimates, and the verdict.
func writeTierTable(b *strings.Builder, ws []estimate.Workload) {
	if len(ws) == 0 {
		return
	}
	tw := tabwriter.NewWriter(b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WORKLOAD\tTIER\tRPO target / estimate\tRTO target / estimate\tVERDICT")
	for _, w := range ws {
		if w.Tier == 0 {
			fmt.Fprintf(tw, "%s\t-\t- / %s\t- / %s\t%s\n", inert.String(w.Name), inert.String(w.RPO.Text), inert.String(w.RTO.Text), inert.String(untieredVerdict(w)))
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%s / %s\t%s / %s\t%s\n", inert.String(w.Name), w.Tier,
			"<= "+estimate.FormatSeconds(w.Targets.RPOSeconds), inert.String(w.RPO.Text),
			"<= "+estimate.FormatSeconds(w.Targets.RTOSeconds), inert.String(w.RTO.Text), Verdict(w.Compliant))
	}
	tw.Flush()
	b.WriteByte('\n')
}

// untieredVerdict is the verdict of a workload without a tier: "tier not
// set", and when resources tagged reliability-tier are held to their own
// tier, theirs, naming those that miss it.
func untieredVerdict(w estimate.Workload) string {
	var tagged, missing []string
	for _, r := range w.Resources {
		if r.Tier == 0 {
			continue
		}
		tagged = append(tagged, r.Resource)
		if r.Compliant != nil && !*r.Compliant {
			missing = append(missing, fmt.Sprintf("%s at tier %d", r.Resource, r.Tier))
		}
	}
	switch {
	case len(tagged) == 0:
		return "tier not set"
	case len(missing) > 3:
		missing = append(missing[:3], fmt.Sprintf("%d more", len(missing)-3))
	}
	if len(missing) > 0 {
		return "tier not set; " + Verdict(w.Compliant) + ": " + strings.Join(missing, ", ")
	}
	return fmt.Sprintf("tier not set; %d tagged: %s", len(tagged), Verdict(w.Compliant))
}

// Verdict names a tri-state compliance result.
func Verdict(c *bool) string {
	switch {
	case c == nil:
		return "unknown"
	case *c:
		return "meets tier"
	}
	return "MISSES TIER"
}
