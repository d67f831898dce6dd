package input

import (
	"bufio"
	"bytes"
	"io"
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
// as the file's decoder would have.

// fastText returns the text after the header, as the fast path reads it,
// and whether it is read beneath an undecided decoder.
func (f *CSVFile) fastText() (io.Reader, bool) {
	// What csv has not taken of the guarded text yet: the rest of the
	// first window, decoded already.
	head, _ := f.body.Peek(f.body.Buffered())
	head = bytes.Clone(head)
	_, _ = f.body.Discard(len(head)) // buffered: cannot fail
	below, undecided := f.text, false
	if a, ok := f.text.(*autoDecoder); ok && a.decided == nil && a.held == nil {
		below, undecided = a.in, true
	}
	return io.MultiReader(bytes.NewReader(head), below), undecided
}

// decodeFrom returns the text of rest, which starts at the line of the
// first byte beyond ASCII, through a decoder that decides there; the file's
// encoding is its decision.
func (f *CSVFile) decodeFrom(rest io.Reader) io.Reader {
	f.auto = &autoDecoder{in: bufio.NewReaderSize(rest, bufferSize)}
	return f.auto
}

// resumeAt has the general reader go on with rest, the text of the file
// from the start of physical line line on, after the fast path has read the
// lines before; undecided tells that rest is read beneath an undecided
// decoder, which it then goes through.
func (f *CSVFile) resumeAt(rest io.Reader, line int, undecided bool) {
	if undecided {
		rest = f.decodeFrom(rest)
	}
	f.body = bufio.NewReaderSize(&recordGuard{r: rest, file: f.name, line: line, start: line, limit: maxRecordBytes}, bufferSize)
	f.csv = newCSVReader(f.body, f.dialect.Delimiter)
	f.lineOffset = line - 1
}
