package adr

import (
	"errors"
	"io/fs"

	"github.com/bulwarkhq/bulwark/scanners/safeio"
)

// MaxFileSize bounds every file the ADR commands read: a record, the
// folder's README and a record template. The folder can be a hostile
// checkout's: a file above the limit (or a pipe, or a device such as a
// link to /dev/zero) is an error naming it, never an endless read. A real
// record is a few KiB.
const MaxFileSize = 5 << 20

// readFile reads one ADR file within MaxFileSize, refusing what is not a
// regular file without blocking.
func readFile(path string) ([]byte, error) {
	return safeio.ReadFile(path, MaxFileSize)
}

// unwrapPath drops the *fs.PathError layer of err when the message around
// it already names the file.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
