package cmd

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpusFromRoot is the shared real-world corpus as seen from the repository
// root (TestMain runs the command tests from there).
const corpusFromRoot = "../shared/corpus/aws-cloudformation-templates"

// generatedAt is the one field of the JSON report that depends on the clock.
var generatedAt = regexp.MustCompile(`(?m)^  "generated_at": "[^"]*",\n`)

// TestPipelineJSONUnchanged holds the JSON report of whole runs (scan of the
// examples, the tier fixtures and the shared corpus, and the audit of the
// emulated account) to golden files: restructuring the pipeline must not
// change one byte of what users get. Regenerate with -update only for a
// change that is meant to alter results, and review the diff.
func TestPipelineJSONUnchanged(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		needs  string // a folder that must exist for the case to mean anything
		golden string
	}{
		{"examples", []string{"scan", "--fail-on", "none", "-f", "json", examples}, "", "examples.json"},
		{"examples strict", []string{"scan", "--strict", "--fail-on", "none", "-f", "json", examples}, "", "examples-strict.json"},
		{"tiers", []string{"scan", "--fail-on", "none", "-f", "json", "testdata/tiers"}, "", "tiers.json"},
		{"corpus", []string{"scan", "--fail-on", "none", "-f", "json", corpusFromRoot}, corpusFromRoot, "corpus.json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.needs != "" {
				if _, err := os.Stat(tc.needs); err != nil {
					t.Skipf("%s is not here (the shared corpus sits beside the repository)", tc.needs)
				}
			}
			_, stdout, stderr := run(t, tc.args...)
			assertGolden(t, tc.golden, stdout, stderr)
		})
	}
	t.Run("audit", func(t *testing.T) {
		// The emulator is one per process and other tests seed it too: the
		// audit runs in a child process that has it to itself.
		child := exec.Command(os.Args[0], "-test.run", "^TestAuditGoldenChild$", "-test.count", "1")
		child.Env = append(os.Environ(), auditGoldenChild+"=1")
		child.Dir = "cmd" // the package folder: the child's TestMain moves up to the root, as this one did
		out, err := child.Output()
		require.NoError(t, err, "child: %s", out)
		start := strings.Index(string(out), "{\n")
		end := strings.LastIndex(string(out), "\n}\n")
		require.True(t, start >= 0 && end > start, "no JSON report in the child's output: %s", out)
		assertGolden(t, "audit.json", string(out[start:end+3]), "")
	})
}

// auditGoldenChild marks the child process of TestPipelineJSONUnchanged/audit.
const auditGoldenChild = "BULWARK_AUDIT_GOLDEN_CHILD"

// TestAuditGoldenChild is the audit of TestPipelineJSONUnchanged, run in a
// process of its own; outside that child it has nothing to do.
func TestAuditGoldenChild(t *testing.T) {
	if os.Getenv(auditGoldenChild) == "" {
		return
	}
	fakeCredentials(t)
	front := livetest.New()
	defer front.Close()
	_, err := livetest.Seed(context.Background(), front, "golden", filepath.Join("testdata", "examples", "orders-service.yaml"))
	require.NoError(t, err)
	front.Reset()
	stdout, stderr, _ := execAudit(t, "audit", "--endpoint-url", front.URL, "--regions", "us-east-1,us-west-2",
		"--format", "json", "--no-config")
	require.NotEmpty(t, stdout, "stderr: %s", stderr)
	os.Stdout.WriteString(stdout)
}

func assertGolden(t *testing.T, name, stdout, stderr string) {
	t.Helper()
	require.NotEmpty(t, stdout, "stderr: %s", stderr)
	got := generatedAt.ReplaceAllString(stdout, "")
	path := filepath.Join("testdata", "golden", "pipeline", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cmd -run TestPipelineJSONUnchanged -update to create it")
	assert.Equal(t, string(want), got, "%s changed", path)
}
