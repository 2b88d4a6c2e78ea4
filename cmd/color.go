package cmd

import (
	"io"
	"os"

	"github.com/bulwarkhq/bulwark/report"
	"github.com/spf13/cobra"
)

// writer renders one output: the text format with --quiet and, on
// standard output only, colour.
func (o *outputFlags) writer(cmd *cobra.Command, out report.Output) report.Writer {
	if out.Format != "text" {
		return report.Formats[out.Format]
	}
	toStdout := out.Path == "" || out.Path == "-"
	return report.TextWriter(report.TextOptions{Quiet: o.quiet, Color: toStdout && o.colored(cmd.OutOrStdout())})
}

// colored decides colour for standard output w: --no-color or
// --color=never, then --color=always, then NO_COLOR (set and not empty:
// no colour, https://no-color.org), then FORCE_COLOR (set, not "0" or
// "false": colour), then whether w is a terminal (and TERM is not
// "dumb"). A pipe or a file gets no colour unless asked for explicitly.
func (o *outputFlags) colored(w io.Writer) bool {
	switch {
	case o.noColor || o.color == "never":
		return false
	case o.color == "always":
		return true
	case os.Getenv("NO_COLOR") != "":
		return false
	}
	if v := os.Getenv("FORCE_COLOR"); v != "" && v != "0" && v != "false" {
		return true
	}
	return os.Getenv("TERM") != "dumb" && isTerminal(w)
}

// isTerminal reports whether w is a character device (a terminal; also
// /dev/null, where colour does no harm).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
