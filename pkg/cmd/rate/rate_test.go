package rate

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/cmdutil/cmdtest"
	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/output"
)

const testdata = "../../../testdata"

func sampleOptions(year int, format output.Format) (*Options, *bytes.Buffer, *bytes.Buffer) {
	ios, out, errOut := cmdtest.Streams()
	return &Options{
		IO:     ios,
		Data:   load.Options{Country: "SE", Timezone: "Europe/Stockholm"},
		Format: format,
		Year:   year,
	}, out, errOut
}

// runJSON runs rate and decodes its JSON document.
func runJSON(t *testing.T, opts *Options) jsonDoc {
	t.Helper()
	opts.Format = output.FormatJSON
	if err := rateRun(opts); err != nil {
		t.Fatal(err)
	}
	var doc jsonDoc
	if err := json.Unmarshal(opts.IO.Out.(*bytes.Buffer).Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestSampleReproducesPublishedRates reads every published monthly and
// full-year rate and checks the sample reproduces it, rounded half away from
// zero.
func TestSampleReproducesPublishedRates(t *testing.T) {
	f, err := os.Open(filepath.Join(testdata, "published", "complaints_per_million.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	published, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	opts, _, errOut := sampleOptions(0, output.FormatJSON)
	ds, err := load.Dataset(opts.IO.In, opts.IO.ErrOut, opts.Data, "rate", input.Transactions, input.Complaints)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "embedded sample") {
		t.Errorf("stderr does not say the sample is used: %q", errOut)
	}
	series := analysis.RatesOf(ds, "SE")
	computed := map[string]*big.Rat{}
	for _, m := range series.Rates() {
		computed[m.Month.String()] = m.Rate
	}
	for _, y := range series.Years() {
		if !y.YearToDate() {
			computed[strconv.Itoa(y.Year)] = y.Rate
		}
	}
	checked := 0
	for _, row := range published[1:] {
		period, want := row[0], row[1]
		t.Run(period, func(t *testing.T) {
			rate, ok := computed[period]
			if !ok {
				t.Fatalf("the sample has no figure for %s", period)
			}
			if got := decimal.Fixed(rate, 0); got != want {
				t.Errorf("rate %s = %s (exactly %s), published %s", period, got, rate.FloatString(3), want)
			}
		})
		checked++
	}
	if checked != 32 { // 2018 and 2019: 12 months + year each; 2020: six months
		t.Errorf("checked %d published rates, want 32", checked)
	}
}

// TestWeightedYearVersusMean: 2018's published months average 47.2, but the
// year is 40, because the year weights each month by its purchases.
func TestWeightedYearVersusMean(t *testing.T) {
	opts, _, _ := sampleOptions(2018, output.FormatJSON)
	doc := runJSON(t, opts)
	y := doc.FullYear
	if y == nil || y.Rate == nil || y.UnweightedMonthlyMean == nil {
		t.Fatalf("full year missing: %+v", doc.FullYear)
	}
	if got := decimal.Fixed(metrics.Ratio(y.Complaints, y.Transactions, metrics.Million), 0); got != "40" {
		t.Errorf("2018 full-year rate rounds to %s, want 40", got)
	}
	// The mean of the sample's exact monthly rates, to one decimal.
	if got := strconv.FormatFloat(*y.UnweightedMonthlyMean, 'f', 1, 64); got != "47.2" {
		t.Errorf("2018 unweighted mean = %s, want 47.2", got)
	}
	if *y.Rate >= *y.UnweightedMonthlyMean-5 {
		t.Errorf("the weighted rate %.2f should be well below the mean %.2f", *y.Rate, *y.UnweightedMonthlyMean)
	}
	if y.MonthsCovered != 12 || y.YearToDate {
		t.Errorf("2018 covers %d months, year to date %v", y.MonthsCovered, y.YearToDate)
	}
	var sumTx, sumCp int64
	for _, m := range doc.Months {
		sumTx += m.Transactions
		sumCp += m.Complaints
	}
	if sumTx != y.Transactions || sumCp != y.Complaints {
		t.Errorf("the year's counts are not the sum of its months")
	}
}

func runFiles(t *testing.T, dir string, tx, cp []string, format output.Format) string {
	t.Helper()
	opts, out, _ := sampleOptions(0, format)
	join := func(names []string) []string {
		var paths []string
		for _, n := range names {
			paths = append(paths, filepath.Join(dir, n))
		}
		return paths
	}
	opts.Data.Files = map[input.Kind][]string{input.Transactions: join(tx), input.Complaints: join(cp)}
	if err := rateRun(opts); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// monthsOf drops the inputs list, which names the files, to compare figures.
func monthsOf(t *testing.T, jsonText string) string {
	t.Helper()
	var doc jsonDoc
	if err := json.Unmarshal([]byte(jsonText), &doc); err != nil {
		t.Fatal(err)
	}
	doc.Inputs = nil
	b, _ := json.Marshal(doc)
	return string(b)
}

func TestEventRowsEqualCountRows(t *testing.T) {
	dir := cmdtest.WriteFiles(t, map[string]string{
		"tx_counts.csv": "month,country,transactions\n2019-01,SE,3\n2019-02,SE,2\n2019-02,NO,5\n",
		// The same purchases, one row each; 23:30Z on Jan 31 is February in Stockholm.
		"tx_events.csv": "timestamp,country\n2019-01-02T10:00:00+01:00,SE\n2019-01-15 12:00:00,se\n2019-01-31T22:59:59Z,SE\n" +
			"2019-01-31T23:30:00Z,SE\n2019-02-28,SE\n" + strings.Repeat("2019-02-10,NO\n", 5),
		"cp_counts.csv": "month,channel,complaints\n2019-01,kundservice,1\n2019-02,IMY,1\n2019-02,datainspektionen,1\n",
		"cp_events.csv": "date,channel\n2019-01-05,Customer Service\n2019-02-01,imy\n2019-02-02,Datainspektionen\n",
	})
	counts := runFiles(t, dir, []string{"tx_counts.csv"}, []string{"cp_counts.csv"}, output.FormatJSON)
	events := runFiles(t, dir, []string{"tx_events.csv"}, []string{"cp_events.csv"}, output.FormatJSON)
	if monthsOf(t, counts) != monthsOf(t, events) {
		t.Errorf("event rows and count rows differ:\n%s\n%s", monthsOf(t, counts), monthsOf(t, events))
	}
	var doc jsonDoc
	_ = json.Unmarshal([]byte(counts), &doc)
	// January: 1 complaint in 3 purchases; February: 2 in 2 (NO is filtered out).
	if len(doc.Months) != 2 || *doc.Months[0].Rate != 1e6/3.0 || *doc.Months[1].Rate != 1e6 {
		t.Errorf("months = %+v", doc.Months)
	}
}

func TestFilesAddUpAndOrderDoesNotMatter(t *testing.T) {
	dir := cmdtest.WriteFiles(t, map[string]string{
		"a.csv":     "month,transactions\n2019-01,1000000\n2019-02,500000\n",
		"b.csv":     "month,transactions\n2019-02,1500000\n2019-01,1000000\n",
		"whole.csv": "month,transactions\n2019-01,2000000\n2019-02,2000000\n",
		"cp.csv":    "month,complaints\n2019-02,10\n2019-01,7\n",
		"cp2.csv":   "month,complaints\n2019-01,7\n2019-02,10\n",
	})
	for _, format := range output.Formats() {
		ab := runFiles(t, dir, []string{"a.csv", "b.csv"}, []string{"cp.csv"}, format)
		ba := runFiles(t, dir, []string{"b.csv", "a.csv"}, []string{"cp2.csv"}, format)
		if format == output.FormatJSON {
			ab, ba = monthsOf(t, ab), monthsOf(t, ba)
			whole := monthsOf(t, runFiles(t, dir, []string{"whole.csv"}, []string{"cp.csv"}, format))
			if ab != whole {
				t.Errorf("two files do not add up to the whole:\n%s\n%s", ab, whole)
			}
		}
		if ab != ba {
			t.Errorf("%s: file and row order changed the output:\n%s\n%s", format, ab, ba)
		}
	}
	// Naming the same files in another order gives the same bytes, inputs list included.
	if ab, ba := runFiles(t, dir, []string{"a.csv", "b.csv"}, []string{"cp.csv"}, output.FormatJSON),
		runFiles(t, dir, []string{"b.csv", "a.csv"}, []string{"cp.csv"}, output.FormatJSON); ab != ba {
		t.Errorf("file order changed the JSON:\n%s\n%s", ab, ba)
	}
	// 7 in 2M is 3.5 per million: rounds half away from zero to 4, and
	// 999,996.5 satisfied per million to 999,997.
	csvOut := runFiles(t, dir, []string{"whole.csv"}, []string{"cp.csv"}, output.FormatCSV)
	if !strings.Contains(csvOut, "2019-01,2000000,7,4,999997\n") {
		t.Errorf("CSV output:\n%s", csvOut)
	}
}

func TestMonthWithoutPurchasesIsUndefined(t *testing.T) {
	dir := cmdtest.WriteFiles(t, map[string]string{
		"tx.csv": "month,transactions\n2019-01,1000\n",
		"cp.csv": "month,complaints\n2019-01,1\n2019-02,3\n",
	})
	jsonOut := runFiles(t, dir, []string{"tx.csv"}, []string{"cp.csv"}, output.FormatJSON)
	if !strings.Contains(jsonOut, `"month": "2019-02",
      "transactions": 0,
      "complaints": 3,
      "rate": null,
      "satisfied_per_million": null`) {
		t.Errorf("February must have a null rate:\n%s", jsonOut)
	}
	table := runFiles(t, dir, []string{"tx.csv"}, []string{"cp.csv"}, output.FormatTable)
	if !regexp.MustCompile(`│ 2019-02 +│ +0 │ +3 │ +– │ +– │`).MatchString(table) {
		t.Errorf("February must show a dash:\n%s", table)
	}
	csvOut := runFiles(t, dir, []string{"tx.csv"}, []string{"cp.csv"}, output.FormatCSV)
	if !strings.Contains(csvOut, "2019-02,0,3,,\n") {
		t.Errorf("February must be blank in CSV:\n%s", csvOut)
	}
}

func TestErrors(t *testing.T) {
	dir := cmdtest.WriteFiles(t, map[string]string{
		"tx.csv":  "month,transactions\n2019-01,1000\n",
		"bad.csv": "month,transactions\n2019-01,1000\n2019-02,-5\n",
	})
	tests := []struct {
		name     string
		files    map[input.Kind][]string
		year     int
		code     int
		contains string
	}{
		{"missing kind", map[input.Kind][]string{input.Transactions: {filepath.Join(dir, "tx.csv")}}, 0,
			exit.Usage, "rate needs complaints data as well"},
		{"bad count", map[input.Kind][]string{input.Transactions: {filepath.Join(dir, "bad.csv")}, input.Complaints: {filepath.Join(dir, "tx.csv")}}, 0,
			exit.BadInput, `bad.csv:3: column 2 (transactions): "-5": negative count`},
		{"no such file", map[input.Kind][]string{input.Transactions: {filepath.Join(dir, "nope.csv")}, input.Complaints: {filepath.Join(dir, "tx.csv")}}, 0,
			exit.BadInput, "nope.csv: no such file"},
		{"year without data", nil, 2017, exit.Usage, "there is no data for 2017"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, out, _ := sampleOptions(tt.year, output.FormatTable)
			opts.Data.Files = tt.files
			err := rateRun(opts)
			code, msg, _ := cmdutil.Describe(err)
			if code != tt.code || !strings.Contains(msg, tt.contains) {
				t.Errorf("got exit %d %q, want exit %d with %q", code, msg, tt.code, tt.contains)
			}
			if out.Len() != 0 {
				t.Errorf("partial output on error: %q", out)
			}
		})
	}
}

// TestFlags checks the flag layer alone: flags land in Options, validation
// errors are usage errors, and rateRun is not called.
func TestFlags(t *testing.T) {
	tests := []struct {
		args    []string
		env     map[string]string
		check   func(*Options) bool
		errCode int
	}{
		{[]string{"--year", "2019"}, nil, func(o *Options) bool {
			return o.Year == 2019 && o.Data.Country == "SE" && o.Format == output.FormatTable
		}, 0},
		{[]string{"--country", "no", "-o", "json", "--decimals", "2"}, nil, func(o *Options) bool {
			return o.Data.Country == "NO" && o.Format == output.FormatJSON && o.Decimals == 2
		}, 0},
		{[]string{"--transactions", "a.csv", "--transactions", "b*.csv", "--complaints", "-"}, nil, func(o *Options) bool {
			return strings.Join(o.Data.Files[input.Transactions], " ") == "a.csv b*.csv" && o.Data.Files[input.Complaints][0] == "-"
		}, 0},
		{nil, map[string]string{"NOLLMISSION_COUNTRY": "fi", "NOLLMISSION_TIMEZONE": "Europe/Helsinki"}, func(o *Options) bool {
			return o.Data.Country == "FI" && o.Data.Timezone == "Europe/Helsinki"
		}, 0},
		{[]string{"--country", "DK"}, map[string]string{"NOLLMISSION_COUNTRY": "fi"}, func(o *Options) bool { return o.Data.Country == "DK" }, 0},
		{[]string{"--year", "19"}, nil, nil, exit.Usage},
		{[]string{"-o", "xml"}, nil, nil, exit.Usage},
		{[]string{"--decimals", "9"}, nil, nil, exit.Usage},
		{[]string{"--ci", "95"}, nil, func(o *Options) bool { return o.CI.Fraction() == 0.95 }, 0},
		{[]string{"--ci", "99.9"}, nil, func(o *Options) bool { return o.CI.Fraction() == 0.999 && o.CI.Label() == "99.9 %" }, 0},
		{nil, nil, func(o *Options) bool { return !o.CI.IsSet() }, 0},
		{nil, map[string]string{"NOLLMISSION_RATE_CI": "99"}, func(o *Options) bool { return o.CI.Fraction() == 0.99 }, 0},
		{[]string{"--ci", "0"}, nil, nil, exit.Usage},
		{[]string{"--ci", "100"}, nil, nil, exit.Usage},
		{[]string{"--ci", "-5"}, nil, nil, exit.Usage},
		{[]string{"--ci", "abc"}, nil, nil, exit.Usage},
		{nil, map[string]string{"NOLLMISSION_RATE_CI": "0.95"}, nil, exit.Usage},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			f := &cmdutil.Factory{IOStreams: &cmdutil.IOStreams{}, Config: config.New()}
			var got *Options
			cmd := NewCmdRate(f, func(o *Options) error { got = o; return nil })
			cmdutil.AddDataFlags(cmd)
			cmd.SetFlagErrorFunc(cmdutil.FlagError) // as root does
			cmd.SetArgs(tt.args)
			cmd.SilenceErrors, cmd.SilenceUsage = true, true
			err := cmd.Execute()
			if code, _, _ := cmdutil.Describe(err); code != tt.errCode {
				t.Fatalf("exit %d (%v), want %d", code, err, tt.errCode)
			}
			if tt.check != nil && (got == nil || !tt.check(got)) {
				t.Errorf("options = %+v", got)
			}
		})
	}
}

// near reports agreement to a relative 1e-10: R's values, to far more than
// the 8 significant digits asked for.
func near(got *output.NullableNumber, want float64) bool {
	if got == nil || got.Value == nil {
		return false
	}
	if want == 0 {
		return *got.Value == 0
	}
	return math.Abs(*got.Value-want) <= 1e-10*math.Abs(want)
}

// TestConfidenceIntervals checks --ci against R 4.2.2's poisson.test.
func TestConfidenceIntervals(t *testing.T) {
	// poisson.test(197, 4286139/1e6)$conf.int = 39.767641805242683 52.847968266478667 (2019-01)
	// poisson.test(2033, 61948651/1e6)$conf.int = 31.406309498393675 34.275765994160714 (2019)
	opts, _, _ := sampleOptions(2019, output.FormatJSON)
	opts.CI = cmdutil.MustCILevel("95")
	doc := runJSON(t, opts)
	if doc.CILevel == nil || *doc.CILevel != 0.95 || doc.CIMethod != "exact Poisson (Garwood)" {
		t.Errorf("ci_level %v, ci_method %q", doc.CILevel, doc.CIMethod)
	}
	jan := doc.Months[0]
	if jan.Month.String() != "2019-01" || !near(jan.CILow, 39.767641805242683) || !near(jan.CIHigh, 52.847968266478667) {
		t.Errorf("2019-01: %+v %+v", jan.CILow, jan.CIHigh)
	}
	if y := doc.FullYear; y == nil || !near(y.CILow, 31.406309498393675) || !near(y.CIHigh, 34.275765994160714) {
		t.Errorf("2019 full year: %+v", doc.FullYear)
	}

	// A 99.9 % level: poisson.test(87, 1518342/1e6, conf.level = 0.999)$conf.int
	// = 39.213925756892472 80.466447928253501 (2018-01).
	opts, _, _ = sampleOptions(2018, output.FormatJSON)
	opts.CI = cmdutil.MustCILevel("99.9")
	doc = runJSON(t, opts)
	if *doc.CILevel != 0.999 || !near(doc.Months[0].CILow, 39.213925756892472) || !near(doc.Months[0].CIHigh, 80.466447928253501) {
		t.Errorf("2018-01 at 99.9 %%: %+v %+v", doc.Months[0].CILow, doc.Months[0].CIHigh)
	}
}

// TestConfidenceIntervalEdges: no complaints, and no purchases.
func TestConfidenceIntervalEdges(t *testing.T) {
	dir := cmdtest.WriteFiles(t, map[string]string{
		"tx.csv": "month,transactions\n2019-01,1000\n2019-02,1000\n",
		"cp.csv": "month,complaints\n2019-01,0\n2019-02,1\n2019-03,3\n",
	})
	opts, out, _ := sampleOptions(0, output.FormatJSON)
	opts.Data.Files = map[input.Kind][]string{input.Transactions: {filepath.Join(dir, "tx.csv")}, input.Complaints: {filepath.Join(dir, "cp.csv")}}
	opts.CI = cmdutil.MustCILevel("99")
	doc := runJSON(t, opts)
	// poisson.test(0, 1000/1e6, conf.level = 0.99)$conf.int = 0 5298.3173665480354
	// poisson.test(1, 1000/1e6, conf.level = 0.99)$conf.int = 5.0125418235442858 7430.1295002801216
	if m := doc.Months[0]; !near(m.CILow, 0) || !near(m.CIHigh, 5298.3173665480354) {
		t.Errorf("no complaints: %+v %+v", m.CILow, m.CIHigh)
	}
	if m := doc.Months[1]; !near(m.CILow, 5.0125418235442858) || !near(m.CIHigh, 7430.1295002801216) {
		t.Errorf("one complaint: %+v %+v", m.CILow, m.CIHigh)
	}
	if !strings.Contains(out.String(), `"rate": null,
      "ci_low": null,
      "ci_high": null,`) {
		t.Errorf("a month without purchases must have null bounds:\n%s", out)
	}
	for _, format := range []output.Format{output.FormatTable, output.FormatCSV} {
		out.Reset()
		opts.Format = format
		if err := rateRun(opts); err != nil {
			t.Fatal(err)
		}
		want := map[output.Format]string{
			output.FormatTable: "│ 2019-03                                 │            0 │          3 │                      – │       – │                     – │",
			output.FormatCSV:   "2019-03,0,3,,,\n", // CSV leaves what does not exist blank
		}[format]
		if !strings.Contains(out.String(), want) {
			t.Errorf("%s: want %q in\n%s", format, want, out)
		}
	}
}

// TestNoCIByDefault: without --ci the output has no interval anywhere.
func TestNoCIByDefault(t *testing.T) {
	opts, out, _ := sampleOptions(2019, output.FormatJSON)
	runJSON(t, opts)
	if strings.Contains(out.String(), "ci_") {
		t.Errorf("intervals without --ci:\n%s", out)
	}
}
