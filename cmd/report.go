package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/bulwarkhq/bulwark/scanners/inert"
	"io"
	"slices"
	"strings"

	"github.com/bulwarkhq/bulwark/report"
	"github.com/bulwarkhq/bulwark/rules"
	"github.com/spf13/cobra"
)

type reportFlags struct {
	format   string
	output   string
	template string
	ruleDirs []string
	previous []string
	partial  bool
}

func newReportCmd() *cobra.Command {
	var f reportFlags
	c := &cobra.Command{
		Use:   "report FILE.json...",
		Short: "Render saved JSON reports as the Well-Architected reliability report (HTML or Markdown), or any scan format",
		Long: "report reads JSON reports written by `bulwark scan --format json` (\"-\" reads standard input),\n" +
			"merges them (findings, workloads and diagnostics are concatenated and the summary recomputed)\n" +
			"and renders the result. The default format, html, is the AWS Well-Architected reliability\n" +
			"report: one self-contained page for architects and engineering managers, with the pillar's\n" +
			"questions REL 1 to REL 13, the practices bulwark checks and what it found, the tier table and\n" +
			"what was not checked. report-markdown is the same in Markdown. --template replaces their\n" +
			"built-in template (see templates/report.go for the data it is given). --previous names the\n" +
			"JSON report of an earlier run: the report then says what changed since (new, fixed and\n" +
			"unchanged findings per workload, tier verdicts that changed).\n\n" +
			"The JSON reports of a sharded audit (bulwark audit --shard K/N) are merged only with the other\n" +
			"shards of the same audit; a shard that is missing is a warning, in the report and on standard\n" +
			"error, and exit 2 once the report is written, unless --allow-partial.\n\n" +
			"report exits 0 once the report is written, whatever it contains, and 2 on an error.",
		Example: "  bulwark scan infra/ --format json -o bulwark.json\n" +
			"  bulwark report bulwark.json -o reliability.html\n" +
			"  bulwark report team-a.json team-b.json -f report-markdown -o RELIABILITY.md\n" +
			"  bulwark report this-week.json --previous last-week.json -o reliability.html\n" +
			"  bulwark scan infra/ -f json | bulwark report - -f sarif -o bulwark.sarif\n" +
			"  bulwark report shard-1.json shard-2.json shard-3.json -o organization.html",
		RunE: func(cmd *cobra.Command, args []string) error { return runReport(cmd, args, f) },
	}
	fl := c.Flags()
	fl.StringVarP(&f.format, "format", "f", "html", "output format: "+reportFormatNames())
	fl.StringVarP(&f.output, "output", "o", "", "write the report to FILE instead of standard output")
	fl.StringVar(&f.template, "template", "", "template FILE replacing the built-in one (html: html/template, report-markdown: text/template)")
	fl.StringArrayVar(&f.ruleDirs, "rules", nil, "folder of additional Rego rules the scan used, for their metadata (repeatable)")
	fl.StringArrayVar(&f.previous, "previous", nil, previousUsage)
	fl.BoolVar(&f.partial, "allow-partial", false, "exit 0 even when shards of a sharded audit are missing (the report still says which)")
	return c
}

// maxReportInput bounds one saved report, a file or standard input (a
// variable so that tests need not feed 256 MiB).
var maxReportInput int64 = report.MaxReportSize

// reportWriter picks the writer of a format, with the template if any.
func reportWriter(format, tmpl string) (report.Writer, error) {
	switch format {
	case "html":
		return func(w io.Writer, r *report.Report) error { return report.WriteHTMLWithTemplate(w, r, tmpl) }, nil
	case "report-markdown":
		return func(w io.Writer, r *report.Report) error { return report.WriteReportMarkdownWithTemplate(w, r, tmpl) }, nil
	}
	wr, ok := report.Formats[format]
	if !ok {
		return nil, usageErr("unknown --format %q: use %s", format, reportFormatNames())
	}
	if tmpl != "" {
		return nil, usageErr("--template applies to the html and report-markdown formats, not %s", format)
	}
	return wr, nil
}

// reportFormatNames lists the scan formats and the two report formats.
func reportFormatNames() string {
	names := strings.Split(report.FormatNames(), ", ")
	for _, n := range []string{"html", "report-markdown"} {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

func runReport(cmd *cobra.Command, paths []string, f reportFlags) error {
	if len(paths) == 0 {
		return usageErr("report needs at least one JSON report (written by bulwark scan --format json)")
	}
	if i := slices.Index(paths, "-"); i >= 0 && slices.Contains(paths[i+1:], "-") {
		return usageErr("standard input (-) can be read only once")
	}
	write, err := reportWriter(f.format, f.template)
	if err != nil {
		return err
	}
	in := &inputSet{}
	in.add("a report", paths...)
	in.add("the report template", f.template)
	in.addRuleDirs(f.ruleDirs)
	if err := in.check(f.output); err != nil {
		return err
	}
	if err := checkPreviousOutputs(f.previous, []report.Output{{Format: f.format, Path: f.output}}); err != nil {
		return err
	}
	previous, previousName, err := readPrevious(cmd, f.previous)
	if err != nil {
		return err
	}
	reports := make([]*report.Report, 0, len(paths))
	for _, p := range paths {
		r, err := readSavedReport(cmd, p)
		if err != nil {
			return err
		}
		reports = append(reports, r)
	}
	engine, err := rules.New(rules.Options{RuleDirs: f.ruleDirs})
	if err != nil {
		return err
	}
	missing, err := report.CheckShards(paths, reports)
	if err != nil {
		return err
	}
	rep := report.Merge(reports...)
	rep.Diagnostics = append(rep.Diagnostics, missing...)
	rep.Rules = engine.Rules()
	switch {
	case previous != nil:
		rep.Changes = report.Compare(previous, rep, previousName)
	case len(reports) == 1:
		rep.Changes = reports[0].Changes // as the scan that wrote it compared
	}
	var buf bytes.Buffer
	if err := write(&buf, rep); err != nil {
		return fmt.Errorf("rendering %s: %w", f.format, err)
	}
	if err := writeOutput(cmd.OutOrStdout(), f.output, buf.Bytes()); err != nil {
		return err
	}
	for _, d := range missing {
		fmt.Fprintln(cmd.ErrOrStderr(), "bulwark: warning:", inert.String(d.Message))
	}
	if len(missing) > 0 && !f.partial {
		return &exitError{code: ExitError}
	}
	return nil
}

// decodeReport reads one saved report, refusing anything that is not the
// JSON contract of this schema version.
func decodeReport(name string, data []byte) (*report.Report, error) {
	if name == "-" {
		name = "standard input"
	}
	var probe struct {
		SchemaVersion *string `json:"schema_version"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("%s: not a bulwark JSON report: %s", name, jsonError(data, err))
	}
	switch {
	case probe.SchemaVersion == nil:
		return nil, fmt.Errorf("%s: not a bulwark JSON report (no schema_version): write one with bulwark scan --format json", name)
	case *probe.SchemaVersion != report.SchemaVersion:
		return nil, fmt.Errorf("%s: schema_version %q, but this bulwark reads version %q: render it with the bulwark that wrote it, or scan again",
			name, *probe.SchemaVersion, report.SchemaVersion)
	}
	var r report.Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s: not a valid bulwark JSON report: %s", name, jsonError(data, err))
	}
	return &r, nil
}

// jsonError says where in the file a JSON error is.
func jsonError(data []byte, err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	offset := int64(-1)
	switch {
	case errors.As(err, &syntax):
		offset = syntax.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
	}
	if offset < 0 || offset > int64(len(data)) {
		return err.Error()
	}
	line := 1 + bytes.Count(data[:offset], []byte("\n"))
	return fmt.Sprintf("line %d: %v", line, err)
}
