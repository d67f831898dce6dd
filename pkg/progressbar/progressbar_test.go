package progressbar

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLine(t *testing.T) {
	tests := []struct {
		done, total int64
		elapsed     time.Duration
		want        string
	}{
		{0, 660_000_000, 0, "reading [>                       ]   0%  0 B of 660 MB"},
		{297_000_000, 660_000_000, 270 * time.Millisecond, "reading [==========>             ]  45%  297 MB of 660 MB  1.1 GB/s"},
		{660_000_000, 660_000_000, 2 * time.Second, "reading [========================] 100%  660 MB of 660 MB  330 MB/s"},
		// More read than the files' sizes (a file that grew): the bar stops full.
		{700_000_000, 660_000_000, time.Second, "reading [========================] 100%  660 MB of 660 MB  700 MB/s"},
		// Standard input: no total.
		{1_500_000, 0, time.Second, "reading  1.5 MB  1.5 MB/s"},
	}
	for _, tt := range tests {
		if got := Line(tt.done, tt.total, tt.elapsed); got != tt.want {
			t.Errorf("Line(%d, %d, %v) =\n%q, want\n%q", tt.done, tt.total, tt.elapsed, got, tt.want)
		}
	}
}

func TestBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 999: "999 B", 1000: "1.0 kB", 9_949: "9.9 kB", 9_950: "10 kB",
		657_841_954: "658 MB", 6_578_419_540: "6.6 GB", 2_000_000_000_000_000: "2000 TB"} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}

// syncBuffer is a buffer the bar's goroutine and the test may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestBarDrawsAfterTheDelayAndErasesItself(t *testing.T) {
	var out syncBuffer
	bar := Start(&out, 1000, 0)
	r := bar.Reader(io.NopCloser(strings.NewReader(strings.Repeat("x", 400))))
	if n, err := io.Copy(io.Discard, r); n != 400 || err != nil {
		t.Fatal(n, err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), " 40%  400 B of 1.0 kB") {
		if time.Now().After(deadline) {
			t.Fatalf("no bar at 40%% drawn: %q", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	bar.Stop()
	got := out.String()
	last := got[strings.LastIndex(got, "\r"):]
	if !strings.HasPrefix(got, "\rreading [") || strings.TrimSpace(last) != "" || !strings.HasSuffix(got, " \r") {
		t.Fatalf("the bar is not erased at the end: %q", got)
	}
}

func TestBarStaysHiddenForShortReads(t *testing.T) {
	var out syncBuffer
	bar := Start(&out, 1000, time.Hour)
	bar.Stop()
	if out.String() != "" {
		t.Fatalf("a read shorter than the delay drew %q", out.String())
	}
}

func TestIsTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, w := range map[string]io.Writer{"buffer": &bytes.Buffer{}, "regular file": f, "discard": io.Discard} {
		if IsTerminal(w) {
			t.Errorf("%s taken for a terminal", name)
		}
	}
}

// TestReaderKeepsRandomAccess: a file stays a file through the bar (a
// Parquet reader reads it in place), and its ReadAt is counted too.
func TestReaderKeepsRandomAccess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	b := Start(io.Discard, 10, time.Hour)
	defer b.Stop()
	r := b.Reader(f)
	defer r.Close()
	at, ok := r.(interface {
		io.ReaderAt
		Stat() (os.FileInfo, error)
	})
	if !ok {
		t.Fatal("the bar's reader hides the file's ReadAt and Stat")
	}
	if info, err := at.Stat(); err != nil || info.Size() != 10 {
		t.Fatalf("Stat: %v, %v", info, err)
	}
	p := make([]byte, 4)
	if n, err := at.ReadAt(p, 6); n != 4 || err != nil || string(p) != "6789" {
		t.Fatalf("ReadAt: %d %q %v", n, p, err)
	}
	if n, _ := r.Read(p[:2]); n != 2 {
		t.Fatalf("Read: %d", n)
	}
	if got := b.done.Load(); got != 6 {
		t.Errorf("counted %d bytes, want 6", got)
	}
	// Anything else is only read.
	if _, ok := b.Reader(io.NopCloser(strings.NewReader("x"))).(io.ReaderAt); ok {
		t.Error("a stream got a ReadAt")
	}
}
