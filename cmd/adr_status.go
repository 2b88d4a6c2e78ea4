package cmd

import (
	"fmt"

	"github.com/bulwarkhq/bulwark/adr"
	"github.com/bulwarkhq/bulwark/scanners/inert"
	"github.com/spf13/cobra"
)

func newADRStatusCmd() *cobra.Command {
	var f adrFlags
	c := &cobra.Command{
		Use:   "status N STATUS",
		Short: "Set record N's status (Proposed, Accepted, Rejected or Deprecated) in its front matter and ## Status",
		Long: "Set the status of record N in both places it lives, the front matter's status line and\n" +
			"the status line under ## Status, and refresh the index. Superseded is set with\n" +
			"`bulwark adr supersede`. A record becomes Accepted only once its sections are written.",
		Example: "  bulwark adr status 7 Deprecated\n" +
			"  bulwark adr status ADR-0007 rejected --dir docs/adr",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runADRStatus(cmd, f, args[0], args[1])
		},
	}
	f.registerDir(c)
	return c
}

func newADRAcceptCmd() *cobra.Command {
	var f adrFlags
	c := &cobra.Command{
		Use:     "accept N",
		Short:   "Mark record N Accepted (adr status N Accepted)",
		Example: "  bulwark adr accept 7",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runADRStatus(cmd, f, args[0], adr.StatusAccepted)
		},
	}
	f.registerDir(c)
	return c
}

func runADRStatus(cmd *cobra.Command, f adrFlags, id, status string) error {
	n, err := adr.ParseID(id)
	if err != nil {
		return usageErr("%v", err)
	}
	path, err := adr.SetStatus(f.options(), n, status)
	if err != nil {
		return err
	}
	fmt.Fprintln(cmd.OutOrStdout(), inert.String(path))
	return nil
}
