//go:build unix

package safeio

import (
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives f the owner and group of old when run as root (only root
// can); a failure leaves the file owned by root, which is not worse.
func keepOwner(f *os.File, old fs.FileInfo) {
	st, ok := old.Sys().(*syscall.Stat_t)
	if !ok || os.Geteuid() != 0 {
		return
	}
	_ = f.Chown(int(st.Uid), int(st.Gid))
}
