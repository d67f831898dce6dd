package period

import "testing"

// The month bucketing runs once a row: a year of purchases is hundreds of
// millions of calls.
//
//	go test -bench Month -benchmem ./pkg/period
func BenchmarkMonth(b *testing.B) {
	bucketer := func(o Options) *Bucketer {
		bk, err := NewBucketerWith("Europe/Stockholm", o)
		if err != nil {
			b.Fatal(err)
		}
		return bk
	}
	local := bucketer(Options{})
	naiveUTC := bucketer(Options{NaiveZone: "UTC"})
	naiveNewYork := bucketer(Options{NaiveZone: "America/New_York"})
	epochSeconds := bucketer(Options{Format: FormatEpochSeconds})
	epochMillis := bucketer(Options{Format: FormatEpochMillis})
	for _, bench := range []struct {
		name     string
		bucketer *Bucketer
		cell     string
	}{
		{"month", local, "2019-03"},
		{"date", local, "2019-03-14"},
		{"local_timestamp", local, "2019-03-14 09:30:00"},
		{"utc_timestamp", local, "2019-03-14T09:30:00.123Z"},
		{"offset_timestamp", local, "2019-03-14T09:30:00.123+01:00"},
		{"month_boundary", local, "2019-03-31T21:59:59.999Z"},
		// Naive UTC, the commonest warehouse export: as cheap as an offset.
		{"naive_utc", naiveUTC, "2019-03-14 09:30:00"},
		{"naive_utc_boundary", naiveUTC, "2019-03-31 21:59:59.999"},
		// A naive zone with daylight saving, in a month where it changes:
		// the time package decides.
		{"naive_dst_change_boundary", naiveNewYork, "2019-03-31 17:59:59"},
		{"snowflake_tz_boundary", local, "2019-03-31 21:59:59.999 +0000"},
		{"bigquery_utc_boundary", local, "2019-03-31 21:59:59 UTC"},
		{"postgres_boundary", local, "2019-03-31 23:59:59.236+02"},
		{"epoch_s", epochSeconds, "1554069599"},
		{"epoch_ms", epochMillis, "1554069599999"},
	} {
		b.Run(bench.name, func(b *testing.B) {
			b.SetBytes(int64(len(bench.cell)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bench.bucketer.Month(bench.cell); err != nil {
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

// BenchmarkNewBucketer builds the month table, as every start does.
func BenchmarkNewBucketer(b *testing.B) {
	for _, zone := range []string{"Europe/Stockholm", "America/Asuncion", "UTC"} {
		b.Run(zone, func(b *testing.B) {
			for b.Loop() {
				if _, err := NewBucketer(zone); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
