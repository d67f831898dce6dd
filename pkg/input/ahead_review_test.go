package input

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Review tests of the read-ahead decompression (ahead.go) and of the
// damage looked for beneath a failing row (CSVFile.damagedBeneath).

// stallingSource gives content, then blocks in Read until released, as a
// pipe whose writer stays open does (`(cat x.csv.gz; sleep 600) | ...`).
func stallingSource(t *testing.T, name string, content []byte) Source {
	release := make(chan struct{})
	var once sync.Once
	t.Cleanup(func() { once.Do(func() { close(release) }) })
	return Source{Name: name, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(io.MultiReader(bytes.NewReader(content), blockedReader{release: release})), nil
	}}
}

// aheadGoroutines counts the goroutines of aheadReaders still running.
func aheadGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Count(string(buf[:n]), "(*aheadReader).fill")
		}
		buf = make([]byte, 2*len(buf))
	}
}

// waitNoAheadGoroutines fails when aheadReader goroutines are still
// running after a while (long enough for a loaded CI machine).
func waitNoAheadGoroutines(t *testing.T, what string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for aheadGoroutines() > 0 {
		if time.Now().After(deadline) {
			t.Errorf("%s: %d aheadReader goroutine(s) still running", what, aheadGoroutines())
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// storedGzip is s in a gzip member of stored blocks: the text as it is,
// so that a test can damage a row of it (damageRow).
func storedGzip(t testing.TB, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.NoCompression)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

// damageRow makes the first row at or after byte at of a stored gzip a row
// of one field (its ',' a ';'): the rows before it decode, and the
// checksum at the end no longer fits.
func damageRow(gz []byte, at int) {
	for gz[at] != ',' {
		at++
	}
	gz[at] = ';'
}

// A row error in a compressed stream whose writer has not closed (a pipe,
// standard input) is reported at once: the look for damage beneath it
// (damagedBeneath) reads on only in a regular file, whose rest is there;
// a stream's may never come (the read-ahead's Close does not wait for such
// a read, on purpose).
func TestReviewRowErrorOnAStalledStream(t *testing.T) {
	text := "month,complaints\n2019-01,1\n2019-01,x\n" + strings.Repeat("2019-02,1\n", 600_000) // 6 MB
	gz := storedGzip(t, text)
	readers := []struct {
		name string
		read func(Source, Kind, Config, func(*Row) error) (FileStats, error)
	}{{"Read", Read}, {"ReadSummed", ReadSummed}}
	got := make([]chan error, len(readers))
	for i, how := range readers {
		src := stallingSource(t, "in.csv", gz)
		cfg := testConfig(t)
		got[i] = make(chan error, 1)
		go func() {
			_, err := how.read(src, Complaints, cfg, func(*Row) error { return nil })
			got[i] <- err
		}()
	}
	timeout := time.After(5 * time.Second) // the stream stalls for ever: a loaded machine gets its time
	for i, how := range readers {
		select {
		case err := <-got[i]:
			if err == nil || !strings.HasPrefix(err.Error(), "in.csv:3: ") {
				t.Errorf("%s: %v; want the error of line 3", how.name, err)
			}
		case <-timeout:
			timeout = time.After(0)
			t.Errorf("%s: the row error of line 3 waits for the stream to end (damagedBeneath reads on in a stream that stalls)", how.name)
		}
	}
}

// Every way a compressed file's reading ends, the read-ahead goroutine
// ends too (and with it the zstd decoder is closed), by both readers.
func TestReviewAheadGoroutinesEnd(t *testing.T) {
	waitNoAheadGoroutines(t, "before")
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
	big := "month,complaints\n" + strings.Repeat("2019-01,1\n", 400_000) // 4 MB: more than is read ahead
	headers, err := ParseHeaders([]string{"complaints=when,complaints"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		headers    bool
		wantErr    string // prefix; "" for none
	}{
		{"whole file", big, false, ""},
		{"header only", "month,complaints\n", false, ""},
		{"empty", "", false, "in.csv: the file is empty"},
		{"binary inside", png, false, "in.csv: not a CSV text file"},
		{"a bad row early in a big file", "month,complaints\n2019-01,1\n2019-13,1\n" + big[17:], false, "in.csv:3:"},
		{"a bad row late", big + "2019-13,1\n" + big[17:], false, "in.csv:400002:"},
		{"--header that does not fit", big, true, "in.csv"},
	}
	for _, tt := range tests {
		for _, comp := range []struct {
			name string
			do   func(testing.TB, string) string
		}{{"gzip", gzipped}, {"zstd", zstded}} {
			content := comp.do(t, tt.text)
			for _, how := range []struct {
				name string
				read func(Source, Kind, Config, func(*Row) error) (FileStats, error)
			}{{"Read", Read}, {"ReadSummed", ReadSummed}} {
				cfg := testConfig(t)
				if tt.headers {
					cfg.Headers = headers
				}
				name := tt.name + ", " + comp.name + ", " + how.name
				_, err := how.read(stringSource("in.csv", content), Complaints, cfg, func(*Row) error { return nil })
				switch {
				case tt.wantErr == "" && err != nil:
					t.Errorf("%s: %v", name, err)
				case tt.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.wantErr)):
					t.Errorf("%s: %v; want %s…", name, err, tt.wantErr)
				}
				waitNoAheadGoroutines(t, name)
			}
		}
	}
}

// Close of a compressed file returns while its read-ahead waits in a read
// of a stalled stream; the goroutine (and the zstd decoder's close) ends
// once the read returns, and the records read before are right.
func TestReviewCloseWhileTheStreamStalls(t *testing.T) {
	// 5 MB, more than the first buffer of either decompressor, and too
	// random to compress much: the decompressors read what there is, then
	// wait on the stream.
	var b strings.Builder
	b.WriteString("month,complaints\n")
	x := uint32(1)
	for b.Len() < max(aheadGzipSize, aheadZstdSize)+1<<20 {
		x = x*1664525 + 1013904223
		fmt.Fprintf(&b, "2019-01,%d\n", x)
	}
	text := b.String()
	for _, comp := range []struct {
		name string
		do   func(testing.TB, string) string
	}{{"gzip", func(t testing.TB, s string) string { return string(storedGzip(t, s)) }}, {"zstd", zstded}} {
		release := make(chan struct{})
		content := comp.do(t, text)
		src := Source{Name: "in.csv", Open: func() (io.ReadCloser, error) {
			return io.NopCloser(io.MultiReader(strings.NewReader(content), blockedReader{release: release})), nil
		}}
		f, err := OpenCSV(src, 0, EncodingAuto)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 1000 {
			rec, err := f.Read()
			if err != nil || (i > 0 && rec[0] != "2019-01") {
				t.Fatalf("%s: record %d: %q, %v", comp.name, i, rec, err)
			}
		}
		closed := make(chan struct{})
		go func() { f.Close(); close(closed) }()
		select {
		case <-closed:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: Close waited for the stalled stream", comp.name)
		}
		close(release)
		waitNoAheadGoroutines(t, comp.name)
	}
}

// What the lookahead finds beneath the decompression is only damage: a
// line further on that is not text, not UTF-8 or too long does not take the
// place of the row's error.
func TestReviewLookaheadFindsOnlyDamage(t *testing.T) {
	head := "month,complaints\n2019-01,1\n2019-13,1\n"
	tail := strings.Repeat("2019-01,1\n", 1000)
	for _, later := range []string{"2019-01,\x00\x00\x00\n", "2019-01,\xff\xfe\n", strings.Repeat("x", 2<<20) + "\n"} {
		for _, how := range []struct {
			name string
			read func(Source, Kind, Config, func(*Row) error) (FileStats, error)
		}{{"Read", Read}, {"ReadSummed", ReadSummed}} {
			_, err := how.read(stringSource("in.csv", gzipped(t, head+tail+later+tail)), Complaints, testConfig(t), func(*Row) error { return nil })
			if err == nil || !strings.HasPrefix(err.Error(), "in.csv:3: ") {
				t.Errorf("%s, later %.12q: %v; want the error of line 3", how.name, later, err)
			}
		}
	}
}

// An error of the caller's emit stays, damage or not; an uncompressed file
// is not read on.
func TestReviewLookaheadKeepsOtherErrors(t *testing.T) {
	text := "month,complaints\n" + strings.Repeat("2019-01,1\n", 400_000)
	gz := storedGzip(t, text)
	damageRow(gz, bytes.Index(gz, []byte("2019-01,1\n"))+2_000_000)
	stop := errors.New("stop")
	_, err := Read(fileSourceOf(t, "in.csv", string(gz)), Complaints, testConfig(t), func(*Row) error { return stop })
	if err != stop {
		t.Errorf("emit's error on a damaged file: %v; want %v", err, stop)
	}
	emitted := &DataError{File: "in.csv", Reason: "emit's own"}
	_, err = Read(fileSourceOf(t, "in.csv", string(gz)), Complaints, testConfig(t), func(*Row) error { return emitted })
	if err != emitted {
		t.Errorf("emit's DataError on a damaged file: %v; want %v", err, emitted)
	}
	_, err = Read(fileSourceOf(t, "in.csv", string(gz)), Complaints, testConfig(t), func(*Row) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "gzip data is damaged") {
		t.Errorf("damaged file: %v; want the damage", err)
	}
	_, err = Read(stringSource("in.csv", "month,complaints\n2019-01,1\n2019-13,1\n"), Complaints, testConfig(t), func(*Row) error { return nil })
	if err == nil || !strings.HasPrefix(err.Error(), "in.csv:3: ") {
		t.Errorf("uncompressed: %v; want the error of line 3", err)
	}
}

// The look for damage runs for the file's own errors only: a --header that
// does not fit (an error of the setting, found before anything of the file
// is read) stays, whatever damage lies further on.
func TestReviewHeaderSettingErrorStays(t *testing.T) {
	text := "2019-01,1\n" + strings.Repeat("2019-01,1\n", 400_000)
	gz := storedGzip(t, text)
	damageRow(gz, bytes.Index(gz, []byte("2019-01,1\n"))+2_000_000)
	headers, err := ParseHeaders([]string{"complaints=when,n"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t)
	cfg.Headers = headers
	_, err = Read(stringSource("in.csv", string(gz)), Complaints, cfg, func(*Row) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "the header given by --header") {
		t.Errorf("%v; want the error of the header given by --header", err)
	}
}
