package scanners

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExcludedFolderIsNotWalked: a folder a pattern matches is left out
// whole (reported once), not walked file by file.
func TestExcludedFolderIsNotWalked(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a.yaml", "gen/x.yaml", "gen/deep/y.yaml", "src/gen.yaml"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, p), []byte("Resources: {}\n"), 0o644))
	}
	cases := []struct {
		name     string
		opts     DiscoverOptions
		files    []string
		excluded []string
	}{
		{"folder by name", DiscoverOptions{Skip: []string{"gen"}}, []string{"a.yaml", "src/gen.yaml"}, []string{"gen"}},
		{"folder by path with **", DiscoverOptions{Skip: []string{"gen/**"}}, []string{"a.yaml", "src/gen.yaml"}, []string{"gen"}},
		{"file by name", DiscoverOptions{Skip: []string{"gen.yaml"}}, []string{"a.yaml", "gen/deep/y.yaml", "gen/x.yaml"}, []string{"src/gen.yaml"}},
		{"config base", DiscoverOptions{Exclude: []string{"*/deep"}, ExcludeBase: dir}, []string{"a.yaml", "gen/x.yaml", "src/gen.yaml"}, []string{"gen/deep"}},
		{"config base elsewhere: only names", DiscoverOptions{Exclude: []string{"gen/**", "a.yaml"}, ExcludeBase: filepath.Join(dir, "src")}, []string{"gen/deep/y.yaml", "gen/x.yaml", "src/gen.yaml"}, []string{"a.yaml"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var excluded []string
			tc.opts.Excluded = func(p string) {
				rel, err := filepath.Rel(dir, p)
				require.NoError(t, err)
				excluded = append(excluded, filepath.ToSlash(rel))
			}
			files, diags := Discover([]string{dir}, tc.opts)
			require.Empty(t, diags)
			var rel []string
			for _, f := range files {
				r, err := filepath.Rel(dir, f)
				require.NoError(t, err)
				rel = append(rel, filepath.ToSlash(r))
			}
			assert.Equal(t, tc.files, rel)
			assert.Equal(t, tc.excluded, excluded)
		})
	}
}
