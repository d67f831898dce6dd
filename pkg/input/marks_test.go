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
		generic := marks{lines: make([]uint64, len(m.lines)), delims: make([]uint64, len(m.lines)), high: make([]uint64, len(m.lines))}
		markWordsGeneric(data[:len(data)/64*64], delim, generic.lines, generic.delims, generic.high)
		for w := range len(data) / 64 {
			if generic.lines[w] != m.lines[w] || generic.delims[w] != m.delims[w] || generic.high[w] != m.high[w] {
				t.Fatalf("word %d: assembly %x %x %x, Go %x %x %x", w, m.lines[w], m.delims[w], m.high[w], generic.lines[w], generic.delims[w], generic.high[w])
			}
		}
		for i, c := range data {
			if got := m.lines[i/64]>>(i%64)&1 == 1; got != (c == '\n') {
				t.Fatalf("byte %d (%q): line break %v", i, c, got)
			}
			if got := m.delims[i/64]>>(i%64)&1 == 1; got != (c == delim) {
				t.Fatalf("byte %d (%q): delimiter %v", i, c, got)
			}
			if got := m.high[i/64]>>(i%64)&1 == 1; got != (c >= 0x80) {
				t.Fatalf("byte %d (%q): beyond ASCII %v", i, c, got)
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

// TestMarksUTF8 checks the UTF-8 check and the ASCII length that read the
// marks of the bytes beyond ASCII against those that read every byte, on
// random text of ASCII, valid UTF-8 of every length and stray bytes.
func TestMarksUTF8(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	pieces := []string{"a", ",", "\n", "å", "Ö", "€", "𝄞", "\xc3", "\xa5", "\xe2\x82", "\xf0\x9d\x84", "\xff", "\xed\xa0\x80", "\xc0\xaf"}
	for round := range 2000 {
		var text []byte
		for len(text) < rng.IntN(400) {
			p := pieces[rng.IntN(4)] // mostly ASCII and valid letters
			if rng.IntN(8) == 0 {
				p = pieces[rng.IntN(len(pieces))]
			}
			text = append(text, p...)
		}
		var m marks
		m.mark(text, ',')
		for _, limit := range []int{len(text), rng.IntN(len(text) + 1)} {
			if got, want := m.invalidUTF8(text, limit), invalidUTF8(text[:limit], false); got != want {
				t.Fatalf("round %d, %q[:%d]: invalid at %d, want %d", round, text, limit, got, want)
			}
			if got, want := m.asciiLength(limit), asciiPrefix(text[:limit]); got != want {
				t.Fatalf("round %d, %q[:%d]: ASCII length %d, want %d", round, text, limit, got, want)
			}
		}
	}
}
