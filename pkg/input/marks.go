package input

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"

	"github.com/nollmission/nollmission/pkg/prefault"
)

// marks are where a block's line breaks, delimiters and bytes beyond ASCII
// are, a bit a byte (bit i%64 of word i/64), so that the fast path finds a
// field's or a line's end, and counts a line's fields, with a few
// operations on words instead of a search through the bytes, and checks
// the UTF-8 of the bytes beyond ASCII alone. They are found 64 bytes at a
// time: with SSE2 on amd64 (marks_amd64.s), eight bytes at a time
// elsewhere.
type marks struct {
	lines, delims, high []uint64
	n                   int // the bytes marked
}

// mark finds the line breaks and delimiters of data.
func (m *marks) mark(data []byte, delim byte) {
	words := (len(data) + 63) / 64
	if cap(m.lines) < words {
		size := words + words/4
		m.lines, m.delims, m.high = make([]uint64, words, size), make([]uint64, words, size), make([]uint64, words, size)
		// Written a word at a time by markWords: backed in one call each.
		prefault.Slice(m.lines[:size])
		prefault.Slice(m.delims[:size])
		prefault.Slice(m.high[:size])
	}
	m.lines, m.delims, m.high, m.n = m.lines[:words], m.delims[:words], m.high[:words], len(data)
	full := len(data) / 64
	markWords(data[:full*64], delim, m.lines, m.delims, m.high)
	if full < words {
		// The last bytes, fewer than 64.
		var nl, dl, hi uint64
		for i, c := range data[full*64:] {
			if c == '\n' {
				nl |= 1 << i
			}
			if c == delim {
				dl |= 1 << i
			}
			if c >= utf8.RuneSelf {
				hi |= 1 << i
			}
		}
		m.lines[full], m.delims[full], m.high[full] = nl, dl, hi
	}
}

// asciiLength is the length of the leading ASCII of the first limit bytes
// marked.
func (m *marks) asciiLength(limit int) int {
	for w, hi := range m.high[:(limit+63)/64] {
		if hi != 0 {
			return min(w*64+bits.TrailingZeros64(hi), limit)
		}
	}
	return limit
}

// invalidUTF8 is the offset of the first byte of data[:limit] (data the
// bytes marked) that is not part of a UTF-8 sequence, or -1: only the bytes
// beyond ASCII are decoded, each sequence from its first byte, found from
// the marks. A sequence cut at limit is invalid.
func (m *marks) invalidUTF8(data []byte, limit int) int {
	data = data[:limit]
	next := 0 // the first byte not yet decoded
	for w, hi := range m.high[:(limit+63)/64] {
		for hi != 0 {
			i := w*64 + bits.TrailingZeros64(hi)
			hi &= hi - 1
			if i < next {
				continue // within the sequence decoded last
			}
			if i >= limit {
				return -1
			}
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				return i
			}
			next = i + size
		}
	}
	return -1
}

// markWordsGeneric is markWords in Go, for the architectures without the
// assembly (marks_other.go); on amd64 only the tests call it, to compare.
// The bytes equal to c in a word are the zero bytes of the word XORed with
// c in every byte; a multiplication gathers their high bits into one byte.
func markWordsGeneric(data []byte, delim byte, lines, delims, high []uint64) {
	nlPattern, dlPattern := ones*uint64('\n'), ones*uint64(delim)
	for w := range len(data) / 64 {
		chunk := data[w*64 : w*64+64]
		var nl, dl, hi uint64
		for j := 0; j < 64; j += 8 {
			x := binary.LittleEndian.Uint64(chunk[j:])
			nl |= gatherHigh(zeroBytes(x^nlPattern)) << j
			dl |= gatherHigh(zeroBytes(x^dlPattern)) << j
			hi |= gatherHigh(x&highBits) << j
		}
		lines[w], delims[w], high[w] = nl, dl, hi
	}
}

// zeroBytes has the high bit of every zero byte of x set, and no other bit.
func zeroBytes(x uint64) uint64 { return ^((x&lowBits + lowBits) | x) & highBits }

// gatherHigh packs the high bits of x's bytes (its only bits set) into
// the low byte, byte i's into bit i.
func gatherHigh(x uint64) uint64 { return (x >> 7) * 0x0102040810204080 >> 56 }

// fieldEnd returns the first line break or delimiter at or after i, or m.n
// when none is; lineEnd the first line break. Their usual case, in the same
// word, is inlined.
func (m *marks) fieldEnd(i int) int {
	if w := i >> 6; w < len(m.lines) {
		if x := (m.lines[w] | m.delims[w]) >> (uint(i) & 63); x != 0 {
			return i + bits.TrailingZeros64(x)
		}
	}
	return m.next(m.lines, m.delims, i)
}

func (m *marks) lineEnd(i int) int {
	if w := i >> 6; w < len(m.lines) {
		if x := m.lines[w] >> (uint(i) & 63); x != 0 {
			return i + bits.TrailingZeros64(x)
		}
	}
	return m.next(m.lines, nil, i)
}

// next returns the first position at or after i marked in set (lines or
// delims; both when both are given), or m.n when none is.
func (m *marks) next(set []uint64, also []uint64, i int) int {
	w := i >> 6
	if w >= len(set) {
		return m.n
	}
	x := set[w]
	if also != nil {
		x |= also[w]
	}
	if x >>= uint(i) & 63; x != 0 {
		return i + bits.TrailingZeros64(x)
	}
	for w++; w < len(set); w++ {
		x := set[w]
		if also != nil {
			x |= also[w]
		}
		if x != 0 {
			return w<<6 + bits.TrailingZeros64(x)
		}
	}
	return m.n
}

// count counts the positions in [i, j) marked in set; its usual case, in
// one word, is inlined.
func count(set []uint64, i, j int) int {
	if wi := i >> 6; i < j && wi == (j-1)>>6 && wi < len(set) {
		return bits.OnesCount64(set[wi] >> (uint(i) & 63) & (1<<uint(j-i) - 1))
	}
	return countWords(set, i, j)
}

func countWords(set []uint64, i, j int) int {
	if i >= j {
		return 0
	}
	wi, wj := i>>6, (j-1)>>6
	first := set[wi] >> (uint(i) & 63)
	if wi == wj {
		return bits.OnesCount64(first & (1<<uint(j-i) - 1))
	}
	n := bits.OnesCount64(first)
	for w := wi + 1; w < wj; w++ {
		n += bits.OnesCount64(set[w])
	}
	return n + bits.OnesCount64(set[wj]&(1<<(uint(j-1)&63)<<1-1))
}
