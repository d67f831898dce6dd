package input

import (
	"math/rand/v2"
	"testing"
)

// TestMarks checks the marks of random text against the bytes, with the
// assembly (on amd64) and the Go words alike, and next and count against
// a walk through the bytes.
func TestMarks(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	alphabet := []byte("\n,;\t\"a0\x80\xff\x00")
	for round := range 300 {
		data := make([]byte, rng.IntN(700))
		for i := range data {
			data[i] = alphabet[rng.IntN(len(alphabet))]
		}
		delim := ",;\t"[round%3]
		var m marks
		m.mark(data, delim)
		generic := marks{lines: make([]uint64, len(m.lines)), delims: make([]uint64, len(m.lines))}
		markWordsGeneric(data[:len(data)/64*64], delim, generic.lines, generic.delims)
		for w := range len(data) / 64 {
			if generic.lines[w] != m.lines[w] || generic.delims[w] != m.delims[w] {
				t.Fatalf("word %d: assembly %x %x, Go %x %x", w, m.lines[w], m.delims[w], generic.lines[w], generic.delims[w])
			}
		}
		for i, c := range data {
			if got := m.lines[i/64]>>(i%64)&1 == 1; got != (c == '\n') {
				t.Fatalf("byte %d (%q): line break %v", i, c, got)
			}
			if got := m.delims[i/64]>>(i%64)&1 == 1; got != (c == delim) {
				t.Fatalf("byte %d (%q): delimiter %v", i, c, got)
			}
		}
		for range 50 {
			i := rng.IntN(len(data) + 1)
			j := i + rng.IntN(len(data)-i+1)
			want, wantDelims := len(data), 0
			for k := i; k < len(data); k++ {
				if data[k] == '\n' || data[k] == delim {
					want = k
					break
				}
			}
			for k := i; k < j; k++ {
				if data[k] == delim {
					wantDelims++
				}
			}
			if got := m.next(m.lines, m.delims, i); got != want {
				t.Fatalf("next from %d: %d, want %d", i, got, want)
			}
			if got := count(m.delims, i, j); got != wantDelims {
				t.Fatalf("count [%d, %d): %d, want %d", i, j, got, wantDelims)
			}
		}
	}
}
