package safeio

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// DirFS is os.DirFS(dir) whose files are read with ReadFile's rules:
// regular files of at most limit bytes; a pipe or a device is refused and
// never blocks. Folders open and list as usual, so fs.WalkDir works.
func DirFS(dir string, limit int64) fs.FS {
	return dirFS{dir: dir, limit: limit}
}

type dirFS struct {
	dir   string
	limit int64
}

func (d dirFS) join(op, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return filepath.Join(d.dir, filepath.FromSlash(name)), nil
}

// ReadFile is what fs.ReadFile calls.
func (d dirFS) ReadFile(name string) ([]byte, error) {
	full, err := d.join("read", name)
	if err != nil {
		return nil, err
	}
	data, err := ReadFile(full, d.limit)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: unwrapPath(err)}
	}
	return data, nil
}

// ReadDir is what fs.WalkDir calls.
func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	full, err := d.join("readdir", name)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(full)
	if err != nil {
		return entries, &fs.PathError{Op: "readdir", Path: name, Err: unwrapPath(err)}
	}
	return entries, nil
}

// Open opens a folder or a regular file; anything else is refused. The
// open cannot block (O_NONBLOCK) and the check is on the opened file. A
// regular file opened this way is not bounded: read it with ReadFile.
func (d dirFS) Open(name string) (fs.File, error) {
	full, err := d.join("open", name)
	if err != nil {
		return nil, err
	}
	// Refuse a device before opening it: opening some has side effects.
	if info, err := os.Stat(full); err == nil && !info.IsDir() && Kind(info.Mode()) != "" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: &NotRegularError{Kind: Kind(info.Mode())}}
	}
	f, err := os.OpenFile(full, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: unwrapPath(err)}
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: unwrapPath(err)}
	}
	if k := Kind(info.Mode()); k != "" && !info.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: &NotRegularError{Kind: k}}
	}
	return f, nil
}
