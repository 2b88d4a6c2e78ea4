package adr

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

const goldenDir = "../testdata/golden/adr"

func fixedNow() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) }

// golden compares got with testdata/golden/adr/name, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	if *update {
		require.NoError(t, os.MkdirAll(goldenDir, 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./adr -update to create it")
	assert.Equal(t, string(want), got)
}

// initDir makes an initialised ADR folder in a temp dir.
func initDir(t *testing.T) (string, Options) {
	t.Helper()
	o := Options{Dir: filepath.Join(t.TempDir(), "docs", "adr"), Now: fixedNow}
	_, err := Init(o)
	require.NoError(t, err)
	return o.Dir, o
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func TestSlug(t *testing.T) {
	tests := []struct {
		title, want, err string
	}{
		{"Use DynamoDB for user data", "use-dynamodb-for-user-data", ""},
		{"  Record   architecture decisions  ", "record-architecture-decisions", ""},
		{"Team's RPO/RTO targets (tier 1)", "teams-rpo-rto-targets-tier-1", ""},
		{"../../etc/passwd", "etc-passwd", ""},
		{`..\..\windows\system32`, "windows-system32", ""},
		{"BW-PITR-001 — DynamoDB", "bw-pitr-001-dynamodb", ""},
		{"Café au lait", "café-au-lait", ""},
		{"Cafe\u0301 (decomposed)", "cafe\u0301-decomposed", ""},
		{"日本語", "日本語", ""},
		{"ÉCOLE Ünd Straße", "école-ünd-straße", ""},
		{"हिन्दी नाम", "हिन्दी-नाम", ""},
		{"Use `x` *now* [a](b) <i> #1 | y", "use-x-now-a-b-i-1-y", ""},
		{"a\u202eb\u2066c\x1bd", "a-b-c-d", ""},
		{".hidden", "hidden", ""},
		{strings.Repeat("日本", 40), strings.Repeat("日本", 10), ""},
		{strings.Repeat("word ", 30), "word-word-word-word-word-word-word-word-word-word-word-word", ""},
		{strings.Repeat("x", 80), strings.Repeat("x", MaxSlugLen), ""},
		{"", "", "no letters or digits"},
		{"   ", "", "no letters or digits"},
		{"..", "", "no letters or digits"},
		{"/", "", "no letters or digits"},
		{"\u202e\u200f", "", "no letters or digits"},
	}
	for _, tc := range tests {
		t.Run(tc.title, func(t *testing.T) {
			got, err := Slug(tc.title)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.LessOrEqual(t, len(got), MaxSlugLen, "bytes")
			assert.Regexp(t, `^[\p{Ll}\p{Lo}\p{Lm}\p{Nd}\p{No}\p{Nl}][\p{Ll}\p{Lo}\p{Lm}\p{M}\p{N}]*(-[\p{Ll}\p{Lo}\p{Lm}\p{N}][\p{Ll}\p{Lo}\p{Lm}\p{M}\p{N}]*)*$`, got)
			assert.True(t, validSlug(got))
		})
	}
}

func TestParseID(t *testing.T) {
	tests := []struct {
		in   string
		want int
		err  bool
	}{
		{"7", 7, false},
		{"0007", 7, false},
		{"ADR-0007", 7, false},
		{"adr-12", 12, false},
		{"ADR0003", 3, false},
		{"0", 0, true},
		{"ADR-", 0, true},
		{"12345", 0, true},
		{"../0001", 0, true},
		{"7.md", 0, true},
		{"-1", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseID(tc.in)
			if tc.err {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestCheckTitle(t *testing.T) {
	for _, title := range []string{"", "  ", "two\nlines", "tab\there", "!!!"} {
		assert.Error(t, checkTitle(title), "%q", title)
	}
	assert.NoError(t, checkTitle("Use SQS between orders and billing"))
}

func TestStatus(t *testing.T) {
	dir, o := initDir(t)
	_, err := New(o, "Second")
	require.NoError(t, err)
	tests := []struct {
		id     string
		status string
		exists bool
	}{
		{"ADR-0001", StatusAccepted, true},
		{"1", StatusAccepted, true},
		{"ADR-0002", StatusProposed, true},
		{"ADR-0003", "", false},
		{"ADR-xyz", "", false},
		{"../../0001", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			status, exists := Status(dir, tc.id)
			assert.Equal(t, tc.status, status)
			assert.Equal(t, tc.exists, exists)
		})
	}
	status, exists := Status(filepath.Join(dir, "nope"), "ADR-0001")
	assert.False(t, exists)
	assert.Empty(t, status)
}
