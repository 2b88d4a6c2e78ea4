package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConfigPathsStayInsideItsFolder: a .bulwark.yaml found in a pull
// request names rule folders, a baseline and an ADR folder; none may reach
// outside the config's folder.
func TestConfigPathsStayInsideItsFolder(t *testing.T) {
	outside := t.TempDir()
	repo := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(repo, "policy"), 0o755))
	require.NoError(t, os.Symlink(outside, filepath.Join(repo, "sneaky")))
	require.NoError(t, os.Symlink("/etc/passwd", filepath.Join(repo, "base.json")))
	tests := []struct {
		name, config, want string
	}{
		{"a rule folder inside", "rules: [policy/]\n", ""},
		{"the folder itself", "rules: [.]\n", ""},
		{"a baseline and ADR folder inside", "baseline: bulwark-baseline.json\nadr_dir: docs/adr\n", ""},
		{"an absolute rule folder", "rules: [/tmp/evil]\n", `rules[0] "/tmp/evil" is absolute`},
		{"climbing out", "rules: [../../elsewhere]\n", `rules[0] "../../elsewhere" leaves the folder`},
		{"climbing out after going in", "baseline: policy/../../x.json\n", `baseline "policy/../../x.json" leaves the folder`},
		{"an absolute baseline", "baseline: /etc/shadow\n", `baseline "/etc/shadow" is absolute`},
		{"an ADR folder outside", "adr_dir: ../adr\n", `adr_dir "../adr" leaves the folder`},
		{"a linked folder that leads out", "rules: [sneaky]\n", `rules[0] "sneaky" leads outside the folder through a symbolic link`},
		{"a linked baseline that leads out", "baseline: base.json\n", `baseline "base.json" leads outside`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(repo, ".bulwark.yaml")
			require.NoError(t, os.WriteFile(p, []byte(tc.config), 0o644))
			_, err := Load(p)
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), p, "the error names the config file")
		})
	}
}
