//go:build unix

package scanners

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// specialDir is a folder as a hostile pull request (and the runner) can
// make it: a template, a named pipe and a link to /dev/zero with template
// names, and a pipe with another extension.
func specialDir(t *testing.T) (dir, ok, pipe, zero string) {
	t.Helper()
	dir = t.TempDir()
	ok = filepath.Join(dir, "ok.yaml")
	require.NoError(t, os.WriteFile(ok, []byte("Resources:\n  T: {Type: AWS::SNS::Topic}\n"), 0o644))
	pipe = filepath.Join(dir, "pipe.yaml")
	require.NoError(t, syscall.Mkfifo(pipe, 0o644))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "notes.fifo"), 0o644))
	zero = filepath.Join(dir, "evil.yaml")
	require.NoError(t, os.Symlink("/dev/zero", zero))
	return dir, ok, pipe, zero
}

// TestDiscoverSkipsWhatIsNotAFile: in a folder, a pipe or a device with a
// template's name is a warning and is never opened (a pipe with no writer
// would block the open; /dev/zero would never end). Named explicitly, it
// is an error.
func TestDiscoverSkipsWhatIsNotAFile(t *testing.T) {
	dir, ok, pipe, zero := specialDir(t)
	files, diags := Discover([]string{dir})
	assert.Equal(t, []string{ok}, files)
	got := map[string]Diagnostic{}
	for _, d := range diags {
		got[d.File] = d
	}
	require.Len(t, got, 2, "%v", diags)
	assert.Equal(t, SeverityWarning, got[pipe].Severity)
	assert.Equal(t, "not a regular file (a named pipe): skipped", got[pipe].Message)
	assert.Equal(t, SeverityWarning, got[zero].Severity)
	assert.Equal(t, "not a regular file (a device): skipped", got[zero].Message)

	for _, p := range []string{pipe, zero} {
		files, diags := Discover([]string{p})
		assert.Empty(t, files, p)
		require.Len(t, diags, 1, p)
		assert.Equal(t, SeverityError, diags[0].Severity)
		assert.Equal(t, p, diags[0].File)
		assert.Contains(t, diags[0].Message, "not a regular file")
	}
}

// TestLoadFileReadsOnlyBoundedRegularFiles: LoadFile refuses what Discover
// would have skipped (a caller may pass any path), and a file above the
// limit is refused by its size, before it is read.
func TestLoadFileReadsOnlyBoundedRegularFiles(t *testing.T) {
	_, ok, pipe, zero := specialDir(t)
	huge := filepath.Join(t.TempDir(), "huge.yaml")
	require.NoError(t, os.WriteFile(huge, nil, 0o644))
	require.NoError(t, os.Truncate(huge, 1<<40))
	tests := []struct {
		path, message string
	}{
		{pipe, "cannot read file: is a named pipe, not a regular file"},
		{zero, "cannot read file: is a device, not a regular file"},
		{huge, "file is 1099511627776 bytes, above the 5242880-byte limit"},
	}
	for _, tc := range tests {
		res := LoadFile(tc.path, Options{})
		require.Len(t, res.Diagnostics, 1, tc.path)
		assert.Equal(t, SeverityError, res.Diagnostics[0].Severity)
		assert.Equal(t, tc.path, res.Diagnostics[0].File)
		assert.Equal(t, tc.message, res.Diagnostics[0].Message)
	}
	res := LoadFile(ok, Options{})
	assert.Empty(t, res.Diagnostics)
	require.NotNil(t, res.Template)
}
