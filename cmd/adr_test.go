package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/spf13/cobra"
)

// adrRoot is the command tree with the adr command, whether or not
// NewRoot registers it yet.
func adrRoot() *cobra.Command {
	root := NewRoot()
	for _, c := range root.Commands() {
		if c.Name() == "adr" {
			return root
		}
	}
	root.AddCommand(newADRCmd())
	return root
}

// runADR runs a command line like Execute does, on adrRoot.
func runADR(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	root := adrRoot()
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errb)
	err := root.Execute()
	switch {
	case err == nil:
		code = ExitOK
	default:
		var ee *exitError
		if errors.As(err, &ee) {
			if ee.err != nil {
				fmt.Fprintln(&errb, "bulwark:", ee.err)
			}
			code = ee.code
		} else {
			fmt.Fprintln(&errb, "bulwark:", err)
			code = ExitError
		}
	}
	return code, out.String(), errb.String()
}

func TestADRScratch(t *testing.T) {
	dir := t.TempDir() + "/adr"
	for _, args := range [][]string{
		{"adr", "init", dir},
		{"adr", "new", "--dir", dir, "Use DynamoDB global tables", "--deciders", "alice,bob"},
		{"adr", "list", "--dir", dir},
		{"adr", "supersede", "--dir", dir, "2", "Use Aurora global database"},
		{"adr", "new", "--dir", dir, "Another one"},
		{"adr", "supersede", "--dir", dir, "1", "--by", "4"},
		{"adr", "list", "--dir", dir, "-f", "json"},
		{"adr", "lint", dir},
		{"adr", "draft", "--from-findings", "--dir", dir, "testdata/examples"},
		{"adr", "show", "--dir", dir, "13"},
		{"adr", "show", "--dir", dir, "7"},
	} {
		code, out, errs := runADR(t, args...)
		t.Logf("$ %v\n-> %d\n%s\n%s", args, code, out, errs)
	}
	b, _ := os.ReadFile(dir + "/README.md")
	t.Log(string(b))
}
