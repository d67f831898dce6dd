package input

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go/format"
)

// parquet-go allocates what a Parquet file's layout claims before it reads
// what is claimed: a list in the footer claiming 2^31 row groups makes it
// ask for hundreds of GiB, which ends the process (Go cannot recover from
// running out of memory), and a page header claiming 2 GiB of page makes it
// allocate that much. A damaged file, which the fuzzers make in thousands,
// must be an error instead. So the claims are checked first against the
// bytes there are:
//
//   - the footer (the file's layout, Thrift compact encoding) is walked
//     through before parquet-go decodes it: every list, set and map can have
//     no more elements, and every string no more bytes, than the footer has
//     left; what parquet-go then allocates for it is at most a few hundred
//     bytes for each byte of the footer;
//   - before a row group is read, the header of every page of its column
//     chunks is walked through the same way, and the page's size checked:
//     its compressed size must fit in its column chunk (and the chunk in the
//     file), and its uncompressed size (beyond 64 MiB) in the chunk's total
//     uncompressed size, which must itself be one the chunk's codec can
//     reach from its compressed size (a codec with no such limit, such as
//     zstd, is held to the total alone).
//
// A real file passes both checks whatever its size; they read the footer
// and the page headers once more, a small part of the file.

// errClaim is a length or count that does not fit in the bytes left.
var errClaim = errors.New("a length or count claims more bytes than there are")

// thriftWalker reads Thrift compact encoding, checking claims, and keeps
// nothing but what its caller asks for.
type thriftWalker struct {
	r    *bufio.Reader
	left int64 // bytes that may still be read
	read int64 // bytes read
}

const maxThriftDepth = 32 // Parquet's structures nest a few levels

// Compact protocol types.
const (
	thriftTrue   = 1
	thriftFalse  = 2
	thriftByte   = 3
	thriftI16    = 4
	thriftI32    = 5
	thriftI64    = 6
	thriftDouble = 7
	thriftBinary = 8
	thriftList   = 9
	thriftSet    = 10
	thriftMap    = 11
	thriftStruct = 12
	thriftUUID   = 13
)

func (w *thriftWalker) byte() (byte, error) {
	if w.left <= 0 {
		return 0, errClaim
	}
	b, err := w.r.ReadByte()
	if err != nil {
		return 0, noEOF(err)
	}
	w.left--
	w.read++
	return b, nil
}

func (w *thriftWalker) uvarint() (uint64, error) {
	var x uint64
	for shift := uint(0); shift < 70; shift += 7 {
		b, err := w.byte()
		if err != nil {
			return 0, err
		}
		x |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return x, nil
		}
	}
	return 0, errors.New("a number runs on for more than ten bytes")
}

func (w *thriftWalker) varint() (int64, error) {
	u, err := w.uvarint()
	return int64(u>>1) ^ -int64(u&1), err
}

func (w *thriftWalker) skip(n int64) error {
	if n < 0 || n > w.left {
		return errClaim
	}
	if _, err := w.r.Discard(int(n)); err != nil {
		return noEOF(err)
	}
	w.left -= n
	w.read += n
	return nil
}

// count reads a claimed number of elements of at least min bytes each and
// checks that they fit.
func (w *thriftWalker) count(n uint64, min int64) (int64, error) {
	if n > uint64(w.left/min) {
		return 0, errClaim
	}
	return int64(n), nil
}

// structure walks a struct; field, when not nil, is given each integer
// field of it (not of the structs inside) by its id.
func (w *thriftWalker) structure(depth int, field func(id int16, v int64)) error {
	if depth > maxThriftDepth {
		return errors.New("structures nested too deep")
	}
	id := int16(0)
	for {
		b, err := w.byte()
		if err != nil {
			return err
		}
		if b == 0 { // stop
			return nil
		}
		if delta := b >> 4; delta != 0 {
			id += int16(delta)
		} else {
			v, err := w.varint()
			if err != nil {
				return err
			}
			id = int16(v)
		}
		v, err := w.value(b&0x0f, depth)
		if err != nil {
			return err
		}
		if field != nil {
			field(id, v)
		}
	}
}

// value walks one value of type typ; an integer's value is returned.
func (w *thriftWalker) value(typ byte, depth int) (int64, error) {
	switch typ {
	case thriftTrue, thriftFalse:
		return 0, nil
	case thriftByte:
		b, err := w.byte()
		return int64(b), err
	case thriftI16, thriftI32, thriftI64:
		return w.varint()
	case thriftDouble:
		return 0, w.skip(8)
	case thriftUUID:
		return 0, w.skip(16)
	case thriftBinary:
		n, err := w.uvarint()
		if err != nil {
			return 0, err
		}
		if n > uint64(w.left) {
			return 0, errClaim
		}
		return 0, w.skip(int64(n))
	case thriftList, thriftSet:
		b, err := w.byte()
		if err != nil {
			return 0, err
		}
		size := uint64(b >> 4)
		if size == 15 {
			if size, err = w.uvarint(); err != nil {
				return 0, err
			}
		}
		n, err := w.count(size, 1)
		if err != nil {
			return 0, err
		}
		elem := b & 0x0f
		for range n {
			if elem == thriftTrue || elem == thriftFalse {
				_, err = w.byte() // a bool in a list takes a byte
			} else {
				_, err = w.value(elem, depth+1)
			}
			if err != nil {
				return 0, err
			}
		}
		return 0, nil
	case thriftMap:
		size, err := w.uvarint()
		if err != nil || size == 0 {
			return 0, err
		}
		n, err := w.count(size, 2)
		if err != nil {
			return 0, err
		}
		types, err := w.byte()
		if err != nil {
			return 0, err
		}
		for range n {
			for _, t := range []byte{types >> 4, types & 0x0f} {
				if _, err := w.value(t, depth+1); err != nil {
					return 0, err
				}
			}
		}
		return 0, nil
	case thriftStruct:
		return 0, w.structure(depth+1, nil)
	}
	return 0, fmt.Errorf("an unknown type %d in its layout", typ)
}

// noEOF is an error for data that ends inside a value.
func noEOF(err error) error {
	if err == io.EOF {
		return errClaim
	}
	return err
}

// checkFooterClaims walks the footer, its n bytes before the file's last 8.
func checkFooterClaims(at io.ReaderAt, size, n int64) error {
	w := &thriftWalker{r: bufio.NewReader(io.NewSectionReader(at, size-8-n, n)), left: n}
	if err := w.structure(0, nil); err != nil {
		return fmt.Errorf("its layout (footer) cannot be read: %w", err)
	}
	return nil
}

// maxRatio is how many times its compressed size a codec can make of data
// at most (0: no limit worth having): deflate 1032, LZ4 255, Snappy 21.
func maxRatio(codec format.CompressionCodec) int64 {
	switch codec {
	case format.Uncompressed:
		return 1
	case format.Snappy:
		return 32
	case format.Gzip:
		return 1100
	case format.Lz4, format.Lz4Raw:
		return 256
	}
	return 0
}

// pageLeeway is the uncompressed size a page may claim whatever its column
// chunk's total says, in case a writer gets the total wrong: no harm in
// allocating that much.
const pageLeeway = 64 << 20

// checkPageClaims walks the page headers of a row group's column chunks
// and checks the pages' sizes, before parquet-go reads them. dataEnd is
// where the footer starts.
func checkPageClaims(at io.ReaderAt, dataEnd int64, group *format.RowGroup) error {
	for c := range group.Columns {
		md := &group.Columns[c].MetaData
		start := md.DataPageOffset
		if md.DictionaryPageOffset != 0 {
			start = md.DictionaryPageOffset // as parquet-go reads it
		}
		end := start + md.TotalCompressedSize
		if start < 4 || md.TotalCompressedSize < 0 || end > dataEnd || end < start {
			return fmt.Errorf("the data of column %d lies outside the file", c+1)
		}
		if ratio := maxRatio(md.Codec); md.TotalUncompressedSize < 0 ||
			ratio > 0 && md.TotalUncompressedSize > md.TotalCompressedSize*ratio+1<<20 {
			return fmt.Errorf("column %d claims %d bytes uncompressed from %d, more than its compression can make", c+1, md.TotalUncompressedSize, md.TotalCompressedSize)
		}
		for pos := start; pos < end; {
			// Each header is read where it is: the pages between are not.
			w := &thriftWalker{r: bufio.NewReaderSize(io.NewSectionReader(at, pos, end-pos), 4096), left: end - pos}
			compressed, uncompressed := int64(-1), int64(-1)
			err := w.structure(0, func(id int16, v int64) {
				switch id {
				case 2:
					uncompressed = v
				case 3:
					compressed = v
				}
			})
			switch {
			case err != nil:
				return fmt.Errorf("a page header of column %d cannot be read: %w", c+1, err)
			case compressed < 0 || compressed > w.left:
				return fmt.Errorf("a page of column %d claims %d bytes, more than its column has", c+1, compressed)
			case uncompressed < 0 || uncompressed > max(md.TotalUncompressedSize, pageLeeway):
				return fmt.Errorf("a page of column %d claims %d bytes uncompressed, more than its column has", c+1, uncompressed)
			}
			pos += w.read + compressed
		}
	}
	return nil
}
