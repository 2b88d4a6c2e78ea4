//go:build unix

package safeio

import (
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// helperEnv makes the test binary, run by TestWriteFileToDevStdout, write
// its argument to /dev/stdout with WriteFile and exit.
const helperEnv = "SAFEIO_WRITE_DEV_STDOUT"

func TestMain(m *testing.M) {
	if data, ok := os.LookupEnv(helperEnv); ok {
		if err := WriteFile("/dev/stdout", []byte(data), 0o644); err != nil {
			os.Stderr.WriteString(err.Error())
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func umask() fs.FileMode {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return fs.FileMode(m)
}

func TestWriteFileRegularFiles(t *testing.T) {
	dir := t.TempDir()

	t.Run("a new file gets perm less the umask", func(t *testing.T) {
		p := filepath.Join(dir, "new.json")
		require.NoError(t, WriteFile(p, []byte("new"), 0o644))
		assert.Equal(t, "new", read(t, p))
		assert.Equal(t, 0o644&^umask(), mode(t, p))
	})
	t.Run("an existing file keeps its mode", func(t *testing.T) {
		for _, perm := range []fs.FileMode{0o600, 0o640, 0o755} {
			p := filepath.Join(dir, "kept-"+strconv.FormatUint(uint64(perm), 8))
			require.NoError(t, os.WriteFile(p, []byte("old"), 0o600))
			require.NoError(t, os.Chmod(p, perm))
			require.NoError(t, WriteFile(p, []byte("new"), 0o644))
			assert.Equal(t, "new", read(t, p))
			assert.Equal(t, perm, mode(t, p))
		}
	})
	t.Run("a symlink is followed: the target is written, the link stays", func(t *testing.T) {
		sub := filepath.Join(dir, "real")
		require.NoError(t, os.Mkdir(sub, 0o755))
		target := filepath.Join(sub, "report.json")
		require.NoError(t, os.WriteFile(target, []byte("old"), 0o600))
		link := filepath.Join(dir, "link.json")
		require.NoError(t, os.Symlink("real/report.json", link))
		chain := filepath.Join(dir, "chain.json")
		require.NoError(t, os.Symlink(link, chain))

		require.NoError(t, WriteFile(chain, []byte("new"), 0o644))
		assert.Equal(t, "new", read(t, target))
		assert.Equal(t, fs.FileMode(0o600), mode(t, target))
		for _, l := range []string{link, chain} {
			st, err := os.Lstat(l)
			require.NoError(t, err)
			assert.NotZero(t, st.Mode()&fs.ModeSymlink, "%s is still a link", l)
		}
	})
	t.Run("a dangling symlink creates its target", func(t *testing.T) {
		link := filepath.Join(dir, "dangling.json")
		require.NoError(t, os.Symlink("created.json", link))
		require.NoError(t, WriteFile(link, []byte("new"), 0o644))
		assert.Equal(t, "new", read(t, filepath.Join(dir, "created.json")))
		st, err := os.Lstat(link)
		require.NoError(t, err)
		assert.NotZero(t, st.Mode()&fs.ModeSymlink)
	})
	t.Run("a link loop is an error", func(t *testing.T) {
		a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
		require.NoError(t, os.Symlink(b, a))
		require.NoError(t, os.Symlink(a, b))
		assert.ErrorContains(t, WriteFile(a, []byte("x"), 0o644), "too many levels of symbolic links")
	})
	t.Run("a folder is an error", func(t *testing.T) {
		assert.ErrorContains(t, WriteFile(dir, []byte("x"), 0o644), "is a directory")
	})
	t.Run("no temp file is left behind", func(t *testing.T) {
		matches, err := filepath.Glob(filepath.Join(dir, ".bulwark-*"))
		require.NoError(t, err)
		assert.Empty(t, matches)
	})
}

// TestReplaceFileDoesNotFollowLinks: the ADR writer must stay inside its
// folder, so ReplaceFile replaces a link rather than write its target.
func TestReplaceFileDoesNotFollowLinks(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "elsewhere.md")
	require.NoError(t, os.WriteFile(target, []byte("not yours"), 0o644))
	link := filepath.Join(dir, "README.md")
	require.NoError(t, os.Symlink(target, link))
	require.NoError(t, ReplaceFile(link, []byte("index"), 0o644))
	assert.Equal(t, "not yours", read(t, target))
	assert.Equal(t, "index", read(t, link))
	st, err := os.Lstat(link)
	require.NoError(t, err)
	assert.True(t, st.Mode().IsRegular())
}

// TestWriteFileToADevice: a device stays a device. As root, replacing it
// would have turned /dev/null into a regular file, so the test writes to a
// null device node of its own when it can make one, else to /dev/null
// (which a non-root run could not have replaced anyway).
func TestWriteFileToADevice(t *testing.T) {
	dev := filepath.Join(t.TempDir(), "null")
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		dev = "/dev/null"
	}
	require.NoError(t, WriteFile(dev, []byte("report"), 0o644), dev)
	st, err := os.Stat(dev)
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&fs.ModeCharDevice, "%s is still a character device", dev)

	// A device reached through a link planted in a folder is refused: the
	// link could as well point at a disk.
	link := filepath.Join(t.TempDir(), "report.sarif")
	require.NoError(t, os.Symlink(dev, link))
	assert.ErrorContains(t, WriteFile(link, []byte("report"), 0o644), "outside its folder")
}

// TestWriteFileRefusesLinksOutOfTheirFolder: a link whose target leaves
// the link's folder (absolute, through "..", or through a linked folder)
// is refused and the target left as it was; links within it are followed.
func TestWriteFileRefusesLinksOutOfTheirFolder(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "bashrc")
	require.NoError(t, os.WriteFile(outside, []byte("export PATH=/usr/bin"), 0o600))
	repo := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(repo, "sub"), 0o755))
	require.NoError(t, os.Symlink(filepath.Dir(outside), filepath.Join(repo, "elsewhere")))
	for _, l := range []struct{ name, dest string }{
		{"absolute.sarif", outside},
		{"sub/dotdot.sarif", "../../" + filepath.Base(filepath.Dir(outside)) + "/bashrc"},
		{"through-a-linked-dir", "elsewhere/bashrc"},
		{"sub/up-and-out.sarif", "../elsewhere/bashrc"},
		{"chain-to-outside.json", "absolute.sarif"},
	} {
		name := l.name
		link := filepath.Join(repo, name)
		require.NoError(t, os.Symlink(l.dest, link), name)
		assert.ErrorContains(t, WriteFile(link, []byte("report"), 0o644), "outside its folder", name)
		assert.Equal(t, "export PATH=/usr/bin", read(t, outside), "%s left the target alone", name)
	}
	inside := filepath.Join(repo, "sub", "in.json")
	require.NoError(t, os.Symlink("../real.json", inside))
	assert.ErrorContains(t, WriteFile(inside, []byte("x"), 0o644), "outside its folder", "a link is held to its own folder, not the repository's")
	ok := filepath.Join(repo, "ok.json")
	require.NoError(t, os.Symlink("sub/real.json", ok))
	require.NoError(t, WriteFile(ok, []byte("report"), 0o644))
	assert.Equal(t, "report", read(t, filepath.Join(repo, "sub", "real.json")))
}

// TestWriteFileToAPipe: a named pipe gets the data through the pipe; with
// no reader the write is an error, not a hang.
func TestWriteFileToAPipe(t *testing.T) {
	fifo := mkfifo(t, filepath.Join(t.TempDir(), "out.fifo"))
	assert.ErrorContains(t, WriteFile(fifo, []byte("x"), 0o644), "is a named pipe with no reader")

	// The reader opens first; O_RDWR never blocks and, holding a write end
	// itself, its reads wait for data instead of seeing an early end.
	r, err := os.OpenFile(fifo, os.O_RDWR, 0)
	require.NoError(t, err)
	big := make([]byte, 1<<20) // more than a pipe buffer: the writer must wait, not fail
	for i := range big {
		big[i] = byte('a' + i%26)
	}
	got := make(chan []byte)
	go func() {
		data := make([]byte, len(big))
		n, _ := io.ReadFull(r, data)
		got <- data[:n]
	}()
	require.NoError(t, WriteFile(fifo, big, 0o644))
	assert.Equal(t, big, <-got)
	r.Close()
	st, err := os.Stat(fifo)
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&fs.ModeNamedPipe, "still a pipe")
}

// TestWriteFileToDevStdout: -o /dev/stdout writes to the process's
// standard output, whatever it is: a pipe, or a regular file that a
// shell's ">>" opened (kept, and appended to, not replaced).
func TestWriteFileToDevStdout(t *testing.T) {
	helper := func(stdout *os.File) *exec.Cmd {
		c := exec.Command(os.Args[0], "-test.run=^$")
		c.Env = append(os.Environ(), helperEnv+"=the report\n")
		if stdout != nil {
			c.Stdout = stdout
		}
		return c
	}
	t.Run("a pipe", func(t *testing.T) {
		c := helper(nil)
		out, err := c.Output()
		require.NoError(t, err)
		assert.Equal(t, "the report\n", string(out))
	})
	t.Run("a file opened for appending", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "log.txt")
		require.NoError(t, os.WriteFile(p, []byte("before\n"), 0o600))
		before, err := os.Stat(p)
		require.NoError(t, err)
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
		require.NoError(t, err)
		var stderr strings.Builder
		c := helper(f)
		c.Stderr = &stderr
		err = c.Run()
		f.Close()
		require.NoError(t, err, stderr.String())
		assert.Equal(t, "before\nthe report\n", read(t, p))
		after, err := os.Stat(p)
		require.NoError(t, err)
		assert.True(t, os.SameFile(before, after), "the file the shell opened is the one written")
	})
}

func read(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	require.NoError(t, err)
	return string(data)
}

func mode(t *testing.T, p string) fs.FileMode {
	t.Helper()
	st, err := os.Stat(p)
	require.NoError(t, err)
	return st.Mode().Perm()
}
