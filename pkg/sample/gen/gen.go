package gen

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"maps"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	country = "SE" // of every sample row
	million = 1_000_000
)

// channels are the complaint channels in the order of complaints.csv; the
// last four are the authorities, the external channels.
var channels = []string{
	"customer_service", "social_media",
	"konsumentverket", "datainspektionen", "arn", "finansinspektionen",
}

var authorities = channels[2:]

// The published files read, and the files written.
const (
	ratesFile          = "complaints_per_million.csv"
	externalFile       = "external_complaints.csv"
	externalTotalsFile = "external_complaints_published_totals.csv"
	csatFile           = "csat_dsat.csv"

	transactionsFile = "transactions.csv"
	complaintsFile   = "complaints.csv"
	surveysFile      = "surveys.csv"
	publishedFile    = "published.csv"
)

// month is one month of the sample.
type month struct {
	month        string
	transactions int64
	complaints   map[string]int64 // by channel
}

// Generate reads the published figures in publishedDir and returns the sample
// files, transactions.csv, complaints.csv, surveys.csv and published.csv, by
// name. It returns an error when the volumes do not reproduce the published
// figures.
func Generate(publishedDir string) (map[string][]byte, error) {
	rates, err := readTable(publishedDir, ratesFile, "period", "rate")
	if err != nil {
		return nil, err
	}
	external, err := readTable(publishedDir, externalFile, "month", "authority", "complaints")
	if err != nil {
		return nil, err
	}
	totals, err := readTable(publishedDir, externalTotalsFile, "month", "complaints")
	if err != nil {
		return nil, err
	}
	csat, err := readTable(publishedDir, csatFile, "month", "csat_percent", "dsat_percent")
	if err != nil {
		return nil, err
	}
	months, err := derive(rates, external, volumes)
	if err != nil {
		return nil, err
	}
	surveyMonths, err := deriveSurveys(csat, surveyVolumes)
	if err != nil {
		return nil, err
	}

	var txs, complaints [][]string
	for _, m := range months {
		txs = append(txs, []string{m.month, country, itoa(m.transactions)})
		for _, ch := range channels {
			complaints = append(complaints, []string{m.month, country, ch, itoa(m.complaints[ch])})
		}
	}

	var surveys [][]string
	for _, m := range surveyMonths {
		for i, n := range m.answers {
			surveys = append(surveys, []string{m.month, country, strconv.Itoa(i + 1), itoa(n)})
		}
	}

	var figures [][]string
	for _, r := range rates {
		figures = append(figures, []string{"rate", r[0], r[1], country, ""})
	}
	for _, r := range external {
		figures = append(figures, []string{"complaints", r[0], r[2], country, r[1]})
	}
	for _, r := range totals {
		figures = append(figures, []string{"complaints", r[0], r[1], country, "external"})
	}
	for _, r := range csat {
		figures = append(figures,
			[]string{"csat_percent", r[0], r[1], country, ""},
			[]string{"dsat_percent", r[0], r[2], country, ""})
	}

	return map[string][]byte{
		transactionsFile: encode([]string{"month", "country", "transactions"}, txs),
		complaintsFile:   encode([]string{"month", "country", "channel", "complaints"}, complaints),
		surveysFile:      encode([]string{"month", "country", "score", "responses"}, surveys),
		publishedFile:    encode([]string{"metric", "period", "value", "country", "channel"}, figures),
	}, nil
}

// derive computes each month of vols from the published rates and external
// complaints (records without their header) and checks that the published
// monthly and full-year rates are reproduced.
func derive(rates, external [][]string, vols []volume) ([]month, error) {
	monthly, yearly := map[string]int64{}, map[string]int64{}
	for i, r := range rates {
		rate, err := parseCount(r[1])
		if err != nil {
			return nil, fmt.Errorf("%s line %d: rate: %w", ratesFile, i+2, err)
		}
		switch {
		case isLayout("2006-01", r[0]):
			monthly[r[0]] = rate
		case isLayout("2006", r[0]):
			yearly[r[0]] = rate
		default:
			return nil, fmt.Errorf("%s line %d: period %q is neither a month nor a year", ratesFile, i+2, r[0])
		}
	}

	ext := map[string]map[string]int64{} // month -> authority -> complaints
	for i, r := range external {
		m, auth := r[0], r[1]
		if !isLayout("2006-01", m) {
			return nil, fmt.Errorf("%s line %d: bad month %q", externalFile, i+2, m)
		}
		if !slices.Contains(authorities, auth) {
			return nil, fmt.Errorf("%s line %d: unknown authority %q (known: %s)",
				externalFile, i+2, auth, strings.Join(authorities, ", "))
		}
		n, err := parseCount(r[2])
		if err != nil {
			return nil, fmt.Errorf("%s line %d: complaints: %w", externalFile, i+2, err)
		}
		if ext[m] == nil {
			ext[m] = map[string]int64{}
		}
		if _, dup := ext[m][auth]; dup {
			return nil, fmt.Errorf("%s line %d: second row for %s %s", externalFile, i+2, m, auth)
		}
		ext[m][auth] = n
	}

	var months []month
	for i, v := range vols {
		if i > 0 && v.month <= vols[i-1].month {
			return nil, fmt.Errorf("volumes: %s is not after %s", v.month, vols[i-1].month)
		}
		rate, ok := monthly[v.month]
		if !ok {
			return nil, fmt.Errorf("volumes: no published rate for %s", v.month)
		}
		m, err := split(v, rate, ext[v.month])
		if err != nil {
			return nil, err
		}
		months = append(months, m)
		delete(monthly, v.month)
		delete(ext, v.month)
	}
	if len(monthly) > 0 {
		return nil, fmt.Errorf("volumes: no volume for the published month %s", slices.Min(slices.Collect(maps.Keys(monthly))))
	}
	if len(ext) > 0 {
		return nil, fmt.Errorf("volumes: no volume for the published month %s", slices.Min(slices.Collect(maps.Keys(ext))))
	}
	for _, year := range slices.Sorted(maps.Keys(yearly)) {
		if err := checkYear(year, yearly[year], months); err != nil {
			return nil, err
		}
	}
	return months, nil
}

// split derives the complaints of one month: the published rate times the
// volume, of which the authorities carry ext and customer service and social
// media share the rest about 80/20.
func split(v volume, rate int64, ext map[string]int64) (month, error) {
	t := v.transactions
	total := divRound(rate*t, million)
	if divRound(total*million, t) != rate {
		return month{}, fmt.Errorf("%s: %d complaints in %d purchases do not round to the published %d per million; raise the volume",
			v.month, total, t, rate)
	}
	c := map[string]int64{}
	rest := total
	for _, a := range authorities {
		n, ok := ext[a]
		if !ok {
			return month{}, fmt.Errorf("%s: no published complaints for %s", v.month, a)
		}
		c[a] = n
		rest -= n
	}
	if rest >= 0 {
		c["customer_service"] = divRound(4*rest, 5)
		c["social_media"] = rest - c["customer_service"]
	}
	if c["customer_service"] < 1 || c["social_media"] < 1 {
		return month{}, fmt.Errorf("%s: %d complaints leave too few for customer service and social media after %d external; raise the volume",
			v.month, total, total-rest)
	}
	return month{month: v.month, transactions: t, complaints: c}, nil
}

// checkYear checks that the purchase-weighted rate of the year's months is
// within 0.4 of the published rate: it rounds to it, with a margin of at
// least 0.1 from a .5 boundary.
func checkYear(year string, published int64, months []month) error {
	var complaints, transactions int64
	for _, m := range months {
		if strings.HasPrefix(m.month, year+"-") {
			transactions += m.transactions
			for _, n := range m.complaints {
				complaints += n
			}
		}
	}
	if transactions == 0 {
		return fmt.Errorf("volumes: no volume for the published year %s", year)
	}
	got := big.NewRat(complaints*million, transactions)
	off := new(big.Rat).Sub(got, new(big.Rat).SetInt64(published))
	if off.Abs(off).Cmp(big.NewRat(2, 5)) > 0 {
		return fmt.Errorf("%s: full-year rate %s per million is not within 0.4 of the published %d; change the volumes",
			year, got.FloatString(2), published)
	}
	return nil
}

// divRound returns n/d rounded half away from zero, for n >= 0 and d > 0.
func divRound(n, d int64) int64 {
	return (2*n + d) / (2 * d)
}

// readTable reads the CSV file name in dir, checks that its header is
// exactly header, and returns the records after it.
func readTable(dir, name string, header ...string) ([][]string, error) {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(records) == 0 || !slices.Equal(records[0], header) {
		return nil, fmt.Errorf("%s: header is not %s", name, strings.Join(header, ","))
	}
	return records[1:], nil
}

// encode returns the CSV of header and rows, with LF line endings.
func encode(header []string, rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(header)
	for _, r := range rows {
		w.Write(r)
	}
	w.Flush() // writing to a bytes.Buffer cannot fail
	return b.Bytes()
}

func parseCount(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a count", s)
	}
	return n, nil
}

func isLayout(layout, s string) bool {
	_, err := time.Parse(layout, s)
	return err == nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
