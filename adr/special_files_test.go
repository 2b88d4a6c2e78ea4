//go:build unix

package adr

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestADRFolderWithPipesAndDevices: an ADR folder is a checkout's. A named
// pipe or a link to /dev/zero with a record's name is a lint problem and is
// never opened (the pipe would block, /dev/zero never ends); the records
// around it load, and Status and the index still work.
func TestADRFolderWithPipesAndDevices(t *testing.T) {
	dir, o := initDir(t)
	pipe := filepath.Join(dir, "0002-pipe.md")
	require.NoError(t, syscall.Mkfifo(pipe, 0o644))
	zero := filepath.Join(dir, "0003-zero.md")
	require.NoError(t, os.Symlink("/dev/zero", zero))

	records, problems, err := Load(dir)
	require.NoError(t, err)
	require.Len(t, records, 1)
	assert.Contains(t, problems, Problem{pipe, 1, "not a regular file (a named pipe): skipped", false})
	assert.Contains(t, problems, Problem{zero, 1, "not a regular file (a device): skipped", false})

	_, exists := Status(dir, "ADR-0002")
	assert.False(t, exists, "a pipe is not a record")
	_, err = Index(dir)
	require.NoError(t, err)
	path, err := New(o, "After the pipe")
	require.NoError(t, err)
	assert.FileExists(t, path)
}

// TestADRFilesAreBounded: a record, a README or a template above
// MaxFileSize is an error naming it, refused by its size before it is read.
func TestADRFilesAreBounded(t *testing.T) {
	huge := func(p string) string {
		require.NoError(t, os.WriteFile(p, nil, 0o644))
		require.NoError(t, os.Truncate(p, 1<<40))
		return p
	}
	t.Run("record", func(t *testing.T) {
		dir, _ := initDir(t)
		p := huge(filepath.Join(dir, "0002-huge.md"))
		_, _, err := Load(dir)
		require.Error(t, err)
		assert.Contains(t, err.Error(), p)
		assert.Contains(t, err.Error(), "above the 5242880-byte limit")
	})
	t.Run("README", func(t *testing.T) {
		dir, _ := initDir(t)
		p := huge(filepath.Join(dir, "README.md"))
		_, err := Index(dir)
		require.Error(t, err)
		assert.Contains(t, err.Error(), p)
		assert.Contains(t, err.Error(), "above the")
	})
	t.Run("template", func(t *testing.T) {
		_, o := initDir(t)
		o.Template = huge(filepath.Join(t.TempDir(), "template.md"))
		_, err := New(o, "Huge template")
		require.Error(t, err)
		assert.Contains(t, err.Error(), o.Template)
		assert.Contains(t, err.Error(), "above the")
	})
	t.Run("template is a pipe", func(t *testing.T) {
		_, o := initDir(t)
		o.Template = filepath.Join(t.TempDir(), "template.md")
		require.NoError(t, syscall.Mkfifo(o.Template, 0o644))
		_, err := New(o, "Pipe template")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "is a named pipe")
	})
}
