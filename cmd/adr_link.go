package cmd

import (
	"fmt"
	"strings"

	"github.com/bulwarkhq/bulwark/adr"
	"github.com/bulwarkhq/bulwark/scanners/inert"
	"github.com/spf13/cobra"
)

func newADRLinkCmd() *cobra.Command {
	var f adrFlags
	var kind string
	c := &cobra.Command{
		Use:   "link N M --type amends|clarifies|supersedes",
		Short: "Record that record N amends, clarifies or supersedes record M, in both records",
		Long: "Record a link between two records in both: N's front matter (amends: [ADR-M]) and a\n" +
			"paragraph under its ## Status (\"Amends [ADR-M](file)\"), and M's (amended_by, \"Amended by\n" +
			"[ADR-N](file)\"); likewise clarifies / clarified_by. --type supersedes is `adr supersede M\n" +
			"--by N`. The index in README.md is refreshed, with a Mermaid graph of the links.",
		Example: "  bulwark adr link 9 4 --type amends\n" +
			"  bulwark adr link 9 6 --type clarifies --dir docs/adr",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := adr.ParseID(args[0])
			if err != nil {
				return usageErr("%v", err)
			}
			m, err := adr.ParseID(args[1])
			if err != nil {
				return usageErr("%v", err)
			}
			if !strings.Contains(" "+strings.Join(adr.LinkTypes, " ")+" ", " "+kind+" ") {
				return usageErr("--type %q: use %s", kind, strings.Join(adr.LinkTypes, ", "))
			}
			changed, err := adr.LinkRecords(f.options(), n, m, kind)
			for _, p := range changed {
				fmt.Fprintln(cmd.OutOrStdout(), inert.String(p))
			}
			return err
		},
	}
	f.registerDir(c)
	c.Flags().StringVar(&kind, "type", "", "amends, clarifies or supersedes (required)")
	return c
}
