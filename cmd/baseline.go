package cmd

import (
	"encoding/json"
	"fmt"

	"github.com/bulwarkhq/bulwark/report"
	"github.com/bulwarkhq/bulwark/scanners/inert"
	"github.com/spf13/cobra"
)

func newBaselineCmd() *cobra.Command {
	c := &cobra.Command{Use: "baseline", Short: "Record today's findings so a gate fails only on new ones"}
	var s scanSettings
	write := &cobra.Command{
		Use:   "write FILE [PATH...]",
		Short: "Scan PATHs and record their failing findings in FILE",
		Long: "Scan the templates and record every failing finding by its fingerprint (rule, file,\n" +
			"resource and property; never the line), so `bulwark scan --baseline FILE` reports them\n" +
			"as baselined and fails only on new findings.",
		Example: "  bulwark baseline write bulwark-baseline.json infra/\n  bulwark scan infra/ --baseline bulwark-baseline.json",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			file, paths := args[0], args[1:]
			if len(paths) == 0 {
				paths = []string{"."}
			}
			// FILE comes first: a forgotten FILE makes the first template
			// the baseline. Only a baseline (or an empty file) is replaced.
			if err := report.CheckBaselineFile(file); err != nil {
				return fmt.Errorf("refusing to write %s: %w (usage: bulwark baseline write FILE [PATH...])", file, err)
			}
			p, err := s.build(cmd, paths)
			if err != nil {
				return err
			}
			res, err := p.run(cmd, paths)
			if err != nil {
				return err // the rules did not load: no baseline
			}
			rep := p.report(paths, res)
			if err := p.inputs().check(file); err != nil {
				return err
			}
			if rep.Summary.Errors > 0 {
				_ = report.WriteText(cmd.ErrOrStderr(), &report.Report{Diagnostics: rep.Diagnostics, Summary: rep.Summary})
				return fmt.Errorf("not writing a baseline: %d input errors (fix them first)", rep.Summary.Errors)
			}
			b := report.NewBaseline(Version, rep.Findings)
			data, err := json.MarshalIndent(b, "", "  ")
			if err != nil {
				return err
			}
			if err := writeOutput(cmd.OutOrStdout(), file, append(data, '\n')); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "recorded %d findings in %s\n", len(b.Findings), inert.String(file))
			return nil
		},
	}
	s.register(write)
	s.registerPaths(write)
	c.AddCommand(write)
	return c
}
