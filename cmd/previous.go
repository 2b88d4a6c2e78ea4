package cmd

import (
	"fmt"
	"strings"

	"github.com/bulwarkhq/bulwark/report"
	"github.com/bulwarkhq/bulwark/scanners/safeio"
	"github.com/spf13/cobra"
)

// previousUsage documents --previous FILE (repeatable): the saved JSON report(s)
// of an earlier run, which the report's changes section compares with.
const previousUsage = "JSON report of an earlier run (repeatable; several are merged): report what changed since, in a changes section"

// readSavedReport reads one JSON report written by bulwark (a file, or
// standard input for "-") within maxReportInput, refusing anything that is
// not the JSON contract of this schema version with an error naming it.
func readSavedReport(cmd *cobra.Command, path string) (*report.Report, error) {
	var data []byte
	var err error
	name := path
	if path == "-" {
		name = "standard input"
		data, err = safeio.ReadAll(cmd.InOrStdin(), maxReportInput)
	} else {
		data, err = safeio.ReadFile(path, maxReportInput)
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, safeio.Cause(err))
	}
	return decodeReport(path, data)
}

// readPrevious reads the reports of --previous, merged, and the name the
// changes section gives them; nil when there are none. It runs before the
// scan, so a previous report that cannot be read fails the run at once
// (exit 2) and names the file.
func readPrevious(cmd *cobra.Command, paths []string) (*report.Report, string, error) {
	if len(paths) == 0 {
		return nil, "", nil
	}
	reports := make([]*report.Report, 0, len(paths))
	for _, p := range paths {
		if p == "" || p == "-" {
			return nil, "", usageErr("--previous needs a file: the JSON report of an earlier run")
		}
		r, err := readSavedReport(cmd, p)
		if err != nil {
			return nil, "", fmt.Errorf("--previous: %w", err)
		}
		reports = append(reports, r)
	}
	if len(reports) == 1 {
		return reports[0], paths[0], nil
	}
	return report.Merge(reports...), strings.Join(paths, ", "), nil
}

// checkPreviousOutputs refuses an output that would replace a previous
// report, unless it is the JSON report itself: `--previous audit.json -f
// json -o audit.json` rotates last run's report, which was read in full
// before anything is written (and is written atomically).
func checkPreviousOutputs(previous []string, outputs []report.Output) error {
	in := &inputSet{}
	in.add("the previous report", previous...)
	for _, o := range outputs {
		if o.Format == "json" {
			continue
		}
		if err := in.check(o.Path); err != nil {
			return err
		}
	}
	return nil
}
