//go:build unix

package safeio

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mkfifo(t *testing.T, path string) string {
	t.Helper()
	require.NoError(t, syscall.Mkfifo(path, 0o644))
	return path
}

// TestReadFileNeverBlocksOnAPipe: a named pipe with no writer blocks a
// plain open forever. Each read below returns, which is the proof.
func TestReadFileNeverBlocksOnAPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := mkfifo(t, filepath.Join(dir, "pipe.yaml"))
	link := filepath.Join(dir, "link.yaml")
	require.NoError(t, os.Symlink(fifo, link))
	for _, p := range []string{fifo, link} {
		_, err := ReadFile(p, 100)
		require.ErrorIs(t, err, ErrNotRegular)
		assert.Contains(t, err.Error(), "is a named pipe")
		// Without the check by name: the open must not block either.
		_, err = readOpened(p, 100)
		require.ErrorIs(t, err, ErrNotRegular)
		assert.Contains(t, err.Error(), "is a named pipe")
	}
}

// TestDirFS: a rules folder walks as usual; a pipe in it is refused, on
// ReadFile and on Open, without blocking.
func TestDirFS(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "sub"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sub", "a.rego"), []byte("package a\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "big.rego"), make([]byte, 200), 0o644))
	mkfifo(t, filepath.Join(dir, "pipe.rego"))
	fsys := DirFS(dir, 100)

	var walked []string
	require.NoError(t, fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		walked = append(walked, p)
		return nil
	}))
	assert.Equal(t, []string{".", "big.rego", "pipe.rego", "sub", "sub/a.rego"}, walked)

	data, err := fs.ReadFile(fsys, "sub/a.rego")
	require.NoError(t, err)
	assert.Equal(t, "package a\n", string(data))

	_, err = fs.ReadFile(fsys, "pipe.rego")
	require.ErrorIs(t, err, ErrNotRegular)
	assert.Contains(t, err.Error(), "pipe.rego")
	_, err = fsys.Open("pipe.rego")
	require.ErrorIs(t, err, ErrNotRegular)
	_, err = fs.ReadFile(fsys, "big.rego")
	require.ErrorIs(t, err, ErrTooLarge)
	_, err = fs.ReadFile(fsys, "../escape.rego")
	require.ErrorIs(t, err, fs.ErrInvalid)
}

// TestReadFileRefusesDevices: a committed symlink to /dev/zero would be an
// endless read; it is refused before it is opened.
func TestReadFileRefusesDevices(t *testing.T) {
	link := filepath.Join(t.TempDir(), "evil.yaml")
	require.NoError(t, os.Symlink("/dev/zero", link))
	for _, p := range []string{"/dev/zero", link} {
		got, err := ReadFile(p, 5<<20)
		require.ErrorIs(t, err, ErrNotRegular, p)
		assert.Contains(t, err.Error(), "is a device")
		assert.Nil(t, got)
		// Past the check by name too (a swap after it): the opened
		// descriptor is checked before anything is read.
		got, err = readOpened(p, 5<<20)
		require.ErrorIs(t, err, ErrNotRegular, p)
		assert.Nil(t, got)
	}
}
