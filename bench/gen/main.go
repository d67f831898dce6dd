// Command gen writes deterministic exports for the benchmark, one kind a
// call, over the year 2019 in time order, with RFC 3339 timestamps carrying
// offsets (Stockholm's own +01:00/+02:00, or Z for one row in five):
//
//   - transactions: one row per purchase, with a country and the columns an
//     export has beside them (~66 bytes a row);
//   - complaints: one row per complaint, with a country, the channel it came
//     through and a category as people write them (capitalised, Swedish
//     letters in UTF-8; ~54 bytes a row);
//   - surveys: one row per answer, with a country, a respondent and a score
//     from 1 to 5 (~44 bytes a row);
//   - counts: purchases counted per day, country and store
//     (date,country,store,transactions; ~25 bytes a row).
//
// With -complaints it also writes a complaints file to go with a
// transactions file (about 40 per million purchases), so that `nollmission
// rate` has both inputs.
//
// Usage:
//
//	go run ./bench/gen -rows 10000000 -out bench/out/transactions.csv [-complaints bench/out/complaints.csv]
//	go run ./bench/gen -kind complaints -rows 2000000 -out bench/out/complaint-events.csv
//
// The same flags give the same bytes.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"strconv"
	"time"
)

// countries and their cumulative shares of the rows, in per mille.
var countries = []struct {
	code  string
	share int
}{{"SE", 700}, {"NO", 800}, {"DK", 880}, {"FI", 950}, {"DE", 1000}}

var paymentMethods = []string{"card", "swish", "invoice", "direct_debit"}

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen: ")
	kind := flag.String("kind", "transactions", "transactions, complaints, surveys or counts")
	rows := flag.Int64("rows", 10_000_000, "number of rows")
	out := flag.String("out", "", "file to write (- for stdout)")
	complaints := flag.String("complaints", "", "with transactions: also write a complaints file to go with them here")
	seed := flag.Uint64("seed", 2019, "seed of the pseudo-random rows")
	flag.Parse()
	write, ok := map[string]func(*bufio.Writer, int64, uint64, *time.Location) error{
		"transactions": transactions,
		"complaints":   complaintRows,
		"surveys":      surveyRows,
		"counts":       countRows,
	}[*kind]
	if *out == "" || *rows < 0 || flag.NArg() > 0 || !ok || (*complaints != "" && *kind != "transactions") {
		fmt.Fprintln(os.Stderr, "usage: gen [-kind transactions|complaints|surveys|counts] -rows N -out FILE [-complaints FILE] [-seed N]")
		os.Exit(2)
	}
	stockholm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		log.Fatal(err)
	}
	if err := writeFile(*out, func(w *bufio.Writer) error { return write(w, *rows, *seed, stockholm) }); err != nil {
		log.Fatal(err)
	}
	if *complaints != "" {
		if err := writeFile(*complaints, func(w *bufio.Writer) error { return complaintRows(w, *rows/25_000, *seed+1, stockholm) }); err != nil {
			log.Fatal(err)
		}
	}
}

func writeFile(path string, write func(*bufio.Writer) error) error {
	f := os.Stdout
	if path != "-" {
		var err error
		if f, err = os.Create(path); err != nil {
			return err
		}
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := write(w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if path == "-" {
		return nil
	}
	return f.Close()
}

// yearStart and yearMillis span 2019 in Stockholm.
var (
	yearStart  = time.Date(2018, 12, 31, 23, 0, 0, 0, time.UTC) // 2019-01-01 00:00 in Stockholm
	yearMillis = int64(365 * 24 * 3600 * 1000)
)

// instants calls row with n instants spread over the year, in order.
func instants(n int64, rng *rand.Rand, row func(i int64, t time.Time) error) error {
	if n == 0 {
		return nil
	}
	step := yearMillis * 99 / 100 / n // the mean gap (each uniform in [0, 2*step]): the rows end in late December
	at := int64(0)
	for i := int64(0); i < n; i++ {
		at += rng.Int64N(2*step + 1)
		if at >= yearMillis {
			at = yearMillis - 1
		}
		if err := row(i, yearStart.Add(time.Duration(at)*time.Millisecond)); err != nil {
			return err
		}
	}
	return nil
}

// appendTimestamp writes t with milliseconds: in UTC with Z for one row in
// five, else in Stockholm time with its offset.
func appendTimestamp(b []byte, t time.Time, rng *rand.Rand, loc *time.Location) []byte {
	if rng.IntN(5) == 0 {
		return t.UTC().AppendFormat(b, "2006-01-02T15:04:05.000Z07:00")
	}
	return t.In(loc).AppendFormat(b, "2006-01-02T15:04:05.000-07:00")
}

func country(rng *rand.Rand) string {
	r := rng.IntN(1000)
	for _, c := range countries {
		if r < c.share {
			return c.code
		}
	}
	return countries[0].code
}

func transactions(w *bufio.Writer, n int64, seed uint64, loc *time.Location) error {
	rng := rand.New(rand.NewPCG(seed, 0))
	if _, err := w.WriteString("timestamp,country,store,order_id,amount_sek,payment_method\n"); err != nil {
		return err
	}
	var b []byte
	return instants(n, rng, func(i int64, t time.Time) error {
		b = appendTimestamp(b[:0], t, rng, loc)
		b = append(b, ',')
		b = append(b, country(rng)...)
		b = append(b, ",ST"...)
		b = strconv.AppendInt(b, 1000+rng.Int64N(9000), 10)
		b = append(b, ",O"...)
		b = strconv.AppendInt(b, 100_000_000+i, 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, 10+rng.Int64N(5000), 10)
		b = append(b, '.', byte('0'+rng.IntN(10)), '0', ',')
		b = append(b, paymentMethods[rng.IntN(len(paymentMethods))]...)
		b = append(b, '\n')
		_, err := w.Write(b)
		return err
	})
}

// channels as exports spell them: most complaints reach customer service;
// imy and fi are aliases of datainspektionen and finansinspektionen.
var channels = []string{"customer_service", "customer_service", "customer_service", "social_media", "arn", "konsumentverket", "fi", "imy"}

// categories as people write them: capitalised, with Swedish letters.
var categories = []string{"Betalningar", "Betalningar", "Kort", "Kort", "Lån", "Bedrägeri", "App och internetbank", "Avgifter", "Kundbemötande", "Övrigt"}

func complaintRows(w *bufio.Writer, n int64, seed uint64, loc *time.Location) error {
	rng := rand.New(rand.NewPCG(seed, 0))
	if _, err := w.WriteString("timestamp,country,channel,category\n"); err != nil {
		return err
	}
	var b []byte
	return instants(n, rng, func(_ int64, t time.Time) error {
		b = appendTimestamp(b[:0], t, rng, loc)
		b = append(b, ',')
		b = append(b, country(rng)...)
		b = append(b, ',')
		b = append(b, channels[rng.IntN(len(channels))]...)
		b = append(b, ',')
		b = append(b, categories[rng.IntN(len(categories))]...)
		b = append(b, '\n')
		_, err := w.Write(b)
		return err
	})
}

// scores are drawn as satisfied customers answer: mostly 4 and 5.
var scores = []byte("1223344444555555555")

func surveyRows(w *bufio.Writer, n int64, seed uint64, loc *time.Location) error {
	rng := rand.New(rand.NewPCG(seed, 0))
	if _, err := w.WriteString("timestamp,country,respondent,score\n"); err != nil {
		return err
	}
	var b []byte
	return instants(n, rng, func(i int64, t time.Time) error {
		b = appendTimestamp(b[:0], t, rng, loc)
		b = append(b, ',')
		b = append(b, country(rng)...)
		b = append(b, ",R"...)
		b = strconv.AppendInt(b, 10_000_000+i, 10)
		b = append(b, ',', scores[rng.IntN(len(scores))], '\n')
		_, err := w.Write(b)
		return err
	})
}

// countRows writes n count rows: each day of 2019 in turn, every store of
// the day with its country and its purchases.
func countRows(w *bufio.Writer, n int64, seed uint64, _ *time.Location) error {
	rng := rand.New(rand.NewPCG(seed, 0))
	if _, err := w.WriteString("date,country,store,transactions\n"); err != nil {
		return err
	}
	perDay := max((n+364)/365, 1)
	var b []byte
	day := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := int64(0); i < n; i++ {
		b = day.AddDate(0, 0, int(i/perDay)).AppendFormat(b[:0], "2006-01-02")
		b = append(b, ',')
		b = append(b, country(rng)...)
		b = append(b, ",ST"...)
		b = strconv.AppendInt(b, 1000+i%perDay, 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, rng.Int64N(2000), 10)
		b = append(b, '\n')
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}
