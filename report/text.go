package report

import (
	"encoding/json"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/bulwarkhq/bulwark/scanners/inert"
)

// WriteJSON writes the contract, indented for people and diffs.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// TextOptions tune the text report.
type TextOptions struct {
	// Quiet keeps the failing findings, the error diagnostics and the
	// summary line: no suppressed or baselined findings, no warnings, no
	// tier table (--quiet, --compact).
	Quiet bool
	// Color marks severities, verdicts and file names with ANSI colours,
	// for a terminal. The codes are only ever put around text already
	// made inert, never inside a value.
	Color bool
}

// WriteText writes findings grouped by file, each line starting with
// file:line:column so editors and terminals can jump to it. Every value
// from a template (file names, logical ids, messages) goes through
// inert.String: the report lands in terminals and CI logs, where a control
// character or a line break could act (clear the screen, forge a workflow
// command) instead of showing.
func WriteText(w io.Writer, r *Report) error { return WriteTextWith(w, r, TextOptions{}) }

// TextWriter is WriteTextWith as a Writer.
func TextWriter(o TextOptions) Writer {
	return func(w io.Writer, r *Report) error { return WriteTextWith(w, r, o) }
}

// WriteTextWith is WriteText with options.
func WriteTextWith(w io.Writer, r *Report, o TextOptions) error {
	d := &textDoc{color: o.Color}
	diags := 0
	for _, dg := range r.Diagnostics {
		if o.Quiet && dg.Severity != "error" {
			continue
		}
		diags++
		d.printf("%s: ", location(dg.File, dg.Line, dg.Column))
		d.paint(diagColors[dg.Severity], inert.String(dg.Severity))
		d.printf(": %s\n", inert.String(dg.Message))
	}
	if diags > 0 {
		d.printf("\n")
	}
	file, shown := "", 0
	for _, f := range r.Findings {
		if o.Quiet && f.Status != finding.StatusFail {
			continue
		}
		shown++
		if f.File != file {
			if file != "" {
				d.printf("\n")
			}
			file = f.File
			d.paint(bold, inert.String(file))
			d.printf("\n")
		}
		d.printf("  %s: ", location(f.File, f.Line, f.Column))
		sev := inert.String(strings.ToUpper(f.Severity))
		d.paint(severityColors[f.Severity], sev)
		d.printf("%s %s %s", strings.Repeat(" ", max(0, 8-utf8.RuneCountInString(sev))), inert.String(f.RuleID), inert.String(resourceLabel(f)))
		if f.Status != finding.StatusFail {
			d.printf(" ")
			d.paint(dim, "("+inert.String(f.Status)+")")
		}
		d.printf(": %s\n", inert.String(f.Message))
	}
	if shown > 0 {
		d.printf("\n")
	}
	if !o.Quiet {
		writeTierTable(d, r.Workloads)
	}
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
	d.printf("%s, %s: %s%s%s, %s\n", pluralize(s.Templates, "template"), pluralize(s.Resources, "resource"),
		pluralize(s.Findings, "finding"), detail, extra, pluralize(s.Errors, "error"))
	writeChangesLine(d, r.Changes)
	_, err := io.WriteString(w, d.String())
	return err
}

// SGR parameters of the colours used.
const (
	bold = "1"
	dim  = "2"
)

var severityColors = map[string]string{"critical": "1;31", "high": "31", "medium": "33", "low": "36", "info": dim}

var diagColors = map[string]string{"error": "31", "warning": "33"}

var verdictColors = map[string]string{"MISSES TIER": "31", "meets tier": "32", "unknown": "33"}

// textDoc is a text report as spans, some to be coloured. Rendering runs
// inert.Lines over every span's text (the last pass that keeps a value
// no field-level escaping caught from acting) and only then adds the
// colour codes around it: a value can neither carry a code nor be
// wrapped in one that escaping did not see. Without colour the result
// is inert.Lines of the whole text.
type textDoc struct {
	color bool
	spans []textSpan
}

type textSpan struct{ sgr, text string }

func (d *textDoc) printf(format string, args ...any) {
	d.spans = append(d.spans, textSpan{text: fmt.Sprintf(format, args...)})
}

// paint adds text (already made inert) to be shown in colour sgr.
func (d *textDoc) paint(sgr, text string) {
	d.spans = append(d.spans, textSpan{sgr: sgr, text: text})
}

func (d *textDoc) String() string {
	var b strings.Builder
	for _, s := range d.spans {
		t := inert.Lines(s.text)
		if d.color && s.sgr != "" && t != "" {
			b.WriteString("\x1b[" + s.sgr + "m" + t + "\x1b[0m")
			continue
		}
		b.WriteString(t)
	}
	return b.String()
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
// estimates, and the verdict (the last cell, coloured when a tier is set).
func writeTierTable(d *textDoc, ws []estimate.Workload) {
	if len(ws) == 0 {
		return
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WORKLOAD\tTIER\tRPO target / estimate\tRTO target / estimate\tVERDICT")
	verdicts := make([]string, len(ws))
	for i, w := range ws {
		if w.Tier == 0 {
			fmt.Fprintf(tw, "%s\t-\t- / %s\t- / %s\t%s\n", inert.String(w.Name), inert.String(w.RPO.Text), inert.String(w.RTO.Text), inert.String(untieredVerdict(w)))
			continue
		}
		verdicts[i] = Verdict(w.Compliant)
		fmt.Fprintf(tw, "%s\t%d\t%s / %s\t%s / %s\t%s\n", inert.String(w.Name), w.Tier,
			"<= "+estimate.FormatSeconds(w.Targets.RPOSeconds), inert.String(w.RPO.Text),
			"<= "+estimate.FormatSeconds(w.Targets.RTOSeconds), inert.String(w.RTO.Text), verdicts[i])
	}
	tw.Flush()
	// tabwriter copies a line's last cell as it is: a row ends with its
	// verdict.
	lines := strings.SplitAfter(b.String(), "\n")
	d.printf("%s", lines[0])
	for i, line := range lines[1:] {
		v := ""
		if i < len(verdicts) {
			v = verdicts[i]
		}
		body := strings.TrimSuffix(line, "\n")
		if v == "" || !strings.HasSuffix(body, v) {
			d.printf("%s", line)
			continue
		}
		d.printf("%s", strings.TrimSuffix(body, v))
		d.paint(verdictColors[v], v)
		d.printf("\n")
	}
	d.printf("\n")
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
