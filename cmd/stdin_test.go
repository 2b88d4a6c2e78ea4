package cmd

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runStdin(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = execute(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

const stdinTable = "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n"

func TestScanStandardInput(t *testing.T) {
	cases := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{"default name", stdinTable, []string{"-"}, 1, []string{"<stdin>:2:3: HIGH     BW-PITR-001 T", "\n<stdin>   -"}, ""},
		{"--stdin-filename", stdinTable, []string{"-", "--stdin-filename", "infra/orders.yaml"}, 1,
			[]string{"infra/orders.yaml:2:3: HIGH     BW-PITR-001 T", "\norders    -"}, ""},
		{"hostile --stdin-filename is escaped", stdinTable, []string{"-", "--stdin-filename", "a\x1b[2J\r\n::error::b.yaml"}, 1,
			[]string{`a\x1b[2J\r\n::error::b.yaml:2:3: HIGH`}, ""},
		{"with other paths", stdinTable, []string{"-", "testdata/examples/exceptions.yaml"}, 1,
			[]string{"<stdin>:2:3", "testdata/examples/exceptions.yaml:26:5"}, ""},
		{"stands for the file of its name", stdinTable, []string{"-", "testdata/examples/exceptions.yaml", "--stdin-filename", "testdata/examples/exceptions.yaml"}, 1,
			[]string{"1 template, 1 resource:"}, ""},
		{"not a template", "hello: world\n", []string{"-"}, 0, []string{"0 templates"}, "no CloudFormation template found"},
		{"binary", "Resources:\x00", []string{"-"}, 2, []string{"<stdin>:1: error: binary content"}, ""},
		{"too large", stdinTable, []string{"-", "--max-file-size", "10"}, 2, nil, "standard input: more than the 10-byte limit (--max-file-size)"},
		{"twice", stdinTable, []string{"-", "-"}, 2, nil, "- (standard input) is given 2 times"},
		{"--stdin-filename without -", stdinTable, []string{"testdata/examples/exceptions.yaml", "--stdin-filename", "x.yaml"}, 2, nil, "give - as a PATH"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runStdin(t, tc.stdin, append([]string{"scan", "--no-config"}, tc.args...)...)
			require.Equal(t, tc.code, code, stderr)
			for _, s := range tc.stdout {
				assert.Contains(t, stdout, s)
			}
			assert.NotContains(t, stdout, "\x1b", "no raw escape from the name")
			assert.NotContains(t, stdout, "\r")
			if tc.stderr != "" {
				assert.Contains(t, stderr, tc.stderr)
			}
		})
	}
}

// TestStandardInputNameInJSON: the name is the finding's file and names
// the workload; the config is found from where that file would be.
func TestStandardInputNameInJSON(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ".bulwark.yaml", "skip_rules: [BW-TIER-*]\nfail_on: critical\n")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "infra"), 0o755))
	name := filepath.Join(dir, "infra", "orders.yaml")
	code, stdout, stderr := runStdin(t, stdinTable, "scan", "-", "--stdin-filename", name, "-f", "json")
	require.Equal(t, 0, code, stderr) // fail_on: critical from the config found upward from the name
	var rep struct {
		Findings []struct {
			File   string `json:"file"`
			RuleID string `json:"rule_id"`
		} `json:"findings"`
		Workloads []struct {
			Name string `json:"name"`
		} `json:"workloads"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	require.NotEmpty(t, rep.Findings)
	assert.Equal(t, name, rep.Findings[0].File)
	require.Len(t, rep.Workloads, 1)
	assert.Equal(t, "orders", rep.Workloads[0].Name)
}
