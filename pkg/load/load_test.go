package load

import (
	"bytes"
	"cmp"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/input"
)

// TestNaiveNote: one line a file that has timestamps without an offset and
// with a time of day, when the naive zone is given nowhere and not --quiet.
func TestNaiveNote(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"naive.csv":    "timestamp\n2019-01-31 23:30:00\n2019-02-01 00:00:00\n2019-02-02 10:00\n",
		"one.csv":      "timestamp\n2019-01-31 23:30:00\n",
		"midnight.csv": "timestamp\n2019-01-31 00:00:00\n",
		"offsets.csv":  "timestamp\n2019-01-31T23:30:00Z\n",
	}
	var paths []string
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{"given nowhere", Options{}, []string{
			"nollmission: " + filepath.Join(dir, "naive.csv") + ": 3 timestamps without a UTC offset were read as Europe/Stockholm time; if they are UTC, as warehouses write them, pass --naive-timezone UTC (--naive-timezone Europe/Stockholm keeps this reading without the note)",
			"nollmission: " + filepath.Join(dir, "one.csv") + ": 1 timestamp without a UTC offset was read as Europe/Stockholm time; if it is UTC, as warehouses write them, pass --naive-timezone UTC (--naive-timezone Europe/Stockholm keeps this reading without the note)",
		}},
		// Reporting in UTC, the note offers another zone, not UTC again.
		{"reporting in UTC", Options{Timezone: "UTC"}, []string{
			"nollmission: " + filepath.Join(dir, "naive.csv") + ": 3 timestamps without a UTC offset were read as UTC time, the reporting time zone; if they are another zone's wall time, pass --naive-timezone with that zone (--naive-timezone UTC keeps this reading without the note)",
			"nollmission: " + filepath.Join(dir, "one.csv") + ": 1 timestamp without a UTC offset was read as UTC time, the reporting time zone; if it is another zone's wall time, pass --naive-timezone with that zone (--naive-timezone UTC keeps this reading without the note)",
		}},
		{"given", Options{NaiveTimezone: "Europe/Stockholm"}, nil},
		{"quiet", Options{Quiet: true}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.Files = map[input.Kind][]string{input.Transactions: paths}
			opts.Country, opts.Timezone = "SE", cmp.Or(opts.Timezone, "Europe/Stockholm")
			var stderr bytes.Buffer
			if _, err := Dataset(nil, &stderr, opts, "aggregate", input.Transactions); err != nil {
				t.Fatal(err)
			}
			var got []string
			if s := strings.TrimSuffix(stderr.String(), "\n"); s != "" {
				got = strings.Split(s, "\n")
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("stderr:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestMoreComplaintsNote: the months of the reporting country with more
// complaints than purchases (and some purchases), and those with
// complaints and no purchases, the first six named; and the months with
// purchases outside the months the complaints files cover (a complaints
// export that stops early reads as months without complaints, a rate of 0).
func TestMoreComplaintsNote(t *testing.T) {
	const tail = ": a rate above a million per million; are the files for the same country and months, and is a count column read as counts?"
	const noPurchases = ": no rate, and a year's figure leaves them out; are the purchases of those months in the files?"
	const gap = ": a year with such a month is a year to date, judged as one in progress; are the files of those months missing?"
	const uncovered = ": a rate of 0 there, and a year's figure counts them; are the complaints of those months in the files?"
	tests := []struct {
		name    string
		tx, cp  string
		country string
		want    string
	}{
		{"none", "2019-01,SE,10\n", "2019-01,SE,10\n", "SE", ""},
		{"no purchases: no rate", "2019-02,SE,10\n", "2019-01,SE,11\n", "SE",
			"nollmission: SE: 2019-01 has complaints and no purchases (11 complaints)" + noPurchases + "\n" +
				"nollmission: SE: 2019-02 has purchases and no complaint rows (10 purchases), and the complaints files have rows for 2019-01 only" + uncovered},
		{"no purchases, one complaint", "2019-02,SE,10\n", "2019-01,SE,1\n2019-02,SE,0\n", "SE",
			"nollmission: SE: 2019-01 has complaints and no purchases (1 complaint)" + noPurchases},
		{"no purchases and no complaints", "2019-02,SE,10\n", "2019-01,SE,0\n2019-02,SE,0\n", "SE", ""},
		{"a month inside the complaints' span without a row", "2019-01,SE,10\n2019-02,SE,10\n2019-03,SE,10\n", "2019-01,SE,1\n2019-03,SE,1\n", "SE", ""},
		{"complaints that stop early", "2019-01,SE,10\n2019-02,SE,10\n2019-03,SE,12\n2018-12,SE,10\n", "2019-01,SE,1\n", "SE",
			"nollmission: SE: 3 months have purchases and no complaint rows (2018-12, 2019-02, 2019-03; 2018-12: 10 purchases), and the complaints files have rows for 2019-01 only" + uncovered},
		{"both", "2019-01,SE,10\n2019-03,SE,0\n", "2019-01,SE,11\n2019-03,SE,4\n2019-02,SE,3\n", "SE",
			"nollmission: SE: 2019-01 has more complaints than purchases (11 against 10)" + tail + "\n" +
				"nollmission: SE: 2 months have complaints and no purchases (2019-02, 2019-03; 2019-02: 3 complaints)" + noPurchases},
		{"a month of the purchases' span without rows", "2019-05,SE,10\n2019-07,SE,10\n", "2019-05,SE,1\n2019-07,SE,1\n", "SE",
			"nollmission: SE: 2019-06 has no purchases and no complaints, between months that have purchases (2019-05 to 2019-07)" + gap},
		{"seven, first six named", "2018-12,SE,10\n2019-08,SE,10\n2019-01,SE,0\n", "2018-12,SE,1\n2019-08,SE,1\n", "SE",
			"nollmission: SE: 7 months have no purchases and no complaints (2019-01, 2019-02, 2019-03, 2019-04, 2019-05, 2019-06, ...), between months that have purchases (2018-12 to 2019-08)" + gap},
		{"a gap with complaints is the other note's", "2019-05,SE,10\n2019-07,SE,10\n", "2019-05,SE,1\n2019-06,SE,2\n2019-07,SE,1\n", "SE",
			"nollmission: SE: 2019-06 has complaints and no purchases (2 complaints)" + noPurchases},
		{"another country's", "2019-01,SE,10\n2019-01,NO,1\n", "2019-01,NO,2\n2019-01,SE,0\n", "SE", ""},
		{"no complaints for the country", "2019-01,SE,10\n2019-01,NO,1\n", "2019-01,NO,2\n", "SE",
			"nollmission: SE: 2019-01 has purchases and no complaint rows (10 purchases), and the complaints files have no rows for SE" + uncovered},
		{"one", "2019-01,SE,10\n2019-02,SE,10\n", "2019-01,SE,5\n2019-02,SE,11\n", "SE",
			"nollmission: SE: 2019-02 has more complaints than purchases (11 against 10)" + tail},
		{"eight, first six named", "2019-01,NO,1\n2019-02,NO,1\n2019-03,NO,1\n2019-04,NO,1\n2019-05,NO,1\n2019-06,NO,1\n2019-07,NO,1\n2019-08,NO,1\n2019-09,NO,9\n",
			"2019-08,NO,2\n2019-07,NO,2\n2019-06,NO,2\n2019-05,NO,2\n2019-04,NO,2\n2019-03,NO,3\n2019-02,NO,2\n2019-01,NO,2\n2019-09,NO,2\n", "NO",
			"nollmission: NO: 8 months have more complaints than purchases (2019-01, 2019-02, 2019-03, 2019-04, 2019-05, 2019-06, ...; 2019-01: 2 against 1)" + tail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tx, cp := filepath.Join(dir, "tx.csv"), filepath.Join(dir, "cp.csv")
			if err := os.WriteFile(tx, []byte("month,country,transactions\n"+tt.tx), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(cp, []byte("month,country,complaints\n"+tt.cp), 0o644); err != nil {
				t.Fatal(err)
			}
			opts := Options{Files: map[input.Kind][]string{input.Transactions: {tx}, input.Complaints: {cp}},
				Country: tt.country, Timezone: "Europe/Stockholm"}
			var stderr bytes.Buffer
			if _, err := Dataset(nil, &stderr, opts, "rate", input.Transactions, input.Complaints); err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSuffix(stderr.String(), "\n"); got != tt.want {
				t.Errorf("stderr:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
