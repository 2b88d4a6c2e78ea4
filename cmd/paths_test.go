package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pathTree writes a folder whose every template has a finding, and
// returns it.
func pathTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	const table = "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n"
	for _, p := range []string{"app.yaml", "tests/t.yaml", "sub/tests/u.yaml", "sub/w.yaml", "node_modules/pkg/n.yaml", "vendor/v.yaml"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755))
		writeFile(t, dir, p, table)
	}
	return dir
}

// scannedFiles returns the files of a JSON report's findings, relative
// to dir and slash-separated.
func scannedFiles(t *testing.T, dir, stdout string) []string {
	t.Helper()
	var rep struct {
		Findings []struct {
			File string `json:"file"`
		} `json:"findings"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep), stdout)
	var files []string
	for _, f := range rep.Findings {
		rel, err := filepath.Rel(dir, f.File)
		require.NoError(t, err)
		if rel = filepath.ToSlash(rel); !slices.Contains(files, rel) {
			files = append(files, rel)
		}
	}
	slices.Sort(files)
	return files
}

func TestPathExclusion(t *testing.T) {
	dir := pathTree(t)
	configDir := filepath.Join(dir, "cfg")
	require.NoError(t, os.MkdirAll(configDir, 0o755))
	excludeSub := writeFile(t, dir, ".bulwark.yaml", "exclude: ['sub/tests/**', w.yaml]\n")
	noSkips := writeFile(t, configDir, "noskips.yaml", "no_default_skips: true\n")
	badExclude := writeFile(t, configDir, "bad.yaml", "exclude: ['[']\n")
	all := []string{"app.yaml", "sub/tests/u.yaml", "sub/w.yaml", "tests/t.yaml"}
	cases := []struct {
		name   string
		args   []string
		files  []string
		code   int
		stderr string
	}{
		{"default skips", []string{dir, "--no-config"}, all, 1, ""},
		{"a name at any depth", []string{dir, "--no-config", "--skip-path", "tests"}, []string{"app.yaml", "sub/w.yaml"}, 1, ""},
		{"relative to the PATH", []string{dir, "--no-config", "--skip-path", "tests/**"}, []string{"app.yaml", "sub/tests/u.yaml", "sub/w.yaml"}, 1, ""},
		{"leading ./", []string{dir, "--no-config", "--skip-path", "./sub/**"}, []string{"app.yaml", "tests/t.yaml"}, 1, ""},
		{"doublestar", []string{dir, "--no-config", "--skip-path", "**/{u,t}.yaml"}, []string{"app.yaml", "sub/w.yaml"}, 1, ""},
		{"repeatable", []string{dir, "--no-config", "--skip-path", "tests", "--skip-path", "sub"}, []string{"app.yaml"}, 1, ""},
		{"--no-default-skips", []string{dir, "--no-config", "--no-default-skips"}, []string{"app.yaml", "node_modules/pkg/n.yaml", "sub/tests/u.yaml", "sub/w.yaml", "tests/t.yaml", "vendor/v.yaml"}, 1, ""},
		{"config exclude, relative to its folder", []string{filepath.Join(dir, "sub"), "--config", excludeSub}, nil, 0, "no CloudFormation template found"},
		{"config exclude and --skip-path add up", []string{dir, "--config", excludeSub, "--skip-path", "app.yaml"}, []string{"tests/t.yaml"}, 1, ""},
		{"config no_default_skips", []string{dir, "--config", noSkips, "--skip-path", "tests", "--skip-path", "sub"}, []string{"app.yaml", "node_modules/pkg/n.yaml", "vendor/v.yaml"}, 1, ""},
		{"named file in a default-skipped folder is read", []string{filepath.Join(dir, "vendor", "v.yaml"), "--no-config"}, []string{"vendor/v.yaml"}, 1, ""},
		{"named file excluded by a pattern", []string{filepath.Join(dir, "tests", "t.yaml"), filepath.Join(dir, "app.yaml"), "--no-config", "--skip-path", "t.yaml"}, []string{"app.yaml"}, 1, ""},
		{"named folder excluded by a pattern", []string{filepath.Join(dir, "tests"), filepath.Join(dir, "app.yaml"), "--no-config", "--skip-path", "**/tests"}, []string{"app.yaml"}, 1, ""},
		{"invalid --skip-path", []string{dir, "--no-config", "--skip-path", "a/{b"}, nil, 2, `--skip-path "a/{b": not a valid pattern`},
		{"empty --skip-path", []string{dir, "--no-config", "--skip-path", ""}, nil, 2, `--skip-path "": not a valid pattern`},
		{"invalid exclude", []string{dir, "--config", badExclude}, nil, 2, `exclude "[" is not a valid pattern`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, append([]string{"scan", "-f", "json"}, tc.args...)...)
			require.Equal(t, tc.code, code, stderr)
			if tc.stderr != "" {
				assert.Contains(t, stderr, tc.stderr)
			}
			if code == 2 {
				return
			}
			assert.Equal(t, tc.files, scannedFiles(t, dir, stdout))
		})
	}
}

func TestExcludedPathsAreListedWhenVerbose(t *testing.T) {
	dir := pathTree(t)
	code, _, stderr := run(t, "scan", dir, "--no-config", "-v", "--skip-path", "tests", "-f", "json")
	require.Equal(t, 1, code, stderr)
	assert.Contains(t, stderr, "excluded: "+filepath.Join(dir, "tests")+"\n")
	assert.Contains(t, stderr, "excluded: "+filepath.Join(dir, "sub", "tests")+"\n")
	assert.NotContains(t, stderr, "excluded: "+filepath.Join(dir, "node_modules"), "default skips are not listed as excluded")
}
