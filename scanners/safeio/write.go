package safeio

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// maxLinks bounds how many symbolic links WriteFile follows, as the
// kernel does (ELOOP).
const maxLinks = 40

// WriteFile writes data to path the way a shell redirection would, without
// destroying what was there:
//
//   - a symbolic link is followed: its target is written, the link stays;
//   - a target that exists and is not a regular file (/dev/null, a named
//     pipe, a terminal, /dev/stdout and the /proc/self/fd links) is opened
//     for writing, never created, truncated or replaced, and written
//     directly; a named pipe with no reader is an error, not a hang;
//   - a regular file is replaced atomically (ReplaceFile), keeping its
//     mode (and its owner when run as root);
//   - a missing file is created atomically with perm, less the umask.
//
// "-" (standard output) is the caller's to handle.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	if path == "" || path == "-" {
		return errors.New("safeio: write standard output directly, not through WriteFile")
	}
	target, alias, err := resolve(path)
	if err != nil {
		return err
	}
	if target != path && !alias {
		if err := staysBeside(path, target); err != nil {
			return err
		}
	}
	info, err := os.Stat(target)
	switch {
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	case alias:
		// /dev/stdout and friends name an open descriptor: write to it,
		// appending (a shell's ">>" must keep what it had).
		return writeDirect(target, data)
	case err != nil:
		return ReplaceFile(target, data, perm)
	case info.IsDir():
		return &fs.PathError{Op: "write", Path: path, Err: &NotRegularError{Kind: "a directory"}}
	case !info.Mode().IsRegular():
		return writeDirect(target, data)
	}
	return ReplaceFile(target, data, perm)
}

// resolve follows the symbolic links of path's last element. alias is
// true when the chain reaches an open-descriptor alias (/proc/.../fd/N,
// /dev/fd/N): such a "link" names a descriptor, not a file to replace.
func resolve(path string) (target string, alias bool, err error) {
	p := path
	for hops := 0; ; hops++ {
		if isDescriptorAlias(p) {
			return p, true, nil
		}
		info, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, false, nil
		}
		if err != nil {
			return "", false, err
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			return p, false, nil
		}
		if hops == maxLinks {
			return "", false, &fs.PathError{Op: "write", Path: path, Err: errors.New("too many levels of symbolic links")}
		}
		dest, err := os.Readlink(p)
		if err != nil {
			return "", false, err
		}
		if !filepath.IsAbs(dest) {
			// Relative to the link's real folder: ".." must go where the
			// kernel would take it, not where the spelling of p suggests.
			dir, err := filepath.EvalSymlinks(filepath.Dir(p))
			if err != nil {
				return "", false, err
			}
			dest = filepath.Join(dir, dest)
		}
		p = dest
	}
}

// isDescriptorAlias reports whether p is one of the per-process links to
// an open descriptor (Linux /proc/<pid>/fd/N, /dev/fd/N).
func isDescriptorAlias(p string) bool {
	abs, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	abs = filepath.ToSlash(abs)
	return strings.HasPrefix(abs, "/proc/") || strings.HasPrefix(abs, "/dev/fd/")
}

// writeDirect writes to something that already exists and is not a file
// to replace: open it write-only, without O_CREATE or O_TRUNC. O_NONBLOCK
// makes the open of a pipe with no reader fail (ENXIO) instead of waiting
// for one forever.
func writeDirect(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|syscall.O_NONBLOCK, 0)
	if errors.Is(err, syscall.ENXIO) {
		if info, serr := os.Stat(path); serr == nil && info.Mode()&fs.ModeNamedPipe != 0 {
			return &fs.PathError{Op: "write", Path: path, Err: errors.New("is a named pipe with no reader")}
		}
	}
	if err != nil {
		return err
	}
	// Back to blocking writes: a full pipe then waits for its reader
	// instead of failing with EAGAIN. (Fd switches the file to blocking.)
	_ = f.Fd()
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ReplaceFile replaces path with data atomically: a temp file in the same
// folder, then a rename, so a reader never sees half a file and an
// interrupted run leaves the old one. An existing regular file keeps its
// mode (and, when run as root, its owner, best effort); a new file gets
// perm less the umask. A symbolic link at path is replaced, not followed
// (WriteFile follows links; ReplaceFile is for writes that must stay in
// their folder).
func ReplaceFile(path string, data []byte, perm fs.FileMode) error {
	old, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		old = nil
	case err != nil:
		return err
	case old.IsDir():
		return &fs.PathError{Op: "write", Path: path, Err: &NotRegularError{Kind: "a directory"}}
	case !old.Mode().IsRegular():
		old = nil // a link (or anything else) is replaced by a new file
	}
	tmp, err := createTemp(filepath.Dir(path), perm)
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name) // a no-op once renamed
	if old != nil {
		// The owner first: a chown can clear mode bits.
		keepOwner(tmp, old)
		// Exactly the old mode: the umask must not loosen or tighten it.
		if err := tmp.Chmod(old.Mode().Perm()); err != nil {
			tmp.Close()
			return err
		}
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(name, path)
}

// createTemp creates a new file in dir with perm less the umask (the
// kernel applies it), which os.CreateTemp (always 0600) cannot.
func createTemp(dir string, perm fs.FileMode) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, fmt.Sprintf(".bulwark-%016x.tmp", rand.Uint64()))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, &fs.PathError{Op: "createtemp", Path: dir, Err: fs.ErrExist}
}

// staysBeside allows writing through a symbolic link only to a file in the
// link's own folder tree. A link is as hostile as any file of a pull
// request: "bulwark.sarif -> ~/.bashrc" would aim the report at a file of
// the runner's, "-> /dev/sda" at a disk. Descriptor aliases such as
// /dev/stdout are allowed before this check.
func staysBeside(link, target string) error {
	dir, err := filepath.EvalSymlinks(filepath.Dir(link))
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(target)
	if err != nil {
		return err
	}
	if real, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(real, filepath.Base(abs))
	}
	if rel, err := filepath.Rel(dir, abs); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return &fs.PathError{Op: "write", Path: link, Err: fmt.Errorf("it is a symbolic link to %s, outside its folder: "+
			"refusing to write through it (a link in a checkout could aim the output at any file or device)", target)}
	}
	return nil
}
