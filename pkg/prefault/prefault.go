// Package prefault has the kernel back memory with pages before the memory
// is first written. A page first written costs a page fault, and on the
// virtual machines this tool is measured on (bench/RESULTS.md) a fault
// costs 14–18 µs, where asking for a range's pages in one call costs
// 1–2 µs a page: a start-up of the program faulted in about 1,700 pages.
//
// It asks with MADV_POPULATE_WRITE (Linux 5.14 and later), which backs the
// pages and leaves what they hold as it is; elsewhere, and on a kernel that
// refuses it, it does nothing and the pages are faulted in as they are
// written. It imports nothing but syscall and unsafe, so that a package
// that calls Heap from its init runs before the libraries' initialisation
// (Go initialises a package as soon as its imports have been).
package prefault

import "unsafe"

// Slice backs the whole pages of s.
func Slice[T any](s []T) {
	if len(s) == 0 {
		return
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	populate(start, start+uintptr(len(s))*unsafe.Sizeof(s[0]))
}

// The Go runtime maps its heap writable 4 MiB at a time, each aligned to 4
// MiB (its page allocator's chunks); Heap backs the chunk its newest object
// is in, 64 KiB at a time until the end of what is mapped. Were the runtime
// to lay its heap out otherwise, Heap would back fewer pages, or some that
// are not the heap's: neither changes what any memory holds.
const (
	heapChunk = 4 << 20
	heapStep  = 64 << 10
)

// sink keeps Heap's object, so that its address is a heap address.
var sink *[64]byte

// Heap backs the pages of the heap's current chunk (up to 4 MiB), where the
// program's next allocations (the libraries' initialisation) would fault
// them in one by one. The pages in use are left as they are.
func Heap() {
	sink = new([64]byte)
	from := uintptr(unsafe.Pointer(sink)) &^ (heapChunk - 1)
	for at := from; at < from+heapChunk; at += heapStep {
		if !populate(at, at+heapStep) {
			return // the end of what the runtime has mapped
		}
	}
}
