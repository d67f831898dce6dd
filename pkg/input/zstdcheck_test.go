package input

import (
	"bytes"
	"encoding/binary"
	"io"
	"maps"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/klauspost/compress/zstd"
)

// zstdText is rows of complaints, varied enough for many blocks.
func zstdText(rows int) string {
	r := rand.New(rand.NewPCG(5, 6))
	var b strings.Builder
	b.WriteString("month,country,complaints\n")
	for range rows {
		b.WriteString("2019-")
		b.WriteString([]string{"01", "02", "03", "11"}[r.IntN(4)])
		b.WriteString([]string{",SE,", ",NO,", ",DK,"}[r.IntN(3)])
		b.WriteString(strings.Repeat("1", 1+r.IntN(3)))
		b.WriteByte('\n')
	}
	return b.String()
}

func zstdWith(t testing.TB, s string, opts ...zstd.EOption) []byte {
	t.Helper()
	w, err := zstd.NewWriter(nil, opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	return w.EncodeAll([]byte(s), nil)
}

// The checksum is the one the frame ends in, when the data is one frame
// with one; anything else is the decoder's to check.
func TestZstdFrameChecksum(t *testing.T) {
	text := zstdText(100_000) // about 1.2 MB: blocks of 128 KiB
	one := zstdWith(t, text)
	skippable := append([]byte{0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 'a', 'b', 'c'}, one...)
	reserved := bytes.Clone(one)
	var h zstd.Header
	if err := h.Decode(one); err != nil {
		t.Fatal(err)
	}
	reserved[h.HeaderSize] |= 3 << 1 // the first block's type: reserved
	tests := []struct {
		name    string
		data    []byte
		content string // its checksum, when ok
		ok      bool
	}{
		{"one frame of many blocks", one, text, true},
		{"one small frame", zstdWith(t, "month,complaints\n2019-01,1\n"), "month,complaints\n2019-01,1\n", true},
		{"a repeated byte (RLE blocks)", zstdWith(t, strings.Repeat("a", 1<<20)), strings.Repeat("a", 1<<20), true},
		{"an empty frame, as the zstd tool writes it", []byte{0x28, 0xb5, 0x2f, 0xfd, 0x24, 0, 1, 0, 0, 0x99, 0xe9, 0xd8, 0x51}, "", true},
		{"an empty frame, as klauspost writes it (no checksum)", zstdWith(t, ""), "", false},
		{"no checksum", zstdWith(t, text, zstd.WithEncoderCRC(false)), "", false},
		{"two frames", append(bytes.Clone(one), one...), "", false},
		{"a skippable frame first", skippable, "", false},
		{"bytes after the frame", append(bytes.Clone(one), 0), "", false},
		{"cut in its checksum", one[:len(one)-1], "", false},
		{"cut in a block", one[:len(one)/2], "", false},
		{"a reserved block", reserved, "", false},
		{"no frame", []byte("month,complaints\n"), "", false},
		{"empty", nil, "", false},
	}
	for _, tt := range tests {
		got, ok := zstdFrameChecksum(bytes.NewReader(tt.data), int64(len(tt.data)))
		if ok != tt.ok {
			t.Errorf("%s: ok %v, want %v", tt.name, ok, tt.ok)
			continue
		}
		if want := uint32(xxhash.Sum64String(tt.content)); ok && got != want {
			t.Errorf("%s: checksum %#x, want %#x", tt.name, got, want)
		}
		if ok && got != binary.LittleEndian.Uint32(tt.data[len(tt.data)-4:]) {
			t.Errorf("%s: checksum %#x is not the frame's last 4 bytes", tt.name, got)
		}
	}
}

// A zstd regular file of one frame is read with its checksum checked as
// its rows are read (the decoder ignores it): the rows are its text's, and
// a checksum that does not match is reported as the decoder reports it.
// From a stream, and for a file of two frames, the decoder checks.
func TestZstdChecksumCheckedAsRead(t *testing.T) {
	text := zstdText(300_000)
	one := zstdWith(t, text)
	counts := func(src Source) (map[string]int64, bool, error) {
		f, err := OpenCSV(src, 0, EncodingAuto)
		if err != nil {
			return nil, false, err
		}
		defer f.Close()
		sums := map[string]int64{}
		_, err = Read(src, Complaints, testConfig(t), func(row *Row) error {
			sums[row.Month.String()+" "+row.Country] += row.Count
			return nil
		})
		return sums, f.checksumRead, err
	}
	want, _, err := counts(fileSourceOf(t, "in.csv", text))
	if err != nil || len(want) != 12 {
		t.Fatalf("the text: %d sums, %v", len(want), err)
	}
	stream := func(data []byte) Source {
		return Source{Name: "in.csv.zst", Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
	}
	doubled := zstdText(300_000)
	two := append(zstdWith(t, doubled[:len(doubled)/2]), zstdWith(t, doubled[len(doubled)/2:])...)
	skippableFirst := append([]byte{0x5a, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 1, 2, 3, 4}, one...)
	for _, tt := range []struct {
		name      string
		src       Source
		want      map[string]int64
		checkRead bool
	}{
		{"a file of one frame", fileSourceOf(t, "in.csv.zst", string(one)), want, true},
		{"a stream", stream(one), want, false},
		{"a file of two frames", fileSourceOf(t, "in.csv.zst", string(two)), want, false},
		// pzstd writes a skippable frame before each frame: still zstd.
		{"a file after a skippable frame", fileSourceOf(t, "in.csv.zst", string(skippableFirst)), want, false},
		{"a stream after a skippable frame", stream(skippableFirst), want, false},
	} {
		got, checkRead, err := counts(tt.src)
		if err != nil || !maps.Equal(got, tt.want) || checkRead != tt.checkRead {
			t.Errorf("%s: %d sums (%v), the checksum checked as read %v (want %v), %v", tt.name, len(got), maps.Equal(got, tt.want), checkRead, tt.checkRead, err)
		}
	}

	bad := bytes.Clone(one)
	bad[len(bad)-1] ^= 1 // the checksum's last byte
	// Two frames, the first one's checksum wrong: the walk finds more than
	// one frame, and the file is decoded again by a decoder that checks.
	firstBad := zstdWith(t, doubled[:len(doubled)/2])
	firstBad[len(firstBad)-1] ^= 1
	firstBad = append(firstBad, zstdWith(t, doubled[len(doubled)/2:])...)
	for _, src := range []Source{fileSourceOf(t, "in.csv.zst", string(bad)), stream(bad), fileSourceOf(t, "in.csv.zst", string(firstBad))} {
		for _, how := range []struct {
			name string
			read func(Source, Kind, Config, func(*Row) error) (FileStats, error)
		}{{"Read", Read}, {"ReadSummed", ReadSummed}} {
			_, err := how.read(src, Complaints, testConfig(t), func(*Row) error { return nil })
			if err == nil || err.Error() != "in.csv.zst: the zstd data is damaged: "+zstd.ErrCRCMismatch.Error() {
				t.Errorf("%s, a checksum that does not match: %v", how.name, err)
			}
		}
	}
}

// The walk runs beside the decoder, which starts at once; Close before
// any read waits for the walk and stops the decoder, whatever the file
// turns out to be, and reading after it fails rather than touch a buffer
// given back.
func TestWalkedZstdClosedUnread(t *testing.T) {
	text := zstdText(300_000)
	one := zstdWith(t, text)
	two := append(zstdWith(t, text), zstdWith(t, text)...)
	for _, data := range [][]byte{one, two, one[:len(one)/2]} {
		f := &CSVFile{name: "in.csv.zst", dialect: Dialect{Compression: Zstd}}
		w := f.walkZstd(bytes.NewReader(data), int64(len(data)))
		done := make(chan error)
		go func() { done <- w.Close() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%d bytes: Close: %v", len(data), err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%d bytes: Close has not returned after 5 s", len(data))
		}
		if w.walked != nil {
			t.Errorf("%d bytes: Close returned before the walk ended", len(data))
		}
		if n, err := w.Read(make([]byte, 10)); n != 0 || err == nil {
			t.Errorf("%d bytes: a read after Close: %d bytes, %v", len(data), n, err)
		}
	}
}
