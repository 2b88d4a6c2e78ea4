// Package cmd holds bulwark's command line: thin cobra commands that wire
// the loaders, the rule engine and the reporters together.
package cmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"

	"github.com/bulwarkhq/bulwark/scanners/inert"
	"github.com/spf13/cobra"
)

// Version is set at build time with -ldflags "-X github.com/bulwarkhq/bulwark/cmd.Version=...".
var Version = devVersion

// Exit codes, documented in the README.
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitError    = 2
)

// Errors map to exit codes in one place, Execute: a command returns an
// *exitError only to choose a code other than 2 (1 for findings at or above
// --fail-on) or to exit without another message (a nil err: the command
// already said what it had to); any other error is printed and is exit 2.
//
// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func usageErr(format string, args ...any) error {
	return fmt.Errorf(format, args...)
}

// NewRoot builds the command tree.
func NewRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "bulwark",
		Short: "Architecture governance for AWS: reliability policy for CloudFormation/SAM templates",
		Long: "bulwark checks CloudFormation and SAM templates against reliability policy\n" +
			"(multi-AZ, point-in-time recovery, backups, concurrency, health checks)\n" +
			"written in Rego, and explains every finding with its file and line.",
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	// A hidden profiling hook: `--cpuprofile FILE` writes a pprof CPU
	// profile of the whole command (see scripts/bench.sh and the README).
	var cpuprofile string
	var stopProfile func()
	root.PersistentFlags().StringVar(&cpuprofile, "cpuprofile", "", "write a CPU profile to FILE")
	_ = root.PersistentFlags().MarkHidden("cpuprofile")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if cpuprofile == "" {
			return nil
		}
		f, err := os.Create(cpuprofile)
		if err != nil {
			return usageErr("--cpuprofile: %v", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return usageErr("--cpuprofile: %v", err)
		}
		stopProfile = func() { pprof.StopCPUProfile(); f.Close() }
		return nil
	}
	cobra.OnFinalize(func() {
		if stopProfile != nil {
			stopProfile()
			stopProfile = nil
		}
	})
	// --version only: -v is --verbose on every command that has it.
	root.Flags().Bool("version", false, "print bulwark's version, commit and build date")
	root.AddCommand(newScanCmd(), newRulesCmd(), newBaselineCmd(), newADRCmd(), newReportCmd(), newAuditCmd())
	return root
}

// Execute runs the command line and returns the process exit code.
func Execute(args []string, stdout, stderr io.Writer) int {
	return execute(args, os.Stdin, stdout, stderr)
}

// execute is Execute reading standard input from stdin (tests).
func execute(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := NewRoot()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "bulwark:", inert.String(ee.err.Error())) // errors quote file names
		}
		return ee.code
	}
	// cobra's own errors: unknown command or flag, wrong arguments.
	fmt.Fprintln(stderr, "bulwark:", inert.String(err.Error()))
	return ExitError
}

// Main is what main.go calls.
func Main() {
	// A scan allocates many short-lived values per template and keeps
	// little: collecting a quarter as often as Go's default buys
	// throughput (measured on 298 and 2,980 templates: 10-15%), and the
	// soft memory limit makes the collector work harder only when the heap
	// nears 90 MiB, which keeps peak RSS near 125 MB at 2,980 templates;
	// the limit rises with a larger live heap (see followLiveHeap).
	// Not collecting at all below the limit measured no faster: the heap
	// then grows into fresh pages, and first touching them costs as much
	// as the collections it saves. GOGC and GOMEMLIMIT, when set, still win.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		followLiveHeap(90 << 20)
	}
	os.Exit(Execute(os.Args[1:], os.Stdout, os.Stderr))
}
