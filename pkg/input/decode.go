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
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/klauspost/compress/zstd"
	"github.com/nollmission/nollmission/pkg/gunzip"
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
	// maxZstdWindow is the largest zstd window accepted: 2 GiB, what
	// zstd --long=31 writes (the most the zstd tool writes at all). A frame
	// asking for more is refused before anything is allocated. The decoder
	// reserves the frame's window as one buffer up front, but its pages
	// become resident only as decompressed data fills them, so the memory
	// used is at most the window or the data, whichever is smaller, and
	// about 1 MiB more (a 10 MB file with a 2 GiB window uses tens of MB).
	maxZstdWindow = 2 << 30
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
	fileSize   int64         // its size when it was opened
	guard      *recordGuard  // between text and body
	lineOffset int           // lines before the header that csv does not see (sep=)
	dialect    Dialect
	encoding   Encoding     // as OpenCSV was given it (EncodingAuto: detected); a stray quote's field is read again with it
	auto       *autoDecoder // set when the encoding is decided while reading
	closers    []func() error
	// checksumRead: the zstd frame's checksum is checked as the content is
	// read (zstdcheck.go), not by the decoder.
	checksumRead bool
	// expanded is the bytes beneath the compression, when the file is
	// compressed (damagedBeneath reads on in them).
	expanded *bufio.Reader
}

// OpenCSV opens src for reading records. delimiter 0 and EncodingAuto
// detect; anything else is used as given. Errors are DataErrors.
func OpenCSV(src Source, delimiter rune, enc Encoding) (*CSVFile, error) {
	rc, err := src.Open()
	if err != nil {
		return nil, openError(src.Name, err)
	}
	return newCSVFile(src.Name, rc, rc, delimiter, enc)
}

// newCSVFile opens the bytes of raw, the buffered bytes of rc (or rc
// itself), an opened file named name, as OpenCSV does.
func newCSVFile(name string, raw io.Reader, rc io.ReadCloser, delimiter rune, enc Encoding) (*CSVFile, error) {
	f := &CSVFile{name: name, encoding: enc, closers: []func() error{rc.Close}}
	if file, ok := rc.(*os.File); ok {
		if info, err := file.Stat(); err == nil && info.Mode().IsRegular() {
			f.file, f.fileSize = file, info.Size()
		}
	}
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
		return nil, f.csvError(rec, err)
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
	if in != f.source {
		f.expanded = in
	}
	sample, err := in.Peek(bufferSize)
	if err != nil && err != io.EOF {
		return f.readError(err)
	}
	text, err := f.decodeText(in, sample, enc)
	if err != nil {
		return err
	}
	if crOnly(sample) {
		text = crToLF{text} // classic Mac line ends (Excel for Mac's "CSV (Macintosh)")
	}
	f.text = text
	f.guard = &recordGuard{r: text, file: f.name, line: 1, start: 1, limit: maxRecordBytes}
	br := bufio.NewReaderSize(f.guard, bufferSize)

	head, err := br.Peek(bufferSize)
	if err != nil && err != io.EOF && !atLine(err) {
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
	var release func() // the decompressor's own close
	var size int       // of the buffers read ahead
	switch {
	case bytes.HasPrefix(magic, gzipMagic):
		// pkg/gunzip's inflate, about twice as fast as klauspost's and
		// compress/gzip's: a compressed file reads at the speed of its
		// decompression (aheadReader).
		f.dialect.Compression = Gzip
		var gz *gunzip.Reader
		var err error
		if file, n, ok := f.unread(in); ok {
			gz, err = gunzip.NewReaderAt(file, n) // a scout decodes ahead on a second core
		} else {
			gz, err = gunzip.NewReader(in)
		}
		if err != nil {
			return nil, f.damaged(err)
		}
		zr, release, size = gz, func() { gz.Close() }, aheadGzipSize
	case isZstd(magic):
		f.dialect.Compression = Zstd
		if file, n, ok := f.unread(in); ok {
			w := f.walkZstd(file, n) // see zstdcheck.go
			f.closers = append(f.closers, w.Close)
			return bufio.NewReaderSize(w, bufferSize), nil
		}
		zd, err := f.zstdDecoder(in, false)
		if err != nil {
			return nil, err
		}
		zr, release, size = zd, zd.Close, aheadZstdSize
	default:
		f.dialect.Compression = Uncompressed
		return in, nil
	}
	ahead := newAheadReader(&decompressed{r: zr, f: f}, size, release)
	f.closers = append(f.closers, ahead.Close)
	return bufio.NewReaderSize(ahead, bufferSize), nil
}

// zstdDecoder decodes the zstd data in, checking each frame's checksum
// unless the reading checks it (zstdcheck.go).
func (f *CSVFile) zstdDecoder(in io.Reader, checksumRead bool) (*zstd.Decoder, error) {
	zd, err := zstd.NewReader(in, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
		zstd.WithDecoderMaxWindow(maxZstdWindow), zstd.IgnoreChecksum(checksumRead))
	if err != nil {
		return nil, f.damaged(err)
	}
	return zd, nil
}

// isZstd tells whether data starts a zstd stream: a frame, or a skippable
// frame (magic 0x184D2A50 to 0x184D2A5F), which pzstd writes before each
// of its frames and the decoder passes over.
func isZstd(data []byte) bool {
	return bytes.HasPrefix(data, zstdMagic) ||
		len(data) >= 4 && data[0]&0xf0 == 0x50 && data[1] == 0x2a && data[2] == 0x4d && data[3] == 0x18
}

// unread gives the file from where in, which has only peeked, stands:
// when the file is a regular one read from in directly.
func (f *CSVFile) unread(in *bufio.Reader) (io.ReaderAt, int64, bool) {
	if f.file == nil || in != f.source {
		return nil, 0, false
	}
	offset, err := f.file.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, 0, false
	}
	start := offset - int64(in.Buffered())
	peeked, _ := in.Peek(in.Buffered())
	check := make([]byte, min(len(peeked), 64))
	if n, _ := f.file.ReadAt(check, start); start < 0 || n != len(check) || !bytes.Equal(check, peeked[:n]) {
		return nil, 0, false // in did not read the file from its offset
	}
	size := f.fileSize - start
	return io.NewSectionReader(f.file, start, size), size, true
}

// evenBytes is UTF-16 text's bytes, which end on a character: an odd byte
// at the end (a file cut short) is an error, where the decoder would make
// it U+FFFD and the last cell would be refused for a character it never
// had.
type evenBytes struct {
	r    io.Reader
	file string
	n    int64
	// forced: --encoding said UTF-16, so the file may be in another one.
	forced bool
}

func (e *evenBytes) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	e.n += int64(n)
	if err == io.EOF && e.n%2 != 0 {
		hint := "export or copy the file again, whole"
		if e.forced {
			hint += "; or is it not UTF-16, as --encoding says? Pass its encoding, or leave it to detection (--encoding auto)"
		}
		err = &DataError{File: e.file, Reason: "the UTF-16 text ends in the middle of a character: the file is cut short", Hint: hint}
	}
	return n, err
}

// decodeText turns the (decompressed) bytes into UTF-8 text, refusing
// binary data.
func (f *CSVFile) decodeText(in *bufio.Reader, sample []byte, enc Encoding) (io.Reader, error) {
	hasUTF16BOM := bytes.HasPrefix(sample, utf16LEBOM) || bytes.HasPrefix(sample, utf16BEBOM)
	forced := enc == UTF16LE || enc == UTF16BE // by --encoding, not detected
	if enc == EncodingAuto && !hasUTF16BOM && signature(sample) == "" && compressedFormat(sample) == "" {
		if guess := utf16WithoutBOM(sample); guess != "" {
			enc = guess
		}
	}
	if enc == UTF16LE || enc == UTF16BE || (enc == EncodingAuto && hasUTF16BOM) {
		// A byte-order mark, when there is one, says which UTF-16 it is.
		endian, name := unicode.LittleEndian, UTF16LE
		if bytes.HasPrefix(sample, utf16BEBOM) || (enc == UTF16BE && !hasUTF16BOM) {
			endian, name = unicode.BigEndian, UTF16BE
		}
		f.dialect.Encoding = name
		return transform.NewReader(&evenBytes{r: in, file: f.name, forced: forced}, unicode.UTF16(endian, unicode.UseBOM).NewDecoder()), nil
	}
	if f.dialect.Compression != Uncompressed {
		if what := compressedFormat(sample); what != "" {
			return nil, &DataError{File: f.name, Reason: fmt.Sprintf("%s compressed with %s", what, f.dialect.Compression),
				Hint: "Parquet files and Excel workbooks compress themselves, and are read as they are: decompress it first"}
		}
	}
	if what := binaryKind(sample); what != "" {
		hint := "save the data as CSV (in Excel: Save As, CSV UTF-8) and pass that file; gzip and zstd files are read as they are"
		if signature(sample) == "" {
			hint += "; if it is text in UTF-16 without a byte-order mark, pass --encoding utf-16le (or utf-16be)"
		}
		return nil, &DataError{File: f.name, Reason: "not a CSV text file: it looks like " + what, Hint: hint}
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
	eol := byte('\n')
	if crOnly(sample) {
		eol = '\r'
	}
	f.auto = &autoDecoder{in: in, file: f.name, eol: eol, line: 1}
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

// signature names the format of a sample that starts with one of the
// signatures; "" for any other.
func signature(sample []byte) string {
	for _, s := range signatures {
		if bytes.HasPrefix(sample, []byte(s.magic)) {
			return s.what
		}
	}
	return ""
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
// text): a file of a known format, or bytes of which more than one in 32
// (and more than 16) are control characters. A text with a stray NUL or an
// escape sequence is text: the checks refuse those with their line
// (recordGuard, controlChar).
func binaryKind(sample []byte) string {
	if what := signature(sample); what != "" {
		return what
	}
	controls := 0
	for _, c := range sample {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' {
			controls++
		}
	}
	if controls*32 <= len(sample) || controls <= 16 {
		return ""
	}
	return "binary data (it has NUL bytes or control characters)"
}

// utf16WithoutBOM tells UTF-16 text that has no byte-order mark by its
// NUL bytes (UTF16LE or UTF16BE; "" when the sample is not such text): the
// characters of an export (digits, letters, punctuation, and å, ä, ö too)
// are all below U+0100, so in UTF-16 every other byte is NUL. Little-endian
// has them at odd offsets, big-endian at even ones. The other bytes must be
// text, not control characters, so that binary data is not taken for it.
func utf16WithoutBOM(sample []byte) Encoding {
	pairs := len(sample) / 2
	if pairs < 2 {
		return ""
	}
	var nuls, controls [2]int // by the offset's parity
	for i, c := range sample[:2*pairs] {
		switch {
		case c == 0:
			nuls[i&1]++
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			controls[i&1]++
		}
	}
	// Nearly every pair has its high byte NUL, hardly any its low byte,
	// and the low bytes are text.
	for high, enc := range []Encoding{UTF16BE, UTF16LE} {
		low := 1 - high
		if nuls[high]*10 >= pairs*9 && nuls[low]*100 <= pairs && controls[low]*32 <= pairs {
			return enc
		}
	}
	return ""
}

// autoDecoder passes text through as UTF-8 until the first byte that is not
// ASCII, and there decides, once, from the bytes that follow (up to the
// buffer size): valid UTF-8 stays as it is, anything else is Windows-1252.
// Deciding there rather than on the first bytes of the file gets a file
// right whose first å sits far down. From there on, an encodingGuard
// watches for the other encoding: a file that mixes the two is an error.
type autoDecoder struct {
	in      *bufio.Reader
	file    string
	eol     byte // the line break: '\r' in a file of classic Mac line ends
	line    int  // the physical line of the next byte, until the decision
	before  []byte
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
		a.passed(p[:k])
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
		a.passed(buf[:n])
		_, _ = a.in.Discard(n) // buffered: cannot fail
		return n, nil
	}
	window, err := a.in.Peek(a.in.Size())
	if err != nil && err != io.EOF {
		return 0, err
	}
	a.decide(window, err == nil, a.in)
	return a.decided.Read(p)
}

// passed counts the lines of ASCII passed on before the decision, and
// keeps the end of the last one for an error to show.
func (a *autoDecoder) passed(b []byte) {
	a.line += bytes.Count(b, []byte{a.eol})
	a.before = lineTail(a.before, b, a.eol)
}

// decide takes the encoding the window tells (it starts at the first byte
// beyond ASCII; more tells that the file goes on after it) and reads src,
// the text from the window on, in it.
func (a *autoDecoder) decide(window []byte, more bool, src io.Reader) {
	g := &encodingGuard{r: src, file: a.file, eol: a.eol, line: a.line, since: a.line, before: a.before}
	if bad := invalidUTF8(window, more); bad < 0 {
		a.enc, g.enc = UTF8, UTF8
		a.decided = g
	} else {
		a.enc, g.enc = Windows1252, Windows1252
		g.since += bytes.Count(window[:bad], []byte{a.eol})
		a.decided = transform.NewReader(g, charmap.Windows1252.NewDecoder())
	}
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
	a.decide(window, more, src)
	return a.decided.Read(p)
}

func (a *autoDecoder) encoding() Encoding {
	if a.enc == "" {
		return UTF8 // ASCII only: UTF-8 as much as anything
	}
	return a.enc
}

// invalidUTF8 is the offset of the first byte of b that is not UTF-8, or
// -1; when more follows, b may end inside a character, which is not held
// against it.
func invalidUTF8(b []byte, more bool) int {
	if more {
		b = b[:completeUTF8(b)]
	}
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		i += asciiPrefix(b[i:])
		if i == len(b) {
			break
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// completeUTF8 is the length of b without a UTF-8 sequence cut at its end:
// the next bytes may complete it.
func completeUTF8(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return i
			}
			break
		}
	}
	return len(b)
}

// utf8Text is the offset of the first UTF-8 sequence of two bytes or more
// in b, or -1: in a file read as Windows-1252, text written in UTF-8 ("å"
// is C3 A5, which Windows-1252 shows as "Ã¥"). Windows-1252 text rarely
// holds such a pair: a capital letter such as Å followed by a symbol such
// as ’ or °, without a space between.
func utf8Text(b []byte) int {
	for i := 0; i < len(b); i++ {
		i += asciiPrefix(b[i:])
		if i == len(b) {
			break
		}
		if c := b[i]; c >= 0xc2 && c <= 0xf4 {
			if _, size := utf8.DecodeRune(b[i:]); size > 1 {
				return i
			}
		}
	}
	return -1
}

// encodingGuard passes on the bytes of a file after its encoding was
// decided (autoDecoder), and refuses the other encoding when it shows up:
// a byte that is not UTF-8 in a file read as UTF-8, or UTF-8 text in a file
// read as Windows-1252. Either way the file mixes encodings (a UTF-8 export
// with rows pasted in from another, or the reverse), and reading on would
// turn its letters to nonsense ("Ã¥" for "å", or a category split in two).
// The error waits for the end of its line (lineEnd), so that a value read
// with the fault in it is refused with its column.
type encodingGuard struct {
	r     io.Reader
	file  string
	enc   Encoding // UTF8 or Windows1252: what the file is read as
	eol   byte
	line  int // the physical line of the next byte
	since int // the line whose bytes decided the encoding
	// cut is the start of a UTF-8 sequence that the last read cut short,
	// passed on with the next one.
	cut    []byte
	small  []byte // what a read too small for a sequence left over
	before []byte // the last bytes passed on of the line, to show with a fault
	fault  lineEnd
}

// shownBefore is how many bytes of its line an error shows before a fault.
const shownBefore = 24

func (g *encodingGuard) Read(p []byte) (int, error) {
	if len(g.small) > 0 {
		n := copy(p, g.small)
		g.small = g.small[n:]
		return n, nil
	}
	if g.fault.due() {
		return 0, g.fault.err
	}
	if len(p) < 2*utf8.UTFMax {
		// Too small to hold a sequence and what was cut before it.
		var buf [64]byte
		n, err := g.Read(buf[:])
		k := copy(p, buf[:n])
		g.small = append(g.small[:0], buf[k:n]...)
		if len(g.small) > 0 {
			return k, nil
		}
		return k, err
	}
	for {
		k := copy(p, g.cut)
		n, err := g.r.Read(p[k:])
		n += k
		keep := n
		if err == nil {
			keep = completeUTF8(p[:n])
		}
		g.cut = append(g.cut[:0], p[keep:n]...)
		from := 0
		if g.fault.err == nil {
			if at := g.find(p[:keep]); at >= 0 {
				g.fault.err = g.mixed(p[:keep], at)
				from = at
			}
		}
		n, err = g.fault.cut(p, from, keep, err, g.eol)
		g.line += bytes.Count(p[:n], []byte{g.eol})
		g.before = lineTail(g.before, p[:n], g.eol)
		if n > 0 || err != nil {
			return n, err
		}
	}
}

// settled tells that the guard has passed on every byte it read and found
// no fault: what it reads next is the text that follows.
func (g *encodingGuard) settled() bool {
	return len(g.cut) == 0 && len(g.small) == 0 && g.fault.err == nil
}

// find is the offset of the first byte of the other encoding, or -1.
func (g *encodingGuard) find(b []byte) int {
	if g.enc == UTF8 {
		return invalidUTF8(b, false)
	}
	return utf8Text(b)
}

// lineTail is the last bytes of the current line after b is passed on,
// from those before (tail) and b.
func lineTail(tail, b []byte, eol byte) []byte {
	if i := bytes.LastIndexByte(b, eol); i >= 0 {
		tail, b = tail[:0], b[i+1:]
	}
	if len(b) >= shownBefore {
		return append(tail[:0], b[len(b)-shownBefore:]...)
	}
	tail = append(tail, b...)
	return append(tail[:0], tail[max(len(tail)-shownBefore, 0):]...)
}

// mixed is the error for the other encoding at b[at], shown with the bytes
// of its line before it: a byte that is not UTF-8, or a UTF-8 character.
func (g *encodingGuard) mixed(b []byte, at int) *DataError {
	size := 1
	if g.enc == Windows1252 {
		_, size = utf8.DecodeRune(b[at:])
	}
	shown := string(append(lineTail(slices.Clone(g.before), b[:at], g.eol), b[at:at+size]...))
	e := &DataError{File: g.file, Line: g.line + bytes.Count(b[:at], []byte{g.eol}),
		Hint: "the file mixes encodings: save it again as UTF-8 (in Excel: Save As, CSV UTF-8); --encoding reads all of it as one, and the letters of the other part come out wrong"}
	if g.enc == UTF8 {
		e.Reason = fmt.Sprintf("%q is not UTF-8, while line %d is UTF-8", shown, g.since)
	} else {
		e.Reason = fmt.Sprintf("%q is UTF-8, while line %d is Windows-1252", shown, g.since)
	}
	return e
}

// crOnly tells a file whose lines end in a carriage return alone.
func crOnly(sample []byte) bool {
	return bytes.IndexByte(sample, '\r') >= 0 && bytes.IndexByte(sample, '\n') < 0
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

// recordGuard counts physical lines and refuses a record longer than limit,
// and a NUL byte, which no text holds (binaryKind looks for them in the
// first bytes only). A record ends at a line break outside quotes; since
// quotes inside a quoted field are doubled, the parity of the quotes seen
// tells whether a line break is inside a field.
type recordGuard struct {
	r        io.Reader
	file     string
	limit    int
	line     int // physical line of the next byte
	start    int // physical line on which the current record began
	size     int // bytes of the current record so far
	inQuotes bool
	// nul is the error for the first NUL byte; its line is passed on to
	// its end first (see lineEnd).
	nul lineEnd
	// failed is the record found too long: every later read returns it.
	failed error
}

var newline = []byte{'\n'}

func (g *recordGuard) Read(p []byte) (int, error) {
	if g.failed != nil {
		return 0, g.failed
	}
	if g.nul.due() {
		return 0, g.nul.err
	}
	n, err := g.r.Read(p)
	from := 0
	if g.nul.err == nil {
		if i := bytes.IndexByte(p[:n], 0); i >= 0 {
			g.nul.err = &DataError{File: g.file, Line: g.line + bytes.Count(p[:i], newline),
				Reason: "a NUL byte, which no text holds", Hint: nulHint}
			from = i
		}
	}
	n, err = g.nul.cut(p, from, n, err, '\n')
	if tooLong := g.scan(p[:n]); tooLong != nil {
		g.failed = tooLong
		return 0, tooLong
	}
	return n, err
}

// holds tells that the guard has found a fault in what it has read (a NUL
// byte, a record too long) and not reported it yet: the text beneath it
// cannot be read past it (the fast path then leaves the file to the
// general reader).
func (g *recordGuard) holds() bool { return g.failed != nil || g.nul.err != nil }

// atLine tells an error of the text that names its line: the guards'
// (recordGuard, encodingGuard), which return it again on every read. A
// peek that meets one reads on: the records before it are read first, and
// one of them may be at fault before it.
func atLine(err error) bool {
	var de *DataError
	return errors.As(err, &de) && de.Line > 0
}

const nulHint = "the file is damaged or not a text file; if it is UTF-16 text, pass --encoding utf-16le (or utf-16be)"

// lineEnd holds an error found in a line until the line has been passed on
// to its end: the reader then reads the record with that line, so that a
// value read with the fault in it is refused with its column, and a fault
// in a value nobody reads is still an error, with its line.
type lineEnd struct {
	err     error
	reached bool // the line break after the fault has been passed on
}

// due tells that the error is to be returned now.
func (l *lineEnd) due() bool { return l.err != nil && l.reached }

// cut takes a read of n bytes into p that returned err, and returns what
// to pass on: with an error waiting, the bytes up to the first line break
// at or after from, and nothing after it (reading ends at the error); at
// the end of the input, the error in place of io.EOF.
func (l *lineEnd) cut(p []byte, from, n int, err error, eol byte) (int, error) {
	if l.err == nil {
		return n, err
	}
	if i := bytes.IndexByte(p[from:n], eol); i >= 0 {
		l.reached = true
		return from + i + 1, nil
	}
	if err != nil {
		l.reached = true // the end of the input ends the line
		if n == 0 {
			return 0, l.err
		}
		return n, nil
	}
	return n, nil
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

// damagedBeneath reads on in a compressed regular file, after an error in
// its header or rows, for the error of damaged compressed data: a damaged
// gzip or zstd file decodes into rows that fail before its checksum (or a
// code it cannot have) does, and the damage is the error to report. It reads at
// most damageLookahead bytes on: a file whose damage shows only further on
// keeps the rows' error. nil when the file is not compressed or nothing
// shows.
func (f *CSVFile) damagedBeneath() error {
	if f.expanded == nil || f.file == nil {
		return nil // not compressed; or a pipe, whose rest may never come
	}
	_, err := io.CopyN(io.Discard, f.expanded, damageLookahead)
	var de *DataError
	if errors.As(err, &de) {
		return de
	}
	return nil
}

// damageLookahead is how far damagedBeneath reads: 64 MiB, a tenth of a
// second of decompression.
const damageLookahead = 64 << 20

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
	if errors.Is(err, zstd.ErrWindowSizeExceeded) || errors.Is(err, zstd.ErrDecoderSizeExceeded) {
		return &DataError{File: f.name, Reason: fmt.Sprintf("the zstd data asks for a window of more than %d GiB, the most that is read", maxZstdWindow>>30),
			Hint: "compress it again with a window of 2 GiB at most (zstd --long=31 or less)"}
	}
	reason := fmt.Sprintf("the %s data is damaged: %v", f.dialect.Compression, err)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		reason = fmt.Sprintf("the %s data ends early", f.dialect.Compression)
	}
	return &DataError{File: f.name, Reason: reason,
		Hint: fmt.Sprintf("the file is damaged, cut short or not really %s: fetch or export it again", f.dialect.Compression)}
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
// quote) into a DataError with the physical line it happened on. rec is
// what csv returned with it: for a stray quote, the fields before the one
// that holds it.
func (f *CSVFile) csvError(rec []string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return f.readError(err)
	}
	e := &DataError{File: f.name, Line: pe.Line + f.lineOffset, Reason: pe.Err.Error(), Hint: "check the quoting on this line"}
	switch {
	case errors.Is(pe.Err, csv.ErrQuote):
		// csv says the same for a quote never closed (it read to the end
		// of the file) and for text after a closing quote ("ab"c).
		if v, ok := f.textAfterQuote(pe); ok {
			e.Column, e.Value = len(rec)+1, v // csv returns the fields before the one at fault
			e.Reason = "text after the closing quote of a quoted field"
			e.Hint = `a quote inside a quoted field is written twice: "a ""b"" c"; or leave the field unquoted`
			if v == "" {
				e.NoValue = true
			}
			break
		}
		// Where the quote opened is where to fix it; where reading stopped
		// (the end of the file) says how much it swallowed.
		e.Line = pe.StartLine + f.lineOffset
		e.Reason = "a quoted field starts in this row and is never closed"
		e.Hint = fmt.Sprintf("close the quote: without it, everything to line %d is one field", pe.Line+f.lineOffset)
		if f.file == nil && pe.StartLine == pe.Line {
			// A stream's last line, not to be read again: either.
			e.Reason = "a quoted field starts in this row and is not closed, or has text after its closing quote"
			e.Hint = `close the quote; a quote inside a quoted field is written twice: "a ""b"" c"`
		}
	case errors.Is(pe.Err, csv.ErrBareQuote):
		e.Column = len(rec) + 1 // csv returns the fields before the one at fault
		e.Reason = "a quote inside an unquoted field"
		e.Hint = `quote the whole field and double the inner quote: "a ""b"" c"`
		if v, ok := f.bareQuoteField(e.Line, pe.Column); ok {
			e.Value = v
		} else {
			e.NoValue = true
			e.Reason += fmt.Sprintf(", at byte %d of the line", pe.Column)
		}
	}
	return e
}

// bareQuoteField is the unquoted field that holds the stray quote at byte
// col (1-based, of the decoded text) of physical line line. csv has read
// past the line and keeps none of the field, so the file is read again
// from its start, through the same layers, up to the line: this costs the
// error, never a record read. Only a regular file can be read again: ok is
// false for a stream (standard input, a pipe), and when the text read again
// does not have the quote where csv found it (the file changed since).
func (f *CSVFile) bareQuoteField(line, col int) (string, bool) {
	text, ok := f.lineAgain(line)
	if !ok {
		return "", false
	}
	q := col - 1
	if q < 0 || q >= len(text) || text[q] != '"' {
		return "", false
	}
	// An unquoted field holds no delimiter, and csv stops at its first
	// quote: the field runs from the delimiter before the quote to the one
	// after it (or the line's ends), whatever quoted fields come before.
	delim := []byte(string(f.dialect.Delimiter))
	start := 0 // the first field of the line
	if i := bytes.LastIndex(text[:q], delim); i >= 0 {
		start = i + len(delim)
	}
	if bytes.IndexByte(text[start:q], '"') >= 0 {
		return "", false
	}
	end := len(text)
	if i := bytes.Index(text[q:], delim); i >= 0 {
		end = q + i
	}
	return string(text[start:end]), true
}

// textAfterQuote tells whether csv's ErrQuote is text after a closing
// quote ("ab"c), not a quote left open: ok when the file has more to read
// (a quote left open reads to the end), or when physical line pe.Line, read
// again, has the closing quote at pe.Column and other text after it. The
// field is returned as written ("ab"c), when it lies on that line; "" when
// it cannot be had.
func (f *CSVFile) textAfterQuote(pe *csv.ParseError) (string, bool) {
	line := pe.Line + f.lineOffset
	text, again := f.lineAgain(line)
	if !again {
		_, err := f.body.Peek(1)
		return "", err == nil // a stream that goes on: the quote closed
	}
	q := pe.Column - 1
	delim := string(f.dialect.Delimiter)
	if q < 0 || q+1 >= len(text) || text[q] != '"' || text[q+1] == '"' || strings.HasPrefix(string(text[q+1:]), delim) {
		return "", false
	}
	if pe.StartLine != pe.Line {
		return "", true // the field starts on an earlier line
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = f.dialect.Delimiter, true, -1
	fields, err := r.Read()
	if err != nil {
		return "", true
	}
	// The field as written, from its opening quote (where the lenient
	// reader's field that starts last before q starts) to the delimiter
	// after the text that follows the closing quote: "ab"c.
	start := -1
	for i := range fields {
		if _, col := r.FieldPos(i); col-1 <= q {
			start = col - 1
		}
	}
	if start < 0 || text[start] != '"' {
		return "", true
	}
	end := len(text)
	if i := strings.Index(string(text[q+1:]), delim); i >= 0 {
		end = q + 1 + i
	}
	return string(text[start:end]), true
}

// lineAgain reads physical line line (1-based, as the error names it) of a
// regular file again, from its start, through the same layers
// (decompression, decoding, sep=), without its line break: csv has read
// past the line and keeps none of it. This costs an error, never a record
// read. ok is false for a stream (standard input, a pipe), which cannot be
// read again.
func (f *CSVFile) lineAgain(line int) ([]byte, bool) {
	if f.file == nil {
		return nil, false
	}
	whole := io.NewSectionReader(f.file, 0, f.fileSize)
	again, err := newCSVFile(f.name, whole, io.NopCloser(whole), f.dialect.Delimiter, f.encoding)
	if err != nil {
		return nil, false
	}
	defer again.Close()
	text, ok := nthLine(again.body, line-again.lineOffset)
	if !ok {
		return nil, false
	}
	// As csv reads a line: a carriage return before the line feed, or
	// before the end of the file, is not the field's.
	if t, ok := bytes.CutSuffix(text, []byte("\r\n")); ok {
		return t, true
	}
	if t, ok := bytes.CutSuffix(text, newline); ok {
		return t, true
	}
	return bytes.TrimSuffix(text, []byte("\r")), true
}

// nthLine reads r to its line n (1-based, of lines ended by '\n') and
// returns it with its line break.
func nthLine(r *bufio.Reader, n int) ([]byte, bool) {
	if n < 1 {
		return nil, false
	}
	var text []byte
	for i := 1; ; {
		chunk, err := r.ReadSlice('\n')
		if i == n {
			text = append(text, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue // a line longer than the buffer: read on in it
		}
		if i == n {
			return text, err == nil || err == io.EOF && len(text) > 0
		}
		if err != nil {
			return nil, false
		}
		i++
	}
}
