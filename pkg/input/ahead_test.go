package input

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
	"time"
)

// The bytes come out as they went in, across the buffers' edges, and the
// source's error after the bytes before it.
func TestAheadReader(t *testing.T) {
	for _, size := range []int{aheadGzipSize, aheadZstdSize, 100} {
		testAheadReader(t, size)
	}
}

func testAheadReader(t *testing.T, size int) {
	data := bytes.Repeat([]byte("2019-01-31T23:30:00+01:00,SE,store-1\n"), 3*size/37+1000)
	damaged := errors.New("damaged")
	tests := []struct {
		name    string
		source  io.Reader
		want    []byte
		wantErr error
	}{
		{"whole", bytes.NewReader(data), data, nil},
		{"a byte at a time", iotest.OneByteReader(bytes.NewReader(data[:3000])), data[:3000], nil},
		{"empty", bytes.NewReader(nil), nil, nil},
		{"an error after 2.5 buffers", io.MultiReader(bytes.NewReader(data[:5*size/2]), iotest.ErrReader(damaged)), data[:5*size/2], damaged},
		{"data with its error", iotest.DataErrReader(bytes.NewReader(data)), data, nil},
	}
	for _, tt := range tests {
		done := make(chan struct{})
		a := newAheadReader(tt.source, size, func() { close(done) })
		got, err := io.ReadAll(iotest.HalfReader(a))
		if !errors.Is(err, tt.wantErr) || !bytes.Equal(got, tt.want) {
			t.Errorf("%s, buffers of %d: %d bytes, %v; want %d bytes, %v", tt.name, size, len(got), err, len(tt.want), tt.wantErr)
		}
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Errorf("%s, buffers of %d: the goroutine did not end after the last read", tt.name, size)
		}
		a.Close()
	}
}

// blockedReader blocks in Read until released, as a pipe with a quiet
// writer does.
type blockedReader struct{ release chan struct{} }

func (r blockedReader) Read(p []byte) (int, error) {
	<-r.release
	return 0, io.EOF
}

// Close returns at once, even when the goroutine waits in a read that may
// never end; the goroutine ends (and the decompressor is closed) when the
// read returns.
func TestAheadReaderCloseDoesNotWait(t *testing.T) {
	src := blockedReader{release: make(chan struct{})}
	done := make(chan struct{})
	a := newAheadReader(src, aheadGzipSize, func() { close(done) })
	closed := make(chan struct{})
	go func() { a.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for the blocked read")
	}
	select {
	case <-done:
		t.Fatal("the decompressor was closed during its read")
	default:
	}
	close(src.release)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the goroutine did not end after its read returned")
	}
	a.Close() // twice is fine
}

// Closed early, the goroutine stops at its next buffer.
func TestAheadReaderClosedEarly(t *testing.T) {
	done := make(chan struct{})
	a := newAheadReader(bytes.NewReader(make([]byte, 10*aheadGzipSize)), aheadGzipSize, func() { close(done) })
	if _, err := io.ReadFull(a, make([]byte, 100)); err != nil {
		t.Fatal(err)
	}
	a.Close()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the goroutine did not stop")
	}
}

// Once closed, Read fails: the buffers may serve another file by then.
func TestAheadReaderReadAfterClose(t *testing.T) {
	a := newAheadReader(bytes.NewReader([]byte("month,complaints\n")), aheadGzipSize, nil)
	if _, err := io.ReadAll(a); err != nil {
		t.Fatal(err)
	}
	a.Close()
	if n, err := a.Read(make([]byte, 10)); n != 0 || !errors.Is(err, errAheadClosed) {
		t.Fatalf("Read after Close: %d, %v; want 0, %v", n, err, errAheadClosed)
	}
}

// A reader takes buffers of its own size, though the pool holds those of
// a file read before through the other decompressor (a glob of .gz and
// .zst files).
func TestAheadReaderBuffersOfItsSize(t *testing.T) {
	for _, sizes := range [][2]int{{aheadGzipSize, aheadZstdSize}, {aheadZstdSize, aheadGzipSize}} {
		for range aheadBuffers {
			aheadPool.Put(&aheadBuffer{data: make([]byte, sizes[0])})
		}
		src := blockedReader{release: make(chan struct{})}
		a := newAheadReader(src, sizes[1], nil)
		// The goroutine has taken one buffer, or is about to.
		for range aheadBuffers - 1 {
			if b := <-a.empty; cap(b.data) != sizes[1] {
				t.Errorf("with buffers of %d in the pool, a reader of %d has a buffer of %d", sizes[0], sizes[1], cap(b.data))
			}
		}
		a.Close()
		close(src.release)
	}
}
