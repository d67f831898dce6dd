package gunzip

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// benchInput is a gzipped export: GUNZIP_BENCH names one (bench/run.sh's
// purchases.csv.gz, say), or 32 MB of rows like purchases at level 6.
func benchInput(b *testing.B) []byte {
	if name := os.Getenv("GUNZIP_BENCH"); name != "" {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	return gzipWith(b, csvLike(32<<20, 10), 6)
}

// The decompressed bytes a second (MB/s) of this reader and of
// klauspost's, into a 1 MiB buffer as the CSV reader asks.
func BenchmarkRead(b *testing.B) {
	compressed := benchInput(b)
	readers := map[string]func(io.Reader) (io.Reader, error){
		"gunzip":    func(r io.Reader) (io.Reader, error) { return NewReader(r) },
		"klauspost": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
		"scout": func(io.Reader) (io.Reader, error) {
			return NewReaderAt(bytes.NewReader(compressed), int64(len(compressed)))
		},
	}
	for _, name := range []string{"gunzip", "scout", "klauspost"} {
		b.Run(name, func(b *testing.B) {
			buf := make([]byte, 1<<20)
			for b.Loop() {
				r, err := readers[name](bytes.NewReader(compressed))
				if err != nil {
					b.Fatal(err)
				}
				n, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{r}, buf)
				if err != nil {
					b.Fatal(err)
				}
				if z, ok := r.(*Reader); ok {
					if z.scout != nil {
						b.ReportMetric(float64(z.scout.spliced), "segments")
					}
					z.Close()
				}
				b.SetBytes(n)
			}
		})
	}
}
