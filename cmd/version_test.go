package cmd

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDescribeVersion(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i+1 < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	tests := []struct {
		name                  string
		version, commit, date string
		info                  *debug.BuildInfo
		want                  string
	}{
		{"no build information", devVersion, "", "", nil, devVersion},
		{"go install @v1.2.3 reports the module version", devVersion, "", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{"a checkout build reports its commit and time", devVersion, "", "",
			&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs.revision", "0123456789abcdef0123", "vcs.time", "2026-12-04T10:00:00Z")},
			devVersion + " (commit 0123456789ab, built 2026-12-04T10:00:00Z)"},
		{"uncommitted changes are marked", devVersion, "", "",
			&debug.BuildInfo{Settings: vcs("vcs.revision", "abc", "vcs.modified", "true")}, devVersion + " (commit abc-dirty)"},
		{"ldflags win over build information", "1.0.0", "fedcba", "2026-12-01",
			&debug.BuildInfo{Main: debug.Module{Version: "v9.9.9"}, Settings: vcs("vcs.revision", "abc", "vcs.time", "x")},
			"1.0.0 (commit fedcba, built 2026-12-01)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, describeVersion(tc.version, tc.commit, tc.date, tc.info))
		})
	}
}

func TestVersionFlagIsLongOnly(t *testing.T) {
	code, out, _ := run(t, "--version")
	assert.Equal(t, ExitOK, code)
	assert.Contains(t, out, "bulwark version ")
	code, _, stderr := run(t, "-v")
	assert.Equal(t, ExitError, code, "-v is --verbose on the commands, never the version")
	assert.Contains(t, stderr, "unknown shorthand flag: 'v'")
}
