package input

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
	"github.com/klauspost/compress/zstd"
	"golang.org/x/text/encoding/charmap"
)

// Review tests of the zstd checksum checked as the content is read
// (zstdcheck.go): whatever the frame, a regular file reads as the decoder
// alone (checking the checksum itself) reads it.
//
// The decoder alone is the same bytes followed by an empty skippable
// frame: the walk then finds bytes after the frame and leaves the checksum
// to the decoder, which reads the same content (and skips the skippable
// frame), so its rows and errors are those of the file before the change.

// emptySkippable is a skippable frame of no bytes.
var emptySkippable = []byte{0x50, 0x2a, 0x4d, 0x18, 0, 0, 0, 0}

// zframe is the header of a frame built by hand (handFrame).
type zframe struct {
	single   bool  // single segment (the window is the content size)
	fcs      int   // bytes of Frame_Content_Size: 0 (none), 1 (single only), 2, 4, 8
	fcsDelta int64 // added to the content size that is written
	dict     int   // bytes of a Dictionary_ID (0: none); the ID is 0
	noSum    bool
}

// zblk is a block of a hand-built frame: raw (its data), or RLE (data[0]
// n times).
type zblk struct {
	rle  bool
	data []byte
	n    int
}

func rawBlocks(text []byte, size int) []zblk {
	var out []zblk
	for len(text) > size {
		out = append(out, zblk{data: text[:size]})
		text = text[size:]
	}
	return append(out, zblk{data: text})
}

// handFrame is a frame of raw and RLE blocks, with a window of 1 MiB (or
// a single segment); heads are the offsets of the blocks' headers.
func handFrame(o zframe, blocks ...zblk) (frame []byte, heads []int) {
	var content []byte
	for _, b := range blocks {
		if b.rle {
			content = append(content, bytes.Repeat(b.data[:1], b.n)...)
		} else {
			content = append(content, b.data...)
		}
	}
	fhd := byte(0)
	if !o.noSum {
		fhd |= 1 << 2
	}
	if o.single {
		fhd |= 1 << 5
	}
	switch o.dict {
	case 1:
		fhd |= 1
	case 2:
		fhd |= 2
	case 4:
		fhd |= 3
	}
	switch o.fcs {
	case 2:
		fhd |= 1 << 6
	case 4:
		fhd |= 2 << 6
	case 8:
		fhd |= 3 << 6
	}
	frame = append(bytes.Clone(zstdMagic), fhd)
	if !o.single {
		frame = append(frame, (20-10)<<3) // a window of 1 MiB
	}
	frame = append(frame, make([]byte, o.dict)...)
	size := uint64(int64(len(content)) + o.fcsDelta)
	switch o.fcs {
	case 1:
		frame = append(frame, byte(size))
	case 2:
		frame = binary.LittleEndian.AppendUint16(frame, uint16(size-256))
	case 4:
		frame = binary.LittleEndian.AppendUint32(frame, uint32(size))
	case 8:
		frame = binary.LittleEndian.AppendUint64(frame, size)
	}
	for i, b := range blocks {
		heads = append(heads, len(frame))
		v := uint32(len(b.data)) << 3
		if b.rle {
			v = uint32(b.n)<<3 | 1<<1
		}
		if i == len(blocks)-1 {
			v |= 1
		}
		frame = append(frame, byte(v), byte(v>>8), byte(v>>16))
		if b.rle {
			frame = append(frame, b.data[0])
		} else {
			frame = append(frame, b.data...)
		}
	}
	if !o.noSum {
		frame = binary.LittleEndian.AppendUint32(frame, uint32(xxhash.Sum64(content)))
	}
	return frame, heads
}

func setBlockHeader(frame []byte, at int, v uint32) {
	frame[at], frame[at+1], frame[at+2] = byte(v), byte(v>>8), byte(v>>16)
}

func blockHeader(frame []byte, at int) uint32 {
	return uint32(frame[at]) | uint32(frame[at+1])<<8 | uint32(frame[at+2])<<16
}

// zstdReviewText is complaints with a category, n rows.
func zstdReviewText(n int, category string) string {
	var b strings.Builder
	b.WriteString("month,country,channel,category,complaints\n")
	for i := range n {
		fmt.Fprintf(&b, "2019-%02d,%s,web,%s,%d\n", 1+i%12, []string{"SE", "NO", "DK"}[i%3], category, 1+i%7)
	}
	return b.String()
}

// zOutcome is what a reading gives: the sums of its rows, their number,
// its error.
type zOutcome struct {
	sums map[string]int64
	rows int64
	err  string
}

func (o zOutcome) String() string {
	return fmt.Sprintf("%d rows, %d sums, error %q", o.rows, len(o.sums), o.err)
}

func (o zOutcome) equal(p zOutcome) bool {
	return o.rows == p.rows && o.err == p.err && maps.Equal(o.sums, p.sums)
}

type zReader struct {
	name string
	read func(Source, Kind, Config, func(*Row) error) (FileStats, error)
	cfg  func(Config) Config
}

var zReaders = []zReader{
	{"Read", Read, func(c Config) Config { return c }},
	{"ReadSummed", ReadSummed, func(c Config) Config { return c }},
	{"ReadSummed without the fast path", ReadSummed, func(c Config) Config { c.NoFastPath = true; return c }},
}

func zRead(t *testing.T, how zReader, src Source) zOutcome {
	t.Helper()
	sums := map[string]int64{}
	stats, err := how.read(src, Complaints, how.cfg(testConfig(t)), func(r *Row) error {
		sums[r.Month.String()+" "+r.Country+" "+r.Channel+" "+r.Category] += r.Count
		return nil
	})
	o := zOutcome{sums: sums, rows: stats.Rows}
	if err != nil {
		o.err = err.Error()
		o.sums, o.rows = nil, 0 // a file that fails is not counted
	}
	return o
}

// zstdReviewFile writes data to a regular file named name.
func zstdReviewFile(t *testing.T, name string, data []byte) Source {
	t.Helper()
	return fileSourceOf(t, name, string(data))
}

// Whatever the frame (valid, damaged, lying), a regular file reads as the
// decoder alone reads it: the same rows, the same error, with the file's
// name; when its content is valid, as its text read plain.
func TestReviewZstdFileReadsAsTheDecoderAlone(t *testing.T) {
	small := []byte("month,country,complaints\n2019-01,SE,1\n2019-02,NO,2\n")
	big := []byte(zstdReviewText(60_000, "Delivery")) // about 2.3 MB: 18 raw blocks of 128 KiB
	const blockSize = 128 << 10
	bigFrame, bigHeads := handFrame(zframe{}, rawBlocks(big, blockSize)...)
	klaus := zstdWith(t, string(big))

	// at finds the offset in frame of the n-th occurrence of s after from.
	at := func(frame []byte, from int, s string) int {
		i := bytes.Index(frame[from:], []byte(s))
		if i < 0 {
			t.Fatalf("%q not found", s)
		}
		return from + i
	}
	with := func(frame []byte, change func(b []byte)) []byte {
		b := bytes.Clone(frame)
		change(b)
		return b
	}

	// Two raw blocks whose first one says it is the last and swallows the
	// second's header and text: the walk lands on the checksum, the
	// decoder reads a different content.
	two := []byte("month,country,complaints\n2019-01,SE,1\n2019-02,NO,2\n2019-03,DK,3\n")
	swallowFrame, swallowHeads := handFrame(zframe{}, zblk{data: two[:40]}, zblk{data: two[40:]})
	swallow := with(swallowFrame, func(b []byte) {
		setBlockHeader(b, swallowHeads[0], uint32(40+3+len(two)-40)<<3|1)
	})
	// The same, the second block's header being text: "1\n2" is not a
	// block header a frame would have, but the decoder reads it as text.
	// Its checksum is the one of the text the decoder reads (a forged
	// frame, which a checksum cannot refuse): both read the same rows.
	rleText := []byte("month,country,complaints\n2019-01,SE,1\n")
	newlines := zblk{rle: true, data: []byte{'\n'}, n: 5000}
	rleFrame, rleHeads := handFrame(zframe{}, zblk{data: rleText}, newlines, zblk{data: []byte("2019-02,NO,2\n")})

	utf16 := func(s string) []byte {
		b := []byte{0xff, 0xfe}
		for _, c := range []byte(s) {
			b = append(b, c, 0)
		}
		return b
	}
	cp1252, err := charmap.Windows1252.NewEncoder().String(zstdReviewText(3000, "Återbetalning"))
	if err != nil {
		t.Fatal(err)
	}
	cp1252Frame, _ := handFrame(zframe{}, rawBlocks([]byte(cp1252), 4000)...)
	utf16Text := zstdReviewText(3000, "Delivery")
	utf16Frame, _ := handFrame(zframe{}, rawBlocks(utf16(utf16Text), 5000)...)
	sepText := "sep=;\nmonth;country;complaints\n2019-01;SE;1\n2019-02;NO;2\n"
	sepFrame, _ := handFrame(zframe{}, zblk{data: []byte(sepText)})
	last := bigHeads[len(bigHeads)-1]

	tests := []struct {
		name    string
		data    []byte
		text    string // the content, when it is valid
		checked bool   // the walk finds the checksum
	}{
		// Valid frames.
		{"klauspost, many blocks", klaus, string(big), true},
		{"raw blocks by hand", bigFrame, string(big), true},
		{"one small raw block", first(handFrame(zframe{}, zblk{data: small})), string(small), true},
		{"single segment, 1-byte FCS", first(handFrame(zframe{single: true, fcs: 1}, zblk{data: small})), string(small), true},
		{"2-byte FCS", first(handFrame(zframe{fcs: 2}, rawBlocks(big[:5000], 1000)...)), string(big[:5000]), true},
		{"4-byte FCS, 1-byte dictionary ID 0", first(handFrame(zframe{fcs: 4, dict: 1}, zblk{data: small})), string(small), true},
		// The longest header, 18 bytes (zstd.HeaderMaxSize is 17, with a
		// block's): the walk reads 32.
		{"8-byte FCS, 4-byte dictionary ID 0", first(handFrame(zframe{fcs: 8, dict: 4}, zblk{data: small})), string(small), true},
		{"2-byte dictionary ID 0", first(handFrame(zframe{dict: 2}, zblk{data: small})), string(small), true},
		{"RLE block of line breaks", rleFrame, string(rleText) + strings.Repeat("\n", 5000) + "2019-02,NO,2\n", true},
		{"no checksum", first(handFrame(zframe{noSum: true}, zblk{data: small})), string(small), false},
		{"a header only", first(handFrame(zframe{}, zblk{data: []byte("month,country,complaints\n")})), "month,country,complaints\n", true},
		{"nothing in it", first(handFrame(zframe{}, zblk{})), "", true},
		{"a last row without a line break", first(handFrame(zframe{}, zblk{data: small[:len(small)-1]})), string(small[:len(small)-1]), true},
		{"a sep= line", sepFrame, sepText, true},
		{"Windows-1252", cp1252Frame, cp1252, true},
		{"UTF-16 with a BOM", utf16Frame, string(utf16(utf16Text)), true},
		{"a row error, in valid data", first(handFrame(zframe{}, zblk{data: []byte("month,country,complaints\n2019-13,SE,1\n2019-01,SE,1\n")})),
			"month,country,complaints\n2019-13,SE,1\n2019-01,SE,1\n", true},

		// Damaged frames.
		{"its last byte changed", with(bigFrame, func(b []byte) { b[len(b)-1] ^= 1 }), "", true},
		{"its last 4 bytes zero", with(bigFrame, func(b []byte) { clear(b[len(b)-4:]) }), "", true},
		{"klauspost, its checksum changed", with(klaus, func(b []byte) { b[len(b)-2] ^= 0x40 }), "", true},
		{"a count changed in the middle (still a row)", with(bigFrame, func(b []byte) { b[at(b, len(b)/2, ",NO,web,Delivery,3\n")+17] = '4' }), "", true},
		{"a count changed in the last block (still a row)", with(bigFrame, func(b []byte) { b[at(b, last+3, ",NO,web,Delivery,3\n")+17] = '4' }), "", true},
		{"a count changed into a letter, early", with(bigFrame, func(b []byte) { b[at(b, 100, ",NO,web,Delivery,3\n")+17] = 'x' }), "", true},
		{"a count changed into a letter, in the last row", with(bigFrame, func(b []byte) { b[len(b)-6] = 'x' }), "", true},
		{"a NUL in a row", with(bigFrame, func(b []byte) { b[at(b, 5000, ",NO,")+1] = 0 }), "", true},
		{"a quote opened in the last row", with(bigFrame, func(b []byte) { b[len(b)-8] = '"' }), "", true},
		{"a month out of range in the middle", with(bigFrame, func(b []byte) { b[at(b, len(b)/2, "2019-01,")+6] = '9' }), "", true},
		{"Windows-1252, a letter changed", with(cp1252Frame, func(b []byte) { b[bytes.LastIndexByte(b, 0xc5)] = 0xc4 }), "", true},
		{"Windows-1252, a letter changed into UTF-8", with(cp1252Frame, func(b []byte) {
			i := bytes.LastIndexByte(b, 0xc5)
			b[i-1], b[i] = 0xc3, 0x85
		}), "", true},
		{"UTF-16, a letter changed", with(utf16Frame, func(b []byte) { b[bytes.LastIndex(b, []byte("D\x00e\x00l"))+2] = 'a' }), "", true},
		{"UTF-16, a byte changed into a high byte", with(utf16Frame, func(b []byte) { b[bytes.LastIndex(b, []byte("D\x00e\x00l"))+3] = 0xd8 }), "", true},
		{"small, its checksum changed", with(first(handFrame(zframe{}, zblk{data: small})), func(b []byte) { b[len(b)-3] ^= 0x10 }), "", true},
		{"small, a count changed", with(first(handFrame(zframe{}, zblk{data: small})), func(b []byte) { b[len(b)-6] = '3' }), "", true},
		{"a header only, its checksum changed", with(first(handFrame(zframe{}, zblk{data: []byte("month,country,complaints\n")})), func(b []byte) { b[len(b)-1] ^= 0x80 }), "", true},
		{"nothing in it, its checksum changed", with(first(handFrame(zframe{}, zblk{})), func(b []byte) { b[len(b)-1] ^= 0x80 }), "", true},
		{"the RLE block's byte changed", with(rleFrame, func(b []byte) { b[rleHeads[1]+3] = '\r' }), "", true},
		{"a sep= line, changed", with(sepFrame, func(b []byte) { b[at(b, 0, "sep=;")+4] = ',' }), "", true},
		{"FCS one more", first(handFrame(zframe{fcs: 4, fcsDelta: 1}, rawBlocks(big[:5000], 1000)...)), "", true},
		{"FCS one less", first(handFrame(zframe{fcs: 4, fcsDelta: -1}, rawBlocks(big[:5000], 1000)...)), "", true},
		{"single segment, FCS one less", first(handFrame(zframe{single: true, fcs: 1, fcsDelta: -1}, zblk{data: small})), "", true},
		{"the first block swallows the second", swallow, "", true},
		{"the last flag on the first block", with(bigFrame, func(b []byte) { b[bigHeads[0]] |= 1 }), "", false},
		{"no last flag", with(bigFrame, func(b []byte) { b[last] &^= 1 }), "", false},
		{"a raw block read as RLE", with(bigFrame, func(b []byte) { b[bigHeads[3]] |= 1 << 1 }), "", false},
		{"the RLE block read as raw", with(rleFrame, func(b []byte) { b[rleHeads[1]] &^= 1 << 1 }), "", false},
		{"the RLE block one longer", with(rleFrame, func(b []byte) {
			setBlockHeader(b, rleHeads[1], blockHeader(b, rleHeads[1])+1<<3)
		}), "", true},
		{"a raw block one shorter", with(bigFrame, func(b []byte) {
			setBlockHeader(b, bigHeads[2], blockHeader(b, bigHeads[2])-1<<3)
		}), "", false},
		{"a raw block longer than 128 KiB (it swallows the next header)", with(bigFrame, func(b []byte) {
			setBlockHeader(b, bigHeads[2], blockHeader(b, bigHeads[2])+3<<3)
		}), "", false},
		{"a reserved block", with(bigFrame, func(b []byte) { b[bigHeads[1]] |= 3 << 1 }), "", false},
		{"cut in its checksum", bigFrame[:len(bigFrame)-2], "", false},
		{"cut before its checksum", bigFrame[:len(bigFrame)-4], "", false},
		{"a byte after it", append(bytes.Clone(bigFrame), 0), "", false},
		{"two frames", append(bytes.Clone(bigFrame), first(handFrame(zframe{}, zblk{data: []byte("2019-05,SE,5\n")}))...), "", false},
	}
	for _, tt := range tests {
		_, checked := zstdFrameChecksum(bytes.NewReader(tt.data), int64(len(tt.data)))
		if checked != tt.checked {
			t.Errorf("%s: the walk finds the checksum %v, want %v", tt.name, checked, tt.checked)
		}
		// The decoder alone, as a sanity check of the frame built.
		d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
		if err != nil {
			t.Fatal(err)
		}
		got, derr := d.DecodeAll(tt.data, nil)
		d.Close()
		if tt.text != "" || tt.name == "nothing in it" {
			if derr != nil || string(got) != tt.text {
				t.Errorf("%s: the decoder alone: %v, the text %v", tt.name, derr, string(got) == tt.text)
			}
		} else if derr == nil && tt.name != "two frames" {
			t.Errorf("%s: the decoder alone reads it", tt.name)
		}

		file := zstdReviewFile(t, "in.csv.zst", tt.data)
		alone := zstdReviewFile(t, "in.csv.zst", append(bytes.Clone(tt.data), emptySkippable...))
		if _, ok := zstdFrameChecksum(bytes.NewReader(append(bytes.Clone(tt.data), emptySkippable...)), int64(len(tt.data)+8)); ok {
			t.Fatalf("%s: the walk checks the frame with a skippable frame after it", tt.name)
		}
		var plain Source
		if tt.text != "" || tt.name == "nothing in it" {
			plain = zstdReviewFile(t, "in.csv.zst", []byte(tt.text)) // its name as the file's, for the errors
		}
		for _, how := range zReaders {
			gotFile, gotAlone := zRead(t, how, file), zRead(t, how, alone)
			// A frame the walk leaves to the decoder is read by the decoder
			// alone already (and a cut frame with the skippable frame after
			// it is another frame).
			if checked && !gotFile.equal(gotAlone) {
				t.Errorf("%s, %s:\n  the file:          %v\n  the decoder alone: %v", tt.name, how.name, gotFile, gotAlone)
			}
			if gotFile.err != "" && !strings.HasPrefix(gotFile.err, "in.csv.zst") {
				t.Errorf("%s, %s: the error does not name the file: %s", tt.name, how.name, gotFile.err)
			}
			if plain.Open != nil {
				if gotPlain := zRead(t, how, plain); !gotFile.equal(gotPlain) {
					t.Errorf("%s, %s:\n  the file:  %v\n  its text:  %v", tt.name, how.name, gotFile, gotPlain)
				}
			} else if gotFile.err == "" {
				t.Errorf("%s, %s: damaged data read without an error: %v", tt.name, how.name, gotFile)
			}
		}
	}
	waitNoAheadGoroutines(t, "after every frame")
}

func first[A, B any](a A, _ B) A { return a }

// A file is read as it is when it is read, not as it was when it was
// opened: a file of one frame that a second frame is appended to after it
// was opened (a glob that takes a file still being written, frame by
// frame, by pzstd or `zstd -c part >> all.zst`) is not damaged. The
// decoder alone reads both frames' rows; reading only the frame the walk
// found (what the file was when opened) is right too. The frame is larger than the decoder
// reads ahead (3 x 4 MiB), so the decoder has not reached its end when
// the second frame comes.
func TestReviewZstdFileGrowsAfterOpen(t *testing.T) {
	text := zstdReviewText(500_000, "Delivery") // about 19 MB
	one := zstdWith(t, text)
	second := zstdWith(t, "2019-05,SE,web,Delivery,5\n")
	records := func(src Source, grow func()) (int, bool, error) {
		f, err := OpenCSV(src, 0, EncodingAuto)
		if err != nil {
			return 0, false, err
		}
		defer f.Close()
		grow()
		n := 0
		for {
			_, err := f.Read()
			if err == io.EOF {
				return n, f.checksumRead, nil
			}
			if err != nil {
				return n, f.checksumRead, err
			}
			n++
		}
	}
	path := filepath.Join(t.TempDir(), "in.csv.zst")
	if err := os.WriteFile(path, one, 0o600); err != nil {
		t.Fatal(err)
	}
	src := Source{Name: "in.csv.zst", Open: func() (io.ReadCloser, error) { return os.Open(path) }}
	got, checked, err := records(src, func() {
		f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.Write(second); err != nil {
			t.Fatal(err)
		}
	})
	want, _, werr := records(zstdReviewFile(t, "in.csv.zst", append(bytes.Clone(one), second...)), func() {})
	if werr != nil || want != 500_002 {
		t.Fatalf("both frames from the start: %d records, %v", want, werr)
	}
	// The file as it was when opened (its first frame) or as it is read
	// (both frames) are both right; an error, a damage it does not have, is
	// not.
	if err != nil || (got != want && got != want-1) {
		t.Errorf("a frame appended after the file was opened (checksum read %v): %d records, %v; want %d or %d, no error", checked, got, err, want-1, want)
	}
}

// Every bit of a small frame flipped, and every cut of it: the walk never
// panics, finds a checksum only where the frame ends in one, and the file
// reads as the decoder alone reads it (the frame followed by an empty
// skippable frame, which the walk leaves to the decoder).
func TestReviewZstdSmallFrameFlips(t *testing.T) {
	text := []byte("month,country,complaints\n2019-01,SE,1\n2019-02,NO,2\n")
	frame, _ := handFrame(zframe{fcs: 2}, zblk{data: text[:30]}, zblk{rle: true, data: []byte{'\n'}, n: 300}, zblk{data: text[30:]})
	for n := range len(frame) {
		if _, ok := zstdFrameChecksum(bytes.NewReader(frame[:n]), int64(n)); ok {
			t.Errorf("cut to %d bytes: the walk finds a checksum", n)
		}
	}
	if _, ok := zstdFrameChecksum(bytes.NewReader(frame), int64(len(frame))); !ok {
		t.Fatal("the whole frame: no checksum found")
	}
	checkedFlips := 0
	for i := range len(frame) * 8 {
		data := bytes.Clone(frame)
		data[i/8] ^= 1 << (i % 8)
		want, ok := zstdFrameChecksum(bytes.NewReader(data), int64(len(data)))
		if !ok {
			continue // the decoder's, as before
		}
		checkedFlips++
		if want != binary.LittleEndian.Uint32(data[len(data)-4:]) {
			t.Errorf("bit %d: the checksum found is not the last 4 bytes", i)
		}
		file := zstdReviewFile(t, "in.csv.zst", data)
		alone := zstdReviewFile(t, "in.csv.zst", append(bytes.Clone(data), emptySkippable...))
		for _, how := range zReaders[:2] {
			if got, want := zRead(t, how, file), zRead(t, how, alone); !got.equal(want) {
				t.Errorf("bit %d, %s:\n  the file:          %v\n  the decoder alone: %v", i, how.name, got, want)
			}
		}
	}
	if checkedFlips < 100 {
		t.Errorf("only %d flips left a checksum to find", checkedFlips)
	}
	waitNoAheadGoroutines(t, "after the flips")
}
