// Package safeio reads and writes the files of a run whose inputs may be
// hostile: a pull request can commit a symbolic link to /dev/zero, a
// checkout can hold a named pipe, an output path can be a link or a
// device. Reads are bounded and never block; writes never destroy what
// was there. It imports only the standard library.
package safeio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// ErrNotRegular is what every NotRegularError matches with errors.Is.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is what every TooLargeError matches with errors.Is.
var ErrTooLarge = errors.New("above the size limit")

// NotRegularError says a path is a pipe, a device, a socket or a folder:
// something that must not be read as a file (reading could block or never
// end).
type NotRegularError struct {
	Kind string // "a named pipe", "a device", ...
}

func (e *NotRegularError) Error() string { return "is " + e.Kind + ", not a regular file" }

// Is makes errors.Is(err, ErrNotRegular) true.
func (e *NotRegularError) Is(target error) bool { return target == ErrNotRegular }

// TooLargeError says input is longer than the limit. Size is the file's
// size when it is known (a regular file), else -1 (a stream).
type TooLargeError struct {
	Size, Limit int64
}

func (e *TooLargeError) Error() string {
	if e.Size >= 0 {
		return fmt.Sprintf("is %d bytes, above the %d-byte limit", e.Size, e.Limit)
	}
	return fmt.Sprintf("is above the %d-byte limit", e.Limit)
}

// Is makes errors.Is(err, ErrTooLarge) true.
func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// Kind names what a file mode is, for messages: "a named pipe", "a
// device", "a socket", "a directory", "a symbolic link", or "" for a
// regular file.
func Kind(mode fs.FileMode) string {
	switch {
	case mode.IsRegular():
		return ""
	case mode.IsDir():
		return "a directory"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0: // character devices carry ModeDevice too
		return "a device"
	case mode&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// CheckRegular stats path (following symbolic links) without opening it
// and returns a *NotRegularError, in an *fs.PathError, when it is not a
// regular file. A walk calls it so that a pipe or a device is never opened.
func CheckRegular(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if k := Kind(info.Mode()); k != "" {
		return &fs.PathError{Op: "read", Path: path, Err: &NotRegularError{Kind: k}}
	}
	return nil
}

// ReadFile reads a regular file of at most limit bytes. Anything else (a
// named pipe, a device such as /dev/zero, a socket, a folder, or a
// symbolic link to one) is refused before it is read, and so is a file
// above the limit. The file is opened with O_NONBLOCK, so even a pipe
// swapped in after the check cannot block the open, and the checks are made
// on the opened descriptor, so such a swap cannot get past them. Errors
// are *fs.PathError values naming path.
func ReadFile(path string, limit int64) ([]byte, error) {
	// Refuse what is visibly not a file without opening it: opening some
	// devices has side effects.
	if err := CheckRegular(path); err != nil {
		return nil, err
	}
	return readOpened(path, limit)
}

// readOpened is ReadFile after the check by name: it opens without
// blocking and checks the opened descriptor, so a pipe or a device put in
// place after the check is refused too.
func readOpened(path string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if k := Kind(info.Mode()); k != "" {
		return nil, &fs.PathError{Op: "read", Path: path, Err: &NotRegularError{Kind: k}}
	}
	if info.Size() > limit {
		return nil, &fs.PathError{Op: "read", Path: path, Err: &TooLargeError{Size: info.Size(), Limit: limit}}
	}
	// The file can still grow while it is read: the reader bounds it.
	data, err := ReadAll(f, limit)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: unwrapPath(err)}
	}
	return data, nil
}

// ReadAll reads r to its end, failing with a *TooLargeError once it gives
// more than limit bytes (standard input, for one).
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Size: -1, Limit: limit}
	}
	return data, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Cause is err without the *fs.PathError wrapping that names the path,
// for messages that name the file themselves ("config x.yaml: not a
// regular file (a device)").
func Cause(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
