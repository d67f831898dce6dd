package input

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
)

// BenchmarkParquetMemory streams generated Parquet files of a million and
// of ten million purchases (a timestamp and a country a row, a million rows
// to a row group, as warehouses write them) and reports the peak heap
// while reading: it must be the same for both, as reading goes a row group
// and a few hundred rows at a time.
//
//	go test -run '^$' -bench ParquetMemory -benchtime 1x ./pkg/input
func BenchmarkParquetMemory(b *testing.B) {
	dir := b.TempDir()
	for _, rows := range []int{1_000_000, 10_000_000} {
		path := filepath.Join(dir, fmt.Sprintf("purchases-%d.parquet", rows))
		writePurchases(b, path, rows)
		info, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			cfg := benchConfig(b)
			peak := int64(0)
			for b.Loop() {
				runtime.GC()
				stop := watchHeap(&peak)
				n := int64(0)
				stats, err := ReadSummed(FileSource(path), Transactions, cfg, func(r *Row) error {
					n += r.Count
					return nil
				})
				stop()
				if err != nil || stats.Rows != int64(rows) || n != int64(rows) {
					b.Fatalf("rows %d, sum %d, err %v", stats.Rows, n, err)
				}
			}
			b.SetBytes(info.Size())
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rows), "ns/row")
		})
	}
}

// watchHeap keeps the largest heap in use in peak until stop is called.
func watchHeap(peak *int64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if h := int64(m.HeapInuse); h > atomic.LoadInt64(peak) {
			atomic.StoreInt64(peak, h)
		}
	}
	go func() {
		defer close(finished)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			sample()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		sample()
	}
}

type purchase struct {
	Timestamp int64  `parquet:"timestamp,timestamp(millisecond)"`
	Country   string `parquet:"country,dict"`
}

// writePurchases writes rows purchases over 2019, a million to a row group,
// without holding more than a row group.
func writePurchases(b *testing.B, path string, rows int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := parquet.NewGenericWriter[purchase](f, parquet.MaxRowsPerRowGroup(1_000_000))
	start := time.Date(2018, 12, 31, 23, 0, 0, 0, time.UTC).UnixMilli()
	step := int64(365*24*time.Hour/time.Millisecond) / int64(rows)
	countries := []string{"SE", "SE", "SE", "SE", "SE", "SE", "SE", "NO", "DK", "FI"}
	batch := make([]purchase, 0, 10_000)
	for i := range rows {
		batch = append(batch, purchase{start + int64(i)*step, countries[i%len(countries)]})
		if len(batch) == cap(batch) || i == rows-1 {
			if _, err := w.Write(batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}
