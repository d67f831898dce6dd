package gunzip

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

// A gzip stream has no index: where a block starts is known only to whoever
// decoded the blocks before it, and a match may copy from the 32 KiB before.
// On a file read at offsets, a second goroutine, the scout, decodes
// segments ahead of the Reader anyway, as rapidgzip does:
//
//   - it starts a little ahead of the Reader, at the first bit where a
//     dynamic block's header reads as one (find), and decodes on to the
//     first block header past the segment's input or output size, or to
//     the end of a member's last block;
//   - the window before the segment is unknown: a byte copied from it, or
//     from a byte that was, is kept as a marker, 256 + its place in the
//     window, in output of uint16 (an export's repeated text never leaves
//     such copies behind: the markers last the whole segment).
//
// When the Reader reaches a block header at the very bit where a segment
// started, that segment is the stream's own continuation: the Reader
// writes it out, each marker replaced by its byte of the window it now
// knows (a table lookup a byte, under half of decoding's cost), and goes on
// after the segment. A segment the Reader passes without meeting its start
// (a header that only looked like one), or one that failed, is dropped, and
// the Reader decodes those blocks itself: the output, errors included, is
// always what one goroutine gives. The Reader still checks every member's
// CRC-32 and length.
//
// Between segments the Reader decodes a stretch itself: on two cores, the
// parsing of the output needs its share, and the scout, slower a byte than
// the Reader, keeps up.

const (
	scoutMinSize = 8 << 20   // a smaller file is decoded by the Reader alone
	scoutGap     = 1 << 20   // how far ahead of the Reader the scout starts a segment
	readerShare  = 1 << 20   // the compressed bytes after a segment the Reader decodes itself
	segInput     = 512 << 10 // a segment stops at the first block header past this much input
	segOutput    = 2 << 20   // or past this much output
	scanSize     = 64 << 10  // the compressed bytes the finder holds at a time
)

var errScout = errors.New("gunzip: the segment does not decode") // never leaves the package

// segment is output the scout decoded ahead.
type segment struct {
	start, end int64 // its first block header's bit, and the bit where it stopped
	final      bool  // end is after a member's last block: the trailer follows
	out        []uint16
	reach      int // how far into the window before it its matches read
	failed     bool
	done       chan struct{} // closed when the scout has finished with it
	abandoned  atomic.Bool   // the Reader has passed it
}

type scout struct {
	ra                io.ReaderAt
	size              int64
	gap, share, input int64
	output            int
	claims            chan *segment // the segments, in order, as the scout starts them; one waits at most (memory)
	readerAt          atomic.Int64  // the byte the Reader has reached
	quit, ended       chan struct{}
	stopping          sync.Once
	head              *segment      // the Reader's next claim
	table             [1 << 16]byte // a marker's byte: 0-255 themselves, 256+i the window's byte i
	// for the tests: segments spliced in (of them, ending a member), and
	// dropped
	spliced, finals, abandoned int
	// for the tests: the Reader waits at each block header for the scout's
	// next claim, so that what is spliced does not hang on the scheduler
	patient bool
}

// NewReaderAt reads the gzip data of ra, size bytes from its start. On a
// machine of more than one core, a large file is decoded by two goroutines
// (see scout); Close stops the second.
func NewReaderAt(ra io.ReaderAt, size int64) (*Reader, error) {
	if size < scoutMinSize || runtime.GOMAXPROCS(0) < 2 {
		return newReaderAt(ra, size, nil)
	}
	return newReaderAt(ra, size, newScout(ra, size, scoutGap, readerShare, segInput, segOutput))
}

func newReaderAt(ra io.ReaderAt, size int64, s *scout) (*Reader, error) {
	z, err := NewReader(io.NewSectionReader(ra, 0, size))
	if err != nil {
		if s != nil {
			s.stop()
		}
		return nil, err
	}
	z.file, z.fileSize, z.scout = ra, size, s
	return z, nil
}

// Close stops the scout, if there is one, and waits for it; it does not
// close the source.
func (z *Reader) Close() error {
	if z.scout != nil {
		// A segment being spliced in (z.seg) stays: a Read after Close
		// goes on with it, and recycles it at its end. Taken away here, it
		// left the Reader splicing nothing (a nil segment: a panic).
		z.scout.stop()
	}
	return nil
}

func newScout(ra io.ReaderAt, size, gap, share, input int64, output int) *scout {
	s := &scout{ra: ra, size: size, gap: gap, share: share, input: input, output: output,
		claims: make(chan *segment, 1),
		quit:   make(chan struct{}), ended: make(chan struct{})}
	for i := range 256 {
		s.table[i] = byte(i)
	}
	go s.run()
	return s
}

// stop stops the scout and gives the buffers of the segments not spliced
// in back to the pool; the Reader's goroutine calls it.
func (s *scout) stop() {
	s.stopping.Do(func() {
		close(s.quit)
		<-s.ended // every segment claimed is done
		if s.head != nil {
			s.recycle(s.head)
			s.head = nil
		}
		for {
			select {
			case seg := <-s.claims:
				s.recycle(seg)
			default:
				return
			}
		}
	})
	<-s.ended
}

func (s *scout) quitting() bool {
	select {
	case <-s.quit:
		return true
	default:
		return false
	}
}

// spareSegments keeps the buffers of segments spliced in, for the next
// segment and the next file: the files of a glob, read one after another,
// take no more memory than one. (A sync.Pool, emptied by the collector,
// would let the heap grow between collections.)
var spareSegments = make(chan []uint16, 4)

func (s *scout) buffer() []uint16 {
	// Room for a block of as much again after the output size is reached:
	// a longer block fails the segment.
	room := 2*s.output + outSlack
	select {
	case b := <-spareSegments:
		if cap(b) >= room {
			return b
		}
	default:
	}
	return make([]uint16, 0, room)
}

func (s *scout) recycle(seg *segment) {
	if seg.out != nil {
		select {
		case spareSegments <- seg.out[:0]:
		default:
		}
	}
	seg.out = nil
}

// run finds and decodes segments until the file ends or the Reader closes.
func (s *scout) run() {
	defer close(s.ended)
	z := &Reader{in: make([]byte, inSize+inSlack), file: s.ra, fileSize: s.size}
	finder := &Reader{in: make([]byte, scanSize+headerRoom+inSlack)}
	next := int64(0) // where the scout may start
	for !s.quitting() {
		from := max(next, s.readerAt.Load()+s.gap)
		if from >= s.size {
			return
		}
		bit := s.find(finder, from*8, from+s.input)
		if bit < 0 {
			next = from + s.input
			continue
		}
		seg := &segment{start: bit, done: make(chan struct{})}
		select {
		case s.claims <- seg:
		case <-s.quit:
			return
		}
		s.decode(z, seg, (from+s.input)*8)
		if seg.failed {
			next = bit>>3 + 1
		} else {
			next = seg.end>>3 + s.share
		}
	}
}

// decode decodes seg from its start to the first block header at or past
// stop or past the segment's output, or to the end of a member.
func (s *scout) decode(z *Reader, seg *segment, stop int64) {
	defer close(seg.done)
	out := s.buffer()
	z.seek(seg.start)
	z.state = stateBlock
	var err error
	for first := true; err == nil; {
		if seg.abandoned.Load() || s.quitting() {
			err = errScout
			break
		}
		switch z.state {
		case stateBlock:
			if !z.eof && z.end-z.pos < headerRoom {
				z.fill()
			}
			if !first && (z.bitPos() >= stop || len(out) >= s.output) {
				seg.end, seg.out = z.bitPos(), out
				return
			}
			first = false
			err = z.blockHeader()
		case stateHuffman:
			out, err = z.wideSymbols(out, &seg.reach, z.eof)
			if err == nil && z.state == stateHuffman {
				if len(out) > cap(out)-outSlack || z.eof {
					err = errScout
				} else {
					z.fill()
				}
			}
		case stateStored:
			out, err = z.wideStored(out)
		case stateTrailer:
			seg.end, seg.final, seg.out = z.bitPos(), true, out
			return
		}
	}
	seg.failed, seg.out = true, out
}

// wideSymbols is the decoding loop (inflate.go's symbols) writing markers:
// a copy from before the segment writes 256 + its place in the window.
// It stops at the end of the block, of out, or of the input at hand. With
// tail, at the end of the file, it decodes the last bytes too, reading the
// zeros after them, and fails if it took bits from there: a failed
// segment needs no output taken back.
func (z *Reader) wideSymbols(out []uint16, reach *int, tail bool) ([]uint16, error) {
	in := z.in
	pos, bitbuf, bitsleft := z.pos, z.bitbuf, z.bitsleft
	litlen, dist := &z.litlen, &z.dist
	o := len(out)
	out = out[:cap(out)]
	limit, outLimit := z.end-8, cap(out)-outSlack
	if tail {
		limit = z.end + 8
	}
	err := error(nil)
loop:
	for o <= outLimit && pos <= limit {
		bitbuf |= binary.LittleEndian.Uint64(in[pos:]) << (bitsleft & 63)
		pos += int((63 - bitsleft) >> 3)
		bitsleft |= 56

		e := litlen[bitbuf&(1<<litlenBits-1)]
		if e&flagLiteral != 0 {
			for k := 0; k < 5 && e&flagLiteral != 0; k++ {
				n := uint(e & 15)
				bitbuf >>= n
				bitsleft -= n
				out[o], out[o+1] = uint16(byte(e>>16)), uint16(byte(e>>24))
				o += 1 + int(e>>12&1)
				e = litlen[bitbuf&(1<<litlenBits-1)]
			}
			continue
		}
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
			err = errScout
			break loop
		case e&flagEnd != 0:
			z.endBlock()
			break loop
		case e&flagLiteral != 0:
			out[o] = uint16(byte(e >> 16))
			o++
			continue
		}
		extra := uint(e >> 4 & 15)
		length := int(e>>16) + int(bitbuf&(1<<extra-1))
		bitbuf >>= extra
		bitsleft -= extra

		e = dist[bitbuf&(1<<distBits-1)]
		if e&flagSub != 0 {
			bitbuf >>= distBits
			bitsleft -= distBits
			e = dist[(e>>16)+uint32(bitbuf&(1<<(e>>4&15)-1))]
		}
		if e&flagBad != 0 {
			err = errScout
			break loop
		}
		n = uint(e & 15)
		bitbuf >>= n
		extra = uint(e >> 4 & 15)
		distance := int(e>>16) + int(bitbuf&(1<<extra-1))
		bitbuf >>= extra
		bitsleft -= n + extra
		from := o - distance
		switch {
		case from < 0:
			*reach = max(*reach, -from)
			for i := range length {
				if from+i < 0 {
					out[o+i] = uint16(256 + window + from + i)
				} else {
					out[o+i] = out[from+i]
				}
			}
		case distance >= 4:
			// Words of four never overlap what they read; the last may
			// write up to three values past the match, into outSlack.
			dst, src := unsafe.Pointer(&out[o]), unsafe.Pointer(&out[from])
			for i := 0; i < 2*length; i += 8 {
				*(*uint64)(unsafe.Add(dst, i)) = *(*uint64)(unsafe.Add(src, i))
			}
		default:
			for i := range length {
				out[o+i] = out[from+i]
			}
		}
		o += length
	}
	z.pos, z.bitbuf, z.bitsleft = pos, bitbuf, bitsleft
	if tail && z.consumed() > z.end {
		err = errScout
	}
	return out[:o], err
}

// wideStored copies a stored block's bytes.
func (z *Reader) wideStored(out []uint16) ([]uint16, error) {
	for z.stored > 0 {
		room := cap(out) - outSlack - len(out)
		if room <= 0 {
			return out, errScout
		}
		if z.pos == z.end {
			if z.eof {
				return out, errScout
			}
			z.fill()
			continue
		}
		n := min(z.end-z.pos, z.stored, room)
		for _, b := range z.in[z.pos : z.pos+n] {
			out = append(out, uint16(b))
		}
		z.pos += n
		z.stored -= n
	}
	z.endBlock()
	return out, nil
}

// find gives the first bit from from on, before byte stop, where a dynamic
// block's header reads as one: counts in range, a complete code-length
// code, codes that build; -1 when there is none.
func (s *scout) find(t *Reader, from, stop int64) int64 {
	stop = min(stop, s.size)
	for from>>3 < stop {
		at := from >> 3
		n, _ := s.ra.ReadAt(t.in[:min(scanSize, stop-at)+headerRoom], at)
		if n == 0 {
			return -1
		}
		clear(t.in[n : n+inSlack])
		scan := min(int64(n), scanSize, stop-at) * 8
		for b := from - at*8; b < scan; b++ {
			if !headerLooksRight(t.in, b) {
				continue
			}
			t.base, t.pos, t.end, t.eof = at, int(b>>3), n, true
			t.bitbuf, t.bitsleft = 0, 0
			t.refill()
			t.take(uint(b & 7))
			if t.blockHeader() == nil {
				return at*8 + b
			}
		}
		from = at*8 + scan
	}
	return -1
}

// headerLooksRight is the finder's quick test of the bits at bit of in
// (which has 16 bytes after them): a dynamic block, counts in range, and
// a complete code-length code (zlib never writes another).
func headerLooksRight(in []byte, bit int64) bool {
	x := binary.LittleEndian.Uint64(in[bit>>3:]) >> (bit & 7)
	if x>>1&3 != 2 || x>>3&31 > 29 || x>>8&31 > 29 {
		return false
	}
	n := int(x>>13&15) + 4
	y := binary.LittleEndian.Uint64(in[(bit+17)>>3:]) >> ((bit + 17) & 7)
	kraft := 0
	for i := range n {
		if l := y >> (3 * i) & 7; l != 0 {
			kraft += 128 >> l
		}
	}
	return kraft == 128
}

// take gives the segment that starts at bit, the Reader's block header,
// once the scout has decoded it; nil when there is none (or it failed).
// Segments the Reader has passed are dropped.
func (s *scout) take(bit int64) *segment {
	s.readerAt.Store(bit >> 3)
	for {
		if s.head == nil && !s.claim() {
			return nil
		}
		seg := s.head
		if seg.start > bit {
			return nil
		}
		s.head = nil
		if seg.start < bit {
			seg.abandoned.Store(true)
		}
		<-seg.done
		if seg.start < bit || seg.failed {
			s.abandoned++
			s.recycle(seg)
			continue
		}
		return seg
	}
}

// claim takes the scout's next claim as the head, if it has made one (a
// patient Reader waits for it while the scout runs).
func (s *scout) claim() bool {
	select {
	case s.head = <-s.claims:
		return true
	default:
		if !s.patient {
			return false
		}
	}
	select {
	case s.head = <-s.claims:
		return true
	case <-s.ended:
		select { // it may have claimed one and ended since
		case s.head = <-s.claims:
			return true
		default:
			return false
		}
	}
}

// spliceFrom starts writing seg out, if it can be: its matches must not
// read before the member's start (the Reader's own decoding reports that).
func (z *Reader) spliceFrom(seg *segment) bool {
	if seg == nil {
		return false
	}
	if seg.reach > z.o-z.history {
		z.scout.recycle(seg)
		return false
	}
	win := z.out[max(z.o-window, 0):z.o]
	copy(z.scout.table[256+window-len(win):256+window], win)
	z.seg, z.segAt, z.state = seg, 0, stateSplice
	return true
}

// spliceInto writes the segment straight into p, the caller's buffer,
// but for its last window, which goes through out (splice) for the
// matches after it: a copy the less.
func (z *Reader) spliceInto(p []byte) int {
	seg, t := z.seg, &z.scout.table
	n := min(len(p), len(seg.out)-window-z.segAt)
	if n <= 0 {
		return 0
	}
	src := seg.out[z.segAt : z.segAt+n]
	dst := p[:len(src)]
	for i, v := range src {
		dst[i] = t[v]
	}
	z.sum()
	z.crc = crc32.Update(z.crc, crc32.IEEETable, dst)
	z.size += uint32(n)
	z.segAt += n
	return n
}

// splice writes out as much of the segment as out holds, its markers
// replaced; at its end, the Reader goes on after it.
func (z *Reader) splice() {
	seg, t := z.seg, &z.scout.table
	n := min(len(seg.out)-z.segAt, window+outSize+1-z.o)
	src := seg.out[z.segAt : z.segAt+n]
	dst := z.out[z.o : z.o+len(src)]
	for i, v := range src {
		dst[i] = t[v]
	}
	z.o += n
	z.segAt += n
	if z.segAt < len(seg.out) {
		return
	}
	z.seek(seg.end)
	z.state = stateBlock
	if seg.final {
		z.state = stateTrailer
		z.scout.finals++
	}
	z.seg = nil
	z.scout.recycle(seg)
	z.scout.spliced++
}
