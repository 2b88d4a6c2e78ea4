package config

import (
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeConfig(t *testing.T, dir, src string) string {
	t.Helper()
	p := filepath.Join(dir, ".bulwark.yaml")
	require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
	return p
}

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	p := writeConfig(t, dir, `fail_on: medium
rules: [policy]
disabled: [BW-PITR-001]
severity: {BW-MULTI-AZ-001: critical}
tier: 3
tiers:
  1: {rpo: 30s, rto: 2m}
parameters: {Env: prod, Count: 3}
account_concurrency: 3000
baseline: bulwark-baseline.json
suppressions:
  - rule: BW-PITR-001
    resource: "Dev*"
    reason: dev tables are rebuilt from fixtures
    adr: ADR-0003
    expires: 2027-01-31
`)
	c, err := Load(p)
	require.NoError(t, err)
	assert.Equal(t, "medium", c.FailOn)
	assert.Equal(t, filepath.Join(dir, "policy"), c.Resolve(c.Rules[0]))
	assert.Equal(t, map[string]string{"Env": "prod", "Count": "3"}, c.Parameters)
	assert.Equal(t, 3000, c.AccountConcurrency)
	require.Len(t, c.Suppressions, 1)
	assert.Equal(t, 12, c.Suppressions[0].Line)
	assert.Equal(t, "2027-01-31", c.Suppressions[0].Expires)
	tiers := c.TierTable()
	assert.Equal(t, int64(30), tiers[1].RPOSeconds)
	assert.Equal(t, int64(120), tiers[1].RTOSeconds)
	assert.Equal(t, estimate.DefaultTiers[3], tiers[3], "tiers not overridden keep their defaults")
}

func TestBadConfigIsAClearError(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown keys are named with lines", "fail_on: high\nfailon: low\nsupressions: []\n", `.bulwark.yaml:2: unknown key "failon"`},
		{"second unknown key too", "fail_on: high\nfailon: low\nsupressions: []\n", `.bulwark.yaml:3: unknown key "supressions"`},
		{"unknown key in a suppression", "suppressions:\n  - rule: X\n    reson: typo\n", `.bulwark.yaml:3: unknown key "reson"`},
		{"bad fail_on", "fail_on: severe\n", `fail_on "severe" is not one of`},
		{"bad severity override", "severity: {BW-PITR-001: urgent}\n", `"urgent" is not one of`},
		{"bad tier", "tier: 9\n", "tier 9"},
		{"bad duration", "tiers: {2: {rpo: soon}}\n", `tiers.2.rpo: "soon" is not a duration`},
		{"bad expiry", "suppressions:\n  - {rule: X, reason: r, expires: someday}\n", `expires "someday"`},
		{"bad file glob", "suppressions:\n  - {rule: X, reason: r}\n  - {rule: X, reason: r, file: \"infra/[dev/**\"}\n", `suppressions (line 3): file glob "infra/[dev/**" is not a valid pattern`},
		{"bad file alternatives", "suppressions:\n  - {rule: X, reason: r, file: \"infra/{dev,test/**\"}\n", `suppressions (line 2): file glob`},
		{"bad resource glob", "suppressions:\n  - {rule: X, reason: r, resource: \"Dev[\"}\n", `suppressions (line 2): resource glob "Dev["`},
		{"syntax error", "fail_on: [high\n", ".bulwark.yaml"},
		{"wrong type", "disabled: {a: b}\n", "cannot unmarshal"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeConfig(t, t.TempDir(), tc.src)
			_, err := Load(p)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestEmptyConfigIsValid(t *testing.T) {
	c, err := Load(writeConfig(t, t.TempDir(), ""))
	require.NoError(t, err)
	assert.Empty(t, c.FailOn)
}

func TestFindConfigUpward(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "repo", ".git"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "repo", "infra", "app"), 0o755))
	tmpl := filepath.Join(root, "repo", "infra", "app", "stack.yaml")
	require.NoError(t, os.WriteFile(tmpl, []byte("Resources: {}"), 0o644))
	assert.Empty(t, Find(tmpl), "no config up to the git root")
	// A config above the git root is not picked up.
	writeConfig(t, root, "")
	assert.Empty(t, Find(tmpl))
	want := writeConfig(t, filepath.Join(root, "repo"), "")
	assert.Equal(t, want, Find(tmpl), "from a file")
	assert.Equal(t, want, Find(filepath.Join(root, "repo", "infra")), "from a folder")
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]int64{"30s": 30, "5m": 300, "4h": 14400, "7d": 604800, "1.5d": 129600, "": 0, "1h30m": 5400} {
		got, err := ParseDuration(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"soon", "-1h", "5 minutes", "xd"} {
		_, err := ParseDuration(bad)
		assert.Error(t, err, bad)
	}
}

func TestEvalTimeoutConfig(t *testing.T) {
	tests := []struct {
		name, src string
		want      time.Duration
		err       string
	}{
		{"go duration", "eval_timeout: 1m30s\n", 90 * time.Second, ""},
		{"milliseconds", "fail_on: high\neval_timeout: 500ms\n", 500 * time.Millisecond, ""},
		{"absent: the default applies", "fail_on: high\n", 0, ""},
		{"not a duration", "fail_on: high\neval_timeout: soon\n", 0, `.bulwark.yaml: line 2: eval_timeout "soon" is not a positive duration`},
		{"days are not Go durations", "eval_timeout: 1d\n", 0, `line 1: eval_timeout "1d"`},
		{"zero", "eval_timeout: 0s\n", 0, `line 1: eval_timeout "0s" is not a positive duration`},
		{"negative", "\n\neval_timeout: -5s\n", 0, `line 3: eval_timeout "-5s"`},
		{"a list", "eval_timeout: [10s]\n", 0, `line 1: eval_timeout`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse(".bulwark.yaml", []byte(tc.src))
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, time.Duration(c.EvalTimeout))
		})
	}
}

// TestConfigConstructGlobIsChecked: a construct glob that is no pattern is
// a config error naming its line, like the resource and file globs.
func TestConfigConstructGlobIsChecked(t *testing.T) {
	p := writeConfig(t, t.TempDir(), "suppressions:\n  - {rule: BW-PITR-001, reason: r, construct: \"MyStack/[Orders/**\"}\n")
	_, err := Load(p)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `suppressions (line 2): construct glob "MyStack/[Orders/**" is not a valid pattern`)

	p = writeConfig(t, t.TempDir(), "suppressions:\n  - {rule: BW-PITR-001, reason: r, construct: \"MyStack/Orders/**\"}\n")
	c, err := Load(p)
	require.NoError(t, err)
	assert.Equal(t, "MyStack/Orders/**", c.Suppressions[0].Construct)
}
