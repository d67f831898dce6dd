package input

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The readers' throughput on a purchase export like bench/gen's (RFC 3339
// timestamps with offsets, a country, other columns; ~66 bytes a row):
//
//	go test -run '^$' -bench ReadExport -benchmem ./pkg/input
//
// bench/run.sh measures the whole command on files of millions of rows.

func BenchmarkReadExport(b *testing.B) {
	data := purchaseExport(200_000)
	cfg := benchConfig(b)
	for _, bench := range []struct {
		name string
		read func(Source, Kind, Config, func(*Row) error) (FileStats, error)
	}{
		{"fast", ReadSummed},
		{"general", Read},
	} {
		b.Run(bench.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				src := Source{Name: "tx.csv", Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
				stats, err := bench.read(src, Transactions, cfg, func(*Row) error { return nil })
				if err != nil || stats.Rows != 200_000 {
					b.Fatal(stats, err)
				}
			}
		})
	}
}

// purchaseExport writes n purchase rows over 2019, in time order.
func purchaseExport(n int) []byte {
	var buf bytes.Buffer
	buf.WriteString("timestamp,country,store,order_id,amount_sek,payment_method\n")
	start := time.Date(2018, 12, 31, 23, 0, 0, 0, time.UTC)
	step := 365 * 24 * time.Hour / time.Duration(n)
	stockholm := time.FixedZone("CET", 3600)
	countries := []string{"SE", "SE", "SE", "SE", "SE", "SE", "SE", "NO", "DK", "FI"}
	for i := range n {
		t := start.Add(time.Duration(i) * step)
		var ts string
		if i%5 == 0 {
			ts = t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
		} else {
			ts = t.In(stockholm).Format("2006-01-02T15:04:05.000-07:00")
		}
		fmt.Fprintf(&buf, "%s,%s,ST%04d,O%09d,%d.%d0,card\n", ts, countries[i%len(countries)], 1000+i%9000, 100_000_000+i, 10+i%5000, i%10)
	}
	return buf.Bytes()
}

// BenchmarkScan is the fast path's parsing alone, on one core: one block of
// lines of each kind into sums (the caches warm), the purchases read as
// ASCII beneath an undecided decoder, as a purchase export is, the
// complaints, with Swedish letters, beneath one that decided on UTF-8; naive is
// the purchases with their timestamps in UTC without an offset, which the
// fast path counts (for the note on them).
func BenchmarkScan(b *testing.B) {
	purchases := purchaseExport(15_000)
	naive := regexp.MustCompile(`(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)\.\d{3}(Z|[+-]\d\d:\d\d)`).ReplaceAll(purchases, []byte("$1 $2"))
	for _, bench := range []struct {
		name      string
		kind      Kind
		data      []byte
		undecided bool
		checkUTF8 bool
	}{
		{"purchases", Transactions, purchases, true, false},
		{"naive", Transactions, naive, true, false},
		{"complaints", Complaints, eventExport(15_000, "channel,category", func(i int) string {
			return []string{"customer_service", "arn", "imy", "social_media"}[i%4] + "," + []string{"Kort", "Lån", "Betalningar", "App och internetbank"}[i%7%4]
		}), false, true},
		{"surveys", Surveys, eventExport(15_000, "respondent,score", func(i int) string { return fmt.Sprintf("R%d,%d", 10_000_000+i, 1+i%5) }), true, false},
		{"counts", Transactions, countExport(15_000), true, false},
	} {
		b.Run(bench.name, func(b *testing.B) {
			cut := bytes.IndexByte(bench.data, '\n') + 1
			header, body := strings.Split(string(bench.data[:cut-1]), ","), bench.data[cut:]
			cols, err := bind("in.csv", bench.kind, header, 1, ',')
			if err != nil {
				b.Fatal(err)
			}
			plan := newFastPlan(cols, header, ',', "SE", benchConfig(b).Bucketer)
			plan.undecided, plan.checkUTF8 = bench.undecided, bench.checkUTF8
			w, sums := newFastWorker(plan), newBlockSums()
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				sums.reset()
				if _, stop, _ := w.scan(body, sums); stop >= 0 {
					b.Fatalf("stopped at %d", stop)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/15_000, "ns/row")
		})
	}
}

// countExport writes n count rows, purchases per day, country and store,
// as bench/gen writes them.
func countExport(n int) []byte {
	var buf bytes.Buffer
	buf.WriteString("date,country,store,transactions\n")
	countries := []string{"SE", "SE", "SE", "NO", "DK", "FI"}
	for i := range n {
		day := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i*365/n)
		fmt.Fprintf(&buf, "%s,%s,ST%04d,%d\n", day.Format(time.DateOnly), countries[i%len(countries)], 1000+i%500, 1+i*7919%2000)
	}
	return buf.Bytes()
}

// eventExport writes n rows over 2019 of a timestamp, a country and the
// columns that cells writes, in time order.
func eventExport(n int, columns string, cells func(i int) string) []byte {
	var buf bytes.Buffer
	buf.WriteString("timestamp,country," + columns + "\n")
	start := time.Date(2018, 12, 31, 23, 0, 0, 0, time.UTC)
	step := 365 * 24 * time.Hour / time.Duration(n)
	stockholm := time.FixedZone("CET", 3600)
	countries := []string{"SE", "SE", "SE", "SE", "SE", "SE", "SE", "NO", "DK", "FI"}
	for i := range n {
		t := start.Add(time.Duration(i) * step)
		ts := t.In(stockholm).Format("2006-01-02T15:04:05.000-07:00")
		if i%5 == 0 {
			ts = t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
		}
		fmt.Fprintf(&buf, "%s,%s,%s\n", ts, countries[i%len(countries)], cells(i))
	}
	return buf.Bytes()
}
