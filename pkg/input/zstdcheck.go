package input

import (
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

// zstdFrameChecksum returns the checksum that ends the zstd data of ra
// (size bytes from its start) when the data is exactly one frame that has
// one. Anything else (several frames, a skippable frame, no checksum, a
// header or a block it cannot read, bytes after the frame, a cut) is left to
// the decoder, which checks or reports it itself. It reads the 3-byte
// header of each block, about one every 128 KiB.
func zstdFrameChecksum(ra io.ReaderAt, size int64) (uint32, bool) {
	var head [32]byte // a frame's header is at most 18 bytes, then the first block's
	n, _ := ra.ReadAt(head[:min(int64(len(head)), size)], 0)
	var h zstd.Header
	if h.Decode(head[:n]) != nil || h.Skippable || !h.HasCheckSum {
		return 0, false
	}
	// At most a block for every KiB of the file: a file of many tiny
	// blocks is the decoder's to check, not worth a read a block here.
	blocks := size/1024 + 64
	at := int64(h.HeaderSize)
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
