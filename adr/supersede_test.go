package adr

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// changedLines returns the lines of after that differ from before, which
// must have as many lines (or n more, inserted).
func changedLines(before, after string) (removed, added []string) {
	b := strings.SplitAfter(before, "\n")
	a := strings.SplitAfter(after, "\n")
	i := 0
	for i < len(b) && i < len(a) && b[i] == a[i] {
		i++
	}
	j, k := len(b)-1, len(a)-1
	for j >= i && k >= i && b[j] == a[k] {
		j--
		k--
	}
	return b[i : j+1], a[i : k+1]
}

// fillSections turns a fresh record into a complete one.
func fillSections(t *testing.T, path string) {
	t.Helper()
	s := read(t, path)
	for _, section := range []string{"Context", "Options Considered", "Decision", "Implementation"} {
		i := strings.Index(s, "## "+section+"\n\n<!--")
		require.GreaterOrEqual(t, i, 0, section)
		j := strings.Index(s[i:], "-->") + i + 3
		s = s[:i] + "## " + section + "\n\nWritten for " + section + "." + s[j:]
	}
	s = strings.Replace(s, "<!-- - What becomes easier or better. -->", "- Better.", 1)
	require.NoError(t, os.WriteFile(path, []byte(s), 0o644))
}

func TestSupersedeGolden(t *testing.T) {
	dir, o := initDir(t)
	o.Status = StatusAccepted
	oldPath, err := New(o, "Use DynamoDB for orders")
	require.NoError(t, err)
	fillSections(t, oldPath)
	before := read(t, oldPath)

	o.Status = ""
	newPath, err := Supersede(o, 2, "Use DynamoDB global tables for orders")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "0003-use-dynamodb-global-tables-for-orders.md"), newPath)
	after := read(t, oldPath)
	golden(t, "supersede-new.md", read(t, newPath))
	golden(t, "supersede-old.md", after)
	golden(t, "supersede-README.md", read(t, filepath.Join(dir, "README.md")))

	// Only the status lines of the old record changed, byte for byte.
	removed, added := changedLines(before, after)
	assert.Equal(t, []string{"status: Accepted\n"}, removed[:1])
	assert.Equal(t, []string{"status: Superseded\n"}, added[:1])
	assert.Equal(t, strings.Replace(strings.Replace(strings.Replace(before,
		"status: Accepted\n", "status: Superseded\n", 1),
		"superseded_by: \"\"\n", "superseded_by: ADR-0003\n", 1),
		"## Status\n\nAccepted\n", "## Status\n\nSuperseded by [ADR-0003](0003-use-dynamodb-global-tables-for-orders.md)\n", 1),
		after)

	old, err := Find(dir, 2)
	require.NoError(t, err)
	assert.Equal(t, StatusSuperseded, old.Status)
	assert.Equal(t, "ADR-0003", old.SupersededBy)
	nw, err := Find(dir, 3)
	require.NoError(t, err)
	assert.Equal(t, []string{"ADR-0002"}, nw.Supersedes)
	assert.Equal(t, StatusProposed, nw.Status)

	// The old record is complete and consistent; only the new one's
	// sections wait to be written.
	problems, err := Lint(dir)
	require.NoError(t, err)
	for _, p := range problems {
		assert.Equal(t, newPath, p.File, p.String())
	}

	// Superseding twice is refused.
	_, err = Supersede(o, 2, "Again")
	assert.ErrorContains(t, err, "already superseded by ADR-0003")
}

func TestSupersedeBy(t *testing.T) {
	dir, o := initDir(t)
	o.Status = StatusAccepted
	a, err := New(o, "Cache sessions in ElastiCache")
	require.NoError(t, err)
	b, err := New(o, "Keep sessions in DynamoDB")
	require.NoError(t, err)
	fillSections(t, a)
	fillSections(t, b)
	beforeA, beforeB := read(t, a), read(t, b)

	changed, err := SupersedeBy(o, 2, 3)
	require.NoError(t, err)
	assert.Equal(t, []string{b, a}, changed)
	removed, added := changedLines(beforeA, read(t, a))
	assert.Equal(t, []string{"status: Accepted\n", "date: 2026-11-24\n", "deciders: []\n", "supersedes: []\n", "superseded_by: \"\"\n", "---\n", "\n", "# ADR-0002: Cache sessions in ElastiCache\n", "\n", "## Status\n", "\n", "Accepted\n"}, removed)
	assert.Equal(t, []string{"status: Superseded\n", "date: 2026-11-24\n", "deciders: []\n", "supersedes: []\n", "superseded_by: ADR-0003\n", "---\n", "\n", "# ADR-0002: Cache sessions in ElastiCache\n", "\n", "## Status\n", "\n", "Superseded by [ADR-0003](0003-keep-sessions-in-dynamodb.md)\n"}, added)
	golden(t, "supersede-by.md", read(t, b))
	assert.Equal(t, strings.Replace(strings.Replace(beforeB,
		"supersedes: []\n", "supersedes: [ADR-0002]\n", 1),
		"## Status\n\nAccepted\n", "## Status\n\nAccepted\n\nSupersedes [ADR-0002](0002-cache-sessions-in-elasticache.md)\n", 1),
		read(t, b))

	problems, err := Lint(dir)
	require.NoError(t, err)
	assert.Empty(t, problemStrings(dir, problems))

	tests := []struct {
		name    string
		old, by int
		err     string
	}{
		{"itself", 3, 3, "cannot supersede itself"},
		{"already superseded", 2, 1, "already superseded"},
		{"missing old", 9, 1, "no ADR-0009"},
		{"missing new", 1, 9, "no ADR-0009"},
		{"by a superseded record", 1, 2, "is itself superseded"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := map[string]string{}
			names, _ := recordFiles(dir)
			for _, n := range names {
				before[n] = read(t, filepath.Join(dir, n))
			}
			_, err := SupersedeBy(o, tc.old, tc.by)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.err)
			for n, content := range before {
				assert.Equal(t, content, read(t, filepath.Join(dir, n)), n)
			}
		})
	}
}

func TestSupersedeShapes(t *testing.T) {
	tests := []struct {
		name      string
		old       string
		want      string // the old record afterwards
		byWant    string // for SupersedeBy: the superseding record afterwards ("" to skip)
		errSubstr string
	}{
		{
			name: "no front matter",
			old:  "# ADR-0002: Old\n\n## Status\n\nAccepted\n\n## Context\n\nText.\n",
			want: "# ADR-0002: Old\n\n## Status\n\nSuperseded by [ADR-0003](0003-new.md)\n\n## Context\n\nText.\n",
		},
		{
			name: "front matter without superseded_by, with comments and other keys",
			old:  "---\nstatus: accepted # MADR style\ndate: 2026-01-02\nconsulted: [ops]\n---\n# ADR-0002: Old\n\n## Status\n\nAccepted (since January)\nby the board\n\n## Context\n\nText.\n",
			want: "---\nstatus: Superseded\nsuperseded_by: ADR-0003\ndate: 2026-01-02\nconsulted: [ops]\n---\n# ADR-0002: Old\n\n## Status\n\nSuperseded by [ADR-0003](0003-new.md)\nby the board\n\n## Context\n\nText.\n",
		},
		{
			name: "CRLF line endings",
			old:  "---\r\nstatus: Accepted\r\nsuperseded_by: \"\"\r\n---\r\n\r\n# ADR-0002: Old\r\n\r\n## Status\r\n\r\nAccepted\r\n\r\n## Context\r\n\r\nText.\r\n",
			want: "---\r\nstatus: Superseded\r\nsuperseded_by: ADR-0003\r\n---\r\n\r\n# ADR-0002: Old\r\n\r\n## Status\r\n\r\nSuperseded by [ADR-0003](0003-new.md)\r\n\r\n## Context\r\n\r\nText.\r\n",
		},
		{
			name:      "no status line",
			old:       "# ADR-0002: Old\n\n## Status\n\n## Context\n\nText.\n",
			errSubstr: "no status line",
		},
		{
			name:      "plain status continued on the next line",
			old:       "---\nstatus: Accepted\n  for now\n---\n# ADR-0002: Old\n\n## Status\n\nAccepted\n",
			errSubstr: "cannot edit its status safely",
		},
		{
			name:      "multi-line front matter status",
			old:       "---\nstatus: |\n  Accepted\n---\n# ADR-0002: Old\n\n## Status\n\nAccepted\n",
			errSubstr: "cannot edit its status safely",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, o := initDir(t)
			old := filepath.Join(dir, "0002-old.md")
			require.NoError(t, os.WriteFile(old, []byte(tc.old), 0o644))
			path, err := Supersede(o, 2, "New")
			if tc.errSubstr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.errSubstr)
				assert.Empty(t, path)
				assert.Equal(t, tc.old, read(t, old))
				names, _ := recordFiles(dir)
				assert.Len(t, names, 2, "no new record")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, filepath.Join(dir, "0003-new.md"), path)
			assert.Equal(t, tc.want, read(t, old))
		})
	}
}

func TestSupersedesBlockList(t *testing.T) {
	dir, o := initDir(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "0002-a.md"), []byte("# ADR-0002: A\n\n## Status\n\nAccepted\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "0003-b.md"), []byte("# ADR-0003: B\n\n## Status\n\nSuperseded by [ADR-0004](0004-c.md)\n"), 0o644))
	c := "---\nstatus: Accepted\nsupersedes:\n  - ADR-0003\n---\n# ADR-0004: C\n\n## Status\n\nAccepted\n\nSupersedes [ADR-0003](0003-b.md)\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "0004-c.md"), []byte(c), 0o644))
	_, err := SupersedeBy(o, 2, 4)
	require.NoError(t, err)
	assert.Equal(t, "---\nstatus: Accepted\nsupersedes:\n  - ADR-0003\n  - ADR-0002\n---\n# ADR-0004: C\n\n## Status\n\nAccepted\n\nSupersedes [ADR-0002](0002-a.md)\n\nSupersedes [ADR-0003](0003-b.md)\n",
		read(t, filepath.Join(dir, "0004-c.md")))
	r, err := Find(dir, 4)
	require.NoError(t, err)
	assert.Equal(t, []string{"ADR-0002", "ADR-0003"}, r.Supersedes)
}
