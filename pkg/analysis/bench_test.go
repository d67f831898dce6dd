package analysis

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/nollmission/nollmission/pkg/dataset"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/period"
)

// BenchmarkBreakdownDistinctCategories breaks down 1,000,000 distinct
// categories over twelve months and reports the bytes per key the
// breakdown keeps (live heap after it, the dataset let go) and allocates.
func BenchmarkBreakdownDistinctCategories(b *testing.B) {
	const keys = 1_000_000
	var text bytes.Buffer
	text.WriteString("month,country,channel,category,complaints\n")
	for i := range keys {
		fmt.Fprintf(&text, "2019-%02d,SE,customer_service,category %07d,%d\n", i%12+1, i, 1+i%5)
	}
	bucketer, err := period.NewBucketer("Europe/Stockholm")
	if err != nil {
		b.Fatal(err)
	}
	load := func() *dataset.Dataset {
		src := input.Source{Name: "complaints.csv", Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(text.Bytes())), nil }}
		ds, err := dataset.Load(map[input.Kind][]input.Source{input.Complaints: {src}}, input.Config{Bucketer: bucketer, Country: "SE"})
		if err != nil {
			b.Fatal(err)
		}
		return ds
	}
	var retained, allocated uint64
	for b.Loop() {
		b.StopTimer()
		ds := load()
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		bd, err := BreakdownOf(ds, BreakdownSpec{By: ByCategory, Country: "SE"})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		retained, allocated = after.HeapAlloc-before.HeapAlloc, after.TotalAlloc-before.TotalAlloc
		runtime.KeepAlive(bd)
		b.StartTimer()
	}
	b.ReportMetric(float64(int64(retained))/keys, "retained-bytes/key")
	b.ReportMetric(float64(allocated)/keys, "allocated-bytes/key")
}
