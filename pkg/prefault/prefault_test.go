package prefault

import (
	"bytes"
	"runtime"
	"testing"
)

// TestSliceKeepsContents checks that Slice leaves what a buffer holds as it
// was (it asks for pages, it must never drop them), whatever the buffer's
// length and alignment.
func TestSliceKeepsContents(t *testing.T) {
	backing := make([]byte, 3<<20)
	for i := range backing {
		backing[i] = byte(i*7 + 3)
	}
	want := bytes.Clone(backing)
	for _, r := range [][2]int{{0, 0}, {0, 1}, {1, 4095}, {4095, 4097}, {100, 1 << 20}, {0, 3 << 20}, {12345, 2<<20 + 1}} {
		Slice(backing[r[0]:r[1]])
		if !bytes.Equal(backing, want) {
			t.Fatalf("Slice(backing[%d:%d]) changed the buffer", r[0], r[1])
		}
	}
	words := []uint64{1, 2, 3}
	Slice(words)
	if words[0] != 1 || words[2] != 3 {
		t.Errorf("Slice changed %v", words)
	}
}

// TestHeapKeepsContents checks that Heap leaves the objects on the heap as
// they were, and that the heap goes on working after it.
func TestHeapKeepsContents(t *testing.T) {
	var kept [][]byte
	for i := range 2000 {
		b := bytes.Repeat([]byte{byte(i)}, 1+i%3000)
		kept = append(kept, b)
	}
	Heap()
	runtime.GC()
	for i, b := range kept {
		if !bytes.Equal(b, bytes.Repeat([]byte{byte(i)}, 1+i%3000)) {
			t.Fatalf("object %d changed", i)
		}
	}
	if fresh := make([]byte, 1<<20); !bytes.Equal(fresh, make([]byte, 1<<20)) {
		t.Error("a new allocation after Heap is not zero")
	}
}
