// Package gunzip reads gzip data (RFC 1952, the deflate format of RFC
// 1951 inside) at about twice the speed of klauspost/compress/gzip and
// compress/gzip, which decode a symbol at a time from a byte reader: this
// decoder keeps 56 to 63 bits of input in a register, refilled eight bytes
// at a time, decodes one or two literals, or a length with its extra
// bits, in one table lookup, up to ten literals a refill, and copies
// matches eight bytes at a time. A gzipped export then reads faster than
// `pigz -dc`; a large file read at offsets (NewReaderAt) is decoded on two
// cores, a scout decoding segments ahead (scout.go).
//
// The Reader reads concatenated members as one stream, checks each
// member's CRC-32 and length, and refuses what klauspost's and Go's
// readers refuse (the tests and the fuzz target hold it to them), with the
// same errors for a bad header and a bad checksum, io.ErrUnexpectedEOF
// for data that ends early, and a CorruptError for damaged deflate data.
package gunzip

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

var (
	ErrHeader   = errors.New("gzip: invalid header")
	ErrChecksum = errors.New("gzip: invalid checksum")
)

// CorruptError reports deflate data that cannot be decoded.
type CorruptError struct {
	Offset int64  // about where in the compressed input
	Reason string // what was wrong
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("corrupt deflate data (%s) near byte %d", e.Reason, e.Offset)
}

const (
	window = 32 << 10 // deflate's largest distance

	inSize  = 256 << 10
	inSlack = 16 // zero bytes after the input, so that a refill may read 8 bytes past it
	// headerRoom is the most input a block header can take (316 code
	// lengths at 14 bits, and the rest): a block header starts only with
	// that much at hand, or at the end of the input.
	headerRoom = 1024

	outSize = 512 << 10
	// outSlack is the most one step of the decoding loop writes past its
	// check: a match of 258 bytes copied in words of 8.
	outSlack = 258 + 8
)

// The states between calls: where in the stream the decoder stands.
const (
	stateHeader  = iota // at a member's header, or the end of the input
	stateBlock          // at a block's header
	stateHuffman        // inside a block of Huffman codes
	stateStored         // inside a stored block
	stateTrailer        // after the final block: CRC-32 and length
	stateSplice         // copying in a segment the scout decoded
)

// Reader decompresses gzip data from the io.Reader it was made with.
type Reader struct {
	src    io.Reader
	in     []byte // in[pos:end] is the compressed input not yet taken into bitbuf
	pos    int
	end    int
	eof    bool  // src has given all it has
	srcErr error // what src returned besides io.EOF
	base   int64 // the compressed bytes dropped before in[0]

	bitbuf   uint64 // the next bits of the input, least significant first
	bitsleft uint   // how many of bitbuf's bits are input; the bits above are zero or the input's next

	out     []byte // the last window of output, then the output not yet read
	o       int    // where the decoder writes next
	read    int    // out[read:o] is decoded and not yet read
	summed  int    // out[summed:o] is not yet in crc
	history int    // out[history:o] belongs to the member being decoded

	state  int
	final  bool // the block being decoded is the member's last
	stored int  // bytes left in the stored block
	crc    uint32
	size   uint32 // the member's length mod 2^32, as its trailer gives it
	err    error

	litlen  [litlenSize]uint32
	dist    [distSize]uint32
	precode [1 << precodeBits]uint32
	lens    [maxLitlen + maxDist]uint8

	// With NewReaderAt: the input at offsets, and the scout that decodes
	// segments ahead (scout.go).
	file     io.ReaderAt
	fileSize int64
	scout    *scout
	seg      *segment // the segment being spliced in
	segAt    int      // how much of it is in
}

// NewReader reads the first member's header from r; the error is ErrHeader
// when r does not start like gzip data.
func NewReader(r io.Reader) (*Reader, error) {
	z := &Reader{
		src: r,
		in:  make([]byte, inSize+inSlack),
		out: make([]byte, window+outSize+outSlack),
	}
	z.fill()
	if err := z.header(); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return z, nil
}

// Read gives decompressed bytes; io.EOF after the last member whose
// checksum and length matched.
func (z *Reader) Read(p []byte) (int, error) {
	for z.read == z.o {
		if z.err != nil {
			return 0, z.err
		}
		if z.state == stateSplice {
			if n := z.spliceInto(p); n > 0 {
				return n, nil
			}
		}
		z.err = z.decode()
	}
	n := copy(p, z.out[z.read:z.o])
	z.read += n
	return n, nil
}

// decode decodes until the output buffer is full, a member ends or an
// error stops it; all the output before it has been read.
func (z *Reader) decode() error {
	if z.o > window+outSize {
		z.slide()
	}
	for z.o <= window+outSize {
		switch z.state {
		case stateHeader:
			if err := z.header(); err != nil {
				return err // io.EOF: no more members
			}
		case stateBlock:
			if !z.eof && z.end-z.pos < headerRoom {
				z.fill()
			}
			if z.scout != nil && z.spliceFrom(z.scout.take(z.bitPos())) {
				continue
			}
			if err := z.blockHeader(); err != nil {
				return err
			}
		case stateHuffman:
			if err := z.huffman(); err != nil {
				return err
			}
			if z.state == stateHuffman && z.o <= window+outSize {
				if z.eof {
					return z.endedEarly()
				}
				z.fill() // the loop stopped for input
			}
		case stateStored:
			if err := z.copyStored(); err != nil {
				return err
			}
		case stateSplice:
			z.splice()
		case stateTrailer:
			if err := z.trailer(); err != nil {
				return err
			}
			if z.o > z.read {
				return nil // hand out the member's end before reading on
			}
		}
	}
	return nil
}

// slide keeps the last window of output at the front of out, for the
// matches to come.
func (z *Reader) slide() {
	z.sum()
	shift := z.o - window
	copy(z.out, z.out[shift:z.o])
	z.o, z.read, z.summed = window, window, window
	z.history = max(z.history-shift, 0)
}

// sum adds the output not yet summed to the member's CRC-32 and length.
func (z *Reader) sum() {
	z.crc = crc32.Update(z.crc, crc32.IEEETable, z.out[z.summed:z.o])
	z.size += uint32(z.o - z.summed)
	z.summed = z.o
}

// fill keeps the input not yet consumed (the whole bytes still in bitbuf
// are given back first) and reads src until in is full or src ends.
func (z *Reader) fill() {
	z.pos -= int(z.bitsleft >> 3)
	z.bitsleft &= 7
	z.bitbuf &= 1<<z.bitsleft - 1
	if z.pos > 0 {
		copy(z.in, z.in[z.pos:z.end])
		z.base += int64(z.pos)
		z.end -= z.pos
		z.pos = 0
	}
	for empty := 0; z.end < inSize && !z.eof; {
		n, err := z.src.Read(z.in[z.end:inSize])
		z.end += n
		if n > 0 || err != nil {
			empty = 0
		} else if empty++; empty == 100 { // as bufio.Reader gives up
			err = io.ErrNoProgress
		}
		if err != nil {
			z.eof = true
			if err != io.EOF {
				z.srcErr = err
			}
		}
	}
	clear(z.in[z.end : z.end+inSlack])
}

// bitPos is the bit of the input the decoder reads next.
func (z *Reader) bitPos() int64 { return (z.base+int64(z.pos))*8 - int64(z.bitsleft) }

// seek goes on reading z.file from bit, a bit of the input counted from its
// start (the scout's segments say where they start and end so).
func (z *Reader) seek(bit int64) {
	at := bit >> 3
	z.src = io.NewSectionReader(z.file, at, z.fileSize-at)
	z.base, z.pos, z.end, z.eof, z.srcErr = at, 0, 0, false, nil
	z.bitbuf, z.bitsleft = 0, 0
	z.fill()
	if skip := uint(bit & 7); skip > 0 {
		z.refill()
		z.take(skip)
	}
}

// consumed is the input the decoder has used, whole bytes.
func (z *Reader) consumed() int { return z.pos - int(z.bitsleft>>3) }

// endedEarly is the error for input that stopped inside a member: the
// source's own error, if it had one.
func (z *Reader) endedEarly() error {
	if z.srcErr != nil {
		return z.srcErr
	}
	return io.ErrUnexpectedEOF
}

func (z *Reader) corrupt(reason string) error {
	if z.eof && z.consumed() > z.end {
		return z.endedEarly() // the decoder ran on into the zeros after the input
	}
	return &CorruptError{Offset: z.base + int64(z.consumed()), Reason: reason}
}

// nextByte gives the next whole byte of input, at a byte boundary; ok is
// false at the end of the input.
func (z *Reader) nextByte() (byte, bool) {
	if z.pos == z.end {
		if z.eof {
			return 0, false
		}
		z.fill()
		if z.pos == z.end {
			return 0, false
		}
	}
	z.pos++
	return z.in[z.pos-1], true
}

// header reads a member's header (RFC 1952, 2.3); io.EOF when the input
// ends before one starts.
func (z *Reader) header() error {
	var fixed [10]byte
	for i := range fixed {
		b, ok := z.nextByte()
		if !ok {
			if i == 0 && z.srcErr == nil {
				return io.EOF
			}
			return z.endedEarly()
		}
		fixed[i] = b
	}
	if fixed[0] != 0x1f || fixed[1] != 0x8b || fixed[2] != 8 {
		return ErrHeader
	}
	flags := fixed[3]
	digest := crc32.ChecksumIEEE(fixed[:])
	take := func(n int) ([]byte, error) {
		var b []byte
		for range n {
			c, ok := z.nextByte()
			if !ok {
				return nil, z.endedEarly()
			}
			b = append(b, c)
		}
		digest = crc32.Update(digest, crc32.IEEETable, b)
		return b, nil
	}
	if flags&4 != 0 { // FEXTRA
		size, err := take(2)
		if err != nil {
			return err
		}
		if _, err := take(int(binary.LittleEndian.Uint16(size))); err != nil {
			return err
		}
	}
	for _, flag := range []byte{8, 16} { // FNAME and FCOMMENT: zero-terminated
		if flags&flag == 0 {
			continue
		}
		for i := 0; ; i++ {
			if i == 512 { // as Go's and klauspost's readers
				return ErrHeader
			}
			c, err := take(1)
			if err != nil {
				return err
			}
			if c[0] == 0 {
				break
			}
		}
	}
	if flags&2 != 0 { // FHCRC
		want := digest
		got, err := take(2)
		if err != nil {
			return err
		}
		if binary.LittleEndian.Uint16(got) != uint16(want) {
			return ErrHeader
		}
	}
	if flags>>5 != 0 { // reserved
		return ErrHeader
	}
	z.crc, z.size, z.summed = 0, 0, z.o
	z.history = z.o
	z.state = stateBlock
	return nil
}

// trailer checks the member's CRC-32 and length.
func (z *Reader) trailer() error {
	z.sum()
	z.toByte()
	var t [8]byte
	for i := range t {
		b, ok := z.nextByte()
		if !ok {
			return z.endedEarly()
		}
		t[i] = b
	}
	if binary.LittleEndian.Uint32(t[:4]) != z.crc || binary.LittleEndian.Uint32(t[4:]) != z.size {
		return ErrChecksum
	}
	z.state = stateHeader
	return nil
}

// refill tops bitbuf up to at least 56 bits, reading the 8 bytes at pos
// (which in's slack keeps in bounds).
func (z *Reader) refill() {
	z.bitbuf |= binary.LittleEndian.Uint64(z.in[z.pos:]) << (z.bitsleft & 63)
	z.pos += int((63 - z.bitsleft) >> 3)
	z.bitsleft |= 56
}

// toByte goes on at the next byte boundary: the rest of a byte partly
// read is dropped, and the whole bytes bitbuf holds are given back to in.
func (z *Reader) toByte() {
	z.pos -= int(z.bitsleft >> 3)
	z.bitbuf, z.bitsleft = 0, 0
}

// refillChecked refills unless the input has ended more than 8 bytes
// back (only at the end of the input can the decoder get there).
func (z *Reader) refillChecked() bool {
	if z.pos > z.end+8 {
		return false
	}
	z.refill()
	return true
}

func (z *Reader) take(n uint) uint64 {
	v := z.bitbuf & (1<<n - 1)
	z.bitbuf >>= n
	z.bitsleft -= n
	return v
}

// blockHeader reads a block's header, and a dynamic block's codes into
// the tables.
func (z *Reader) blockHeader() error {
	if z.eof && z.consumed() >= z.end {
		return z.endedEarly()
	}
	z.refill()
	z.final = z.take(1) == 1
	switch z.take(2) {
	case 0:
		z.toByte()
		if z.end-z.pos < 4 {
			return z.endedEarly()
		}
		size := binary.LittleEndian.Uint16(z.in[z.pos:])
		if ^binary.LittleEndian.Uint16(z.in[z.pos+2:]) != size {
			return z.corrupt("a stored block's length and its complement disagree")
		}
		z.pos += 4
		z.stored = int(size)
		z.state = stateStored
		return nil
	case 1:
		if !buildTable(z.litlen[:], litlenBits, fixedLitlen[:], litlenEntry) ||
			!buildTable(z.dist[:], distBits, fixedDist[:], distEntry) {
			panic("gunzip: the fixed codes do not build")
		}
		pairLiterals(z.litlen[:])
	case 2:
		if err := z.dynamicCodes(); err != nil {
			return err
		}
	default:
		return z.corrupt("a block of the reserved type 3")
	}
	z.state = stateHuffman
	return nil
}

// dynamicCodes reads a dynamic block's code lengths (RFC 1951, 3.2.7) and
// builds its tables; the input holds headerRoom bytes, or all there is.
func (z *Reader) dynamicCodes() error {
	z.refill()
	nlit := int(z.take(5)) + 257
	ndist := int(z.take(5)) + 1
	nprecode := int(z.take(4)) + 4
	if nlit > maxLitlen || ndist > maxDist {
		return z.corrupt("too many codes")
	}
	var precode [19]uint8
	for _, sym := range precodeOrder[:nprecode] {
		if z.bitsleft < 3 && !z.refillChecked() {
			return z.endedEarly()
		}
		precode[sym] = uint8(z.take(3))
	}
	if !buildTable(z.precode[:], precodeBits, precode[:], precodeEntry) {
		return z.corrupt("a bad code-length code")
	}
	n := nlit + ndist
	lens := z.lens[:n]
	for i := 0; i < n; {
		if z.bitsleft < 16 && !z.refillChecked() { // a code length's code and its extra bits
			return z.endedEarly()
		}
		e := z.precode[z.bitbuf&(1<<precodeBits-1)]
		if e&flagBad != 0 {
			z.take(uint(e & 15))
			return z.corrupt("a bad code length")
		}
		z.take(uint(e & 15))
		sym := e >> 16
		if sym < 16 {
			lens[i] = uint8(sym)
			i++
			continue
		}
		var fill uint8
		var repeat int
		switch sym {
		case 16:
			if i == 0 {
				return z.corrupt("a repeated code length with none before it")
			}
			fill, repeat = lens[i-1], 3+int(z.take(2))
		case 17:
			repeat = 3 + int(z.take(3))
		default:
			repeat = 11 + int(z.take(7))
		}
		if i+repeat > n {
			return z.corrupt("code lengths past the codes")
		}
		for range repeat {
			lens[i] = fill
			i++
		}
	}
	if z.eof && z.consumed() > z.end {
		return z.endedEarly()
	}
	if lens[256] == 0 {
		return z.corrupt("no end-of-block code")
	}
	if !buildTable(z.litlen[:], litlenBits, lens[:nlit], litlenEntry) {
		return z.corrupt("a bad literal/length code")
	}
	pairLiterals(z.litlen[:])
	if !buildTable(z.dist[:], distBits, lens[nlit:], distEntry) {
		return z.corrupt("a bad distance code")
	}
	return nil
}

// copyStored copies a stored block's bytes, as far as out and the input
// allow.
func (z *Reader) copyStored() error {
	for z.stored > 0 {
		if z.o > window+outSize {
			return nil
		}
		if z.pos == z.end {
			if z.eof {
				return z.endedEarly()
			}
			z.fill()
			continue
		}
		n := copy(z.out[z.o:window+outSize+outSlack], z.in[z.pos:min(z.end, z.pos+z.stored)])
		z.o += n
		z.pos += n
		z.stored -= n
	}
	z.endBlock()
	return nil
}

// endBlock moves on to the next block, or to the trailer after the last.
func (z *Reader) endBlock() {
	if z.final {
		z.state = stateTrailer
	} else {
		z.state = stateBlock
	}
}
