package cmd

import (
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/config"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/bulwarkhq/bulwark/report"
	"github.com/bulwarkhq/bulwark/scanners/safeio"
	"github.com/spf13/cobra"
)

// writeOutput writes a report or a baseline to stdout ("" or "-") or to
// path with safeio.WriteFile: a symbolic link is followed, a device or a
// pipe (/dev/null, /dev/stdout) is written directly, and a regular file is
// replaced atomically keeping its mode, so an interrupted run never leaves
// half a report and nothing that was there is destroyed.
func writeOutput(stdout io.Writer, path string, data []byte) error {
	if path == "" || path == "-" {
		_, err := stdout.Write(data)
		return err
	}
	if err := safeio.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, safeio.Cause(err))
	}
	return nil
}

// inputSet is the files a run reads: no output may replace one of them (a
// forgotten argument, as in `baseline write t.yaml`, would otherwise
// overwrite the template and exit 0).
type inputSet struct {
	files []inputFile
}

type inputFile struct {
	what string // "a template", "the config file", ...
	info fs.FileInfo
}

// add records regular files (links followed); what cannot be stat'ed or
// is not a regular file cannot be overwritten by a rename.
func (in *inputSet) add(what string, paths ...string) {
	for _, p := range paths {
		if p == "" || p == "-" {
			continue
		}
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
			in.files = append(in.files, inputFile{what: what, info: info})
		}
	}
}

// addRuleDirs records the .rego files of rule folders.
func (in *inputSet) addRuleDirs(dirs []string) {
	for _, dir := range dirs {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".rego") {
				in.add("a rule file", p)
			}
			return nil
		})
	}
}

// check refuses an output path that is (or links to) one of the inputs.
func (in *inputSet) check(path string) error {
	if in == nil || path == "" || path == "-" {
		return nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil // a new file replaces nothing
	}
	for _, f := range in.files {
		if os.SameFile(info, f.info) {
			return fmt.Errorf("refusing to write %s: it is %s this run reads", path, f.what)
		}
	}
	return nil
}

// pipelineInputs are the files a configured scan or audit reads: the
// config, the rule files and the templates scanned.
func (p *pipeline) inputs() *inputSet {
	in := &inputSet{}
	in.add("the config file", p.config.Path)
	in.addRuleDirs(p.ruleDirs)
	in.add("a template", p.templates...)
	return in
}

// outputFlags are the output flags scan and audit share.
type outputFlags struct {
	format   string
	output   string
	outputs  []string
	baseline string
	previous []string
	quiet    bool
	color    string
	noColor  bool
}

func (o *outputFlags) registerOutputs(c *cobra.Command) {
	fl := c.Flags()
	fl.StringVarP(&o.format, "format", "f", "text", "output format: "+report.FormatNames())
	fl.StringVarP(&o.output, "output", "o", "", "write the report to FILE instead of standard output")
	fl.StringArrayVar(&o.outputs, "output-format", nil, "also write FORMAT=FILE (comma-separated or repeated), e.g. sarif=bulwark.sarif,junit=junit.xml")
	fl.StringVar(&o.baseline, "baseline", "", "baseline file: findings recorded there are reported as baselined and do not fail")
	fl.StringArrayVar(&o.previous, "previous", nil, previousUsage)
	fl.BoolVarP(&o.quiet, "quiet", "q", false, "text output: only failing findings, error diagnostics and the summary line (no tier table, no suppressed or baselined findings)")
	fl.BoolVar(&o.quiet, "compact", false, "same as --quiet")
	fl.StringVar(&o.color, "color", "auto", "colour the text report on standard output: auto (on a terminal, unless NO_COLOR is set), always or never; files are never coloured")
	fl.BoolVar(&o.noColor, "no-color", false, "same as --color=never")
}

// parseOutputs lists every output of the run, the main one first.
func (o *outputFlags) parseOutputs() ([]report.Output, error) {
	if o.color != "auto" && o.color != "always" && o.color != "never" {
		return nil, usageErr("unknown --color %q: use auto, always or never", o.color)
	}
	if _, ok := report.Formats[o.format]; !ok {
		return nil, usageErr("unknown --format %q: use %s", o.format, report.FormatNames())
	}
	outputs, err := report.ParseOutputs(o.outputs)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return append([]report.Output{{Format: o.format, Path: o.output}}, outputs...), nil
}

// readBaseline reads the baseline named by the flag, else by the config;
// none is a nil baseline and an empty path.
func (o *outputFlags) readBaseline(cfg *config.Config) (string, *report.Baseline, error) {
	path := o.baseline
	if path == "" && cfg.Baseline != "" {
		path = cfg.Resolve(cfg.Baseline)
	}
	if path == "" {
		return "", nil, nil
	}
	b, err := report.ReadBaseline(path)
	return path, b, err
}
