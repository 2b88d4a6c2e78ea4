package cmd

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/bulwarkhq/bulwark/adr"
	"github.com/bulwarkhq/bulwark/report"
	"github.com/bulwarkhq/bulwark/rules"
	"github.com/bulwarkhq/bulwark/scanners/inert"
	"github.com/spf13/cobra"
)

// now is the clock reports are stamped with; tests fix it.
var now = time.Now

type scanFlags struct {
	scanSettings
	outputFlags
	changedOnly string
	adrDrafts   string
	requireTmpl bool
}

func newScanCmd() *cobra.Command {
	var f scanFlags
	c := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Scan CloudFormation/SAM templates (files or folders, recursively; - reads standard input)",
		Example: "  bulwark scan testdata/examples\n" +
			"  bulwark scan infra/ --format json -o bulwark.json --fail-on medium\n" +
			"  bulwark scan infra/ --output-format sarif=bulwark.sarif,junit=junit.xml\n" +
			"  bulwark scan infra/ --baseline bulwark-baseline.json\n" +
			"  bulwark scan infra/ -f json -o bulwark.json --previous last/bulwark.json\n" +
			"  bulwark scan stack.yaml --param Env=prod --tier 1\n" +

			"  cat stack.yaml | bulwark scan - --stdin-filename infra/stack.yaml",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			return runScan(cmd, args, f)
		},
	}
	f.register(c)
	f.registerPaths(c)
	fl := c.Flags()
	f.registerOutputs(c)
	fl.StringVar(&f.changedOnly, "changed-only", "", "report only findings in files changed since this git REF (the whole workload is still evaluated)")
	fl.BoolVar(&f.requireTmpl, "require-templates", false, "exit 2 when the paths hold no CloudFormation template (a gate pointed at the wrong folder)")
	fl.StringVar(&f.adrDrafts, "adr-drafts", "", "also draft a Proposed decision record per decision to take (failing findings by concern and workload) into this ADR folder")
	return c
}

func runScan(cmd *cobra.Command, paths []string, f scanFlags) error {
	outputs, err := f.parseOutputs()
	if err != nil {
		return err
	}
	p, err := f.build(cmd, paths)
	if err != nil {
		return err
	}
	baselinePath, baseline, err := f.readBaseline(p.config)
	if err != nil {
		return err
	}
	if f.changedOnly != "" && len(f.previous) > 0 {
		// The rest of the workloads would read as fixed.
		return usageErr("--previous compares whole runs: it cannot be used with --changed-only")
	}
	previous, previousName, err := readPrevious(cmd, f.previous)
	if err != nil {
		return err
	}
	var changed map[string]bool
	if f.changedOnly != "" {
		if changed, err = changedFiles(f.changedOnly); err != nil {
			return err
		}
	}

	res, err := p.run(cmd, paths)
	if err != nil {
		return err // the rules did not load
	}
	if res.Templates == 0 {
		// A gate pointed at the wrong folder must not pass unnoticed.
		if f.requireTmpl {
			return fmt.Errorf("no CloudFormation template found in %s (--require-templates)", inert.String(strings.Join(paths, ", ")))
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "bulwark: warning: no CloudFormation template found in %s\n", inert.String(strings.Join(paths, ", ")))
	}
	in := p.inputs()
	in.add("the baseline", baselinePath)
	if err := checkOutputs(in, outputs); err != nil {
		return err
	}
	if err := checkPreviousOutputs(f.previous, outputs); err != nil {
		return err
	}
	var fixed []report.BaselineEntry
	if baseline != nil {
		fixed = report.ApplyBaseline(res.Findings, baseline)
	}
	res = filterChanged(res, changed)
	rep := p.report(paths, res)
	rep.Fixed = fixed
	if baseline != nil {
		rep.Baseline = baselinePath
	}
	if previous != nil {
		rep.Changes = report.Compare(previous, rep, previousName)
	}
	if f.adrDrafts != "" {
		// Drafts are new files; only the folder's README index is rewritten.
		if err := in.check(filepath.Join(f.adrDrafts, "README.md")); err != nil {
			return err
		}
		drafted, err := writeADRDrafts(adr.DraftOptions{Options: adr.Options{Dir: f.adrDrafts, Now: now}}, rep)
		if err != nil {
			return err
		}
		for _, d := range drafted {
			fmt.Fprintf(cmd.ErrOrStderr(), "drafted %s\n", inert.String(d.Path))
		}
	}
	return finish(cmd, rep, outputs, &f.outputFlags, p.failOn, in)
}

// checkOutputs refuses outputs that would replace an input of the run.
func checkOutputs(in *inputSet, outputs []report.Output) error {
	for _, o := range outputs {
		if err := in.check(o.Path); err != nil {
			return err
		}
	}
	return nil
}

// finish writes every requested output and turns the report into an exit
// code. No output is written when one of them would replace an input.
func finish(cmd *cobra.Command, rep *report.Report, outputs []report.Output, f *outputFlags, failOn string, in *inputSet) error {
	if err := checkOutputs(in, outputs); err != nil {
		return err
	}
	for _, o := range outputs {
		var buf bytes.Buffer
		if err := f.writer(cmd, o)(&buf, rep); err != nil {
			return fmt.Errorf("rendering %s: %w", o.Format, err)
		}
		if err := writeOutput(cmd.OutOrStdout(), o.Path, buf.Bytes()); err != nil {
			return err
		}
	}
	switch {
	case rep.Summary.Errors > 0:
		return &exitError{code: ExitError}
	case rep.Failing(failOn):
		return &exitError{code: ExitFindings}
	}
	return nil
}

// changedFiles asks git which files differ from ref (committed, staged or
// not), as absolute paths. The names come NUL-separated (-z), so git
// neither quotes nor escapes them: a name with non-ASCII letters, quotes
// or a line break is matched like any other, never dropped (dropping one
// would hide its findings and pass the gate). They are relative to the
// repository's top (--no-relative, whatever diff.relative says), which is
// where they are joined, so bulwark may run in a subfolder. A renamed
// file counts as changed under its new name (--no-renames lists both).
func changedFiles(ref string) (map[string]bool, error) {
	if strings.HasPrefix(ref, "-") {
		return nil, fmt.Errorf("--changed-only %q: not a git ref", ref)
	}
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return nil, fmt.Errorf("--changed-only needs a git checkout: %v", err)
	}
	out, err := exec.Command("git", "diff", "--name-only", "-z", "--no-renames", "--no-relative", ref, "--").Output()
	if err != nil {
		return nil, fmt.Errorf("--changed-only %s: git diff failed: %v", inert.String(ref), err)
	}
	root := strings.TrimSuffix(string(top), "\n")
	files := map[string]bool{}
	for _, name := range strings.Split(string(out), "\x00") {
		if name != "" {
			files[filepath.Join(root, filepath.FromSlash(name))] = true
		}
	}
	return files, nil
}

// filterChanged keeps the findings and diagnostics of changed files. The
// scan itself covered everything, so cross-file rules saw the workload.
func filterChanged(res *rules.ScanResult, changed map[string]bool) *rules.ScanResult {
	if changed == nil {
		return res
	}
	in := func(file string) bool {
		abs, err := filepath.Abs(file)
		if err != nil {
			return false
		}
		if changed[abs] {
			return true
		}
		// git names the top by its real path; the scan may have come
		// through a symbolic link.
		real, err := filepath.EvalSymlinks(abs)
		return err == nil && changed[real]
	}
	out := *res
	out.Findings = nil
	for _, f := range res.Findings {
		// A nested template's finding comes from the values its parent
		// passes: a change to the parent is a change to it.
		if in(f.File) || f.Parent != nil && in(f.Parent.File) {
			out.Findings = append(out.Findings, f)
		}
	}
	out.Diagnostics = nil
	for _, d := range res.Diagnostics {
		if in(d.File) {
			out.Diagnostics = append(out.Diagnostics, d)
		}
	}
	out.Checked = map[string][]string{}
	for file, ids := range res.Checked {
		if in(file) {
			out.Checked[file] = ids
		}
	}
	return &out
}
