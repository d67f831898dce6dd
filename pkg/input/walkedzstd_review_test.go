package input

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
)

// Review tests of walkedZstd (zstdcheck.go): a zstd regular file's decoder
// starts at once, ignoring the checksum, beside the walk of its frame; the
// reading waits for the walk, and a file that is not one frame with a
// checksum is decoded again from its start by a decoder that checks.
//
// The reference is klauspost's decoder alone, checking, with the options
// the reading gives it (zstdDecoder), its error made a DataError as the
// reading makes it (CSVFile.damaged).

// walkedRef decodes data as the decoder alone does: its content and the
// error the reading would report ("" for none).
func walkedRef(t testing.TB, data []byte) ([]byte, string) {
	t.Helper()
	zd, err := zstd.NewReader(bufio.NewReader(bytes.NewReader(data)), zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
		zstd.WithDecoderMaxWindow(maxZstdWindow))
	if err != nil {
		t.Fatal(err)
	}
	defer zd.Close()
	out, err := io.ReadAll(zd)
	if err != nil {
		return out, walkedFile().damaged(err).Error()
	}
	return out, ""
}

func walkedFile() *CSVFile {
	return &CSVFile{name: "in.csv.zst", dialect: Dialect{Compression: Zstd}}
}

// gatedAt is a file whose reads by the walk and by the decoder can each be
// held until released; it counts both.
type gatedAt struct {
	r                      *bytes.Reader
	walk, decode           chan struct{} // nil, or closed to let the reads go on
	walkReads, decodeReads atomic.Int64  // started
	decodeDone             atomic.Int64  // ended
}

func newGatedAt(data []byte, holdWalk, holdDecode bool) *gatedAt {
	g := &gatedAt{r: bytes.NewReader(data)}
	if holdWalk {
		g.walk = make(chan struct{})
	}
	if holdDecode {
		g.decode = make(chan struct{})
	}
	return g
}

// goroutineStack is the calling goroutine's stack, to tell whose read a
// read of the file is.
func goroutineStack() []byte {
	buf := make([]byte, 8<<10)
	return buf[:runtime.Stack(buf, false)]
}

// ReadAt tells the walk's reads (zstdFrameChecksum and its part after the
// header) from the decoder's; walkZstd's read of the first header, before
// either starts, is not gated, so that the opening never waits for them.
func (g *gatedAt) ReadAt(p []byte, off int64) (int, error) {
	stack := goroutineStack()
	switch {
	case bytes.Contains(stack, []byte("zstdFrameChecksum")):
		g.walkReads.Add(1)
		if g.walk != nil {
			<-g.walk
		}
		return g.r.ReadAt(p, off)
	case bytes.Contains(stack, []byte("zstdChecksummedHeader")):
		return g.r.ReadAt(p, off)
	}
	g.decodeReads.Add(1)
	defer g.decodeDone.Add(1)
	if g.decode != nil {
		<-g.decode
	}
	return g.r.ReadAt(p, off)
}

// within fails the test when cond has not held after 5 s.
func within(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after 5 s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// walkedGoroutinesGone waits (up to 5 s) until no more goroutines run
// than before (base), and no aheadReader's.
func walkedGoroutinesGone(t *testing.T, what string, base int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base || aheadGoroutines() > 0 {
		if time.Now().After(deadline) {
			t.Errorf("%s: %d goroutines (%d before), %d aheadReader's", what, runtime.NumGoroutine(), base, aheadGoroutines())
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// zstdHeads returns the offsets of the block headers of the first frame
// of data (a frame klauspost wrote).
func zstdHeads(t testing.TB, data []byte) []int {
	t.Helper()
	var h zstd.Header
	if err := h.Decode(data); err != nil {
		t.Fatal(err)
	}
	var heads []int
	at := h.HeaderSize
	for {
		heads = append(heads, at)
		v := blockHeader(data, at)
		n := int(v >> 3)
		if v>>1&3 == 1 {
			n = 1
		}
		at += 3 + n
		if v&1 != 0 {
			return heads
		}
	}
}

// walkedCase is zstd data and what the walk makes of it: whether it
// finds one frame ending in a checksum.
type walkedCase struct {
	name   string
	data   []byte
	walked bool
}

func walkedCases(t testing.TB) []walkedCase {
	text := zstdText(120_000) // about 1.5 MB: a dozen blocks
	one := zstdWith(t, text)
	half := len(text) / 2
	a, b := zstdWith(t, text[:half]), zstdWith(t, text[half:])
	heads := zstdHeads(t, one)
	with := func(d []byte, change func([]byte)) []byte {
		d = bytes.Clone(d)
		change(d)
		return d
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	skippable := []byte{0x5f, 0x2a, 0x4d, 0x18, 5, 0, 0, 0, 'h', 'e', 'l', 'l', 'o'}
	mid := heads[len(heads)/2]
	midByte := func(d []byte) { d[mid+3+(heads[len(heads)/2+1]-mid-3)/2] ^= 0x5a } // inside a compressed block
	tiny := zstdWith(t, "month,country,complaints\n2019-01,SE,1\n")
	bigWindow := with(first(handFrame(zframe{}, zblk{data: []byte("month,country,complaints\n2019-01,SE,1\n")})), func(d []byte) {
		d[5] = (32 - 10) << 3 // a window of 4 GiB
	})
	return []walkedCase{
		{"one frame", one, true},
		{"tiny", tiny, true},
		{"tiny, checksum changed", with(tiny, func(d []byte) { d[len(d)-1] ^= 1 }), true},
		{"checksum changed", with(one, func(d []byte) { d[len(d)-4] ^= 1 }), true},
		{"a damaged compressed block in the middle", with(one, midByte), true},
		{"a window of 4 GiB", bigWindow, true},
		{"two frames", cat(a, b), false},
		{"two frames, the first's checksum changed", cat(with(a, func(d []byte) { d[len(d)-1] ^= 1 }), b), false},
		{"two frames, the second's checksum changed", cat(a, with(b, func(d []byte) { d[len(d)-1] ^= 1 })), false},
		{"two frames, the first damaged in a block", cat(with(one, midByte), b), false},
		{"a skippable frame first", cat(skippable, one), false},
		{"a skippable frame last", cat(one, skippable), false},
		{"skippable frames both sides, tiny", cat(skippable, tiny, skippable), false},
		{"no checksum", zstdWith(t, text, zstd.WithEncoderCRC(false)), false},
		{"no checksum, damaged in a block", with(zstdWith(t, text, zstd.WithEncoderCRC(false)), midByte), false},
		{"a byte of garbage after", cat(one, []byte{0}), false},
		{"garbage after (not a frame)", cat(one, []byte("month,country\n2019-01,SE\n")), false},
		{"another frame's magic after, cut", cat(one, zstdMagic), false},
		{"cut in the middle", one[:len(one)/2], false},
		{"cut at a block header", one[:mid], false},
		{"cut in its checksum", one[:len(one)-2], false},
		{"cut before its checksum", one[:len(one)-4], false},
		{"tiny, cut", tiny[:len(tiny)-6], false},
		{"an empty frame, as the zstd tool writes it", []byte{0x28, 0xb5, 0x2f, 0xfd, 0x24, 0, 1, 0, 0, 0x99, 0xe9, 0xd8, 0x51}, true},
		{"an empty frame, its checksum changed", []byte{0x28, 0xb5, 0x2f, 0xfd, 0x24, 0, 1, 0, 0, 0x99, 0xe9, 0xd8, 0x50}, true},
		{"an empty frame, as klauspost writes it (no checksum)", zstdWith(t, ""), false},
		{"the magic number alone", bytes.Clone(zstdMagic), false},
		{"a reserved first block", with(one, func(d []byte) { d[heads[0]] |= 3 << 1 }), false},
		{"a reserved block in the middle", with(one, func(d []byte) { d[mid] |= 3 << 1 }), false},
		{"a block header in the middle lying (longer)", with(one, func(d []byte) { setBlockHeader(d, mid, blockHeader(d, mid)+100<<3) }), false},
		{"a block header in the middle lying (shorter)", with(one, func(d []byte) { setBlockHeader(d, mid, blockHeader(d, mid)-1<<3) }), false},
		{"the last flag early", with(one, func(d []byte) { d[mid] |= 1 }), false},
	}
}

// startsNoWalk names the cases whose first header cannot end in a
// checksum (a skippable frame, a frame that says it has none, a header cut
// short): walkZstd decodes them with a checking decoder at once.
var startsNoWalk = map[string]bool{
	"a skippable frame first":                              true,
	"skippable frames both sides, tiny":                    true,
	"no checksum":                                          true,
	"no checksum, damaged in a block":                      true,
	"an empty frame, as klauspost writes it (no checksum)": true,
	"the magic number alone":                               true,
}

// walkedReadAll reads data through walkedZstd, as a file at ra, to its
// end or first error, then closes it.
func walkedReadAll(t *testing.T, ra io.ReaderAt, size int64) (*CSVFile, []byte, string) {
	t.Helper()
	f := walkedFile()
	w := f.walkZstd(ra, size)
	out, err := io.ReadAll(w)
	if cerr := w.Close(); cerr != nil {
		t.Errorf("Close: %v", cerr)
	}
	if err != nil {
		var de *DataError
		if !errors.As(err, &de) || de.File != "in.csv.zst" {
			t.Errorf("the error is not a DataError of the file: %T %v", err, err)
		}
		return f, out, err.Error()
	}
	return f, out, ""
}

// walkedSame compares a reading through walkedZstd with the decoder alone:
// the same content and error; when the walk found the checksum and both
// fail, the content the decoder had given before failing may differ (the
// reading, checking at the end, may give the last block too).
func walkedSame(t *testing.T, name string, walked bool, got []byte, gotErr string, want []byte, wantErr string) {
	t.Helper()
	if gotErr != wantErr {
		t.Errorf("%s: error %q, want %q", name, gotErr, wantErr)
	}
	if bytes.Equal(got, want) {
		return
	}
	if walked && gotErr != "" && (bytes.HasPrefix(got, want) || bytes.HasPrefix(want, got)) {
		return
	}
	t.Errorf("%s: %d bytes of content, want %d (the same: %v)", name, len(got), len(want), bytes.Equal(got, want))
}

// Every case, read directly through walkedZstd: the walk finds what it
// should, and the content and error are the decoder alone's; when the walk
// fails, the content is exactly the decoder's, nothing given twice, and
// the first decoder gave nothing.
func TestReviewWalkedReadsAsTheDecoderAlone(t *testing.T) {
	base := runtime.NumGoroutine()
	noWalk := 0
	for _, c := range walkedCases(t) {
		if startsNoWalk[c.name] {
			noWalk++
		}
		if _, ok := zstdFrameChecksum(bytes.NewReader(c.data), int64(len(c.data))); ok != c.walked {
			t.Errorf("%s: the walk finds the checksum %v, want %v", c.name, ok, c.walked)
			continue
		}
		want, wantErr := walkedRef(t, c.data)
		f, got, gotErr := walkedReadAll(t, bytes.NewReader(c.data), int64(len(c.data)))
		walkedSame(t, c.name, c.walked, got, gotErr, want, wantErr)
		if f.checksumRead != c.walked {
			t.Errorf("%s: checksumRead %v, want %v", c.name, f.checksumRead, c.walked)
		}

		// A first header that cannot end in a checksum (a skippable
		// frame, none said) takes no walk: the first decoder checks and
		// is the one read.
		f = walkedFile()
		w := f.walkZstd(bytes.NewReader(c.data), int64(len(c.data)))
		firstAhead := w.ahead
		buf := make([]byte, 100)
		if _, ok := zstdChecksummedHeader(bytes.NewReader(c.data), int64(len(c.data))); ok == startsNoWalk[c.name] {
			t.Errorf("%s: the header says a checksum %v, want %v", c.name, ok, !startsNoWalk[c.name])
		}
		if startsNoWalk[c.name] {
			if w.walked != nil {
				t.Errorf("%s: a walk started for a header without a checksum", c.name)
			}
			n, err := w.Read(buf)
			if w.ahead != firstAhead {
				t.Errorf("%s: the decoder started again with no walk", c.name)
			}
			if !bytes.HasPrefix(got, buf[:n]) {
				t.Errorf("%s: the first read (%d bytes, %v) is not the start of the content", c.name, n, err)
			}
			w.Close()
			continue
		}
		// The first decoder is given nothing to read when the walk fails.
		n, err := w.Read(buf)
		if c.walked != (w.ahead == firstAhead) {
			t.Errorf("%s: the decoder started again %v, want %v", c.name, w.ahead != firstAhead, !c.walked)
		}
		if !c.walked && (firstAhead.cur != nil || !firstAhead.closed) {
			t.Errorf("%s: the first decoder was read (%v) or not closed (%v)", c.name, firstAhead.cur != nil, !firstAhead.closed)
		}
		if !bytes.HasPrefix(got, buf[:n]) {
			t.Errorf("%s: the first read (%d bytes, %v) is not the start of the content", c.name, n, err)
		}
		w.Close()
	}
	if noWalk != len(startsNoWalk) {
		t.Errorf("%d of the %d cases named in startsNoWalk are cases", noWalk, len(startsNoWalk))
	}
	walkedGoroutinesGone(t, "after every case", base)
}

// The same cases through the readers of rows (Read, ReadSummed with and
// without the fast path), from a regular file: rows as the content's
// rows, read plain, when the decoder alone reads it; the decoder's error,
// naming the file, when it does not.
func TestReviewWalkedRowsAsTheDecoderAlone(t *testing.T) {
	base := runtime.NumGoroutine()
	for _, c := range walkedCases(t) {
		content, refErr := walkedRef(t, c.data)
		file := zstdReviewFile(t, "in.csv.zst", c.data)
		var plain Source
		if refErr == "" {
			plain = zstdReviewFile(t, "in.csv.zst", content)
		}
		for _, how := range zReaders {
			got := zRead(t, how, file)
			if refErr == "" {
				if want := zRead(t, how, plain); !got.equal(want) {
					t.Errorf("%s, %s:\n  the file:   %v\n  its text:   %v", c.name, how.name, got, want)
				}
				continue
			}
			if got.err != refErr {
				t.Errorf("%s, %s: %v, want the error %q", c.name, how.name, got, refErr)
			}
		}
	}
	walkedGoroutinesGone(t, "after every case", base)
}

// Damage the speculative decoder (which ignores the checksum) meets before
// the walk ends: it has failed, its error waiting in a buffer, when the
// walk is let go; the reading is still the decoder alone's, the walk
// finding the frame or not.
func TestReviewWalkedDamageBeforeTheWalkEnds(t *testing.T) {
	base := runtime.NumGoroutine()
	for _, c := range walkedCases(t) {
		want, wantErr := walkedRef(t, c.data)
		g := newGatedAt(c.data, true, false)
		f := walkedFile()
		w := f.walkZstd(g, int64(len(c.data)))
		first := w.ahead
		if startsNoWalk[c.name] {
			// No walk to hold: read at once, by the checking decoder.
			out, err := io.ReadAll(w)
			errText := ""
			if err != nil {
				errText = err.Error()
			}
			walkedSame(t, c.name, false, out, errText, want, wantErr)
			if n := g.walkReads.Load(); n != 0 {
				t.Errorf("%s: %d reads by a walk, want none", c.name, n)
			}
			w.Close()
			continue
		}
		// The decoder runs to its end or error (or fills its buffers)
		// while the walk is held.
		within(t, c.name+": the first decoder ends or fills its buffers", func() bool {
			select {
			case <-first.ended:
				return true
			default:
				return len(first.full) == aheadBuffers
			}
		})
		within(t, c.name+": the walk's first read", func() bool { return g.walkReads.Load() == 1 })
		got := make(chan []byte)
		var gotErr error
		go func() {
			b, err := io.ReadAll(w)
			gotErr = err
			got <- b
		}()
		select {
		case <-got:
			t.Fatalf("%s: read before the walk ended", c.name)
		case <-time.After(20 * time.Millisecond):
		}
		close(g.walk)
		var out []byte
		select {
		case out = <-got:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: the reading has not ended 5 s after the walk was let go", c.name)
		}
		errText := ""
		if gotErr != nil {
			errText = gotErr.Error()
		}
		walkedSame(t, c.name, c.walked, out, errText, want, wantErr)
		w.Close()
	}
	walkedGoroutinesGone(t, "after every case", base)
}

// A file whose content is larger than the decoder reads ahead (3 x 4
// MiB): the decoder waits, its buffers full, while the walk is held; the
// content is then read whole, once, one frame or two.
func TestReviewWalkedLargerThanTheReadAhead(t *testing.T) {
	base := runtime.NumGoroutine()
	text := zstdText(1_300_000) // about 17 MB
	if len(text) < 3*aheadZstdSize+(1<<20) {
		t.Fatalf("the text is %d bytes, not more than the read-ahead", len(text))
	}
	one := zstdWith(t, text)
	two := append(zstdWith(t, text[:len(text)/3]), zstdWith(t, text[len(text)/3:])...)
	for _, tt := range []struct {
		name   string
		data   []byte
		walked bool
	}{{"one frame", one, true}, {"two frames", two, false}} {
		g := newGatedAt(tt.data, true, false)
		f := walkedFile()
		w := f.walkZstd(g, int64(len(tt.data)))
		first := w.ahead
		within(t, tt.name+": the decoder fills its buffers", func() bool { return len(first.full) == aheadBuffers })
		reads := g.decodeReads.Load()
		time.Sleep(20 * time.Millisecond)
		if g.decodeReads.Load() != reads {
			t.Errorf("%s: the decoder reads on, its buffers full", tt.name)
		}
		close(g.walk)
		out, err := io.ReadAll(w)
		if err != nil || len(out) != len(text) || string(out) != text {
			t.Errorf("%s: %d bytes (want %d, the text %v), %v", tt.name, len(out), len(text), string(out) == text, err)
		}
		if f.checksumRead != tt.walked {
			t.Errorf("%s: checksumRead %v, want %v", tt.name, f.checksumRead, tt.walked)
		}
		w.Close()
		// The decoder reads the compressed file 1 MiB at a time (twice
		// over, at most, when it starts again).
		decoders := int64(1)
		if !tt.walked {
			decoders = 2
		}
		if most := decoders * (int64(len(tt.data))/zstdInputSize + 2); g.decodeReads.Load() > most {
			t.Errorf("%s: %d reads of %d bytes by the decoder, want %d at most", tt.name, g.decodeReads.Load(), len(tt.data), most)
		}
		t.Logf("%s: %d bytes: %d reads by the decoder, %d by the walk", tt.name, len(tt.data), g.decodeReads.Load(), g.walkReads.Load())

		// And its rows, through OpenCSV, as the text's.
		if tt.walked {
			file := zstdReviewFile(t, "in.csv.zst", tt.data)
			plain := zstdReviewFile(t, "in.csv.zst", []byte(text))
			how := zReaders[1]
			if got, want := zRead(t, how, file), zRead(t, how, plain); !got.equal(want) {
				t.Errorf("%s, %s:\n  the file: %v\n  its text: %v", tt.name, how.name, got, want)
			}
		}
	}
	walkedGoroutinesGone(t, "after the large files", base)
}

// Close before any read, twice, and a read after it; Close while the walk
// is held waits for it; Close while the decoder is in a read of the file
// returns at once, and the decoder stops once the read returns.
func TestReviewWalkedClose(t *testing.T) {
	base := runtime.NumGoroutine()
	text := zstdText(300_000)
	one := zstdWith(t, text)
	two := append(zstdWith(t, text), zstdWith(t, text)...)
	tiny := zstdWith(t, "month,country,complaints\n2019-01,SE,1\n")
	closeWithin := func(t *testing.T, what string, w *walkedZstd) {
		t.Helper()
		done := make(chan error, 1)
		go func() { done <- w.Close() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s: Close: %v", what, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: Close has not returned after 5 s", what)
		}
	}
	for _, data := range [][]byte{one, two, tiny, one[:len(one)/2]} {
		// Close twice before any read; a read after it fails.
		w := walkedFile().walkZstd(bytes.NewReader(data), int64(len(data)))
		closeWithin(t, "unread", w)
		closeWithin(t, "unread, again", w)
		if n, err := w.Read(make([]byte, 10)); n != 0 || err == nil {
			t.Errorf("%d bytes: a read after Close: %d bytes, %v", len(data), n, err)
		}

		// Close after a part was read, twice; a read after it fails.
		w = walkedFile().walkZstd(bytes.NewReader(data), int64(len(data)))
		_, _ = w.Read(make([]byte, 1000))
		closeWithin(t, "part read", w)
		closeWithin(t, "part read, again", w)
		if n, err := w.Read(make([]byte, 10)); n != 0 || err == nil {
			t.Errorf("%d bytes: a read after Close: %d bytes, %v", len(data), n, err)
		}

		// Close while the walk is held: it waits for the walk.
		g := newGatedAt(data, true, false)
		w = walkedFile().walkZstd(g, int64(len(data)))
		done := make(chan error, 1)
		go func() { done <- w.Close() }()
		select {
		case <-done:
			t.Errorf("%d bytes: Close returned while the walk was held", len(data))
			close(g.walk)
		case <-time.After(20 * time.Millisecond):
			close(g.walk)
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatalf("%d bytes: Close has not returned 5 s after the walk was let go", len(data))
			}
		}

		// Close while the decoder is in a read of the file: it returns,
		// the decoder does not wait for the next read.
		g = newGatedAt(data, false, true)
		w = walkedFile().walkZstd(g, int64(len(data)))
		first := w.ahead
		within(t, "the decoder's first read", func() bool { return g.decodeReads.Load() == 1 })
		closeWithin(t, "decoder in a read", w)
		if n, err := w.Read(make([]byte, 10)); n != 0 || err == nil {
			t.Errorf("%d bytes: a read after Close: %d bytes, %v", len(data), n, err)
		}
		close(g.decode)
		select {
		case <-first.ended:
		case <-time.After(5 * time.Second):
			t.Fatalf("%d bytes: the decoder has not stopped 5 s after its read returned", len(data))
		}
		// The decoder's reads of the file after Close: at most those that
		// fill the buffer it was filling (a closed *os.File fails them).
		if extra := g.decodeReads.Load() - 1; extra > aheadZstdSize/zstdInputSize+1 {
			t.Errorf("%d bytes: %d reads of the file after Close", len(data), extra)
		}

		// Close while the restarted decoder (the walk failed) is in a read.
		if len(data) == len(two) {
			g = newGatedAt(data, false, false)
			w = walkedFile().walkZstd(g, int64(len(data)))
			_, _ = w.Read(make([]byte, 10))
			closeWithin(t, "restarted", w)
		}
	}
	walkedGoroutinesGone(t, "after Close", base)
}

// OpenCSV then Close without reading a row, for every case (the header is
// read at the opening): nothing left running.
func TestReviewWalkedOpenClose(t *testing.T) {
	base := runtime.NumGoroutine()
	for _, c := range walkedCases(t) {
		f, err := OpenCSV(zstdReviewFile(t, "in.csv.zst", c.data), 0, EncodingAuto)
		if err != nil {
			var de *DataError
			if !errors.As(err, &de) || de.File != "in.csv.zst" {
				t.Errorf("%s: %T %v", c.name, err, err)
			}
			continue
		}
		if err := f.Close(); err != nil {
			t.Errorf("%s: Close: %v", c.name, err)
		}
		if err := f.Close(); err != nil {
			t.Errorf("%s: Close again: %v", c.name, err)
		}
	}
	walkedGoroutinesGone(t, "after every case opened and closed", base)
}
