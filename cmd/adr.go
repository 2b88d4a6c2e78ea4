package cmd

import (
	"encoding/json"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/bulwarkhq/bulwark/adr"
	"github.com/bulwarkhq/bulwark/report"
	"github.com/bulwarkhq/bulwark/scanners/inert"
	"github.com/bulwarkhq/bulwark/scanners/safeio"
	"github.com/spf13/cobra"
)

// adrFlags are the flags of the adr commands that create records.
type adrFlags struct {
	dir      string
	template string
	status   string
	deciders []string
}

func (f *adrFlags) registerDir(c *cobra.Command) {
	c.Flags().StringVar(&f.dir, "dir", adr.DefaultDir, "the ADR folder")
}

func (f *adrFlags) registerCreate(c *cobra.Command, status bool) {
	f.registerDir(c)
	c.Flags().StringVar(&f.template, "template", "", "record template (text/template; default: DIR/template.md, else the built-in one)")
	c.Flags().StringSliceVar(&f.deciders, "deciders", nil, "who decides, comma-separated (front matter deciders)")
	if status {
		c.Flags().StringVar(&f.status, "status", adr.StatusProposed, "status of the new record: Proposed, Accepted, Rejected or Deprecated")
	}
}

func (f *adrFlags) options() adr.Options {
	return adr.Options{Dir: f.dir, Template: f.template, Status: f.status, Deciders: f.deciders, Now: now}
}

// dirArg takes the folder from an optional positional DIR or --dir.
func (f *adrFlags) dirArg(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.Flags().Changed("dir") && f.dir != args[0] {
		return usageErr("give the ADR folder once: %s or --dir %s", args[0], f.dir)
	}
	f.dir = args[0]
	return nil
}

func adrErr(err error) error {
	if err == nil {
		return nil
	}
	return err
}

func newADRCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "adr",
		Short: "Architecture decision records: init, new, list, show, status, accept, supersede, link, lint, index, draft",
		Long: "Keep architecture decision records in docs/adr/NNNN-kebab-title.md: Markdown with a\n" +
			"YAML front matter (status, date, deciders, supersedes, superseded_by) and the sections\n" +
			"Status, Context, Options Considered, Decision, Consequences and Implementation.\n" +
			"Records are never renumbered or overwritten.",
	}
	c.AddCommand(newADRInitCmd(), newADRNewCmd(), newADRListCmd(), newADRShowCmd(),
		newADRSupersedeCmd(), newADRLintCmd(), newADRIndexCmd(), newADRDraftCmd(),
		newADRStatusCmd(), newADRAcceptCmd(), newADRLinkCmd())
	return c
}

func newADRInitCmd() *cobra.Command {
	var f adrFlags
	c := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Create the ADR folder (default docs/adr), its README index and record 0001",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.dirArg(cmd, args); err != nil {
				return err
			}
			created, err := adr.Init(f.options())
			for _, p := range created {
				fmt.Fprintln(cmd.OutOrStdout(), inert.String(p))
			}
			return adrErr(err)
		},
	}
	f.registerCreate(c, false)
	return c
}

func newADRNewCmd() *cobra.Command {
	var f adrFlags
	c := &cobra.Command{
		Use:   "new TITLE",
		Short: "Create the next record (status Proposed) and print its path",
		Example: "  bulwark adr new \"Use DynamoDB global tables for the orders store\"\n" +
			"  bulwark adr new \"Run payments at tier 1\" --deciders alice,bob --status Accepted",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := adr.New(f.options(), args[0])
			if path != "" {
				fmt.Fprintln(cmd.OutOrStdout(), inert.String(path))
			}
			return adrErr(err)
		},
	}
	f.registerCreate(c, true)
	return c
}

func newADRListCmd() *cobra.Command {
	var f adrFlags
	var format string
	c := &cobra.Command{
		Use:   "list",
		Short: "List the records: number, title, status, date",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return usageErr("unknown --format %q: use text or json", format)
			}
			records, _, err := adr.Load(f.dir)
			if err != nil {
				return adrErr(err)
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				if records == nil {
					records = []adr.Record{}
				}
				data, err := json.MarshalIndent(records, "", "  ")
				if err != nil {
					return adrErr(err)
				}
				_, err = fmt.Fprintf(out, "%s\n", data)
				return err
			}
			w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ADR\tTITLE\tSTATUS\tDATE")
			for _, r := range records {
				status := r.Status
				if status == "" {
					status = "? " + r.StatusLine
				}
				if r.SupersededBy != "" && r.Status == adr.StatusSuperseded {
					status += " by " + r.SupersededBy
				}
				id := r.ID
				if id == "" {
					id = r.Name()
				}
				// Titles and ids are read from files anyone can write:
				// inert, so they can neither act in a terminal nor break
				// the table.
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", inert.String(id), inert.String(r.Title), inert.String(status), inert.String(r.Date))
			}
			return w.Flush()
		},
	}
	f.registerDir(c)
	c.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	return c
}

func newADRShowCmd() *cobra.Command {
	var f adrFlags
	c := &cobra.Command{
		Use:     "show N",
		Short:   "Print record N (7, 0007 or ADR-0007)",
		Example: "  bulwark adr show 7",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := adr.ParseID(args[0])
			if err != nil {
				return usageErr("%v", err)
			}
			r, err := adr.Find(f.dir, n)
			if err != nil {
				return adrErr(err)
			}
			data, err := safeio.ReadFile(r.File, adr.MaxFileSize)
			if err != nil {
				return adrErr(err)
			}
			_, err = cmd.OutOrStdout().Write(data)
			return err
		},
	}
	f.registerDir(c)
	return c
}

func newADRSupersedeCmd() *cobra.Command {
	var f adrFlags
	var by string
	c := &cobra.Command{
		Use:   "supersede N [\"New title\"]",
		Short: "Replace record N by a new record (or by an existing one with --by M)",
		Long: "Create a record that supersedes record N, or with --by M mark N superseded by the\n" +
			"existing record M. Record N's status becomes \"Superseded by [ADR-M](file)\": only its\n" +
			"status lines (front matter and ## Status) change. The new record links back to N.",
		Example: "  bulwark adr supersede 3 \"Use Aurora Global Database for orders\"\n" +
			"  bulwark adr supersede 3 --by 9",
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			old, err := adr.ParseID(args[0])
			if err != nil {
				return usageErr("%v", err)
			}
			out := cmd.OutOrStdout()
			if by != "" {
				if len(args) == 2 {
					return usageErr("give either a new title or --by M, not both")
				}
				m, err := adr.ParseID(by)
				if err != nil {
					return usageErr("--by: %v", err)
				}
				changed, err := adr.SupersedeBy(f.options(), old, m)
				for _, p := range changed {
					fmt.Fprintln(out, inert.String(p))
				}
				return adrErr(err)
			}
			if len(args) != 2 {
				return usageErr("give the new record's title, or --by M for an existing record")
			}
			path, err := adr.Supersede(f.options(), old, args[1])
			if path != "" {
				fmt.Fprintln(out, inert.String(path))
			}
			return adrErr(err)
		},
	}
	f.registerCreate(c, true)
	c.Flags().StringVar(&by, "by", "", "an existing record that supersedes N")
	return c
}

func newADRLintCmd() *cobra.Command {
	var f adrFlags
	c := &cobra.Command{
		Use:   "lint [DIR]",
		Short: "Check the records: sections, statuses, numbering, titles, links, supersession, index",
		Long: "Check every record of the ADR folder: the required sections are present and not empty,\n" +
			"the status is known and agrees with the front matter, numbers are unique and without\n" +
			"gaps, the # title matches the file name, relative links resolve, superseded records\n" +
			"point at existing ones, and the README index is current. Problems are printed as\n" +
			"file:line: problem; the exit code is 1 when there is any. An empty section of a Proposed\n" +
			"record is a warning (file:line: warning: ...) and does not fail: the decision is being\n" +
			"written. Once Accepted (or any other status) it must be complete.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.dirArg(cmd, args); err != nil {
				return err
			}
			records, problems, err := adr.Load(f.dir)
			if err != nil {
				return adrErr(err)
			}
			out := cmd.OutOrStdout()
			for _, p := range problems {
				fmt.Fprintln(out, inert.String(p.String()))
			}
			errs, warnings := adr.Errors(problems), ""
			if n := len(problems) - errs; n > 0 {
				warnings = fmt.Sprintf(" (%d warnings: empty sections of Proposed records)", n)
				if n == 1 {
					warnings = " (1 warning: an empty section of a Proposed record)"
				}
			}
			if errs > 0 {
				noun := "problems"
				if errs == 1 {
					noun = "problem"
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "%d %s%s in %d records of %s\n", errs, noun, warnings, len(records), inert.String(f.dir))
				return &exitError{code: ExitFindings}
			}
			fmt.Fprintf(out, "%s: %d records, no problems%s\n", inert.String(f.dir), len(records), warnings)
			return nil
		},
	}
	f.registerDir(c)
	return c
}

func newADRIndexCmd() *cobra.Command {
	var f adrFlags
	c := &cobra.Command{
		Use:   "index [DIR]",
		Short: "Write the table of records into DIR/README.md between the adr-index markers",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.dirArg(cmd, args); err != nil {
				return err
			}
			path, err := adr.Index(f.dir)
			if err != nil {
				return adrErr(err)
			}
			fmt.Fprintln(cmd.OutOrStdout(), inert.String(path))
			return nil
		},
	}
	f.registerDir(c)
	return c
}

type adrDraftFlags struct {
	scanSettings
	adrFlags
	fromFindings bool
	concern      string
}

func newADRDraftCmd() *cobra.Command {
	var f adrDraftFlags
	c := &cobra.Command{
		Use:   "draft --from-findings [PATH...]",
		Short: "Scan templates and draft a Proposed record per decision to take (concern and workload)",
		Long: "Scan the templates like `bulwark scan` and write one Proposed record per decision to\n" +
			"take: the failing findings (of --rule or --concern; all when neither is given) grouped\n" +
			"by concern and workload, titled as the decision (\"Protect OrdersTable data with\n" +
			"point-in-time recovery\", \"Spread web-tier across Availability Zones\"). Its Context\n" +
			"lists the evidence (resource, file:line, message, tier), its Options Considered the\n" +
			"rules' remediation and accepting the risk with a suppression that cites the record;\n" +
			"the Decision is left to the architect. A decision already drafted (a record with the\n" +
			"same title) is not drafted again.",
		Example: "  bulwark adr draft --from-findings infra/\n" +
			"  bulwark adr draft --from-findings infra/ --rule BW-PITR-001\n" +
			"  bulwark adr draft --from-findings infra/ --concern multi-az --dir docs/adr",
		RunE: func(cmd *cobra.Command, args []string) error {
			return runADRDraft(cmd, args, &f)
		},
	}
	f.scanSettings.register(c)
	f.scanSettings.registerPaths(c)
	f.adrFlags.registerCreate(c, false)
	fl := c.Flags()
	fl.BoolVar(&f.fromFindings, "from-findings", false, "draft from the failing findings of a scan of PATHs (required)")
	fl.StringVar(&f.concern, "concern", "", "only this concern's findings: "+strings.Join(finding.Concerns, ", "))
	return c
}

func runADRDraft(cmd *cobra.Command, paths []string, f *adrDraftFlags) error {
	if !f.fromFindings {
		return usageErr("adr draft needs --from-findings (the only source of drafts so far)")
	}
	if len(f.onlyRules) > 0 && f.concern != "" {
		return usageErr("give --rule or --concern, not both")
	}
	if f.concern != "" && !slices.Contains(finding.Concerns, f.concern) {
		return usageErr("unknown --concern %q: use %s", f.concern, strings.Join(finding.Concerns, ", "))
	}
	if st, err := os.Stat(f.dir); err != nil || !st.IsDir() {
		return usageErr("no ADR folder %s: run bulwark adr init %s", f.dir, f.dir)
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	p, err := f.build(cmd, paths)
	if err != nil {
		return err
	}
	if err := p.loadRules(); err != nil {
		return err
	}
	res, err := p.run(cmd, paths)
	if err != nil {
		return err
	}
	rep := p.report(paths, res)
	if rep.Summary.Errors > 0 {
		_ = report.WriteText(cmd.ErrOrStderr(), &report.Report{Diagnostics: rep.Diagnostics, Summary: rep.Summary})
		return fmt.Errorf("not drafting: %d input errors (fix them first)", rep.Summary.Errors)
	}
	// --rule (shared with scan) selects the rules that run, so every
	// rule with failing findings is one of them.
	drafted, err := writeADRDrafts(adr.DraftOptions{Options: f.options(), Concern: f.concern}, rep)
	for _, d := range drafted {
		if d.Existing {
			fmt.Fprintf(cmd.ErrOrStderr(), "already drafted: %s (%s)\n", inert.String(d.Path), inert.String(d.RuleID))
			continue
		}
		fmt.Fprintln(cmd.OutOrStdout(), inert.String(d.Path))
	}
	if err != nil {
		return adrErr(err)
	}
	if len(drafted) == 0 {
		fmt.Fprintln(cmd.ErrOrStderr(), "no failing findings to draft a decision for")
	}
	return nil
}

// writeADRDrafts drafts a Proposed record per decision to take, the
// failing findings of rep grouped by concern and workload (what `adr
// draft` and `scan --adr-drafts DIR` do).
func writeADRDrafts(o adr.DraftOptions, rep *report.Report) ([]adr.Drafted, error) {
	o.Workloads = map[string]string{}
	for _, w := range rep.Workloads {
		o.Workloads[w.File] = w.Name
	}
	return adr.Draft(o, rep.Findings, rep.Rules)
}
