package gunzip

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/klauspost/compress/flate"
)

// The reviewer's tests of the scout: adversarial streams, read with tiny
// segments, against the Reader alone; and the scout's goroutine.

var reviewParams = []scoutParams{
	{gap: 1, share: 1, input: 1, output: 1},
	{gap: 64, share: 1, input: 48, output: 2048},
	{gap: 300, share: 5, input: 200, output: 600},
	{gap: 4 << 10, share: 1, input: 2 << 10, output: 16 << 10},
}

// reviewMembers concatenates n members of every kind: empty ones, a byte,
// hand-built ones of random blocks (stored, fixed, dynamic with odd
// codes), and compressors' at several levels.
func reviewMembers(t testing.TB, r *rand.Rand, n, size int) []byte {
	var gz []byte
	for range n {
		switch k := r.IntN(8); k {
		case 0: // an empty stored block
			w := &bitWriter{}
			var h []byte
			storedBlock(w, &h, true, nil)
			gz = append(gz, gzMember(w.bytes(), h)...)
		case 1: // an empty fixed block, or a byte
			w := &bitWriter{}
			var h []byte
			c := fixedBlock(w, &h, true)
			if r.IntN(2) == 0 {
				c.lit('x')
			}
			c.eob()
			gz = append(gz, gzMember(w.bytes(), h)...)
		case 2, 3, 4:
			m, _ := randomMember(r, 1+r.IntN(size))
			gz = append(gz, m...)
		case 5:
			gz = append(gz, gzipWith(t, csvLike(1+r.IntN(size), r.Uint64()), []int{1, 6, 9}[r.IntN(3)])...)
		case 6:
			gz = append(gz, gzipWith(t, csvLike(1+r.IntN(size), r.Uint64()), flate.HuffmanOnly)...)
		default:
			gz = append(gz, stdGzip(t, randomBytes(1+r.IntN(size/4+1), r.Uint64()), 1)...)
		}
	}
	return gz
}

func TestScoutReviewMixedMembers(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	spliced := 0
	for i := range 6 {
		data := reviewMembers(t, r, 4+r.IntN(12), 40<<10)
		for _, p := range reviewParams {
			spliced += sameAsAlone(t, fmt.Sprintf("members %d", i), data, p)
		}
	}
	t.Logf("%d segments spliced in (with one core, often none: TestScoutReviewPresolved splices for sure)", spliced)
}

// Cuts and flipped bytes of a stream of mixed members, and garbage after
// it: a copy of its own middle (dynamic headers that decode), random
// bytes, a lone gzip header, zeros.
func TestScoutReviewDamage(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	data := reviewMembers(t, r, 10, 30<<10)
	p := reviewParams[1:3]
	for cut := 0; cut < len(data); cut += 1 + len(data)/60 {
		for _, q := range p {
			sameAsAlone(t, fmt.Sprintf("cut at %d", cut), data[:cut], q)
		}
	}
	for i := range 40 {
		bad := bytes.Clone(data)
		bad[r.IntN(len(bad))] ^= byte(1 + r.IntN(255))
		sameAsAlone(t, fmt.Sprintf("flip %d", i), bad, p[i%len(p)])
	}
	garbage := map[string][]byte{
		"its own middle": data[len(data)/3 : len(data)/2],
		"random":         randomBytes(5000, 25),
		"a lone header":  {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff},
		"zeros":          make([]byte, 3000),
	}
	for name, g := range garbage {
		for _, q := range reviewParams {
			sameAsAlone(t, "garbage: "+name, append(bytes.Clone(data), g...), q)
		}
	}
}

// primed reads data with a scout whose first segment is decoded before
// the Reader starts: a test decides which segment the Reader meets.
func primed(t *testing.T, data []byte, p scoutParams) (out []byte, first int64, spliced int, err error) {
	t.Helper()
	z, err := scouted(data, p)
	if err != nil {
		return nil, -1, 0, err
	}
	defer z.Close()
	s := z.scout
	first = -1
	select {
	case seg := <-s.claims:
		<-seg.done
		s.head, first = seg, seg.start
	case <-s.ended:
		select { // the scout may have claimed one and ended since
		case seg := <-s.claims:
			<-seg.done
			s.head, first = seg, seg.start
		default:
		}
	}
	out, err = io.ReadAll(z)
	return out, first, s.spliced, err
}

// reachStream builds lead (a member, or nothing), then a member whose
// first block writes n literals and whose second, a dynamic block,
// copies from distance d: d > n reads before the member's start; then an
// empty member (the scout cannot end a segment in a file's last bytes).
// It gives the stream and the bit where the second block starts.
func reachStream(t testing.TB, lead []byte, n, d int) ([]byte, int64) {
	r := rand.New(rand.NewPCG(uint64(n), uint64(d)))
	lit := randomLens(r, 286, 286, 12, 256)
	dist := make([]uint8, 30) // complete: 2 of 4 bits, 28 of 5
	for i := range dist {
		dist[i] = 5
	}
	dist[0], dist[1] = 4, 4
	w := &bitWriter{}
	var h []byte
	c := dynamicBlock(w, &h, false, lit, dist, true)
	for i := range n {
		c.lit(byte(i*13 + i>>8))
	}
	c.eob()
	bit := int64(len(lead)+10+len(w.out))*8 + int64(w.nacc)
	c = dynamicBlock(w, &h, true, lit, dist, false)
	for range 200 {
		c.match(258, d)
		if d > len(h) { // the stream is bad: the copy is not in h
			break
		}
	}
	for i := range 3000 {
		c.lit(byte(i))
	}
	c.eob()
	data := append(bytes.Clone(lead), gzMember(w.bytes(), h)...)
	return append(data, stdGzip(t, nil, 6)...), bit
}

// A segment's copies from before it: at the stream's start (the output
// shorter than the window), after a member (the window the member
// before's), to the member's very first byte, and one byte before it.
func TestScoutReviewReach(t *testing.T) {
	lead := gzipWith(t, csvLike(100<<10, 26), 6)
	for _, c := range []struct {
		name string
		lead []byte
		n, d int
	}{
		{"stream start, to its first byte", nil, 100, 100},
		{"stream start, inside", nil, 5000, 4000},
		{"stream start, the whole window", nil, 40000, 32768},
		{"second member, to its first byte", lead, 100, 100},
		{"second member, one byte before it", lead, 100, 101},
		{"second member, far before it", lead, 100, 32768},
		{"second member, the whole window", lead, 40000, 32768},
	} {
		data, bit := reachStream(t, c.lead, c.n, c.d)
		want, wantErr := gunzipAll(bytes.NewReader(data))
		p := scoutParams{gap: bit >> 3, share: 1 << 20, input: 1, output: 1 << 20}
		got, first, spliced, err := primed(t, data, p)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) || !bytes.Equal(got, want) {
			t.Errorf("%s: %v, %d bytes; the Reader alone: %v, %d bytes", c.name, err, len(got), wantErr, len(want))
		}
		if first != bit {
			t.Errorf("%s: the scout started at bit %d, not at the second block's %d", c.name, first, bit)
		}
		if valid := c.d <= c.n; valid != (spliced == 1) || valid != (wantErr == nil) {
			t.Errorf("%s: %d spliced, the Reader alone's error %v", c.name, spliced, wantErr)
		}
	}
}

// Streams of many short blocks of every type at odd bit offsets: a segment
// starts at a dynamic block after a fixed or stored one, ends before
// one, or at a member's end.
func TestScoutReviewShortBlocks(t *testing.T) {
	data := shortBlocks(rand.New(rand.NewPCG(27, 28)), 6)
	spliced := 0
	for gap := int64(1); gap < 400; gap += 37 {
		for _, q := range []scoutParams{
			{gap: gap, share: 1, input: 1, output: 1},
			{gap: gap, share: 3, input: 64, output: 300},
		} {
			spliced += sameAsAlone(t, fmt.Sprintf("short blocks, gap %d", gap), data, q)
		}
	}
	t.Logf("%d segments spliced in", spliced)
}

// readerAtErr fails every read past off.
type readerAtErr struct {
	data []byte
	off  int64
}

var errDisk = errors.New("disk error")

func (r readerAtErr) ReadAt(p []byte, at int64) (int, error) {
	if at >= r.off {
		return 0, errDisk
	}
	n := copy(p, r.data[at:min(r.off, int64(len(r.data)))])
	if n < len(p) {
		return n, errDisk
	}
	return n, nil
}

// A source that fails part way, and a size short of the source's end:
// as the Reader alone.
func TestScoutReviewSourceErrorAndSize(t *testing.T) {
	data := gzipWith(t, csvLike(1<<20, 29), 6)
	for _, off := range []int64{50_000, 150_000, int64(len(data)) - 3} {
		ra := readerAtErr{data, off}
		for _, p := range reviewParams[1:] {
			z, err := newReaderAt(ra, int64(len(data)), nil)
			if err != nil {
				t.Fatal(err)
			}
			want, wantErr := io.ReadAll(z)
			z, err = scoutedAt(ra, int64(len(data)), p)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(z)
			z.Close()
			if !errors.Is(wantErr, errDisk) || !errors.Is(err, errDisk) || !bytes.Equal(got, want) {
				t.Errorf("failing at %d, %+v: %v, %d bytes; alone %v, %d bytes", off, p, err, len(got), wantErr, len(want))
			}
		}
	}
	two := append(bytes.Clone(data), gzipWith(t, csvLike(300<<10, 30), 6)...)
	for _, size := range []int{len(data), len(data) - 1, len(data) + 10, len(data) + 5000, len(two) + 100} {
		for _, p := range reviewParams {
			want, wantErr := gunzipAll(bytes.NewReader(two[:min(size, len(two))]))
			ra := bytes.NewReader(two)
			z, err := scoutedAt(ra, int64(size), p)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(z)
			z.Close()
			if fmt.Sprint(err) != fmt.Sprint(wantErr) || !bytes.Equal(got, want) {
				t.Errorf("size %d of %d, %+v: %v, %d bytes; alone %v, %d bytes", size, len(two), p, err, len(got), wantErr, len(want))
			}
		}
	}
}

// waitGoroutines waits a while (long enough for a loaded CI machine) for
// the goroutines to be back to n.
func waitGoroutines(t *testing.T, n int, what string) {
	t.Helper()
	for range 1000 {
		if runtime.NumGoroutine() <= n {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Errorf("%s: %d goroutines, %d before", what, runtime.NumGoroutine(), n)
}

// The scout ends at Close however far the Reader has read: not at all, a
// little, all, after an error; a Reader read after Close still reads it
// all; Close twice is fine; and a Reader that is not made stops it.
func TestScoutReviewCloseEndsTheScout(t *testing.T) {
	data := gzipWith(t, csvLike(3<<20, 31), 6)
	want := csvLike(3<<20, 31)
	base := runtime.NumGoroutine()
	open := func(data []byte, p scoutParams) *Reader {
		z, err := scouted(data, p)
		if err != nil {
			t.Fatal(err)
		}
		return z
	}
	for _, p := range append(reviewParams, smallSegments) {
		z := open(data, p)
		z.Close()
		waitGoroutines(t, base, "closed unread")

		z = open(data, p)
		time.Sleep(20 * time.Millisecond) // the scout waits with its claims full
		z.Close()
		waitGoroutines(t, base, "closed unread, the scout waiting")

		z = open(data, p)
		buf := make([]byte, 100<<10)
		if _, err := io.ReadFull(z, buf); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Millisecond)
		z.Close()
		waitGoroutines(t, base, "closed after a little")
		rest, err := io.ReadAll(z)
		if err != nil || !bytes.Equal(append(buf, rest...), want) {
			t.Errorf("%+v: read after Close: %v, %d bytes", p, err, len(buf)+len(rest))
		}
		z.Close()
		waitGoroutines(t, base, "closed twice")

		z = open(data[:len(data)/2], p)
		if _, err := io.ReadAll(z); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%+v: a cut stream: %v", p, err)
		}
		z.Close()
		waitGoroutines(t, base, "closed after an error")

		if _, err := scouted([]byte("not gzip at all, not at all"), p); err == nil {
			t.Fatal("not gzip read as gzip")
		}
		waitGoroutines(t, base, "not made")
	}
	// NewReaderAt with a file large enough for a scout.
	big := gzipWith(t, randomBytes(scoutMinSize+1000, 32), flate.NoCompression)
	z, err := NewReaderAt(bytes.NewReader(big), int64(len(big)))
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOMAXPROCS(0) > 1 && z.scout == nil {
		t.Error("no scout on a large file")
	}
	io.CopyN(io.Discard, z, 1<<20)
	z.Close()
	waitGoroutines(t, base, "NewReaderAt")
}

// presolved is a scout without its goroutine: every segment it would
// find from the start on (with share 0, one may start where the one
// before ended) is decoded before the Reader starts, so that the Reader
// meets each real one; the splicing is tested, not the race.
func presolved(data []byte, p scoutParams) *scout {
	ra, size := bytes.NewReader(data), int64(len(data))
	s := &scout{ra: ra, size: size, gap: p.gap, share: p.share, input: p.input, output: p.output,
		claims: make(chan *segment, 4096),
		quit:   make(chan struct{}), ended: make(chan struct{})}
	for i := range 256 {
		s.table[i] = byte(i)
	}
	defer close(s.ended)
	z := &Reader{in: make([]byte, inSize+inSlack), file: ra, fileSize: size}
	finder := &Reader{in: make([]byte, scanSize+headerRoom+inSlack)}
	for next := p.gap; next < size && len(s.claims) < cap(s.claims); {
		bit := s.find(finder, next*8, next+s.input)
		if bit < 0 {
			next += s.input
			continue
		}
		seg := &segment{start: bit, done: make(chan struct{})}
		s.decode(z, seg, (next+s.input)*8)
		seg.out = append([]uint16(nil), seg.out...) // its size: the scout's buffers are large
		s.claims <- seg
		if seg.failed {
			next = bit>>3 + 1
		} else {
			next = seg.end>>3 + s.share
		}
	}
	return s
}

func samePresolved(t *testing.T, name string, data []byte, p scoutParams) int {
	t.Helper()
	want, wantErr := gunzipAll(bytes.NewReader(data))
	s := presolved(data, p)
	z, err := newReaderAt(s.ra, s.size, s)
	var got []byte
	if err == nil {
		got, err = io.ReadAll(z)
		z.Close()
	}
	if fmt.Sprint(err) != fmt.Sprint(wantErr) || !bytes.Equal(got, want) {
		t.Errorf("%s, %+v, presolved: %v, %d bytes; the Reader alone %v, %d bytes (first difference at %d)",
			name, p, err, len(got), wantErr, len(want), firstDifference(got, want))
	}
	return s.spliced
}

var presolvedParams = []scoutParams{
	{gap: 0, share: 0, input: 1, output: 256 << 10},
	{gap: 0, share: 1, input: 1, output: 256 << 10},
	{gap: 0, share: 0, input: 300, output: 256 << 10},
	{gap: 0, share: 0, input: 4 << 10, output: 64 << 10},
	{gap: 0, share: 0, input: 1, output: 1},
}

func TestScoutReviewPresolved(t *testing.T) {
	r := rand.New(rand.NewPCG(33, 34))
	inputs := map[string][]byte{}
	for i := range 4 {
		inputs[fmt.Sprint("members ", i)] = reviewMembers(t, r, 4+r.IntN(12), 20<<10)
	}
	rows := csvLike(300<<10, 35)
	inputs["klauspost 6"] = gzipWith(t, rows, 6)
	inputs["garbage after"] = append(stdGzip(t, rows, 6), inputs["members 0"][100:3000]...)
	inputs["huffman only"] = gzipWith(t, rows, flate.HuffmanOnly)
	inputs["compress/gzip 1"] = stdGzip(t, rows, 1)
	inputs["two members"] = append(stdGzip(t, rows[:100<<10], 9), stdGzip(t, rows[100<<10:], 9)...)
	spliced := 0
	for name, data := range inputs {
		for _, p := range presolvedParams {
			spliced += samePresolved(t, name, data, p)
		}
		for i := range 3 {
			cut := r.IntN(len(data))
			samePresolved(t, fmt.Sprintf("%s cut at %d", name, cut), data[:cut], presolvedParams[i%len(presolvedParams)])
			bad := bytes.Clone(data)
			bad[r.IntN(len(bad))] ^= byte(1 + r.IntN(255))
			samePresolved(t, name+" flipped", bad, presolvedParams[i%len(presolvedParams)])
		}
	}
	t.Logf("%d segments spliced in", spliced)
	if spliced < 100 {
		t.Errorf("%d segments spliced in: too few to test the splicing", spliced)
	}
}

// shortBlocks is members of many short blocks of every type.
func shortBlocks(r *rand.Rand, members int) []byte {
	var data []byte
	for range members {
		w := &bitWriter{}
		var h []byte
		nblocks := 1 + r.IntN(60)
		for b := range nblocks {
			final := b == nblocks-1
			switch r.IntN(4) {
			case 0:
				storedBlock(w, &h, final, randomBytes(r.IntN(300), r.Uint64()))
			case 1:
				randomSymbols(r, fixedBlock(w, &h, final), r.IntN(200))
			default:
				lit := randomLens(r, 257+r.IntN(29), 20+r.IntN(200), 15, 256)
				dist := randomLens(r, 30, 2+r.IntN(28), 15)
				randomSymbols(r, dynamicBlock(w, &h, final, lit, dist, r.IntN(2) == 0), r.IntN(400))
			}
		}
		data = append(data, gzMember(w.bytes(), h)...)
	}
	return data
}

// Cuts and flipped bytes just after where segments end: the Reader goes on
// there after a seek, at a bit inside a byte.
func TestScoutReviewAroundSegmentEnds(t *testing.T) {
	r := rand.New(rand.NewPCG(37, 38))
	data := append(shortBlocks(r, 3), reviewMembers(t, r, 3, 20<<10)...)
	p := scoutParams{share: 0, input: 1, output: 64 << 10}
	s := presolved(data, p)
	var ends []int64
	for len(s.claims) > 0 {
		if seg := <-s.claims; !seg.failed {
			ends = append(ends, seg.end)
		}
	}
	if len(ends) < 20 {
		t.Fatalf("%d segments", len(ends))
	}
	tried := 0
	for i, end := range ends {
		if i%4 != 0 {
			continue
		}
		at := int(end >> 3)
		for _, k := range []int{0, 1, 2, 3, 5, 8, 9, 10, 12, 15, 16, 20} {
			if at+k >= len(data) {
				break
			}
			samePresolved(t, fmt.Sprintf("cut %d after the end at bit %d", k, end), data[:at+k], p)
			bad := bytes.Clone(data)
			bad[at+k] ^= byte(1 + r.IntN(255))
			samePresolved(t, fmt.Sprintf("byte %d after the end at bit %d flipped", k, end), bad, p)
			tried++
		}
	}
	t.Logf("%d segment ends, %d cuts and flips", len(ends), tried)
}
