package cmd

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
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
		fakeCredentials(t)
		front := livetest.New()
		defer front.Close()
		_, err := livetest.Seed(context.Background(), front, "golden", filepath.Join("testdata", "examples", "orders-service.yaml"))
		require.NoError(t, err)
		front.Reset()
		stdout, stderr, _ := execAudit(t, "audit", "--endpoint-url", front.URL, "--regions", "us-east-1,us-west-2",
			"--format", "json", "--no-config")
		assertGolden(t, "audit.json", stdout, stderr)
	})
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
