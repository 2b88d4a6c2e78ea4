package cmd

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Goldens must not depend on the CI the tests run in.
func init() { ciEnv = func(string) string { return "" } }

// TestMarkdownLinksFromCIEnvironment: in a GitLab job the comment links
// each finding to the file at the job's commit.
func TestMarkdownLinksFromCIEnvironment(t *testing.T) {
	saved := ciEnv
	t.Cleanup(func() { ciEnv = saved })
	env := map[string]string{"GITLAB_CI": "true", "CI_PROJECT_URL": "https://gitlab.example/ops/stacks",
		"CI_COMMIT_SHA": strings.Repeat("ab", 20)}
	ciEnv = func(k string) string { return env[k] }
	dir := t.TempDir()
	writeFile(t, dir, "stack.yaml", "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      MultiAZ: false\n")
	t.Chdir(dir)
	_, out, _ := run(t, "scan", "--format", "markdown", ".")
	assert.Contains(t, out, "](https://gitlab.example/ops/stacks/-/blob/"+strings.Repeat("ab", 20)+"/stack.yaml#L")

	env["CI_COMMIT_SHA"] = "not-a-sha"
	_, out, _ = run(t, "scan", "--format", "markdown", filepath.Join(dir, "stack.yaml"))
	assert.NotContains(t, out, "](https://", "an invalid commit gives no links")
}
