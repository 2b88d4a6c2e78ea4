package cmd

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/bulwarkhq/bulwark/report"
	"github.com/bulwarkhq/bulwark/rules"
	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/spf13/cobra"
)

// now is the clock reports are stamped with; tests fix it.
var now = time.Now

type scanFlags struct {
	format      string
	output      string
	failOn      string
	params      []string
	ruleDirs    []string
	tier        int
	concurrency int
	jobs        int
	verbose     bool
}

func newScanCmd() *cobra.Command {
	var f scanFlags
	c := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Scan CloudFormation/SAM templates (files or folders, recursively)",
		Example: "  bulwark scan testdata/examples\n" +
			"  bulwark scan infra/ --format json -o bulwark.json --fail-on medium\n" +
			"  bulwark scan stack.yaml --param Env=prod --tier 1",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			return runScan(cmd, args, f)
		},
	}
	fl := c.Flags()
	fl.StringVarP(&f.format, "format", "f", "text", "output format: text or json")
	fl.StringVarP(&f.output, "output", "o", "", "write the report to FILE instead of standard output")
	fl.StringVar(&f.failOn, "fail-on", "high", "exit 1 when a finding is at or above: critical, high, medium, low, info or none")
	fl.StringArrayVarP(&f.params, "param", "p", nil, "override a template parameter, KEY=VALUE (repeatable)")
	fl.StringArrayVar(&f.ruleDirs, "rules", nil, "folder of additional Rego rules (repeatable)")
	fl.IntVar(&f.tier, "tier", 0, "reliability tier 1-4 for every scanned template (overrides Metadata.bulwark.tier)")
	fl.IntVar(&f.concurrency, "account-concurrency", 1000, "the account's Lambda concurrency limit")
	fl.IntVar(&f.jobs, "jobs", 0, "files evaluated in parallel (default: number of CPUs)")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "also list skipped files and scan statistics on standard error")
	return c
}

func runScan(cmd *cobra.Command, paths []string, f scanFlags) error {
	if !slices.Contains([]string{"text", "json"}, f.format) {
		return usageErr("unknown --format %q: use text or json", f.format)
	}
	if f.failOn != "none" && rules.SeverityRank(f.failOn) < 0 {
		return usageErr("unknown --fail-on %q: use critical, high, medium, low, info or none", f.failOn)
	}
	if f.tier != 0 {
		if _, ok := rules.DefaultTiers[f.tier]; !ok {
			return usageErr("--tier %d: tiers are 1 (critical) to 4 (low)", f.tier)
		}
	}
	if f.concurrency <= 0 {
		return usageErr("--account-concurrency must be positive")
	}
	params := map[string]string{}
	for _, p := range f.params {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return usageErr("--param %q: expected KEY=VALUE", p)
		}
		params[k] = v
	}
	engine, err := rules.New(rules.Options{RuleDirs: f.ruleDirs})
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	start := time.Now()
	files, diags := scanners.Discover(paths)
	res := engine.Scan(cmd.Context(), files, rules.ScanOptions{
		Load: scanners.Options{Params: params},
		Env: rules.Env{Tier: f.tier, Settings: map[string]any{
			"account_concurrency_limit": int64(f.concurrency),
		}},
		Jobs: f.jobs,
	})
	res.Diagnostics = append(diags, res.Diagnostics...)
	rep := report.Build(Version, paths, res, now())
	if f.verbose {
		stderr := cmd.ErrOrStderr()
		for _, s := range res.SkippedFiles {
			fmt.Fprintf(stderr, "skipped (not a CloudFormation template): %s\n", s)
		}
		fmt.Fprintf(stderr, "%d files, %d templates, %d skipped, %d rules, %s\n", res.Files, res.Templates,
			len(res.SkippedFiles), len(engine.Rules()), time.Since(start).Round(time.Millisecond))
	}
	var buf bytes.Buffer
	switch f.format {
	case "json":
		err = report.WriteJSON(&buf, rep)
	default:
		err = report.WriteText(&buf, rep)
	}
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	if err := writeOutput(cmd.OutOrStdout(), f.output, buf.Bytes()); err != nil {
		return &exitError{code: ExitError, err: err}
	}
	switch {
	case rep.Summary.Errors > 0:
		return &exitError{code: ExitError}
	case rep.Failing(f.failOn):
		return &exitError{code: ExitFindings}
	}
	return nil
}

// writeOutput writes to stdout, or atomically to a file (temp file in the
// same folder, then rename) so an interrupted run never leaves half a report.
func writeOutput(stdout io.Writer, path string, data []byte) error {
	if path == "" || path == "-" {
		_, err := stdout.Write(data)
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".bulwark-*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
