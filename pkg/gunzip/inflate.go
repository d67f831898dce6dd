package gunzip

import (
	"encoding/binary"
	"unsafe"
)

// huffman decodes a Huffman block's symbols until the block ends, out is
// full, or the input runs short: 8 bytes before its end. At the end of
// the input, the last bytes are decoded with care (tail).
func (z *Reader) huffman() error {
	err := z.symbols(z.end-8, false)
	if err == nil && z.state == stateHuffman && z.o <= window+outSize && z.eof {
		err = z.symbols(z.end+8, true)
	}
	return err
}

// symbols is the decoding loop, its state in locals for the registers.
// It refills bitbuf from in[pos:pos+8] while pos is at most limit. With
// tail, limit lies in the zeros after the input, and every step first
// checks that the steps before it took their bits from the input: the
// output of a step that did not is taken back, so input that ends inside
// a block gives io.ErrUnexpectedEOF and never bytes decoded from zeros.
func (z *Reader) symbols(limit int, tail bool) error {
	in, out := z.in, z.out
	pos, o := z.pos, z.o
	bitbuf, bitsleft := z.bitbuf, z.bitsleft
	litlen, dist := &z.litlen, &z.dist
	history := z.history
	good := o // with tail: the output that the input's bits account for
	const outLimit = window + outSize
	reason := ""
	for o <= outLimit && pos <= limit {
		if tail {
			if pos-int(bitsleft>>3) > z.end {
				break
			}
			good = o
		}
		bitbuf |= binary.LittleEndian.Uint64(in[pos:]) << (bitsleft & 63)
		pos += int((63 - bitsleft) >> 3)
		bitsleft |= 56

		// 56 bits: up to five entries of literals (litlenBits each at
		// most; a code longer goes through a subtable, below), or a
		// length (15 + 5) and a distance (15 + 13). An entry of one
		// literal writes two bytes too: the second is overwritten next.
		e := litlen[bitbuf&(1<<litlenBits-1)]
		if e&flagLiteral != 0 {
			for k := 0; k < 5 && e&flagLiteral != 0; k++ {
				n := uint(e & 15)
				bitbuf >>= n
				bitsleft -= n
				binary.LittleEndian.PutUint16(out[o:], uint16(e>>16))
				o += 1 + int(e>>12&1)
				e = litlen[bitbuf&(1<<litlenBits-1)]
			}
			continue
		}
		if e&flagRare != 0 {
			if e&flagSub != 0 {
				bitbuf >>= litlenBits
				bitsleft -= litlenBits
				e = litlen[(e>>16)+uint32(bitbuf&(1<<(e>>4&15)-1))]
			}
			n := uint(e & 15)
			bitbuf >>= n
			bitsleft -= n
			switch {
			case e&flagBad != 0:
				reason = "a code that is not in the block's code"
			case e&flagEnd != 0:
				z.endBlock()
			case e&flagLiteral != 0:
				out[o] = byte(e >> 16)
				o++
				continue
			default:
				goto length // a long length code
			}
			break
		} else {
			n := uint(e & 15)
			bitbuf >>= n
			bitsleft -= n
		}
	length:
		extra := uint(e >> 4 & 15)
		length := int(e>>16) + int(bitbuf&(1<<extra-1))
		bitbuf >>= extra
		bitsleft -= extra

		e = dist[bitbuf&(1<<distBits-1)]
		if e&flagRare != 0 {
			if e&flagSub != 0 {
				bitbuf >>= distBits
				bitsleft -= distBits
				e = dist[(e>>16)+uint32(bitbuf&(1<<(e>>4&15)-1))]
			}
			if e&flagBad != 0 {
				// Its bits taken, as Go's reader takes them: if they run
				// past the input, the input ended early.
				bitbuf >>= e & 15
				bitsleft -= uint(e & 15)
				reason = "a distance code that is not in the block's code"
				break
			}
		}
		n := uint(e & 15)
		bitbuf >>= n
		extra = uint(e >> 4 & 15)
		distance := int(e>>16) + int(bitbuf&(1<<extra-1))
		bitbuf >>= extra
		bitsleft -= n + extra
		if distance > o-history {
			reason = "a distance before the start of the data"
			break
		}
		from := o - distance
		if distance >= 8 {
			// Words of 8 never overlap what they read; the last may write
			// up to 7 bytes past the match, into outSlack, which keeps
			// o+length+7 inside out: the bounds need no check a word.
			dst, src := unsafe.Pointer(&out[o]), unsafe.Pointer(&out[from])
			for i := 0; i < length; i += 8 {
				*(*uint64)(unsafe.Add(dst, i)) = *(*uint64)(unsafe.Add(src, i))
			}
		} else {
			for i := range length {
				out[o+i] = out[from+i]
			}
		}
		o += length
	}
	z.pos, z.o, z.bitbuf, z.bitsleft = pos, o, bitbuf, bitsleft
	if tail && z.consumed() > z.end {
		z.o = good
		return z.endedEarly()
	}
	if reason != "" {
		return z.corrupt(reason)
	}
	return nil
}
