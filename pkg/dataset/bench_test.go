package dataset

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/period"
)

// distinctCategories is a complaints file of n rows, each a category of
// its own, spread over the twelve months of 2019: n distinct keys.
func distinctCategories(n int) []byte {
	var b bytes.Buffer
	b.WriteString("month,country,channel,category,complaints\n")
	for i := range n {
		fmt.Fprintf(&b, "2019-%02d,SE,customer_service,category %07d,%d\n", i%12+1, i, 1+i%5)
	}
	return b.Bytes()
}

// BenchmarkDistinctKeys loads 1,000,000 distinct categories and reports
// what the dataset keeps per distinct key (the live heap after loading,
// less the live heap before) and the time per row (ns/op is the load of
// the whole file).
func BenchmarkDistinctKeys(b *testing.B) {
	const keys = 1_000_000
	text := distinctCategories(keys)
	bucketer, err := period.NewBucketer("Europe/Stockholm")
	if err != nil {
		b.Fatal(err)
	}
	src := input.Source{Name: "complaints.csv", Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(text)), nil }}
	b.SetBytes(int64(len(text)))
	var retained uint64
	for b.Loop() {
		var before, after runtime.MemStats
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		ds, err := Load(map[input.Kind][]input.Source{input.Complaints: {src}}, input.Config{Bucketer: bucketer, Country: "SE"})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		retained = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(ds)
		b.StartTimer()
	}
	b.ReportMetric(float64(retained)/keys, "bytes/key")
}
