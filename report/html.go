package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"

	"github.com/bulwarkhq/bulwark/scanners/inert"
	"github.com/bulwarkhq/bulwark/templates"
)

// WriteHTML writes the Well-Architected reliability report as one
// self-contained HTML page (inline CSS and SVG, no script, no network
// request), for an architect or an engineering manager: the workload, an
// executive summary, the pillar's questions REL 1 - REL 13 with the
// practices bulwark checks and what it found, the tier table, every
// finding, and what was not checked.
func WriteHTML(w io.Writer, r *Report) error { return WriteHTMLWithTemplate(w, r, "") }

// WriteHTMLWithTemplate writes the HTML report with the html/template at
// path instead of the embedded one (templates/report/report.html.tmpl);
// an empty path means the embedded one. The template is executed with a
// *WAView.
func WriteHTMLWithTemplate(w io.Writer, r *Report, path string) error {
	text, err := readWATemplate(path, templates.ReportHTML)
	if err != nil {
		return err
	}
	funcs := template.FuncMap(waFuncs())
	funcs["severityChart"] = severityChart
	funcs["concernChart"] = concernChart
	funcs["tierChart"] = tierChart
	t, err := parseWithChangesHTML(template.New("report").Funcs(funcs), text)
	if err != nil {
		return fmt.Errorf("report template %s: %w", coalesce(path, templates.ReportHTML), err)
	}
	var buf bytes.Buffer
	// html/template escapes markup but not control characters or bidi
	// overrides: the values from templates are made inert first, and the
	// last pass catches any other.
	if err := t.Execute(&buf, BuildWAView(inertReport(r))); err != nil {
		return fmt.Errorf("report template %s: %w", coalesce(path, templates.ReportHTML), err)
	}
	_, err = io.WriteString(w, inert.Lines(buf.String()))
	return err
}
