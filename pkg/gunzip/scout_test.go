package gunzip

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"testing"
)

// scoutParams are the scout's sizes, small in the tests so that a few
// megabytes make many segments.
type scoutParams struct {
	gap, share, input int64
	output            int
	// the Reader waits for the scout at each block header: a test that
	// counts what is spliced must not hang on the scheduler (a loaded
	// machine may run the scout after the Reader has passed it)
	patient bool
}

// scouted gives a Reader of data with a scout of p.
func scouted(data []byte, p scoutParams) (*Reader, error) {
	return scoutedAt(bytes.NewReader(data), int64(len(data)), p)
}

// scoutedAt gives a Reader of the first size bytes of ra with a scout of p.
func scoutedAt(ra io.ReaderAt, size int64, p scoutParams) (*Reader, error) {
	s := newScout(ra, size, p.gap, p.share, p.input, p.output)
	s.patient = p.patient
	return newReaderAt(ra, size, s)
}

var smallSegments = scoutParams{gap: 64 << 10, share: 32 << 10, input: 16 << 10, output: 256 << 10}

// readScouted reads data with a scout of p's sizes; it gives the output,
// the segments spliced in, and the error.
func readScouted(data []byte, p scoutParams) ([]byte, int, error) {
	z, err := scouted(data, p)
	if err != nil {
		return nil, 0, err
	}
	defer z.Close()
	out, err := io.ReadAll(z)
	return out, z.scout.spliced, err
}

// sameAsAlone asserts that a Reader with a scout gives what a Reader alone
// gives: the same bytes, then the same error. It returns the segments
// spliced in.
func sameAsAlone(t *testing.T, name string, data []byte, p scoutParams) int {
	t.Helper()
	want, wantErr := gunzipAll(bytes.NewReader(data))
	got, spliced, err := readScouted(data, p)
	if fmt.Sprint(err) != fmt.Sprint(wantErr) {
		t.Errorf("%s, %+v: error %v, the Reader alone gives %v", name, p, err, wantErr)
	}
	if !bytes.Equal(got, want) {
		at := 0
		for at < min(len(got), len(want)) && got[at] == want[at] {
			at++
		}
		t.Errorf("%s, %+v: %d bytes, the Reader alone gives %d; first difference at %d",
			name, p, len(got), len(want), at)
	}
	return spliced
}

func scoutInputs(t *testing.T) map[string][]byte {
	rows := csvLike(3<<20, 7)
	var members []byte
	for i := range 5 {
		members = append(members, stdGzip(t, csvLike(300<<10+i*1000, uint64(i)), 6)...)
	}
	return map[string][]byte{
		"klauspost level 1":   gzipWith(t, rows, 1),
		"klauspost level 6":   gzipWith(t, rows, 6),
		"klauspost level 9":   gzipWith(t, rows, 9),
		"huffman only":        gzipWith(t, rows, flate.HuffmanOnly),
		"stored":              gzipWith(t, rows[:1<<20], flate.NoCompression),
		"compress/gzip 6":     stdGzip(t, rows, 6),
		"compress/gzip 1":     stdGzip(t, rows, 1),
		"five members":        members,
		"random bytes":        stdGzip(t, randomBytes(1<<20, 3), 6),
		"one byte repeated":   stdGzip(t, bytes.Repeat([]byte("a"), 4<<20), 6),
		"rows then a repeat":  stdGzip(t, append(csvLike(1<<20, 9), bytes.Repeat([]byte("ab"), 2<<20)...), 9),
		"short":               stdGzip(t, csvLike(1000, 4), 6),
		"empty":               stdGzip(t, nil, 6),
		"members of rows":     append(gzipWith(t, rows[:1<<20], 6), gzipWith(t, rows[1<<20:], 6)...),
		"huffman then stored": append(gzipWith(t, rows[:1<<20], flate.HuffmanOnly), gzipWith(t, rows[:100<<10], flate.NoCompression)...),
	}
}

func TestScoutGivesWhatTheReaderAloneGives(t *testing.T) {
	// Patient, so that every stream is spliced wherever the scout finds a
	// start; the race itself is tested on damage and by the review tests.
	params := []scoutParams{
		{gap: 64 << 10, share: 32 << 10, input: 16 << 10, output: 256 << 10, patient: true},
		{gap: 16 << 10, share: 1, input: 4 << 10, output: 64 << 10, patient: true},
		{gap: 200 << 10, share: 100 << 10, input: 64 << 10, output: 1 << 20, patient: true},
		{gap: 1 << 20, share: 1 << 20, input: 512 << 10, output: 2 << 20, patient: true},
	}
	spliced := 0
	for name, data := range scoutInputs(t) {
		for _, p := range params {
			spliced += sameAsAlone(t, name, data, p)
		}
	}
	t.Logf("%d segments spliced in", spliced)
	if spliced < 20 {
		t.Errorf("%d segments spliced in: the scout should have done much of the work", spliced)
	}
}

// Damage anywhere gives what the Reader alone gives: truncations, flipped
// bytes, a bad checksum or length in the middle, garbage after the end.
func TestScoutDamageAsTheReaderAlone(t *testing.T) {
	rows := csvLike(1<<20, 11)
	whole := gzipWith(t, rows, 6)
	first := stdGzip(t, rows[:600<<10], 6)
	two := append(bytes.Clone(first), stdGzip(t, rows[600<<10:], 6)...)
	for _, cut := range []int{0, 5, 10, 11, 100, 30_000, 70_000, 150_000, len(whole) - 9, len(whole) - 8, len(whole) - 1} {
		sameAsAlone(t, fmt.Sprintf("cut at %d", cut), whole[:cut], smallSegments)
	}
	for _, at := range []int{12, 1000, 40_000, 66_000, 100_000, 200_000, len(whole) - 6} {
		for _, flip := range []byte{1, 0x80, 0xff} {
			bad := bytes.Clone(whole)
			bad[at] ^= flip
			sameAsAlone(t, fmt.Sprintf("byte %d ^ %#x", at, flip), bad, smallSegments)
		}
	}
	badCRC := bytes.Clone(two)
	badCRC[len(first)-8] ^= 1
	sameAsAlone(t, "the first member's CRC", badCRC, smallSegments)
	badSize := bytes.Clone(two)
	badSize[len(first)-1] ^= 1
	sameAsAlone(t, "the first member's length", badSize, smallSegments)
	sameAsAlone(t, "garbage after the end", append(bytes.Clone(two), "garbage"...), smallSegments)
	sameAsAlone(t, "not gzip", []byte("timestamp,country\n"), smallSegments)
}

// A segment is spliced in only at the bit where it started: one whose
// start the Reader passes (a header the finder took for one) is dropped.
func TestScoutDropsWhatTheReaderPasses(t *testing.T) {
	data := gzipWith(t, csvLike(4<<20, 5), 6)
	z, err := scouted(data, scoutParams{gap: 64 << 10, share: 64 << 10, input: 32 << 10, output: 1 << 20, patient: true})
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	got, err := io.ReadAll(z)
	if err != nil || !bytes.Equal(got, csvLike(4<<20, 5)) {
		t.Fatalf("the output differs from the data (error %v)", err)
	}
	t.Logf("%d segments spliced in, %d dropped", z.scout.spliced, z.scout.abandoned)
	if z.scout.spliced < 5 {
		t.Errorf("%d segments spliced in: the scout should have done much of the work", z.scout.spliced)
	}
}

// The scout decodes the file's last block too, up to its very last bit: the
// segment that ends the member is spliced in, not decoded again.
func TestScoutDecodesTheLastBlock(t *testing.T) {
	rows := csvLike(2<<20, 13)
	data := gzipWith(t, rows, 6)
	z, err := scouted(data, scoutParams{gap: 64 << 10, share: 1, input: 1 << 20, output: 64 << 20, patient: true})
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	got, err := io.ReadAll(z)
	if err != nil || !bytes.Equal(got, rows) {
		t.Fatalf("the output differs from the data (error %v)", err)
	}
	if z.scout.finals != 1 {
		t.Errorf("%d segments ending the member spliced in, want 1 (%d spliced, %d dropped)", z.scout.finals, z.scout.spliced, z.scout.abandoned)
	}
}

// The buffers of a file's segments serve the next file: a glob of large
// gzipped files read one after another takes the memory of one.
func TestScoutBuffersServeTheNextFile(t *testing.T) {
	data := gzipWith(t, csvLike(2<<20, 17), 6)
	for len(spareSegments) > 0 {
		<-spareSegments
	}
	patient := smallSegments
	patient.patient = true
	if _, spliced, err := readScouted(data, patient); err != nil || spliced == 0 {
		t.Fatalf("the first file: %d spliced, error %v", spliced, err)
	}
	kept := len(spareSegments)
	if kept == 0 {
		t.Fatal("no buffer kept after the first file")
	}
	if _, _, err := readScouted(data, smallSegments); err != nil {
		t.Fatal(err)
	}
	if len(spareSegments) < kept {
		t.Errorf("%d buffers kept after the second file, %d after the first", len(spareSegments), kept)
	}
}
