package report

import (
	"bytes"
	"fmt"
	"io"
	"text/template"

	"github.com/bulwarkhq/bulwark/scanners/inert"
	"github.com/bulwarkhq/bulwark/templates"
)

// mdReportCellRunes is the longest cell of the Markdown report: long
// enough for any message or remediation, short enough to stop a runaway.
const mdReportCellRunes = 2000

// WriteReportMarkdown writes the Well-Architected reliability report in
// GitHub Markdown: the same content as the HTML report, with tables
// instead of charts. It is a document, not the compact pull-request
// comment of WriteMarkdown.
func WriteReportMarkdown(w io.Writer, r *Report) error {
	return WriteReportMarkdownWithTemplate(w, r, "")
}

// WriteReportMarkdownWithTemplate writes the Markdown report with the
// text/template at path instead of the embedded one
// (templates/report/report.md.tmpl); an empty path means the embedded one.
func WriteReportMarkdownWithTemplate(w io.Writer, r *Report, path string) error {
	text, err := readWATemplate(path, templates.ReportMarkdown)
	if err != nil {
		return err
	}
	funcs := template.FuncMap(waFuncs())
	funcs["cell"] = func(s string) string { return mdCell(s, mdReportCellRunes) }
	funcs["code"] = mdCode
	t, err := parseWithChangesMarkdown(template.New("report").Funcs(funcs), text)
	if err != nil {
		return fmt.Errorf("report template %s: %w", coalesce(path, templates.ReportMarkdown), err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, BuildWAView(r)); err != nil {
		return fmt.Errorf("report template %s: %w", coalesce(path, templates.ReportMarkdown), err)
	}
	// cell and code escape the values; this pass keeps any control
	// character a template prints raw out of the document.
	_, err = io.WriteString(w, inert.Lines(buf.String()))
	return err
}
