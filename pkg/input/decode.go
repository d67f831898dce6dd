package input

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

const (
	// bufferSize is each layer's read buffer and the window that sniffing
	// (binary data, encoding, delimiter) looks at.
	bufferSize = 64 << 10
	// maxRecordBytes bounds one record: encoding/csv holds a whole record
	// in memory, so a file without line breaks, a quote never closed or a
	// decompression bomb would otherwise grow memory without limit.
	maxRecordBytes = 1 << 20
	// maxZstdWindow is the largest zstd window accepted, as the zstd tool
	// does by default; a frame asking for more is refused, not allocated.
	maxZstdWindow = 128 << 20
)

var (
	gzipMagic  = []byte{0x1f, 0x8b}
	zstdMagic  = []byte{0x28, 0xb5, 0x2f, 0xfd}
	utf8BOM    = []byte{0xef, 0xbb, 0xbf}
	utf16LEBOM = []byte{0xff, 0xfe}
	utf16BEBOM = []byte{0xfe, 0xff}
)

// CSVFile is an input opened as CSV records, whatever the file looks like:
// decompressed (gzip, zstd), decoded to UTF-8 (BOM, Windows-1252, UTF-16),
// an Excel sep= line skipped and the delimiter known. It streams: memory
// does not grow with the file.
type CSVFile struct {
	name       string
	csv        *csv.Reader
	body       *bufio.Reader // what csv reads: the text after every layer
	text       io.Reader     // the text beneath the record guard: the fast path reads it (fastsource.go)
	source     *bufio.Reader // the file's bytes as read, before any layer
	file       *os.File      // the file, when it is a regular file (fastsource.go reads it at offsets)
	lineOffset int           // lines before the header that csv does not see (sep=)
	dialect    Dialect
	auto       *autoDecoder // set when the encoding is decided while reading
	closers    []func() error
}

// OpenCSV opens src for reading records. delimiter 0 and EncodingAuto
// detect; anything else is used as given. Errors are DataErrors.
func OpenCSV(src Source, delimiter rune, enc Encoding) (*CSVFile, error) {
	rc, err := src.Open()
	if err != nil {
		return nil, openError(src.Name, err)
	}
	return newCSVFile(src.Name, rc, rc.Close, delimiter, enc)
}

// newCSVFile opens the bytes of raw, an opened file named name that close
// closes, as OpenCSV does.
func newCSVFile(name string, raw io.Reader, close func() error, delimiter rune, enc Encoding) (*CSVFile, error) {
	f := &CSVFile{name: name, closers: []func() error{close}}
	if err := f.open(raw, delimiter, enc); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Read returns the next record (reused by the next call), io.EOF after the
// last, or a DataError.
func (f *CSVFile) Read() ([]string, error) {
	rec, err := f.csv.Read()
	if err == io.EOF {
		return nil, io.EOF
	}
	if err != nil {
		return nil, f.csvError(err)
	}
	return rec, nil
}

// Line is the physical line (1-based, counting every line of the file) on
// which field i of the record last read starts.
func (f *CSVFile) Line(i int) int {
	line, _ := f.csv.FieldPos(i)
	return line + f.lineOffset
}

// Dialect tells how the file is written. The encoding of a file read with
// detection is final once the file has been read to its end.
func (f *CSVFile) Dialect() Dialect {
	d := f.dialect
	if f.auto != nil {
		d.Encoding = f.auto.encoding()
	}
	return d
}

// Close releases the file and the decompressor.
func (f *CSVFile) Close() error {
	var first error
	for i := len(f.closers) - 1; i >= 0; i-- {
		if err := f.closers[i](); err != nil && first == nil {
			first = err
		}
	}
	f.closers = nil
	return first
}

// open stacks the layers: decompression, text decoding, the record guard,
// then csv; sniffing peeks at each layer's buffer, so nothing is read twice.
func (f *CSVFile) open(raw io.Reader, delimiter rune, enc Encoding) error {
	f.source = bufio.NewReaderSize(raw, bufferSize)
	in, err := f.decompress(f.source)
	if err != nil {
		return err
	}
	sample, err := in.Peek(bufferSize)
	if err != nil && err != io.EOF {
		return f.readError(err)
	}
	text, err := f.decodeText(in, sample, enc)
	if err != nil {
		return err
	}
	if bytes.IndexByte(sample, '\r') >= 0 && bytes.IndexByte(sample, '\n') < 0 {
		text = crToLF{text} // classic Mac line ends (Excel for Mac's "CSV (Macintosh)")
	}
	f.text = text
	br := bufio.NewReaderSize(&recordGuard{r: text, file: f.name, line: 1, start: 1, limit: maxRecordBytes}, bufferSize)

	head, err := br.Peek(bufferSize)
	if err != nil && err != io.EOF {
		return f.readError(err)
	}
	if sep, n, ok, derr := f.sepLine(head); ok {
		if derr != nil {
			return derr
		}
		if _, err := br.Discard(n); err != nil {
			return f.readError(err)
		}
		head = head[n:]
		f.lineOffset = 1
		if delimiter == 0 {
			delimiter = sep
		}
	}
	if delimiter == 0 {
		delimiter = detectDelimiter(head)
	}
	f.dialect.Delimiter = delimiter
	f.body = br
	f.csv = newCSVReader(br, delimiter)
	return nil
}

func newCSVReader(r io.Reader, delimiter rune) *csv.Reader {
	c := csv.NewReader(r)
	c.Comma = delimiter
	c.ReuseRecord = true
	c.FieldsPerRecord = -1 // ragged rows get the caller's message, with the counts
	return c
}

// decompress recognises gzip and zstd by their magic bytes, whatever the
// file is called.
func (f *CSVFile) decompress(in *bufio.Reader) (*bufio.Reader, error) {
	magic, _ := in.Peek(len(zstdMagic)) // a read error shows at the next peek
	var zr io.Reader
	switch {
	case bytes.HasPrefix(magic, gzipMagic):
		// klauspost's inflate, not compress/gzip's: about a fifth faster,
		// and a gzipped file reads at the speed of its decompression (the
		// fast path parses on the other cores).
		f.dialect.Compression = Gzip
		gz, err := gzip.NewReader(in)
		if err != nil {
			return nil, f.damaged(err)
		}
		f.closers = append(f.closers, gz.Close)
		zr = gz
	case bytes.HasPrefix(magic, zstdMagic):
		f.dialect.Compression = Zstd
		zd, err := zstd.NewReader(in, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxWindow(maxZstdWindow))
		if err != nil {
			return nil, f.damaged(err)
		}
		f.closers = append(f.closers, func() error { zd.Close(); return nil })
		zr = zd
	default:
		f.dialect.Compression = Uncompressed
		return in, nil
	}
	return bufio.NewReaderSize(&decompressed{r: zr, f: f}, bufferSize), nil
}

// decodeText turns the (decompressed) bytes into UTF-8 text, refusing
// binary data.
func (f *CSVFile) decodeText(in *bufio.Reader, sample []byte, enc Encoding) (io.Reader, error) {
	hasUTF16BOM := bytes.HasPrefix(sample, utf16LEBOM) || bytes.HasPrefix(sample, utf16BEBOM)
	if enc == UTF16LE || enc == UTF16BE || (enc == EncodingAuto && hasUTF16BOM) {
		// A byte-order mark, when there is one, says which UTF-16 it is.
		endian, name := unicode.LittleEndian, UTF16LE
		if bytes.HasPrefix(sample, utf16BEBOM) || (enc == UTF16BE && !hasUTF16BOM) {
			endian, name = unicode.BigEndian, UTF16BE
		}
		f.dialect.Encoding = name
		return transform.NewReader(in, unicode.UTF16(endian, unicode.UseBOM).NewDecoder()), nil
	}
	if f.dialect.Compression != Uncompressed {
		if what := compressedFormat(sample); what != "" {
			return nil, &DataError{File: f.name, Reason: fmt.Sprintf("%s compressed with %s", what, f.dialect.Compression),
				Hint: "Parquet files and Excel workbooks compress themselves, and are read as they are: decompress it first"}
		}
	}
	if what := binaryKind(sample); what != "" {
		return nil, &DataError{File: f.name, Reason: "not a CSV text file: it looks like " + what,
			Hint: "save the data as CSV (in Excel: Save As, CSV UTF-8) and pass that file; gzip and zstd files are read as they are"}
	}
	if enc == Windows1252 {
		f.dialect.Encoding = Windows1252
		return transform.NewReader(in, charmap.Windows1252.NewDecoder()), nil
	}
	if bytes.HasPrefix(sample, utf8BOM) {
		if _, err := in.Discard(len(utf8BOM)); err != nil {
			return nil, f.readError(err)
		}
	}
	if enc == UTF8 {
		f.dialect.Encoding = UTF8
		return in, nil
	}
	f.auto = &autoDecoder{in: in}
	return f.auto, nil
}

// sepLine recognises Excel's "sep=;" first line (also quoted, or with
// trailing delimiters): it names the delimiter, and is not the header. n is
// its length with the line break.
func (f *CSVFile) sepLine(head []byte) (delimiter rune, n int, ok bool, err error) {
	line := head
	n = len(head)
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		line, n = head[:i], i+1
	}
	s := strings.TrimPrefix(strings.TrimRight(string(line), "\r "), `"`)
	if len(s) < 4 || !strings.EqualFold(s[:4], "sep=") {
		return 0, 0, false, nil
	}
	d, _ := utf8.DecodeRuneInString(s[4:])
	for _, ok := range delimiters {
		if d == ok {
			return d, n, true, nil
		}
	}
	return 0, 0, true, &DataError{File: f.name, Line: 1, Column: 1, Value: string(line),
		Reason: "the sep= line names no delimiter that can be read",
		Hint:   "write sep=, sep=; sep=| or sep= followed by a tab, or pass --delimiter"}
}

// detectDelimiter picks the delimiter that splits the header most often,
// counting only outside quotes; a header of one column is comma-separated.
func detectDelimiter(head []byte) rune {
	counts := make([]int, len(detectedDelimiters))
	inQuotes := false
scan:
	for _, c := range head {
		switch {
		case c == '"':
			inQuotes = !inQuotes
		case inQuotes:
		case c == '\n':
			break scan
		default:
			for i, d := range detectedDelimiters {
				if rune(c) == d {
					counts[i]++
				}
			}
		}
	}
	best := 0
	for i, n := range counts {
		if n > counts[best] {
			best = i
		}
	}
	return detectedDelimiters[best]
}

// signatures name common non-CSV files, so that the error says what was
// passed instead.
var signatures = []struct{ magic, what string }{
	{"\x89PNG\r\n\x1a\n", "a PNG image"},
	{"\xff\xd8\xff", "a JPEG image"},
	{"GIF8", "a GIF image"},
	{"%PDF-", "a PDF document"},
	{"PK\x03\x04", "a zip archive (an Excel .xlsx workbook is one)"},
	{"PAR1", "a Parquet file"},
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel .xls workbook"},
	{"\xfd7zXZ\x00", "xz-compressed data (gzip and zstd are read, xz is not)"},
	{"BZh", "bzip2-compressed data (gzip and zstd are read, bzip2 is not)"},
}

// compressedFormat tells a format that is read but not when compressed.
func compressedFormat(sample []byte) string {
	switch {
	case bytes.HasPrefix(sample, parquetMagic):
		return "a Parquet file"
	case bytes.HasPrefix(sample, xlsxMagic):
		return "a zip archive or Excel workbook"
	}
	return ""
}

// binaryKind tells what a sample is when it is not text ("" when it is
// text): text has no NUL bytes and hardly any control characters.
func binaryKind(sample []byte) string {
	controls := 0
	for _, c := range sample {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' {
			controls++
		}
	}
	if bytes.IndexByte(sample, 0) < 0 && controls*32 <= len(sample) {
		return ""
	}
	for _, s := range signatures {
		if bytes.HasPrefix(sample, []byte(s.magic)) {
			return s.what
		}
	}
	return "binary data (it has NUL bytes or control characters)"
}

// autoDecoder passes text through as UTF-8 until the first byte that is not
// ASCII, and there decides, once, from the bytes that follow (up to the
// buffer size): valid UTF-8 stays as it is, anything else is Windows-1252.
// Deciding there rather than on the first bytes of the file gets a file
// right whose first å sits far down.
type autoDecoder struct {
	in      *bufio.Reader
	decided io.Reader
	enc     Encoding
	// held is what a direct read brought in from the first byte that is
	// not ASCII on, and heldErr the error that came with it: the decision
	// starts from them.
	held    []byte
	heldErr error
}

func (a *autoDecoder) Read(p []byte) (int, error) {
	if a.decided != nil {
		return a.decided.Read(p)
	}
	if len(p) == 0 {
		return 0, nil
	}
	if a.held == nil && a.in.Buffered() == 0 && len(p) >= a.in.Size() {
		// A large read with nothing buffered goes straight into p, which
		// saves copying an ASCII file through the buffer.
		n, err := a.in.Read(p)
		k := asciiPrefix(p[:n])
		if k == n {
			return n, err
		}
		a.held, a.heldErr = append([]byte(nil), p[k:n]...), err
		if k > 0 {
			return k, nil
		}
		return a.decideHeld(p)
	}
	if a.held != nil {
		return a.decideHeld(p)
	}
	if a.in.Buffered() == 0 {
		if _, err := a.in.Peek(1); err != nil {
			return 0, err
		}
	}
	buf, _ := a.in.Peek(min(a.in.Buffered(), len(p)))
	n := asciiPrefix(buf)
	if n > 0 {
		copy(p, buf[:n])
		_, _ = a.in.Discard(n) // buffered: cannot fail
		return n, nil
	}
	window, err := a.in.Peek(a.in.Size())
	if err != nil && err != io.EOF {
		return 0, err
	}
	if validUTF8(window, err == nil) {
		a.enc, a.decided = UTF8, a.in
	} else {
		a.enc, a.decided = Windows1252, transform.NewReader(a.in, charmap.Windows1252.NewDecoder())
	}
	return a.decided.Read(p)
}

// asciiPrefix is the length of b's leading ASCII, 32 and then eight bytes
// at a time: an ASCII file passes through here whole.
func asciiPrefix(b []byte) int {
	i := 0
	for ; i+32 <= len(b); i += 32 {
		w := binary.LittleEndian.Uint64(b[i:]) | binary.LittleEndian.Uint64(b[i+8:]) |
			binary.LittleEndian.Uint64(b[i+16:]) | binary.LittleEndian.Uint64(b[i+24:])
		if w&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	return i
}

// decideHeld decides as Read does, on the window that starts with the held
// bytes, and reads on from them.
func (a *autoDecoder) decideHeld(p []byte) (int, error) {
	if a.heldErr != nil && a.heldErr != io.EOF {
		return 0, a.heldErr
	}
	size := a.in.Size()
	window, more := a.held, true
	switch {
	case len(window) >= size:
		window = window[:size]
	case a.heldErr == io.EOF:
		more = false
	default:
		rest, err := a.in.Peek(size - len(window))
		if err != nil && err != io.EOF {
			return 0, err
		}
		window, more = append(window[:len(window):len(window)], rest...), err == nil
	}
	src := io.MultiReader(bytes.NewReader(a.held), a.in)
	if a.heldErr != nil {
		src = io.MultiReader(bytes.NewReader(a.held), errorReader{a.heldErr})
	}
	if validUTF8(window, more) {
		a.enc, a.decided = UTF8, src
	} else {
		a.enc, a.decided = Windows1252, transform.NewReader(src, charmap.Windows1252.NewDecoder())
	}
	return a.decided.Read(p)
}

func (a *autoDecoder) encoding() Encoding {
	if a.enc == "" {
		return UTF8 // ASCII only: UTF-8 as much as anything
	}
	return a.enc
}

// validUTF8 checks a window of a stream; when more follows, the window may
// end inside a character, which is not held against it.
func validUTF8(b []byte, more bool) bool {
	if more {
		for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
			if utf8.RuneStart(b[i]) {
				if !utf8.FullRune(b[i:]) {
					b = b[:i]
				}
				break
			}
		}
	}
	return utf8.Valid(b)
}

// crToLF turns lone carriage returns into line feeds, in place.
type crToLF struct{ r io.Reader }

func (c crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := range p[:n] {
		if p[i] == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// recordGuard counts physical lines and refuses a record longer than limit.
// A record ends at a line break outside quotes; since quotes inside a quoted
// field are doubled, the parity of the quotes seen tells whether a line
// break is inside a field.
type recordGuard struct {
	r        io.Reader
	file     string
	limit    int
	line     int // physical line of the next byte
	start    int // physical line on which the current record began
	size     int // bytes of the current record so far
	inQuotes bool
}

var newline = []byte{'\n'}

func (g *recordGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if tooLong := g.scan(p[:n]); tooLong != nil {
		return 0, tooLong
	}
	return n, err
}

// scan follows the records through a chunk from quote to quote, so that
// the bytes between are searched by the (vectorised) bytes functions.
func (g *recordGuard) scan(chunk []byte) error {
	for {
		q := bytes.IndexByte(chunk, '"')
		if q < 0 {
			return g.segment(chunk)
		}
		if err := g.segment(chunk[:q]); err != nil {
			return err
		}
		g.inQuotes = !g.inQuotes
		g.size++
		chunk = chunk[q+1:]
	}
}

// segment takes bytes without quotes: outside a quoted field, a line break
// ends the record.
func (g *recordGuard) segment(seg []byte) error {
	breaks := bytes.Count(seg, newline)
	g.line += breaks
	if g.inQuotes || breaks == 0 {
		g.size += len(seg)
	} else {
		if g.size+bytes.IndexByte(seg, '\n') > g.limit {
			return g.tooLong()
		}
		g.start = g.line
		g.size = len(seg) - bytes.LastIndexByte(seg, '\n') - 1
	}
	if g.size > g.limit {
		return g.tooLong()
	}
	return nil
}

func (g *recordGuard) tooLong() error {
	if g.inQuotes {
		return &DataError{File: g.file, Line: g.start,
			Reason: fmt.Sprintf("a quoted field that starts on this line runs on for more than %d bytes", g.limit),
			Hint:   `close the quote; a quote inside a quoted field is written twice: "a ""b"" c"`}
	}
	return &DataError{File: g.file, Line: g.start,
		Reason: fmt.Sprintf("the line is longer than %d bytes", g.limit),
		Hint:   "this does not look like a CSV export; check the file and its line breaks"}
}

// decompressed turns a decompressor's errors into DataErrors.
type decompressed struct {
	r io.Reader
	f *CSVFile
}

func (d *decompressed) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err != nil && err != io.EOF {
		err = d.f.damaged(err)
	}
	return n, err
}

func (f *CSVFile) damaged(err error) error {
	var de *DataError
	if errors.As(err, &de) {
		return de // the file itself could not be read
	}
	reason := fmt.Sprintf("the %s data is damaged: %v", f.dialect.Compression, err)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		reason = fmt.Sprintf("the %s data ends early", f.dialect.Compression)
	}
	return &DataError{File: f.name, Reason: reason,
		Hint: fmt.Sprintf("the file is cut short or not really %s; fetch or export it again", f.dialect.Compression)}
}

// readError makes a failed read a DataError, keeping one that already is.
func (f *CSVFile) readError(err error) error {
	var de *DataError
	if errors.As(err, &de) {
		return de
	}
	return &DataError{File: f.name, Reason: "cannot read: " + unwrapPath(err).Error(), Hint: "check that the path is a readable file"}
}

// csvError turns an encoding/csv error (an unterminated quote, a stray
// quote) into a DataError with the physical line it happened on.
func (f *CSVFile) csvError(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return f.readError(err)
	}
	e := &DataError{File: f.name, Line: pe.Line + f.lineOffset, Reason: pe.Err.Error(), Hint: "check the quoting on this line"}
	switch {
	case errors.Is(pe.Err, csv.ErrQuote):
		// Where the quote opened is where to fix it; where reading stopped
		// (the end of the file) says how much it swallowed.
		e.Line = pe.StartLine + f.lineOffset
		e.Reason = "a quoted field starts in this row and is never closed"
		e.Hint = fmt.Sprintf("close the quote: without it, everything to line %d is one field", pe.Line+f.lineOffset)
	case errors.Is(pe.Err, csv.ErrBareQuote):
		e.Reason = fmt.Sprintf("a quote inside an unquoted field, at byte %d of the line", pe.Column)
		e.Hint = `quote the whole field and double the inner quote: "a ""b"" c"`
	}
	return e
}
