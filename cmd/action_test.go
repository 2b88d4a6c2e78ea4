package cmd

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// asCLI makes the test binary behave as the bulwark command (TestMain).
const asCLI = "BULWARK_TEST_AS_CLI"

// cliShim puts a `bulwark` on a fresh PATH folder that runs this test
// binary as the command line, so scripts can be tested without a build.
func cliShim(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	require.NoError(t, err)
	dir := t.TempDir()
	shim := "#!/bin/sh\n" + asCLI + "=1 exec '" + self + "' \"$@\"\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bulwark"), []byte(shim), 0o755))
	return dir
}

// TestActionScanScript runs the GitHub Action's scan step as a runner
// would: inputs as INPUT_* variables, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT
// files, bulwark on PATH.
func TestActionScanScript(t *testing.T) {
	bin := cliShim(t)
	script, err := filepath.Abs(filepath.Join("scripts", "action-scan.sh"))
	require.NoError(t, err)
	root, err := os.Getwd()
	require.NoError(t, err)
	clean := filepath.Join(t.TempDir(), "clean.yaml")
	require.NoError(t, os.WriteFile(clean, []byte("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n"), 0o644))

	tests := []struct {
		name       string
		inputs     map[string]string
		code       int
		summary    bool // the job summary gets the Markdown comment
		sarif      bool
		extraFile  string
		wantOutput string
	}{
		{"findings fail the step, SARIF and summary written", map[string]string{"INPUT_PATHS": examples}, 1, true, true, "", "exit-code=1"},
		{"fail-on none passes", map[string]string{"INPUT_PATHS": examples, "INPUT_FAIL_ON": "none"}, 0, true, true, "", "exit-code=0"},
		{"clean template passes", map[string]string{"INPUT_PATHS": clean}, 0, true, true, "", "exit-code=0"},
		{"several paths, extra args and formats", map[string]string{
			"INPUT_PATHS": clean + " " + examples + "/orders-service.yaml", "INPUT_ARGS": "--tier 2 --strict",
			"INPUT_FORMATS": "junit=junit.xml"}, 1, true, true, "junit.xml", "exit-code=1"},
		{"no summary, no SARIF", map[string]string{"INPUT_PATHS": clean, "INPUT_SUMMARY": "false", "INPUT_SARIF": ""}, 0, false, false, "", "exit-code=0"},
		{"a bad input is exit 2", map[string]string{"INPUT_PATHS": clean, "INPUT_FAIL_ON": "severe"}, 2, false, true, "", "exit-code=2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			work := t.TempDir()
			summary := filepath.Join(work, "summary.md")
			output := filepath.Join(work, "output")
			cmd := exec.Command("bash", script)
			cmd.Dir = work
			env := []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "HOME=" + work,
				"GITHUB_STEP_SUMMARY=" + summary, "GITHUB_OUTPUT=" + output, "RUNNER_TEMP=" + work, "INPUT_SARIF=bulwark.sarif"}
			for k, v := range tc.inputs {
				if k == "INPUT_PATHS" {
					var abs []string
					for _, p := range strings.Fields(v) {
						if !filepath.IsAbs(p) {
							p = filepath.Join(root, p)
						}
						abs = append(abs, p)
					}
					v = strings.Join(abs, " ")
				}
				env = append(env, k+"="+v)
			}
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tc.code, code, "output: %s", out)
			got, _ := os.ReadFile(output)
			assert.Contains(t, string(got), tc.wantOutput)
			md, _ := os.ReadFile(summary)
			if tc.summary {
				assert.Contains(t, string(md), "bulwark", "the Markdown comment is in the job summary")
			} else {
				assert.Empty(t, md)
			}
			sarif, err := os.ReadFile(filepath.Join(work, "bulwark.sarif"))
			if tc.sarif && tc.code != 2 {
				require.NoError(t, err)
				assert.Contains(t, string(sarif), `"version": "2.1.0"`)
			} else {
				assert.Error(t, err, "no SARIF file")
			}
			if tc.extraFile != "" {
				assert.FileExists(t, filepath.Join(work, tc.extraFile))
			}
			leftovers, _ := filepath.Glob(filepath.Join(work, "bulwark-summary.*"))
			assert.Empty(t, leftovers, "the summary's temp file is removed")
		})
	}
}
