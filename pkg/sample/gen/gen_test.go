package gen

import (
	"bytes"
	"encoding/csv"
	"maps"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const (
	publishedDir = "../../../testdata/published"
	dataDir      = "../data"
)

// TestDataUpToDate catches hand edits to the embedded data and data left
// stale by a change to the generator or the published figures.
func TestDataUpToDate(t *testing.T) {
	files, err := Generate(publishedDir)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"complaints.csv", "published.csv", "surveys.csv", "transactions.csv"}
	if got := slices.Sorted(maps.Keys(files)); !slices.Equal(got, names) {
		t.Fatalf("Generate returned files %v, want %v", got, names)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(dataDir, name))
			if err != nil {
				t.Fatalf("%v; run `go generate ./pkg/sample`", err)
			}
			if !bytes.Equal(got, files[name]) {
				t.Errorf("pkg/sample/data/%s is not what the generator produces (edited by hand, or stale); run `go generate ./pkg/sample`", name)
			}
		})
	}
}

// TestDataReproducesPublishedRates recomputes every published rate, monthly
// and full-year, from the embedded data, independently of the generator.
func TestDataReproducesPublishedRates(t *testing.T) {
	transactions := map[string]int64{} // by month
	for _, r := range readCSV(t, filepath.Join(dataDir, "transactions.csv")) {
		transactions[r["month"]] += count(t, r["transactions"])
	}
	complaints := map[string]int64{} // by month
	for _, r := range readCSV(t, filepath.Join(dataDir, "complaints.csv")) {
		complaints[r["month"]] += count(t, r["complaints"])
	}

	for _, r := range readCSV(t, filepath.Join(publishedDir, "complaints_per_million.csv")) {
		period, want := r["period"], r["rate"]
		t.Run(period, func(t *testing.T) {
			var c, n int64
			months := 0
			for m, tx := range transactions {
				if m == period || strings.HasPrefix(m, period+"-") {
					c += complaints[m]
					n += tx
					months++
				}
			}
			switch {
			case months == 0:
				t.Fatalf("no transactions in %s", period)
			case len(period) == len("2006") && months != 12:
				t.Fatalf("%s has %d months of data, want a full year", period, months)
			}
			rate := new(big.Rat).SetFrac(big.NewInt(c*1_000_000), big.NewInt(n))
			if got := roundHalfAway(rate).String(); got != want {
				t.Errorf("rate = %d / %d * 1e6 = %s, rounds to %s, published %s",
					c, n, rate.FloatString(4), got, want)
			}
		})
	}
}

// TestDataAuthorityCounts checks that the embedded data carry exactly the
// published complaints of each authority.
func TestDataAuthorityCounts(t *testing.T) {
	type key struct{ month, channel string }
	data := map[key]string{}
	for _, r := range readCSV(t, filepath.Join(dataDir, "complaints.csv")) {
		if r["channel"] != "customer_service" && r["channel"] != "social_media" {
			data[key{r["month"], r["channel"]}] = r["complaints"]
		}
	}
	published := readCSV(t, filepath.Join(publishedDir, "external_complaints.csv"))
	for _, r := range published {
		k := key{r["month"], r["authority"]}
		if got, want := data[k], r["complaints"]; got != want {
			t.Errorf("%s %s: data has %q complaints, published %s", k.month, k.channel, got, want)
		}
	}
	if len(data) != len(published) {
		t.Errorf("data has %d authority rows, published %d", len(data), len(published))
	}
}

func TestDerive(t *testing.T) {
	rates, err := readTable(publishedDir, ratesFile, "period", "rate")
	if err != nil {
		t.Fatal(err)
	}
	external, err := readTable(publishedDir, externalFile, "month", "authority", "complaints")
	if err != nil {
		t.Fatal(err)
	}
	set := func(month string, n int64) func([]volume) []volume {
		return func(v []volume) []volume {
			i := slices.IndexFunc(v, func(v volume) bool { return v.month == month })
			v[i].transactions = n
			return v
		}
	}
	tests := []struct {
		name    string
		edit    func([]volume) []volume
		wantErr string // "" for success
	}{
		{"sample volumes", func(v []volume) []volume { return v }, ""},
		{"too small to hold the rate", set("2018-01", 1_000), "do not round to the published 57"},
		{"nothing left after the authorities", set("2020-05", 7_400_000), "too few for customer service"},
		{"full year off", set("2018-01", 4_000_000), "2018: full-year rate"},
		{"month missing", func(v []volume) []volume { return v[:len(v)-1] }, "no volume for the published month 2020-06"},
		{"month unpublished", func(v []volume) []volume { return append(v, volume{"2020-07", 9_000_000}) }, "no published rate for 2020-07"},
		{"out of order", func(v []volume) []volume { v[0], v[1] = v[1], v[0]; return v }, "2018-01 is not after 2018-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := derive(rates, external, tt.edit(slices.Clone(volumes)))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestDataReproducesPublishedCSAT recomputes every published CSAT and DSAT
// from the embedded answers, independently of the generator: the share of
// answers scoring 4 or 5, and 1, in percent, rounded half away from zero to
// one decimal.
func TestDataReproducesPublishedCSAT(t *testing.T) {
	answers := map[string]map[string]int64{} // month -> score -> answers
	for _, r := range readCSV(t, filepath.Join(dataDir, "surveys.csv")) {
		if r["country"] != "SE" {
			t.Fatalf("survey row of country %q", r["country"])
		}
		if answers[r["month"]] == nil {
			answers[r["month"]] = map[string]int64{}
		}
		answers[r["month"]][r["score"]] += count(t, r["responses"])
	}
	published := readCSV(t, filepath.Join(publishedDir, "csat_dsat.csv"))
	for _, r := range published {
		month := r["month"]
		t.Run(month, func(t *testing.T) {
			a := answers[month]
			var total int64
			for score, n := range a {
				if n == 0 || !slices.Contains([]string{"1", "2", "3", "4", "5"}, score) {
					t.Errorf("score %q has %d answers; want answers for each of 1 to 5", score, n)
				}
				total += n
			}
			if total < 10_000 {
				t.Fatalf("%d answers; the programme has tens of thousands a month", total)
			}
			csat := big.NewRat((a["4"]+a["5"])*100, total)
			dsat := big.NewRat(a["1"]*100, total)
			// FloatString rounds half away from zero, the published rule.
			if got := csat.FloatString(1); got != r["csat_percent"] {
				t.Errorf("CSAT = %d / %d = %s %%, rounds to %s, published %s", a["4"]+a["5"], total, csat.FloatString(4), got, r["csat_percent"])
			}
			if got := dsat.FloatString(1); got != r["dsat_percent"] {
				t.Errorf("DSAT = %d / %d = %s %%, rounds to %s, published %s", a["1"], total, dsat.FloatString(4), got, r["dsat_percent"])
			}
		})
	}
	if len(answers) != len(published) {
		t.Errorf("the data has answers for %d months, published %d", len(answers), len(published))
	}
}

func TestDeriveSurveys(t *testing.T) {
	csat, err := readTable(publishedDir, csatFile, "month", "csat_percent", "dsat_percent")
	if err != nil {
		t.Fatal(err)
	}
	set := func(month string, n int64) func([]surveyVolume) []surveyVolume {
		return func(v []surveyVolume) []surveyVolume {
			i := slices.IndexFunc(v, func(v surveyVolume) bool { return v.month == month })
			v[i].responses = n
			return v
		}
	}
	tests := []struct {
		name    string
		edit    func([]surveyVolume) []surveyVolume
		wantErr string // "" for success
	}{
		{"sample answers", func(v []surveyVolume) []surveyVolume { return v }, ""},
		// 84.0 % of 33 is 27.72, so 28, which is 84.8 %.
		{"too few to hold the percentage", set("2020-01", 33), "do not round to the published CSAT 84.0"},
		// 5.0 % of 47,261 rounds to 2,363, which is 4.99989 %: below 5, unlike the published 5.0.
		{"DSAT not exactly 5.0", set("2020-04", 47_261), "DSAT 2363 of 47261 answers is not exactly 5.0"},
		{"CSAT not exactly 85.0", set("2020-05", 51_381), "CSAT 43674 of 51381 answers is not exactly 85.0"},
		{"month missing", func(v []surveyVolume) []surveyVolume { return v[:len(v)-1] }, "no answers for the published month 2020-05"},
		{"month unpublished", func(v []surveyVolume) []surveyVolume { return append(v, surveyVolume{"2020-06", 40_000}) }, "no published CSAT for 2020-06"},
		{"out of order", func(v []surveyVolume) []surveyVolume { v[0], v[1] = v[1], v[0]; return v }, "2020-01 is not after 2020-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := deriveSurveys(csat, tt.edit(slices.Clone(surveyVolumes)))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestParseTenths(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"84.0", 840, false},
		{"5.3", 53, false},
		{"100.0", 1000, false},
		{"84", 0, true},
		{"84.05", 0, true},
		{"84,0", 0, true},
		{"100.1", 0, true},
		{"-1.0", 0, true},
	}
	for _, tt := range tests {
		got, err := parseTenths(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("parseTenths(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestGenerateMissingDir(t *testing.T) {
	if _, err := Generate(filepath.Join(t.TempDir(), "nothing")); err == nil {
		t.Fatal("Generate of a missing directory: no error")
	}
}

func TestDivRound(t *testing.T) {
	tests := []struct{ n, d, want int64 }{
		{0, 7, 0},
		{4, 10, 0},
		{5, 10, 1},
		{14, 10, 1},
		{15, 10, 2},
		{25, 10, 3},
		{57 * 1_518_342, 1_000_000, 87},
	}
	for _, tt := range tests {
		if got := divRound(tt.n, tt.d); got != tt.want {
			t.Errorf("divRound(%d, %d) = %d, want %d", tt.n, tt.d, got, tt.want)
		}
	}
}

// readCSV reads a CSV file into one map per row, keyed by the header.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(records) == 0 {
		t.Fatalf("%s: no header", path)
	}
	var rows []map[string]string
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, name := range records[0] {
			row[name] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

func count(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		t.Fatalf("bad count %q", s)
	}
	return n
}

// roundHalfAway rounds x to an integer, halves away from zero.
func roundHalfAway(x *big.Rat) *big.Int {
	two := big.NewInt(2)
	n := new(big.Int).Abs(x.Num())
	n.Mul(n, two).Add(n, x.Denom())
	n.Quo(n, new(big.Int).Mul(x.Denom(), two))
	if x.Sign() < 0 {
		n.Neg(n)
	}
	return n
}
