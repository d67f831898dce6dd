package gunzip

import (
	"bytes"
	stdgzip "compress/gzip"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
)

// csvLike is n bytes of rows like a purchases export: what the reader
// mostly meets.
func csvLike(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	countries := []string{"SE", "NO", "DK", "FI", "DE"}
	var b bytes.Buffer
	b.WriteString("timestamp,country,store,order,amount\n")
	for b.Len() < n {
		fmt.Fprintf(&b, "2019-%02d-%02dT%02d:%02d:%02d+01:00,%s,store-%d,%d,%d.%02d\n",
			1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60),
			countries[r.IntN(len(countries))], r.IntN(300), r.Uint32(), r.IntN(5000), r.IntN(100))
	}
	return b.Bytes()[:n]
}

func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// gzipWith compresses data as one member with klauspost's flate at level
// (flate.HuffmanOnly, flate.NoCompression and 1 to 9 give every kind of
// block).
func gzipWith(t testing.TB, data []byte, level int) []byte {
	return compressWith(t, data, func(w io.Writer) (io.WriteCloser, error) { return gzip.NewWriterLevel(w, level) })
}

// stdGzip compresses data as one member with compress/gzip at level.
func stdGzip(t testing.TB, data []byte, level int) []byte {
	return compressWith(t, data, func(w io.Writer) (io.WriteCloser, error) { return stdgzip.NewWriterLevel(w, level) })
}

func compressWith(t testing.TB, data []byte, newWriter func(io.Writer) (io.WriteCloser, error)) []byte {
	var b bytes.Buffer
	w, err := newWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gunzipAll(r io.Reader) ([]byte, error) {
	z, err := NewReader(r)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(z)
}

func TestReadsWhatCompressorsWrite(t *testing.T) {
	inputs := map[string][]byte{
		"empty":          {},
		"one byte":       {'x'},
		"csv 3 MB":       csvLike(3<<20, 1),
		"random 200 kB":  randomBytes(200<<10, 2),
		"a run of 1 MB":  bytes.Repeat([]byte{'a'}, 1<<20),
		"a period of 7":  bytes.Repeat([]byte("abcdefg"), 50000),
		"a period of 9":  bytes.Repeat([]byte("abcdefghi"), 150000),
		"short csv":      csvLike(100, 3),
		"csv with words": bytes.Repeat([]byte("kort,Kundtjänst,\"ÅÄÖ, åäö\"\n"), 40000),
	}
	levels := []int{flate.HuffmanOnly, flate.NoCompression, flate.BestSpeed, 2, 5, flate.DefaultCompression, flate.BestCompression}
	readers := map[string]func(io.Reader) io.Reader{
		"whole":    func(r io.Reader) io.Reader { return r },
		"one byte": iotest.OneByteReader,
		"halves":   iotest.HalfReader,
	}
	for name, data := range inputs {
		for _, level := range levels {
			compressed := gzipWith(t, data, level)
			for how, wrap := range readers {
				if how == "one byte" && len(compressed) > 300<<10 {
					continue // slow, and the small inputs cover it
				}
				got, err := gunzipAll(wrap(bytes.NewReader(compressed)))
				if err != nil {
					t.Fatalf("%s, level %d, %s reads: %v", name, level, how, err)
				}
				if !bytes.Equal(got, data) {
					t.Fatalf("%s, level %d, %s reads: %d bytes out, want %d (first difference at %d)", name, level, how, len(got), len(data), firstDifference(got, data))
				}
			}
		}
	}
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// Go's own compressor and its header fields; concatenated members read
// as one stream, as gzip -d does.
func TestHeadersAndMembers(t *testing.T) {
	one, two := csvLike(70<<10, 4), csvLike(90<<10, 5)
	var b bytes.Buffer
	w := stdgzip.NewWriter(&b)
	w.Name, w.Comment, w.Extra = "purchases.csv", "a comment", []byte("extra field")
	w.Write(one)
	w.Close()
	w, _ = stdgzip.NewWriterLevel(&b, stdgzip.BestCompression)
	w.Write(two)
	w.Close()
	got, err := gunzipAll(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if want := append(append([]byte{}, one...), two...); !bytes.Equal(got, want) {
		t.Fatalf("%d bytes out, want %d", len(got), len(want))
	}

	// A header CRC (FHCRC), which Go's writer never writes.
	member := gzipWith(t, one, 6)
	withCRC := append([]byte{}, member[:10]...)
	withCRC[3] |= 2
	sum := crc32.ChecksumIEEE(withCRC)
	withCRC = append(withCRC, byte(sum), byte(sum>>8))
	withCRC = append(withCRC, member[10:]...)
	if got, err := gunzipAll(bytes.NewReader(withCRC)); err != nil || !bytes.Equal(got, one) {
		t.Fatalf("FHCRC: %v", err)
	}
	withCRC[10] ^= 1
	if _, err := gunzipAll(bytes.NewReader(withCRC)); !errors.Is(err, ErrHeader) {
		t.Fatalf("a bad FHCRC: %v, want ErrHeader", err)
	}
}

func TestErrors(t *testing.T) {
	data := csvLike(50<<10, 6)
	good := gzipWith(t, data, 6)
	badCRC := append([]byte{}, good...)
	badCRC[len(badCRC)-8] ^= 1
	badSize := append([]byte{}, good...)
	badSize[len(badSize)-1] ^= 1
	badType := append([]byte{}, good[:10]...)
	badType = append(badType, 0x07) // final block of type 3
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"not gzip", []byte("timestamp,country\n"), ErrHeader},
		{"not deflate", []byte{0x1f, 0x8b, 7, 0, 0, 0, 0, 0, 0, 0}, ErrHeader},
		{"reserved flags", append([]byte{0x1f, 0x8b, 8, 0x20, 0, 0, 0, 0, 0, 0}, good[10:]...), ErrHeader},
		{"short header", good[:5], io.ErrUnexpectedEOF},
		{"bad checksum", badCRC, ErrChecksum},
		{"bad length", badSize, ErrChecksum},
		{"no trailer", good[:len(good)-8], io.ErrUnexpectedEOF},
		{"garbage after", append(append([]byte{}, good...), "trailing garbage"...), ErrHeader},
		{"a short garbage after", append(append([]byte{}, good...), "trailing"...), io.ErrUnexpectedEOF},
		{"block type 3", badType, &CorruptError{}},
	}
	for _, tt := range tests {
		_, err := gunzipAll(bytes.NewReader(tt.in))
		var corrupt *CorruptError
		if _, isCorrupt := tt.want.(*CorruptError); isCorrupt && errors.As(err, &corrupt) {
			continue
		}
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}

// Input cut anywhere is an error, and what was read before it is the
// start of the data: the zeros the decoder reads past the end never come
// out. Every cut in the headers and at the end; elsewhere, every 61st.
func TestTruncated(t *testing.T) {
	for _, level := range []int{flate.NoCompression, flate.HuffmanOnly, 1, 6} {
		data := csvLike(40<<10, 7)
		good := gzipWith(t, data, level)
		for cut := 0; cut < len(good); cut++ {
			if cut > 1024 && cut < len(good)-16 && cut%61 != 0 {
				continue
			}
			z, err := NewReader(bytes.NewReader(good[:cut]))
			if err != nil {
				if !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Fatalf("level %d, cut at %d: %v", level, cut, err)
				}
				continue
			}
			got, err := io.ReadAll(z)
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("level %d, cut at %d of %d: %v, want io.ErrUnexpectedEOF", level, cut, len(good), err)
			}
			if !bytes.HasPrefix(data, got) {
				t.Fatalf("level %d, cut at %d: %d bytes out that are not the data's start", level, cut, len(got))
			}
		}
	}
}

// Damaged streams: this reader and Go's refuse the same ones, and read
// the same bytes from the others.
func TestDamagedLikeGo(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	for _, level := range []int{flate.HuffmanOnly, 1, 6, 9} {
		good := gzipWith(t, csvLike(20<<10, 9), level)
		for range 400 {
			bad := append([]byte{}, good...)
			for range 1 + r.IntN(3) {
				i := 10 + r.IntN(len(bad)-18) // the deflate data
				bad[i] ^= 1 << r.IntN(8)
			}
			compare(t, bad)
		}
	}
}

// compare checks this reader against compress/gzip and klauspost's
// reader on one input: it must refuse the input, or read the same bytes,
// as one of them does. They differ from each other: klauspost's takes a
// second member's header cut short for the end of the data, Go's reads a
// header with reserved flags set, which RFC 1952 (2.3.1.2) and this
// reader refuse.
func compare(t *testing.T, in []byte) {
	t.Helper()
	got, err := gunzipAll(bytes.NewReader(in))
	agrees := func(want []byte, wantErr error) bool {
		return (err == nil) == (wantErr == nil) && (err != nil || bytes.Equal(got, want))
	}
	goOut, goErr := goAll(in)
	if agrees(goOut, goErr) {
		return
	}
	kOut, kErr := klauspostAll(in)
	if agrees(kOut, kErr) {
		return
	}
	t.Fatalf("on %x:\nthis reader: %v, %d bytes\ncompress/gzip: %v, %d bytes\nklauspost's: %v, %d bytes", in, err, len(got), goErr, len(goOut), kErr, len(kOut))
}

func klauspostAll(in []byte) ([]byte, error) {
	z, err := gzip.NewReader(bytes.NewReader(in))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(z)
}

func goAll(in []byte) ([]byte, error) {
	z, err := stdgzip.NewReader(bytes.NewReader(in))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(z)
}

// FuzzReader holds this reader to compress/gzip on any input: both refuse
// it, or both read the same bytes; and it never panics. A reader with a
// scout of tiny segments gives what it gives alone, error for error.
func FuzzReader(f *testing.F) {
	for i, level := range []int{flate.HuffmanOnly, flate.NoCompression, 1, 6, 9} {
		data := csvLike(300+i*700, uint64(i))
		f.Add(gzipWith(f, data, level))
		member := gzipWith(f, data[:100], level)
		f.Add(append(append([]byte{}, member...), member...))
	}
	f.Add(gzipWith(f, bytes.Repeat([]byte("ab"), 5000), 9))
	f.Add(gzipWith(f, randomBytes(2000, 3), 1))
	f.Fuzz(func(t *testing.T, in []byte) {
		compare(t, in)
		sameAsAlone(t, "fuzz", in, scoutParams{gap: 64, share: 1, input: 48, output: 2048})
	})
}

// A paired entry decodes what the single entries decode one after the
// other: the same two literals, the same bits.
func TestPairLiteralsDecodeAsTwoLookups(t *testing.T) {
	small := make([]uint8, 258)
	small['a'], small['b'], small[256], small[257] = 1, 2, 3, 3
	text := make([]uint8, 258)
	for i := range 31 { // 5 + 5 bits fit in the table's 11; 6 + 6 would not
		text['0'+i] = 5
	}
	text[256], text[257] = 6, 6
	for name, lens := range map[string][]uint8{"fixed": fixedLitlen[:], "a and b": small, "31 literals of 5 bits": text} {
		var single, paired [litlenSize]uint32
		if !buildTable(single[:], litlenBits, lens, litlenEntry) || !buildTable(paired[:], litlenBits, lens, litlenEntry) {
			t.Fatalf("%s: the code does not build", name)
		}
		pairLiterals(paired[:])
		pairs := 0
		for i := range 1 << litlenBits {
			e := paired[i]
			if e&flagPair == 0 {
				if e != single[i] {
					t.Fatalf("%s: entry %d changed without becoming a pair", name, i)
				}
				continue
			}
			pairs++
			first := single[i]
			second := single[i>>(first&15)]
			if first&flagLiteral == 0 || second&flagLiteral == 0 ||
				byte(e>>16) != byte(first>>16) || byte(e>>24) != byte(second>>16) || e&15 != first&15+second&15 {
				t.Fatalf("%s: entry %d is %#x, the single lookups give %#x then %#x", name, i, e, first, second)
			}
		}
		t.Logf("%s: %d paired entries", name, pairs)
		if name != "fixed" && pairs == 0 {
			t.Errorf("%s: no pairs", name)
		}
	}
}
