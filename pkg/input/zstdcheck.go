package input

import (
	"bufio"
	"encoding/binary"
	"io"

	"github.com/cespare/xxhash/v2"
	"github.com/klauspost/compress/zstd"
)

// A zstd frame ends in a checksum of its content (the low 32 bits of its
// XXH64). klauspost's decoder checks it on the goroutine that decodes, the
// one a zstd file's reading waits for, where it is 3 % of the samples. For
// a regular file of one frame the decoder is told to ignore it, and the
// reading checks it instead (frameCheck), beside the parsing: rate on 10M
// zstd purchases takes 0.945× the time (farm-bench, paired runs).
//
// Whether the file is one frame takes a walk of its block headers, one
// read of 3 bytes every 34 KiB or so (10 ms on 175 MB). The walk is off
// the decoder's way (walkedZstd): the decoder starts at once, ignoring the
// checksum, the walk runs beside it, and the reading waits for the walk
// before its first byte. A file the walk does not find to be one frame
// with a checksum is decoded again, from its start, by a decoder that
// checks; the first has given nothing. A file whose first header cannot
// end in a checksum (pzstd's skippable frame, a frame without one) takes
// no walk: a decoder that checks reads it from the start.

// zstdFrameChecksum returns the checksum that ends the zstd data of ra
// (size bytes from its start) when the data is exactly one frame that has
// one. Anything else (several frames, a skippable frame, no checksum, a
// header or a block it cannot read, bytes after the frame, a cut) is left to
// the decoder, which checks or reports it itself. It reads the 3-byte
// header of each block, about one every 128 KiB.
func zstdFrameChecksum(ra io.ReaderAt, size int64) (uint32, bool) {
	h, ok := zstdChecksummedHeader(ra, size)
	if !ok {
		return 0, false
	}
	return zstdFrameChecksumAfter(ra, size, int64(h.HeaderSize))
}

// zstdFrameChecksumAfter is zstdFrameChecksum for data whose frame header,
// headerSize bytes, zstdChecksummedHeader has read.
func zstdFrameChecksumAfter(ra io.ReaderAt, size, headerSize int64) (uint32, bool) {
	// At most a block for every KiB of the file: a file of many tiny
	// blocks is the decoder's to check, not worth a read a block here.
	blocks := size/1024 + 64
	at := headerSize
	for last := false; !last; {
		if blocks--; blocks < 0 {
			return 0, false
		}
		var bh [3]byte
		if _, err := ra.ReadAt(bh[:], at); err != nil {
			return 0, false
		}
		v := uint32(bh[0]) | uint32(bh[1])<<8 | uint32(bh[2])<<16
		kind, n := v>>1&3, int64(v>>3)
		switch kind {
		case 1: // RLE: one byte, repeated n times
			n = 1
		case 3: // reserved: the decoder reports it
			return 0, false
		}
		last = v&1 != 0
		at += 3 + n
	}
	var sum [4]byte
	if at+4 != size {
		return 0, false
	}
	if _, err := ra.ReadAt(sum[:], at); err != nil {
		return 0, false
	}
	return binary.LittleEndian.Uint32(sum[:]), true
}

// zstdChecksummedHeader reads the header the zstd data of ra starts with:
// ok when it is a frame's (not a skippable frame's) that says the frame
// ends in a checksum.
func zstdChecksummedHeader(ra io.ReaderAt, size int64) (zstd.Header, bool) {
	var head [32]byte // a frame's header is at most 18 bytes, then the first block's
	n, _ := ra.ReadAt(head[:min(int64(len(head)), size)], 0)
	var h zstd.Header
	err := h.Decode(head[:n])
	return h, err == nil && !h.Skippable && h.HasCheckSum
}

// frameCheck reads the content of a zstd frame and, at its end, checks
// the checksum the frame ends in (want): a mismatch is the decoder's own
// error, zstd.ErrCRCMismatch, for the file.
type frameCheck struct {
	r    io.Reader
	hash *xxhash.Digest
	want uint32
	f    *CSVFile
}

func newFrameCheck(r io.Reader, want uint32, f *CSVFile) *frameCheck {
	return &frameCheck{r: r, hash: xxhash.New(), want: want, f: f}
}

func (c *frameCheck) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.hash.Write(p[:n])
	if err == io.EOF && uint32(c.hash.Sum64()) != c.want {
		err = c.f.damaged(zstd.ErrCRCMismatch)
	}
	return n, err
}

// walkedZstd is the content of a zstd regular file: decoded ahead from the
// start without the decoder's check while zstdFrameChecksum walks the
// frame beside it, then read through frameCheck, or through a decoder that
// checks when the walk found anything but one frame with a checksum.
type walkedZstd struct {
	f      *CSVFile
	file   io.ReaderAt
	size   int64
	walked chan zstdWalk // the walk's one result; nil when no walk was started, or once it is read
	ahead  *aheadReader  // the decoding, read ahead
	r      io.Reader     // what Read reads, once the walk has ended
}

type zstdWalk struct {
	sum uint32 // the checksum the frame ends in,
	ok  bool   // when the file is one frame that has one
}

// walkZstd starts reading the zstd data of file (size bytes from its
// start), a regular file.
func (f *CSVFile) walkZstd(file io.ReaderAt, size int64) *walkedZstd {
	w := &walkedZstd{f: f, file: file, size: size}
	h, ok := zstdChecksummedHeader(file, size)
	if !ok {
		// No walk can find one frame with a checksum (pzstd's skippable
		// frame first, a frame without one): the decoder checks, at once.
		w.ahead, w.r = w.decode(false)
		return w
	}
	w.walked = make(chan zstdWalk, 1)
	go func() {
		sum, ok := zstdFrameChecksumAfter(file, size, int64(h.HeaderSize))
		w.walked <- zstdWalk{sum, ok}
	}()
	w.ahead, w.r = w.decode(true)
	return w
}

// decode starts a decoder at the file's start, and its read-ahead. Only
// the bytes there were at the walk are read: a file that grows while it is
// read (a second frame appended) is read as it was.
func (w *walkedZstd) decode(checksumRead bool) (*aheadReader, io.Reader) {
	in := bufio.NewReaderSize(io.NewSectionReader(w.file, 0, w.size), zstdInputSize)
	zd, err := w.f.zstdDecoder(in, checksumRead)
	if err != nil {
		return nil, errReader{err}
	}
	ahead := newAheadReader(&decompressed{r: zd, f: w.f}, aheadZstdSize, zd.Close)
	return ahead, ahead
}

// zstdInputSize is how much of the compressed file the decoder's input
// reads at a time: a read of the file for every 16 of its blocks, not
// every 2.
const zstdInputSize = 1 << 20

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func (w *walkedZstd) Read(p []byte) (int, error) {
	if w.walked != nil {
		walk := <-w.walked
		w.walked = nil
		switch {
		case walk.ok:
			w.f.checksumRead = true
			w.r = newFrameCheck(w.r, walk.sum, w.f)
		case w.ahead != nil: // nothing read yet: start again, checking
			_ = w.ahead.Close()
			w.ahead, w.r = w.decode(false)
		}
	}
	return w.r.Read(p)
}

// Close stops the decoding; after the walk, which ends on its own, so that
// nothing reads the file once it is closed.
func (w *walkedZstd) Close() error {
	if w.walked != nil {
		<-w.walked
		w.walked = nil
	}
	if w.ahead != nil {
		return w.ahead.Close()
	}
	return nil
}
