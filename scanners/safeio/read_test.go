package safeio

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// zeros is an endless reader, like /dev/zero.
type zeros struct{ read int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.read += int64(len(p))
	return len(p), nil
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.yaml")
	require.NoError(t, os.WriteFile(small, []byte("Resources: {}\n"), 0o644))
	exact := filepath.Join(dir, "exact.yaml")
	require.NoError(t, os.WriteFile(exact, bytes.Repeat([]byte("x"), 100), 0o644))
	// A sparse file: huge on paper, free on disk; refused by its size
	// before a byte is read.
	huge := filepath.Join(dir, "huge.yaml")
	require.NoError(t, os.WriteFile(huge, nil, 0o644))
	require.NoError(t, os.Truncate(huge, 1<<40))
	link := filepath.Join(dir, "link.yaml")
	symlinks := os.Symlink(small, link) == nil

	tests := []struct {
		name, path string
		limit      int64
		want       string
		err        error
		message    string
	}{
		{"regular file", small, 100, "Resources: {}\n", nil, ""},
		{"exactly at the limit", exact, 100, strings.Repeat("x", 100), nil, ""},
		{"one byte over", exact, 99, "", ErrTooLarge, "is 100 bytes, above the 99-byte limit"},
		{"sparse 1 TiB file", huge, 5 << 20, "", ErrTooLarge, "above the 5242880-byte limit"},
		{"a folder", dir, 100, "", ErrNotRegular, "is a directory"},
		{"missing", filepath.Join(dir, "nope"), 100, "", fs.ErrNotExist, ""},
	}
	if symlinks {
		tests = append(tests, struct {
			name, path string
			limit      int64
			want       string
			err        error
			message    string
		}{"symlink to a regular file", link, 100, "Resources: {}\n", nil, ""})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadFile(tc.path, tc.limit)
			if tc.err == nil {
				require.NoError(t, err)
				assert.Equal(t, tc.want, string(got))
				return
			}
			require.ErrorIs(t, err, tc.err)
			assert.Nil(t, got)
			assert.Contains(t, err.Error(), tc.path, "the error names the file")
			assert.Contains(t, err.Error(), tc.message)
		})
	}
}

func TestReadAll(t *testing.T) {
	tests := []struct {
		name  string
		input io.Reader
		limit int64
		err   error
	}{
		{"short", strings.NewReader("abc"), 10, nil},
		{"exactly the limit", strings.NewReader("abcdefghij"), 10, nil},
		{"one over", strings.NewReader("abcdefghijk"), 10, ErrTooLarge},
		{"endless", &zeros{}, 1 << 20, ErrTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadAll(tc.input, tc.limit)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				assert.Contains(t, err.Error(), "above the")
				return
			}
			require.NoError(t, err)
			assert.LessOrEqual(t, int64(len(got)), tc.limit)
		})
	}
	// The endless reader is read only a little past the limit.
	z := &zeros{}
	_, err := ReadAll(z, 1<<20)
	require.Error(t, err)
	assert.Less(t, z.read, int64(2<<20), "read %d bytes of an endless stream", z.read)
}

func TestKind(t *testing.T) {
	assert.Equal(t, "", Kind(0o644))
	assert.Equal(t, "a directory", Kind(fs.ModeDir|0o755))
	assert.Equal(t, "a named pipe", Kind(fs.ModeNamedPipe|0o644))
	assert.Equal(t, "a device", Kind(fs.ModeDevice|fs.ModeCharDevice|0o666))
	assert.Equal(t, "a device", Kind(fs.ModeDevice|0o660))
	assert.Equal(t, "a socket", Kind(fs.ModeSocket|0o755))
	assert.True(t, errors.Is(&NotRegularError{Kind: "a socket"}, ErrNotRegular))
}
