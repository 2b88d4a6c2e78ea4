package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigSettings(t *testing.T) {
	tests := []struct {
		name, src string
		want      map[string]any
		err       string
	}{
		{"absent", "fail_on: high\n", map[string]any{"concurrency_every_function": false}, ""},
		{"set", "settings:\n  concurrency_every_function: true\n", map[string]any{"concurrency_every_function": true}, ""},
		{"unknown key is named", "settings:\n  concurrency_every_fn: true\n", nil, `.bulwark.yaml:2: unknown key "concurrency_every_fn"`},
		{"wrong type", "settings: {concurrency_every_function: often}\n", nil, "cannot unmarshal"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(writeConfig(t, t.TempDir(), tc.src))
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, c.Settings.RuleSettings())
		})
	}
}
