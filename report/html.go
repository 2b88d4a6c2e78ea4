package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"

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
	t, err := htmlTemplate(path)
	if err != nil {
		return err
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

// htmlTemplate parses the HTML report's template (path, or the embedded
// one) with the embedded partials.
func htmlTemplate(path string) (*template.Template, error) {
	text, err := readWATemplate(path, templates.ReportHTML)
	if err != nil {
		return nil, err
	}
	funcs := template.FuncMap(waFuncs())
	funcs["severityChart"] = severityChart
	funcs["concernChart"] = concernChart
	funcs["tierChart"] = tierChart
	funcs["distributionChart"] = distributionChart
	funcs["recoveryChart"] = recoveryChart
	t, err := template.New("report").Funcs(funcs).Parse(text)
	if err != nil {
		return nil, fmt.Errorf("report template %s: %w", coalesce(path, templates.ReportHTML), err)
	}
	err = parsePartials(templates.ReportHTML, ".html.tmpl", func(name, text string) error {
		_, err := t.New(name).Parse(text)
		return err
	})
	return t, err
}

// parsePartials adds the other embedded report/*<ext> files to the
// report's template set with add: their
// {{define}}s replace the empty {{block}}s of the report (such as
// "changes"), and a --template can use them too.
func parsePartials(main, ext string, add func(name, text string) error) error {
	names, err := fs.Glob(templates.ReportFS, "report/*"+ext)
	if err != nil {
		return err
	}
	for _, name := range names {
		if name == main {
			continue
		}
		data, err := templates.ReportFS.ReadFile(name)
		if err != nil {
			return err
		}
		if err := add(name, string(data)); err != nil {
			return fmt.Errorf("report template %s: %w", name, err)
		}
	}
	return nil
}
