//go:build unix

package cmd

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mkfifo(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, syscall.Mkfifo(p, 0o644))
	return p
}

// TestScanFolderWithPipesAndDevices: a committed link to /dev/zero would
// be an endless read and a named pipe with no writer blocks a plain open:
// in a folder both are warnings, named explicitly an error (exit 2). The
// scans finishing at all is half the proof.
func TestScanFolderWithPipesAndDevices(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "ok.yaml", "Resources:\n  T: {Type: AWS::SNS::Topic}\n")
	pipe := mkfifo(t, dir, "pipe.yaml")
	zero := filepath.Join(dir, "evil.yaml")
	require.NoError(t, os.Symlink("/dev/zero", zero))

	code, stdout, stderr := run(t, "scan", "--no-config", dir)
	assert.Equal(t, ExitOK, code, stdout+stderr)
	assert.Contains(t, stdout, pipe)
	assert.Contains(t, stdout, "not a regular file (a named pipe): skipped")
	assert.Contains(t, stdout, zero)
	assert.Contains(t, stdout, "not a regular file (a device): skipped")

	for _, p := range []string{pipe, zero} {
		code, stdout, stderr := run(t, "scan", "--no-config", p)
		assert.Equal(t, ExitError, code, stdout+stderr)
		assert.Contains(t, stdout, p)
		assert.Contains(t, stdout, "not a regular file")
	}
}

// TestInputsThatArePipes: every other input named on the command line or
// in the config is refused without blocking when it is a pipe.
func TestInputsThatArePipes(t *testing.T) {
	dir := t.TempDir()
	tmpl := writeFile(t, dir, "t.yaml", pitrTable)
	saved := saveScanJSON(t, "saved.json", tmpl)
	rulesDir := filepath.Join(dir, "rules")
	require.NoError(t, os.Mkdir(rulesDir, 0o755))
	tests := []struct {
		name string
		args func(pipe string) []string
		pipe string
	}{
		{"config", func(p string) []string { return []string{"scan", "--config", p, tmpl} }, "bulwark.yaml"},
		{"baseline", func(p string) []string { return []string{"scan", "--no-config", "--baseline", p, tmpl} }, "baseline.json"},
		{"rule file", func(string) []string { return []string{"scan", "--no-config", "--rules", rulesDir, tmpl} }, "rules/x.rego"},
		{"report input", func(p string) []string { return []string{"report", p} }, "report.json"},
		{"report template", func(p string) []string { return []string{"report", "--template", p, saved} }, "report.tmpl"},
		{"ADR template", func(p string) []string {
			return []string{"adr", "new", "--dir", filepath.Join(dir, "adr"), "--template", p, "Title"}
		}, "adr.tmpl"},
	}
	require.NoError(t, os.Mkdir(filepath.Join(dir, "adr"), 0o755))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pipe := mkfifo(t, dir, tc.pipe)
			code, stdout, stderr := run(t, tc.args(pipe)...)
			assert.Equal(t, ExitError, code, stdout+stderr)
			assert.Contains(t, stderr, tc.pipe)
			assert.Contains(t, stderr, "is a named pipe")
		})
	}
	t.Run("role file", func(t *testing.T) {
		_, err := readRoleFile(mkfifo(t, dir, "roles.txt"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "is a named pipe")
	})
}

// TestOutputWritesWhatIsThere: -o follows a link and keeps a file's mode;
// a device stays a device and a pipe gets the report.
func TestOutputWritesWhatIsThere(t *testing.T) {
	dir := t.TempDir()
	tmpl := writeFile(t, dir, "t.yaml", pitrTable)
	out := t.TempDir()

	t.Run("a symlink is followed", func(t *testing.T) {
		target := writeFile(t, out, "real.json", "old")
		link := filepath.Join(out, "link.json")
		require.NoError(t, os.Symlink(target, link))
		code, _, stderr := run(t, "scan", "--no-config", tmpl, "-f", "json", "-o", link)
		require.Equal(t, ExitFindings, code, stderr)
		st, err := os.Lstat(link)
		require.NoError(t, err)
		assert.NotZero(t, st.Mode()&fs.ModeSymlink, "the link is still a link")
		data, err := os.ReadFile(target)
		require.NoError(t, err)
		assert.Contains(t, string(data), `"schema_version"`)
	})
	t.Run("a 0600 file stays 0600", func(t *testing.T) {
		p := writeFile(t, out, "private.sarif", "old")
		require.NoError(t, os.Chmod(p, 0o600))
		code, _, stderr := run(t, "scan", "--no-config", tmpl, "--output-format", "sarif="+p)
		require.Equal(t, ExitFindings, code, stderr)
		st, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, fs.FileMode(0o600), st.Mode().Perm())
	})
	t.Run("a device stays a device", func(t *testing.T) {
		// As root, the old rename turned /dev/null into a regular file: a
		// null device node of the test's own stands in when it can be made.
		dev := filepath.Join(out, "null")
		if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
			dev = "/dev/null"
		}
		code, _, stderr := run(t, "scan", "--no-config", tmpl, "-o", dev)
		require.Equal(t, ExitFindings, code, stderr)
		st, err := os.Stat(dev)
		require.NoError(t, err)
		assert.NotZero(t, st.Mode()&fs.ModeCharDevice)
	})
	t.Run("a named pipe gets the report", func(t *testing.T) {
		pipe := mkfifo(t, out, "report.fifo")
		r, err := os.OpenFile(pipe, os.O_RDWR, 0) // a reader that never sees an early end
		require.NoError(t, err)
		defer r.Close()
		got := make(chan jsonReport)
		go func() {
			// One whole JSON value: the reader stops when the report is complete.
			var rep jsonReport
			_ = json.NewDecoder(r).Decode(&rep)
			got <- rep
		}()
		code, _, stderr := run(t, "scan", "--no-config", tmpl, "-f", "json", "-o", pipe)
		require.Equal(t, ExitFindings, code, stderr)
		rep := <-got
		require.NotEmpty(t, rep.Findings, "the report came through the pipe")
		assert.Equal(t, "BW-PITR-001", rep.Findings[0].RuleID)
		st, err := os.Stat(pipe)
		require.NoError(t, err)
		assert.NotZero(t, st.Mode()&fs.ModeNamedPipe)
	})
	t.Run("a link to an input is refused", func(t *testing.T) {
		link := filepath.Join(out, "innocent.json")
		require.NoError(t, os.Symlink(tmpl, link))
		before, err := os.ReadFile(tmpl)
		require.NoError(t, err)
		code, _, stderr := run(t, "scan", "--no-config", tmpl, "-o", link)
		assert.Equal(t, ExitError, code)
		assert.Contains(t, stderr, "refusing to write "+link)
		after, err := os.ReadFile(tmpl)
		require.NoError(t, err)
		assert.Equal(t, before, after)
	})
}
