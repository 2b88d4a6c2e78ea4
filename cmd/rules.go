package cmd

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/bulwarkhq/bulwark/rules"
	"github.com/spf13/cobra"
)

func newRulesCmd() *cobra.Command {
	var ruleDirs []string
	c := &cobra.Command{Use: "rules", Short: "List and describe the rules"}
	c.PersistentFlags().StringArrayVar(&ruleDirs, "rules", nil, "folder of additional Rego rules (repeatable)")
	c.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "Print the rule catalogue (id, severity, concern, title)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			e, err := rules.New(rules.Options{RuleDirs: ruleDirs})
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tSEVERITY\tCONCERN\tTITLE")
			for _, r := range e.Rules() {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Concern, r.Title)
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
			fmt.Fprintf(out, "%s  %s\n\n", r.ID, r.Title)
			field := func(name, value string) {
				if value != "" {
					fmt.Fprintf(out, "%-17s %s\n", name+":", value)
				}
			}
			field("severity", r.Severity)
			field("concern", r.Concern)
			field("well-architected", strings.Join(r.WellArchitected, ", "))
			field("resource types", strings.Join(r.ResourceTypes, ", "))
			field("inputs", strings.Join(r.Inputs, ", "))
			field("scope", r.Scope)
			field("source", r.File)
			fmt.Fprintf(out, "\n%s\n\nRemediation: %s\n", r.Description, r.Remediation)
			return nil
		},
	})
	return c
}
