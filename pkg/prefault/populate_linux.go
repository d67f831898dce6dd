package prefault

import "syscall"

// madvPopulateWrite is MADV_POPULATE_WRITE (Linux 5.14), which package
// syscall does not name.
const madvPopulateWrite = 23

// populate backs the whole pages of [start, end); false when the kernel
// refuses (a range not mapped writable, or a kernel without the advice).
func populate(start, end uintptr) bool {
	page := uintptr(syscall.Getpagesize())
	start, end = (start+page-1)&^(page-1), end&^(page-1)
	if end <= start {
		return true
	}
	_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, start, end-start, madvPopulateWrite)
	return errno == 0
}
