package adr

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copyDir copies the records of a testdata case into a temp folder.
func copyDir(t *testing.T, from string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(from)
	require.NoError(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644))
	}
	return dir
}

const validIndex = "<!-- adr-index:start -->\n" +
	"| ADR | Title | Status | Date |\n" +
	"| --- | --- | --- | --- |\n" +
	"| [ADR-0001](0001-record-architecture-decisions.md) | Record architecture decisions | Accepted | 2026-11-24 |\n" +
	"| [ADR-0002](0002-use-dynamodb-for-orders.md) | Use DynamoDB for orders | Superseded by [ADR-0003](0003-use-dynamodb-global-tables-for-orders.md) | 2026-11-24 |\n" +
	"| [ADR-0003](0003-use-dynamodb-global-tables-for-orders.md) | Use DynamoDB global tables for orders | Accepted | 2026-11-24 |\n" +
	"\n" +
	"```mermaid\n" +
	"flowchart LR\n" +
	"  adr2[\"ADR-0002: Use DynamoDB for orders\"]\n" +
	"  adr3[\"ADR-0003: Use DynamoDB global tables for orders\"]\n" +
	"  adr3 -->|supersedes| adr2\n" +
	"```\n" +
	"<!-- adr-index:end -->"

func TestIndex(t *testing.T) {
	tests := []struct {
		name   string
		readme *string // nil: no README
		want   string
	}{
		{
			name:   "stale table between markers, the rest untouched",
			readme: ptr("# Decisions\n\nIntro.\n\n<!-- adr-index:start -->\n| old | table |\n<!-- adr-index:end -->\n\nFooter *kept*.\n"),
			want:   "# Decisions\n\nIntro.\n\n" + validIndex + "\n\nFooter *kept*.\n",
		},
		{
			name:   "empty markers",
			readme: ptr("<!-- adr-index:start -->\n<!-- adr-index:end -->"),
			want:   validIndex,
		},
		{
			name:   "markers on one line",
			readme: ptr("Top\n<!-- adr-index:start --><!-- adr-index:end -->\n"),
			want:   "Top\n<!-- adr-index:start -->\n" + validIndex[len("<!-- adr-index:start -->\n"):] + "\n",
		},
		{
			name:   "README without markers gets an index appended",
			readme: ptr("# Our decisions\n\nSee below."),
			want:   "# Our decisions\n\nSee below.\n\n## Index\n\n" + validIndex + "\n",
		},
		{
			name:   "CRLF README keeps CRLF",
			readme: ptr("Intro\r\n<!-- adr-index:start -->\r\n<!-- adr-index:end -->\r\n"),
			want: "Intro\r\n<!-- adr-index:start -->\r\n| ADR | Title | Status | Date |\r\n| --- | --- | --- | --- |\r\n" +
				"| [ADR-0001](0001-record-architecture-decisions.md) | Record architecture decisions | Accepted | 2026-11-24 |\r\n" +
				"| [ADR-0002](0002-use-dynamodb-for-orders.md) | Use DynamoDB for orders | Superseded by [ADR-0003](0003-use-dynamodb-global-tables-for-orders.md) | 2026-11-24 |\r\n" +
				"| [ADR-0003](0003-use-dynamodb-global-tables-for-orders.md) | Use DynamoDB global tables for orders | Accepted | 2026-11-24 |\r\n" +
				"\r\n```mermaid\r\nflowchart LR\r\n  adr2[\"ADR-0002: Use DynamoDB for orders\"]\r\n" +
				"  adr3[\"ADR-0003: Use DynamoDB global tables for orders\"]\r\n  adr3 -->|supersedes| adr2\r\n```\r\n" +
				"<!-- adr-index:end -->\r\n",
		},
		{
			name: "missing README is created",
			want: readmeHead + validIndex + "\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyDir(t, filepath.Join(lintCases, "valid"))
			readme := filepath.Join(dir, "README.md")
			require.NoError(t, os.Remove(readme))
			if tc.readme != nil {
				require.NoError(t, os.WriteFile(readme, []byte(*tc.readme), 0o600))
			}
			path, err := Index(dir)
			require.NoError(t, err)
			assert.Equal(t, readme, path)
			assert.Equal(t, tc.want, read(t, readme))
			if tc.readme != nil {
				st, err := os.Stat(readme)
				require.NoError(t, err)
				assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "mode kept")
			}
			problems, err := Lint(dir)
			require.NoError(t, err)
			assert.Empty(t, problems)
			// Idempotent.
			_, err = Index(dir)
			require.NoError(t, err)
			assert.Equal(t, tc.want, read(t, readme))
		})
	}

	t.Run("start marker without end", func(t *testing.T) {
		dir := copyDir(t, filepath.Join(lintCases, "valid"))
		readme := filepath.Join(dir, "README.md")
		require.NoError(t, os.WriteFile(readme, []byte("<!-- adr-index:start -->\n"), 0o644))
		_, err := Index(dir)
		assert.ErrorContains(t, err, "has no <!-- adr-index:end -->")
		assert.Equal(t, "<!-- adr-index:start -->\n", read(t, readme))
	})
}

func TestIndexGolden(t *testing.T) {
	dir := copyDir(t, filepath.Join(lintCases, "stale-index"))
	_, err := Index(dir)
	require.NoError(t, err)
	golden(t, "index-README.md", read(t, filepath.Join(dir, "README.md")))
}

func ptr(s string) *string { return &s }
