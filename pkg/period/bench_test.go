package period

import "testing"

// The month bucketing runs once a row: a year of purchases is hundreds of
// millions of calls.
//
//	go test -bench Month -benchmem ./pkg/period
func BenchmarkMonth(b *testing.B) {
	bucketer, err := NewBucketer("Europe/Stockholm")
	if err != nil {
		b.Fatal(err)
	}
	for _, bench := range []struct{ name, cell string }{
		{"month", "2019-03"},
		{"date", "2019-03-14"},
		{"local_timestamp", "2019-03-14 09:30:00"},
		{"utc_timestamp", "2019-03-14T09:30:00.123Z"},
		{"offset_timestamp", "2019-03-14T09:30:00.123+01:00"},
		{"month_boundary", "2019-03-31T21:59:59.999Z"},
	} {
		b.Run(bench.name, func(b *testing.B) {
			b.SetBytes(int64(len(bench.cell)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bucketer.Month(bench.cell); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkMonthOfInstant spreads instants over a year, so that the lookup
// cannot lean on the previous row's month.
func BenchmarkMonthOfInstant(b *testing.B) {
	bucketer, err := NewBucketer("Europe/Stockholm")
	if err != nil {
		b.Fatal(err)
	}
	const start, year = 1546297200, 365 * 86400 // 2019-01-01 00:00 in Stockholm
	b.ReportAllocs()
	i := int64(0)
	for b.Loop() {
		i = (i + 7919*3607) % year // a stride coprime to the year: every month, out of order
		bucketer.MonthOfInstant(start + i)
	}
}
