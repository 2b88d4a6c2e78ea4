package adr

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInitGolden(t *testing.T) {
	o := Options{Dir: filepath.Join(t.TempDir(), "docs", "adr"), Now: fixedNow}
	created, err := Init(o)
	require.NoError(t, err)
	first := filepath.Join(o.Dir, "0001-record-architecture-decisions.md")
	readme := filepath.Join(o.Dir, "README.md")
	assert.Equal(t, []string{first, readme}, created)
	golden(t, "init-0001.md", read(t, first))
	golden(t, "init-README.md", read(t, readme))

	// A second init changes nothing and creates no second record.
	created, err = Init(o)
	require.NoError(t, err)
	assert.Empty(t, created)
	names, _ := recordFiles(o.Dir)
	assert.Equal(t, []string{"0001-record-architecture-decisions.md"}, names)

	// What init writes passes lint.
	problems, err := Lint(o.Dir)
	require.NoError(t, err)
	assert.Empty(t, problems)
}

func TestNewGolden(t *testing.T) {
	dir, o := initDir(t)
	o.Deciders = []string{"alice", " bob ", "", "Platform team: SRE"}
	path, err := New(o, "Use DynamoDB global tables for the orders store")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "0002-use-dynamodb-global-tables-for-the-orders-store.md"), path)
	golden(t, "new.md", read(t, path))

	rec, err := Find(dir, 2)
	require.NoError(t, err)
	assert.Equal(t, StatusProposed, rec.Status)
	assert.Equal(t, "2026-11-24", rec.Date)
	assert.Equal(t, []string{"alice", "bob", "Platform team: SRE"}, rec.Deciders)
	assert.Equal(t, "Use DynamoDB global tables for the orders store", rec.Title)

	// The README index follows.
	golden(t, "new-README.md", read(t, filepath.Join(dir, "README.md")))

	// A new record is incomplete until its sections are written.
	problems, err := Lint(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{
		"0002-use-dynamodb-global-tables-for-the-orders-store.md:15: section ## Context is empty",
		"0002-use-dynamodb-global-tables-for-the-orders-store.md:20: section ## Options Considered is empty",
		"0002-use-dynamodb-global-tables-for-the-orders-store.md:26: section ## Decision is empty",
		"0002-use-dynamodb-global-tables-for-the-orders-store.md:30: section ## Consequences is empty",
		"0002-use-dynamodb-global-tables-for-the-orders-store.md:44: section ## Implementation is empty",
	}, problemStrings(dir, problems))
}

func TestNewOptions(t *testing.T) {
	tests := []struct {
		name   string
		status string
		title  string
		want   string // status of the record, or the error
		err    bool
	}{
		{"default status", "", "A", StatusProposed, false},
		{"accepted", "accepted", "B", StatusAccepted, false},
		{"deprecated", "Deprecated", "C", StatusDeprecated, false},
		{"unknown status", "Approved", "D", `unknown status "Approved"`, true},
		{"superseded", "Superseded", "E", "cannot start as Superseded", true},
		{"empty title", "", "  ", "title is empty", true},
		{"title without words", "", "?!", "no letters or digits", true},
		{"two-line title", "", "a\nb", "line break", true},
	}
	dir, o := initDir(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := o
			o.Status = tc.status
			path, err := New(o, tc.title)
			if tc.err {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.want)
				assert.Empty(t, path)
				return
			}
			require.NoError(t, err)
			r, err := Find(dir, mustFileNumber(t, path))
			require.NoError(t, err)
			assert.Equal(t, tc.want, r.Status)
		})
	}
	// Failed attempts used no number.
	names, _ := recordFiles(dir)
	assert.Len(t, names, 4)
}

func mustFileNumber(t *testing.T, path string) int {
	n, _, _, ok := parseFileName(filepath.Base(path))
	require.True(t, ok, path)
	return n
}

func TestNewNeedsFolder(t *testing.T) {
	_, err := New(Options{Dir: filepath.Join(t.TempDir(), "missing"), Now: fixedNow}, "Title")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "run bulwark adr init")
}

func TestNewConcurrent(t *testing.T) {
	for _, sameTitle := range []bool{false, true} {
		t.Run(fmt.Sprintf("same title %v", sameTitle), func(t *testing.T) {
			dir, o := initDir(t)
			const workers = 8
			paths := make([]string, workers)
			errs := make([]error, workers)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					title := "Concurrent decision"
					if !sameTitle {
						title = fmt.Sprintf("Concurrent decision %d", i)
					}
					paths[i], errs[i] = New(o, title)
				}()
			}
			close(start)
			wg.Wait()
			numbers := map[int]string{}
			for i := range workers {
				require.NoError(t, errs[i])
				n := mustFileNumber(t, paths[i])
				_, dup := numbers[n]
				assert.False(t, dup, "number %d given twice", n)
				numbers[n] = paths[i]
			}
			var got []int
			for n := range numbers {
				got = append(got, n)
			}
			sort.Ints(got)
			assert.Equal(t, []int{2, 3, 4, 5, 6, 7, 8, 9}, got)
			names, err := recordFiles(dir)
			require.NoError(t, err)
			assert.Len(t, names, workers+1)
			// No reservation is left behind, and numbering has neither
			// duplicates nor gaps.
			leftovers, _ := filepath.Glob(filepath.Join(dir, ".adr-*"))
			assert.Empty(t, leftovers)
			_, problems, err := Load(dir)
			require.NoError(t, err)
			for _, p := range problems {
				assert.NotContains(t, p.Message, "number")
				assert.NotContains(t, p.Message, "gap")
			}
		})
	}
}

func TestNewNeverOverwrites(t *testing.T) {
	dir, o := initDir(t)
	// A record someone wrote by hand with the name New would pick next.
	existing := filepath.Join(dir, "0002-hand-written.md")
	require.NoError(t, os.WriteFile(existing, []byte("# ADR-0002: Hand written\n"), 0o644))
	path, err := New(o, "Hand written")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "0003-hand-written.md"), path)
	assert.Equal(t, "# ADR-0002: Hand written\n", read(t, existing))

	// A number reserved by a run in progress is skipped...
	lock := filepath.Join(dir, ".adr-0004.lock")
	require.NoError(t, os.WriteFile(lock, nil, 0o644))
	path, err = New(o, "Next")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "0005-next.md"), path)
	require.NoError(t, os.Remove(lock))

	// ...and a reservation left by a run that died long ago is taken over.
	lock = filepath.Join(dir, ".adr-0006.lock")
	require.NoError(t, os.WriteFile(lock, nil, 0o644))
	old := time.Now().Add(-time.Hour)
	require.NoError(t, os.Chtimes(lock, old, old))
	path, err = New(o, "After a crash")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "0006-after-a-crash.md"), path)
	assert.NoFileExists(t, lock)
}

func TestPathsStayInsideTheFolder(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "docs", "adr")
	o := Options{Dir: dir, Now: fixedNow}
	_, err := Init(o)
	require.NoError(t, err)

	t.Run("titles cannot name another folder", func(t *testing.T) {
		for _, title := range []string{"../../escape", "..", "/etc/passwd", `..\..\escape`, "a/../../b"} {
			path, err := New(o, title)
			if err != nil {
				assert.Contains(t, err.Error(), "no letters or digits")
				continue
			}
			assert.Equal(t, dir, filepath.Dir(path), title)
		}
		entries, _ := os.ReadDir(root)
		assert.Len(t, entries, 1, "only docs/ in the root")
	})

	t.Run("safeJoin", func(t *testing.T) {
		tests := []struct {
			name string
			ok   bool
		}{
			{"0001-a.md", true},
			{"README.md", true},
			{"", false},
			{".", false},
			{"..", false},
			{"../x.md", false},
			{"a/b.md", false},
			{`a\b.md`, false},
			{"/abs.md", false},
			{"nul\x00.md", false},
		}
		for _, tc := range tests {
			p, err := safeJoin(dir, tc.name)
			if !tc.ok {
				assert.Error(t, err, "%q", tc.name)
				continue
			}
			require.NoError(t, err)
			assert.Equal(t, filepath.Join(dir, tc.name), p)
		}
	})

	t.Run("writeAtomic refuses paths outside", func(t *testing.T) {
		outside := filepath.Join(root, "outside.md")
		for _, p := range []string{outside, filepath.Join(dir, "..", "outside.md"), filepath.Join(dir, "sub", "x.md")} {
			assert.Error(t, writeAtomic(dir, p, []byte("x")), p)
		}
		assert.NoFileExists(t, outside)
	})

	t.Run("a symlinked README is replaced, not followed", func(t *testing.T) {
		target := filepath.Join(root, "elsewhere.md")
		require.NoError(t, os.WriteFile(target, []byte("not yours\n"), 0o644))
		readme := filepath.Join(dir, "README.md")
		require.NoError(t, os.Remove(readme))
		if err := os.Symlink(target, readme); err != nil {
			t.Skip("no symlinks here:", err)
		}
		_, err := Index(dir)
		require.NoError(t, err)
		assert.Equal(t, "not yours\n", read(t, target))
		st, err := os.Lstat(readme)
		require.NoError(t, err)
		assert.True(t, st.Mode().IsRegular())
	})
}

func TestTemplates(t *testing.T) {
	custom := "# {{.ID}}: {{.Title}}\n\n## Status\n\n{{.Status}}\n\nTeam template, decided by {{yamlList .Deciders}}.\n"
	t.Run("template.md in the folder", func(t *testing.T) {
		dir, o := initDir(t)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "template.md"), []byte(custom), 0o644))
		o.Deciders = []string{"a, b"}
		path, err := New(o, "From the folder")
		require.NoError(t, err)
		assert.Equal(t, "# ADR-0002: From the folder\n\n## Status\n\nProposed\n\nTeam template, decided by [\"a, b\"].\n", read(t, path))
	})
	t.Run("--template wins", func(t *testing.T) {
		dir, o := initDir(t)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "template.md"), []byte("# broken"), 0o644))
		o.Template = filepath.Join(t.TempDir(), "mine.md")
		require.NoError(t, os.WriteFile(o.Template, []byte(custom), 0o644))
		path, err := New(o, "From a flag")
		require.NoError(t, err)
		assert.Contains(t, read(t, path), "Team template")
	})
	tests := []struct {
		name, text, err string
	}{
		{"no title line", "## Status\n\n{{.Status}}\n", "must write the title line"},
		{"wrong title", "# {{.ID}}: Something else\n", "must write the title line"},
		{"syntax error", "# {{.ID\n", "ADR template"},
		{"unknown field", "# {{.ID}}: {{.Title}}\n{{.Nope}}\n", "ADR template"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, o := initDir(t)
			o.Template = filepath.Join(t.TempDir(), "bad.md")
			require.NoError(t, os.WriteFile(o.Template, []byte(tc.text), 0o644))
			_, err := New(o, "Title")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.err)
			names, _ := recordFiles(dir)
			assert.Len(t, names, 1, "nothing created")
			leftovers, _ := filepath.Glob(filepath.Join(dir, ".adr-*"))
			assert.Empty(t, leftovers)
		})
	}
	_, err := New(Options{Dir: t.TempDir(), Template: filepath.Join(t.TempDir(), "none.md")}, "x")
	assert.ErrorContains(t, err, "ADR template")
}

func TestYAMLScalar(t *testing.T) {
	tests := map[string]string{
		"alice":          "alice",
		"Platform team":  "Platform team",
		"a, b":           `"a, b"`,
		"key: value":     `"key: value"`,
		"#1":             `"#1"`,
		"null":           `"null"`,
		"yes":            `"yes"`,
		" padded":        `" padded"`,
		`quote "inside"`: `"quote \"inside\""`,
	}
	for in, want := range tests {
		assert.Equal(t, want, yamlScalar(in), in)
	}
	assert.Equal(t, "[]", yamlList(nil))
	assert.Equal(t, `[a, "b, c"]`, yamlList([]string{"a", "b, c"}))
}
