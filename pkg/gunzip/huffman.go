package gunzip

import "math/bits"

// A decoding table maps the next tableBits bits of the stream (least
// significant first, as deflate packs them) to an entry; codes longer than
// tableBits go through a subtable. An entry is one uint32:
//
//	bits 0-3    the bits the entry consumes (its code's length, or the
//	            primary bits for a subtable pointer)
//	bits 4-7    extra bits after the code (length and distance codes), or
//	            the subtable's index bits
//	bit  8      a literal byte
//	bit  9      the end of the block
//	bit  10     a pointer to a subtable
//	bit  11     no code: the stream is damaged
//	bit  12     two literals: bits 16-23 and 24-31, bits 0-3 both codes
//	bits 16-31  the literal, the length or distance base, the subtable's
//	            start, or the code-length symbol
//
// One lookup then gives a literal (or two, when both codes fit in the
// table's bits: pairLiterals), or a length or distance with its extra
// bits, without a second table: the decoder's speed is mostly this.
const (
	flagLiteral = 1 << 8
	flagEnd     = 1 << 9
	flagSub     = 1 << 10
	flagBad     = 1 << 11
	flagPair    = 1 << 12
	flagRare    = flagEnd | flagSub | flagBad

	litlenBits  = 11
	distBits    = 8
	precodeBits = 7

	// The largest tables the codes can need with these primary sizes
	// (zlib's enough: 288 symbols, 11 bits, 15 at most, and 32, 8, 15).
	litlenSize = 2342
	distSize   = 402

	maxLitlen = 286 // symbols 286 and 287 never occur in a stream
	maxDist   = 30
)

var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
	// The order in which a dynamic block's header gives the code lengths
	// of the code-length alphabet.
	precodeOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
)

func litlenEntry(sym int) uint32 {
	switch {
	case sym < 256:
		return flagLiteral | uint32(sym)<<16
	case sym == 256:
		return flagEnd
	case sym < maxLitlen:
		return uint32(lengthBase[sym-257])<<16 | uint32(lengthExtra[sym-257])<<4
	}
	return flagBad
}

func distEntry(sym int) uint32 {
	if sym < maxDist {
		return uint32(distBase[sym])<<16 | uint32(distExtra[sym])<<4
	}
	return flagBad
}

func precodeEntry(sym int) uint32 { return uint32(sym) << 16 }

// buildTable fills table for the canonical Huffman code of the code
// lengths lens (symbol i has length lens[i], 0 for none). It refuses an
// over-subscribed code, and an incomplete one except the two that zlib and
// Go's flate accept: no code at all, and a single code of one bit; the
// entries no code reaches say flagBad.
func buildTable(table []uint32, tableBits int, lens []uint8, entry func(sym int) uint32) bool {
	var count [16]int
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	left, total, maxLen := 1, 0, 0
	for l := 1; l < 16; l++ {
		left = left<<1 - count[l]
		if left < 0 {
			return false
		}
		if count[l] > 0 {
			maxLen = l
		}
		total += count[l]
	}
	if left > 0 {
		if total > 1 || (total == 1 && count[1] != 1) {
			return false
		}
		// The bits no code reaches: one bit beside a single one-bit code
		// (Go's reader reads it before it refuses), none in an empty code.
		for i := range table[:1<<tableBits] {
			table[i] = flagBad | uint32(total)
		}
		if total == 0 {
			return true
		}
	}

	// The symbols in canonical order: by length, then by symbol.
	var start [16]int
	for l := 2; l < 16; l++ {
		start[l] = start[l-1] + count[l-1]
	}
	var sorted [maxLitlen + 2]uint16
	for sym, l := range lens {
		if l != 0 {
			sorted[start[l]] = uint16(sym)
			start[l]++
		}
	}

	remaining := count // codes not yet placed, by length: sizes the subtables
	code, codeLen := 0, 0
	subPrefix, subBits, subStart := -1, 0, 0
	next := 1 << tableBits // where the next subtable goes
	for _, s := range sorted[:total] {
		sym := int(s)
		l := int(lens[sym])
		if codeLen != 0 {
			code = (code + 1) << (l - codeLen)
		}
		codeLen = l
		if l <= tableBits {
			e := entry(sym) | uint32(l)
			for i := reverse(code, l); i < 1<<tableBits; i += 1 << l {
				table[i] = e
			}
		} else {
			low := l - tableBits // the code's bits after the primary ones
			if prefix := reverse(code>>low, tableBits); prefix != subPrefix {
				// A new subtable, as large as the codes under this prefix
				// need (zlib's inflate_table does the same).
				subPrefix, subBits = prefix, low
				for room := 1 << low; subBits+tableBits < maxLen; {
					room -= remaining[subBits+tableBits]
					if room <= 0 {
						break
					}
					subBits++
					room <<= 1
				}
				subStart = next
				next += 1 << subBits
				if next > len(table) {
					return false
				}
				table[prefix] = flagSub | uint32(subStart)<<16 | uint32(subBits)<<4 | uint32(tableBits)
			}
			e := entry(sym) | uint32(low)
			for i := reverse(code&(1<<low-1), low); i < 1<<subBits; i += 1 << low {
				table[subStart+i] = e
			}
		}
		remaining[l]--
	}
	return true
}

// pairLiterals makes each primary entry of a literal whose code leaves
// room, within the table's bits, for the code of a second literal decode
// both: an export's text is mostly literals of 5 to 8 bits, and a lookup
// is the decoding loop's longest wait. It goes down the table, so that
// table[i>>n], the entry after a code of n bits, is still a single one.
func pairLiterals(table []uint32) {
	for i := 1<<litlenBits - 1; i >= 0; i-- {
		e := table[i]
		if e&(flagLiteral|flagRare) != flagLiteral {
			continue
		}
		n := e & 15
		next := table[i>>n]
		if next&(flagLiteral|flagRare) != flagLiteral || n+next&15 > litlenBits {
			continue
		}
		table[i] = flagLiteral | flagPair | e&0xff0000 | next>>16<<24 | (n + next&15)
	}
}

// reverse gives the n low bits of code in reverse order: deflate sends a
// Huffman code's most significant bit first, the tables index by the
// stream's bits as they come.
func reverse(code, n int) int {
	return int(bits.Reverse16(uint16(code)) >> (16 - n))
}

// fixedLitlen and fixedDist are the code lengths of the fixed Huffman
// codes (RFC 1951, 3.2.6).
var fixedLitlen, fixedDist = func() (lit [288]uint8, dist [32]uint8) {
	for i := range lit {
		switch {
		case i < 144:
			lit[i] = 8
		case i < 256:
			lit[i] = 9
		case i < 280:
			lit[i] = 7
		default:
			lit[i] = 8
		}
	}
	for i := range dist {
		dist[i] = 5
	}
	return lit, dist
}()
