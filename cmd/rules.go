package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/bulwarkhq/bulwark/rules"
	"github.com/bulwarkhq/bulwark/scanners/inert"
	"github.com/spf13/cobra"
)

func newRulesCmd() *cobra.Command {
	var ruleDirs []string
	var format string
	c := &cobra.Command{Use: "rules", Short: "List and describe the rules"}
	c.PersistentFlags().StringArrayVar(&ruleDirs, "rules", nil, "folder of additional Rego rules (repeatable)")
	c.PersistentFlags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	c.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "Print the rule catalogue (id, severity, concern, title)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return usageErr("unknown --format %q: use text or json", format)
			}
			e, err := rules.New(rules.Options{RuleDirs: ruleDirs})
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSON(cmd.OutOrStdout(), e.Rules())
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tSEVERITY\tCONCERN\tTITLE")
			for _, r := range e.Rules() {
				// A user rule's metadata is as hostile as a template.
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", inert.String(r.ID), inert.String(r.Severity), inert.String(r.Concern), inert.String(r.Title))
			}
			return w.Flush()
		},
	})
	c.AddCommand(&cobra.Command{
		Use:   "show ID",
		Short: "Print one rule's full metadata",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := rules.New(rules.Options{RuleDirs: ruleDirs})
			if err != nil {
				return err
			}
			r := e.Rule(args[0])
			if r == nil {
				return usageErr("no rule %s (see `bulwark rules list`)", args[0])
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				return writeJSON(out, r)
			}
			fmt.Fprintf(out, "%s  %s\n\n", inert.String(r.ID), inert.String(r.Title))
			field := func(name, value string) {
				if value != "" {
					fmt.Fprintf(out, "%-17s %s\n", name+":", inert.String(value))
				}
			}
			field("severity", r.Severity)
			field("concern", r.Concern)
			field("well-architected", strings.Join(r.WellArchitected, ", "))
			field("resource types", strings.Join(r.ResourceTypes, ", "))
			field("inputs", strings.Join(r.Inputs, ", "))
			field("scope", r.Scope)
			field("source", r.File)
			fmt.Fprintf(out, "\n%s\n\nRemediation: %s\n", inert.String(r.Description), inert.String(r.Remediation))
			return nil
		},
	})
	c.AddCommand(newRulesTestCmd(&ruleDirs, &format))
	return c
}

func newRulesTestCmd(deps *[]string, format *string) *cobra.Command {
	return &cobra.Command{
		Use:   "test DIR...",
		Short: "Run the Rego tests (test_* rules) of rule folders, as the built-in pack's are run",
		Long: "test loads each folder as `--rules DIR` would (a rule that does not load is exit 2), then\n" +
			"runs its Rego tests, the rules named test_* (in *_test.rego files by convention), beside the\n" +
			"built-in pack's library and with the same sandbox: a test may use data.bulwark.lib and the\n" +
			"data.bulwark.testing input builders, never http.send or the clock. It prints PASS, FAIL or ERROR\n" +
			"per test and exits 0 when all pass, 1 when one fails or errs, and 2 when the folder does not\n" +
			"load or holds no test. --rules folders load too, without their tests running.",
		Example: "  bulwark rules test policy/\n  bulwark rules test policy/ -f json",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if *format != "text" && *format != "json" {
				return usageErr("unknown --format %q: use text or json", *format)
			}
			results, err := rules.RunRegoTests(cmd.Context(), rules.TestOptions{Dirs: args, Deps: *deps})
			if err != nil {
				return err
			}
			counts := map[string]int{}
			for _, r := range results {
				counts[r.Result]++
			}
			out := cmd.OutOrStdout()
			if *format == "json" {
				if err := writeJSON(out, results); err != nil {
					return err
				}
			} else {
				for _, r := range results {
					// Names, files and messages come from the user's rules.
					line := fmt.Sprintf("%-5s %s:%d: %s.%s", strings.ToUpper(r.Result), inert.String(r.File), r.Line, inert.String(r.Package), inert.String(r.Name))
					if r.Error != "" {
						line += ": " + inert.String(r.Error)
					}
					fmt.Fprintln(out, line)
				}
				fmt.Fprintf(out, "%d passed, %d failed, %d errors, %d skipped\n", counts["pass"], counts["fail"], counts["error"], counts["skip"])
			}
			if counts["fail"]+counts["error"] > 0 {
				return &exitError{code: ExitFindings}
			}
			return nil
		},
	}
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
