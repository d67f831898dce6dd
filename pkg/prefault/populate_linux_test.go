package prefault

import (
	"syscall"
	"testing"
	"unsafe"
)

// TestPopulateBacksPages checks, on Linux, that the kernel takes the advice
// (else prefaulting does nothing here: a kernel before 5.14), and that
// memory not writable is refused, which is where Heap stops.
func TestPopulateBacksPages(t *testing.T) {
	m, err := syscall.Mmap(-1, 0, 1<<20, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	start := uintptr(unsafe.Pointer(&m[0]))
	if !populate(start, start+1<<20) {
		syscall.Munmap(m)
		t.Skip("this kernel refuses MADV_POPULATE_WRITE (Linux 5.14 and later take it): prefault does nothing here")
	}
	var resident [256]byte
	if _, _, errno := syscall.Syscall(syscall.SYS_MINCORE, start, 1<<20, uintptr(unsafe.Pointer(&resident[0]))); errno != 0 {
		t.Fatal(errno)
	}
	if err := syscall.Munmap(m); err != nil {
		t.Fatal(err)
	}
	for i, r := range resident {
		if r&1 == 0 {
			t.Fatalf("page %d of the populated range is not resident", i)
		}
	}
	// Memory reserved but not writable, as the heap is past what the
	// runtime has mapped.
	reserved, err := syscall.Mmap(-1, 0, 1<<20, syscall.PROT_NONE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(reserved)
	if start := uintptr(unsafe.Pointer(&reserved[0])); populate(start, start+1<<20) {
		t.Error("populate took memory that is not writable")
	}
}
