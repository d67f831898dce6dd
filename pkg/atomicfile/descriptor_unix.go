//go:build unix

package atomicfile

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// ownDescriptor returns a duplicate of descriptor N when path is this
// process's /proc/<pid>/fd/N (or a thread's /proc/<pid>/task/<tid>/fd/N).
func ownDescriptor(path string) (*os.File, bool) {
	dir, base := filepath.Split(path)
	own := "/proc/" + strconv.Itoa(os.Getpid()) + "/"
	if !strings.HasPrefix(dir, own) || filepath.Base(dir) != "fd" {
		return nil, false
	}
	fd, err := strconv.Atoi(base)
	if err != nil {
		return nil, false
	}
	dup, err := syscall.Dup(fd)
	if err != nil {
		return nil, false
	}
	return os.NewFile(uintptr(dup), path), true
}
