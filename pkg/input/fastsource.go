package input

import (
	"bufio"
	"bytes"
	"io"
	"os"
)

// The text the fast path reads, and where the general reader goes on.
//
// The general reader reads the file through layers (decode.go):
// decompression, decoding, the record guard and csv. The fast path reads
// beneath the record guard, which it does not need (it reads no line longer
// than a block, and stops at the first quote), and, while the encoding is
// undecided (ASCII so far), beneath the decoder too: the workers then look
// for the first byte beyond ASCII themselves, in parallel, instead of the
// reading goroutine looking at every byte. From that byte's line on, the
// text goes through a decoder of its own, which decides on the same bytes
// as the file's decoder would have. Once the decoder has decided on UTF-8,
// whose text is its bytes, the fast path reads beneath it too, and the
// workers check the bytes as its guard would (encodingGuard): from a line
// that is not UTF-8 on, the text goes through a guard of its own, which
// refuses it as the file's would have.

// fastText is the text after the header, as the fast path reads it.
type fastText struct {
	r         io.Reader
	undecided bool // r is read beneath an undecided decoder
	// utf8Since is the line on which the decoder decided on UTF-8, when r
	// is read beneath it (the workers check that the bytes are UTF-8); 0
	// otherwise.
	utf8Since int
	// When the text is the bytes of a regular file as they are (neither
	// compressed nor decoded), the fast path reads the file itself at its
	// offsets (fileBlocks): the text is head, then the file from offset.
	file   *os.File
	head   []byte
	offset int64
}

// fastText returns the text after the header, as the fast path reads it.
func (f *CSVFile) fastText() fastText {
	// What csv has not taken of the guarded text yet: the rest of the
	// first window, decoded already.
	head, _ := f.body.Peek(f.body.Buffered())
	head = bytes.Clone(head)
	_, _ = f.body.Discard(len(head)) // buffered: cannot fail
	t := fastText{r: f.text}
	if a, ok := f.text.(*autoDecoder); ok && a.held == nil {
		if a.decided == nil {
			t.r, t.undecided = a.in, true
		} else if g, ok := a.decided.(*encodingGuard); ok && g.enc == UTF8 && g.r == io.Reader(a.in) && g.settled() {
			t.r, t.utf8Since = a.in, g.since
		}
	}
	if t.r == io.Reader(f.source) && f.file != nil && f.dialect.Compression == Uncompressed {
		// The file's bytes as they are: what the layers read ahead, then
		// the file from where they stopped.
		if offset, err := f.file.Seek(0, io.SeekCurrent); err == nil {
			ahead, _ := f.source.Peek(f.source.Buffered())
			t.file, t.offset = f.file, offset
			t.head = append(head, ahead...)
			_, _ = f.source.Discard(len(ahead))
			return t
		}
	}
	t.r = io.MultiReader(bytes.NewReader(head), t.r)
	return t
}

// decodeFrom returns the text of rest, which starts at the line of the
// first byte beyond ASCII, through a decoder that decides there; the file's
// encoding is its decision.
func (f *CSVFile) decodeFrom(rest io.Reader, line int) io.Reader {
	// The line break is '\n': a file of classic Mac line ends is read
	// through its decoder (crToLF is above it).
	f.auto = &autoDecoder{in: bufio.NewReaderSize(rest, bufferSize), file: f.name, eol: '\n', line: line}
	return f.auto
}

// resumeAt has the general reader go on with rest, the text of the file
// from the start of physical line line on, after the fast path has read the
// lines before; rest is read as t was (fastText): beneath an undecided
// decoder, it then goes through one, beneath a decided one through a guard
// of UTF-8.
func (f *CSVFile) resumeAt(rest io.Reader, line int, t fastText) {
	switch {
	case t.undecided:
		rest = f.decodeFrom(rest, line)
	case t.utf8Since > 0:
		rest = &encodingGuard{r: rest, file: f.name, enc: UTF8, eol: '\n', line: line, since: t.utf8Since}
	}
	// The text beneath the new guard is the fast path's, should it be
	// entered again (reader.go).
	f.text = rest
	f.guard = &recordGuard{r: rest, file: f.name, line: line, start: line, limit: maxRecordBytes}
	f.body = bufio.NewReaderSize(f.guard, bufferSize)
	f.csv = newCSVReader(f.body, f.dialect.Delimiter)
	f.lineOffset = line - 1
}
