package csat

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

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

func testOptions(year int, format output.Format) (*Options, *bytes.Buffer, *bytes.Buffer) {
	ios, out, errOut := cmdtest.Streams()
	return &Options{
		IO:           ios,
		Data:         load.Options{Country: "SE", Timezone: "Europe/Stockholm"},
		Format:       format,
		Year:         year,
		Definition:   metrics.DefaultCSATDefinition(),
		MinResponses: 100,
		Decimals:     1,
	}, out, errOut
}

// readPublished reads testdata/published/csat_dsat.csv: month → [csat, dsat].
func readPublished(t *testing.T) map[string][2]string {
	t.Helper()
	f, err := os.Open(filepath.Join(testdata, "published", "csat_dsat.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(records[0], []string{"month", "csat_percent", "dsat_percent"}) {
		t.Fatalf("unexpected header %v", records[0])
	}
	out := map[string][2]string{}
	for _, r := range records[1:] {
		out[r[0]] = [2]string{r[1], r[2]}
	}
	return out
}

// TestSampleReproducesPublishedCSAT checks every published CSAT and DSAT
// against the sample twice: through the exact helper verify uses, and in the
// command's CSV output.
func TestSampleReproducesPublishedCSAT(t *testing.T) {
	published := readPublished(t)
	if len(published) != 5 {
		t.Fatalf("published months = %d, want 5", len(published))
	}

	opts, out, errOut := testOptions(0, output.FormatCSV)
	ds, err := load.Dataset(opts.IO.In, opts.IO.ErrOut, opts.Data, "csat", input.Surveys)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "embedded sample") {
		t.Errorf("stderr does not say the sample is used: %q", errOut)
	}
	months := analysis.SurveysOf(ds, "SE").Months
	if len(months) != len(published) {
		t.Errorf("the sample has %d months of answers, published %d", len(months), len(published))
	}
	for _, m := range months {
		want, ok := published[m.Month.String()]
		if !ok {
			t.Errorf("%s is not published", m.Month)
			continue
		}
		f, err := metrics.DefaultCSATDefinition().Figures(m.Scores)
		if err != nil {
			t.Fatal(err)
		}
		csat, dsat := f.CSATPercent, f.DSATPercent
		if got := decimal.Fixed(csat, 1); got != want[0] {
			t.Errorf("%s CSAT = %s (exactly %s), published %s", m.Month, got, csat.FloatString(4), want[0])
		}
		if got := decimal.Fixed(dsat, 1); got != want[1] {
			t.Errorf("%s DSAT = %s (exactly %s), published %s", m.Month, got, dsat.FloatString(4), want[1])
		}
	}

	opts.IO.ErrOut = &bytes.Buffer{}
	if err := csatRun(opts); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, r := range rows[1:] { // month,responses,CSAT %,neutral %,DSAT %,...
		if want, ok := published[r[0]]; ok {
			if r[2] != want[0] || r[4] != want[1] {
				t.Errorf("%s: CSV shows CSAT %s DSAT %s, published %s %s", r[0], r[2], r[4], want[0], want[1])
			}
			checked++
		}
	}
	if checked != len(published) {
		t.Errorf("the CSV has %d published months, want %d", checked, len(published))
	}
}

// TestSampleVerdicts: the verdicts the published figures give, read at their
// one decimal. April's DSAT is exactly 5.0 % and May's CSAT exactly 85.0 %:
// not best in class with the strict COPC thresholds; April is with ≤.
func TestSampleVerdicts(t *testing.T) {
	tests := []struct {
		inclusive bool
		want      map[string][]string // month → failed thresholds
	}{
		{false, map[string][]string{"2020-01": {"csat"}, "2020-02": {}, "2020-03": {}, "2020-04": {"dsat"}, "2020-05": {"csat", "dsat"}}},
		{true, map[string][]string{"2020-01": {"csat"}, "2020-02": {}, "2020-03": {}, "2020-04": {}, "2020-05": {"dsat"}}},
	}
	for _, tt := range tests {
		opts, _, _ := testOptions(2020, output.FormatJSON)
		opts.Definition.Inclusive = tt.inclusive
		doc := runJSON(t, opts)
		for _, m := range doc.Months {
			want := tt.want[m.Month.String()]
			if !slices.Equal(m.FailedThresholds, want) || m.BestInClass == nil || *m.BestInClass != (len(want) == 0) {
				t.Errorf("inclusive %v, %s: best in class %v, failed %v; want failed %v", tt.inclusive, m.Month, m.BestInClass, m.FailedThresholds, want)
			}
		}
		// The year: 186,320 of 218,138 satisfied (85.41 %), 9,776 dissatisfied (4.48 %).
		y := doc.FullYear
		if y == nil || y.Responses != 218_138 || y.Satisfied != 186_320 || y.Dissatisfied != 9_776 || doc.BestInClass == nil || !*doc.BestInClass {
			t.Errorf("inclusive %v: full year = %+v, best in class %v", tt.inclusive, y, doc.BestInClass)
		}
	}
}

// runJSON runs csat and decodes its JSON document.
func runJSON(t *testing.T, opts *Options) jsonDoc {
	t.Helper()
	opts.Format = output.FormatJSON
	if err := csatRun(opts); err != nil {
		t.Fatal(err)
	}
	var doc jsonDoc
	if err := json.Unmarshal(opts.IO.Out.(*bytes.Buffer).Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestEventRowsEqualCountRows reads the same 20 answers as count rows and as
// one row per answer: 17 score 4 or 5 (85 %), 2 neutral (10 %), 1 scores 1
// (5 %), exactly at both thresholds.
func TestEventRowsEqualCountRows(t *testing.T) {
	dir := cmdtest.WriteFiles(t, map[string]string{
		"counts.csv": "month,country,score,responses\n2020-03,SE,5,10\n2020-03,SE,4,7\n2020-03,SE,3,1\n2020-03,SE,2,1\n2020-03,SE,1,1\n2020-03,NO,1,50\n",
		// 23:30Z on the last day of February is March in Stockholm.
		// A Swedish Excel export: byte-order mark, semicolons, CRLF.
		"events.csv": "\uFEFFtimestamp; Score\r\n2020-02-29T23:30:00Z;1\r\n2020-03-02 10:00;2\r\n2020-03-03;3\r\n" +
			strings.Repeat("2020-03-10;4\r\n", 7) + strings.Repeat("2020-03-31T22:00:00+02:00;5\r\n", 10),
	})
	tests := []struct {
		inclusive  bool
		wantBest   bool
		wantFailed []string
	}{
		{false, false, []string{"csat", "dsat"}},
		{true, true, []string{}},
	}
	for _, tt := range tests {
		var docs []jsonDoc
		for _, file := range []string{"counts.csv", "events.csv"} {
			opts, _, _ := testOptions(0, output.FormatJSON)
			opts.Definition.Inclusive = tt.inclusive
			opts.Data.Files = map[input.Kind][]string{input.Surveys: {filepath.Join(dir, file)}}
			docs = append(docs, runJSON(t, opts))
		}
		for i, doc := range docs {
			if len(doc.Months) != 1 {
				t.Fatalf("file %d: months = %+v", i, doc.Months)
			}
			m := doc.Months[0]
			if m.Month.String() != "2020-03" || m.Responses != 20 || m.Satisfied != 17 || m.Neutral != 2 || m.Dissatisfied != 1 ||
				*m.CSATPercent != 85 || *m.NeutralPercent != 10 || *m.DSATPercent != 5 || !m.SmallSample {
				t.Errorf("file %d: month = %+v", i, m)
			}
			if *m.BestInClass != tt.wantBest || !slices.Equal(m.FailedThresholds, tt.wantFailed) {
				t.Errorf("file %d, inclusive %v: best in class %v, failed %v", i, tt.inclusive, *m.BestInClass, m.FailedThresholds)
			}
		}
		docs[0].Inputs, docs[1].Inputs = nil, nil
		a, _ := json.Marshal(docs[0])
		b, _ := json.Marshal(docs[1])
		if !bytes.Equal(a, b) {
			t.Errorf("event rows and count rows differ:\n%s\n%s", a, b)
		}
	}
}

func TestMonthWithoutAnswersIsUndefined(t *testing.T) {
	dir := cmdtest.WriteFiles(t, map[string]string{
		"s.csv": "month,score,count\n2020-01,5,3\n2020-01,1,1\n2020-02,5,0\n",
	})
	opts, _, _ := testOptions(0, output.FormatJSON)
	opts.Data.Files = map[input.Kind][]string{input.Surveys: {filepath.Join(dir, "s.csv")}}
	doc := runJSON(t, opts)
	if len(doc.Months) != 2 {
		t.Fatalf("months = %+v", doc.Months)
	}
	// January: 3 of 4 satisfied, 1 of 4 dissatisfied.
	jan, feb := doc.Months[0], doc.Months[1]
	if *jan.CSATPercent != 75 || *jan.DSATPercent != 25 || *jan.BestInClass {
		t.Errorf("January = %+v", jan)
	}
	if feb.Responses != 0 || feb.CSATPercent != nil || feb.DSATPercent != nil || feb.BestInClass != nil || len(feb.FailedThresholds) != 0 {
		t.Errorf("February without answers must be undefined: %+v", feb)
	}
	if doc.Years[0].MonthsCovered != 1 {
		t.Errorf("months covered = %d, want 1", doc.Years[0].MonthsCovered)
	}
}

func TestErrors(t *testing.T) {
	dir := cmdtest.WriteFiles(t, map[string]string{
		"ok.csv":    "month,score\n2020-01,5\n",
		"zero.csv":  "month,score\n2020-01,5\n2020-01,0\n",
		"six.csv":   "month,score,responses\n2020-01,6,3\n",
		"half.csv":  "date,score\n2020-01-02,4\n2020-01-03,4\n2020-01-04,4.5\n",
		"empty.csv": "month,score\n2020-01,\n",
		"none.csv":  "month,responses\n2020-01,3\n",
	})
	tests := []struct {
		name     string
		file     string
		year     int
		code     int
		contains string
	}{
		{"score 0", "zero.csv", 0, exit.BadInput, `zero.csv:3: column 2 (score): "0": not a score from 1 to 5`},
		{"score 6", "six.csv", 0, exit.BadInput, `six.csv:2: column 2 (score): "6": not a score from 1 to 5`},
		{"score 4.5", "half.csv", 0, exit.BadInput, `half.csv:4: column 2 (score): "4.5": not a score from 1 to 5`},
		{"empty score", "empty.csv", 0, exit.BadInput, `empty.csv:2: column 2 (score): "": not a score from 1 to 5`},
		{"no score column", "none.csv", 0, exit.BadInput, "none.csv:1: no score column"},
		{"no such file", "nope.csv", 0, exit.BadInput, "nope.csv"},
		{"year without answers", "ok.csv", 2019, exit.Usage, "there is no survey data for 2019"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, out, _ := testOptions(tt.year, output.FormatTable)
			opts.Data.Files = map[input.Kind][]string{input.Surveys: {filepath.Join(dir, tt.file)}}
			err := csatRun(opts)
			if code, msg, _ := cmdutil.Describe(err); code != tt.code || !strings.Contains(msg, tt.contains) {
				t.Errorf("got %v, want exit %d with %q", err, tt.code, tt.contains)
			}
			if out.Len() != 0 {
				t.Errorf("partial output on error: %q", out)
			}
		})
	}
}

// TestFlags checks the flag layer alone: flags land in Options, validation
// errors are usage errors, and csatRun is not called.
func TestFlags(t *testing.T) {
	tests := []struct {
		args    []string
		check   func(*Options) bool
		errCode int
	}{
		{nil, func(o *Options) bool {
			d := o.Definition
			return slices.Equal(d.Satisfied, []int{4, 5}) && slices.Equal(d.Dissatisfied, []int{1}) &&
				d.CSATThreshold.Cmp(big.NewRat(85, 1)) == 0 && d.DSATThreshold.Cmp(big.NewRat(5, 1)) == 0 &&
				!d.Inclusive && o.MinResponses == 100 && o.Decimals == 1 && o.Year == 0
		}, 0},
		{[]string{"--satisfied-scores", "5", "--dissatisfied-scores", "2,1", "--csat-threshold", "84.5", "--dsat-threshold", "7%",
			"--inclusive-thresholds", "--min-responses", "0", "--year", "2020", "--decimals", "3"}, func(o *Options) bool {
			d := o.Definition
			return slices.Equal(d.Satisfied, []int{5}) && slices.Equal(d.Dissatisfied, []int{1, 2}) &&
				d.CSATThreshold.Cmp(big.NewRat(169, 2)) == 0 && d.DSATThreshold.Cmp(big.NewRat(7, 1)) == 0 &&
				d.Inclusive && o.MinResponses == 0 && o.Year == 2020 && o.Decimals == 3
		}, 0},
		{[]string{"--satisfied-scores", "4,5,6"}, nil, exit.Usage},
		{[]string{"--satisfied-scores", "1,5"}, nil, exit.Usage},
		{[]string{"--dissatisfied-scores", "x"}, nil, exit.Usage},
		{[]string{"--csat-threshold", "101"}, nil, exit.Usage},
		{[]string{"--csat-threshold", "-1"}, nil, exit.Usage},
		{[]string{"--dsat-threshold", "0x10"}, nil, exit.Usage},
		{[]string{"--min-responses", "-1"}, nil, exit.Usage},
		{[]string{"--year", "20"}, nil, exit.Usage},
		{nil, func(o *Options) bool { return !o.CI.IsSet() && o.CIMethod == Wilson }, 0},
		{[]string{"--ci", "99", "--ci-method", "Clopper-Pearson"}, func(o *Options) bool {
			return o.CI.Fraction() == 0.99 && o.CIMethod == ClopperPearson
		}, 0},
		{[]string{"--ci", "95", "--ci-method", "wilson"}, func(o *Options) bool { return o.CI.Fraction() == 0.95 && o.CIMethod == Wilson }, 0},
		{[]string{"--ci", "0"}, nil, exit.Usage},
		{[]string{"--ci", "100"}, nil, exit.Usage},
		{[]string{"--ci", "-5"}, nil, exit.Usage},
		{[]string{"--ci", "abc"}, nil, exit.Usage},
		{[]string{"--ci-method", "agresti"}, nil, exit.Usage},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			f := &cmdutil.Factory{IOStreams: &cmdutil.IOStreams{}, Config: config.New()}
			var got *Options
			cmd := NewCmdCSAT(f, func(o *Options) error { got = o; return nil })
			cmdutil.AddDataFlags(cmd)
			// Flag parse errors become usage errors in root; mirror that here.
			cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return exit.UsageError("", "%v", err) })
			cmd.SetArgs(tt.args)
			cmd.SilenceErrors, cmd.SilenceUsage = true, true
			err := cmd.Execute()
			code := 0
			var ee *exit.Error
			if errors.As(err, &ee) {
				code = ee.Code
			} else if err != nil {
				code = -1
			}
			if code != tt.errCode {
				t.Fatalf("exit %d (%v), want %d", code, err, tt.errCode)
			}
			if tt.check != nil && (got == nil || !tt.check(got)) {
				t.Errorf("options = %+v", got)
			}
		})
	}
}

func near(got *output.NullableNumber, want float64) bool {
	if got == nil || got.Value == nil {
		return false
	}
	if want == 0 {
		return *got.Value == 0
	}
	return math.Abs(*got.Value-want) <= 1e-10*math.Abs(want)
}

// TestConfidenceIntervals checks --ci on the sample's 2020 year to date
// (186,320 satisfied and 9,776 dissatisfied of 218,138 answers) against R 4.2.2.
func TestConfidenceIntervals(t *testing.T) {
	tests := []struct {
		level      string
		method     CIMethod
		methodName string
		csat, dsat [2]float64 // percent
	}{
		// 100 * prop.test(186320, 218138, correct = FALSE)$conf.int = 85.265075747195127 85.561318202159072
		// 100 * prop.test(9776, 218138, correct = FALSE)$conf.int = 4.395541121638507 4.5691954589465222
		{"95", Wilson, "Wilson score", [2]float64{85.265075747195127, 85.561318202159072}, [2]float64{4.395541121638507, 4.5691954589465222}},
		// 100 * binom.test(186320, 218138, conf.level = 0.99)$conf.int = 85.218154491040977 85.60793978159775
		// 100 * binom.test(9776, 218138, conf.level = 0.99)$conf.int = 4.3682250042125927 4.5968990496382256
		{"99", ClopperPearson, "exact Clopper–Pearson", [2]float64{85.218154491040977, 85.60793978159775}, [2]float64{4.3682250042125927, 4.5968990496382256}},
	}
	for _, tt := range tests {
		opts, _, _ := testOptions(2020, output.FormatJSON)
		opts.CI, opts.CIMethod = cmdutil.MustCILevel(tt.level), tt.method
		doc := runJSON(t, opts)
		y := doc.FullYear
		if doc.CILevel == nil || *doc.CILevel != opts.CI.Fraction() || doc.CIMethod != tt.methodName {
			t.Errorf("%s: ci_level %v, ci_method %q", tt.methodName, doc.CILevel, doc.CIMethod)
		}
		if !near(y.CSATCILow, tt.csat[0]) || !near(y.CSATCIHigh, tt.csat[1]) || !near(y.DSATCILow, tt.dsat[0]) || !near(y.DSATCIHigh, tt.dsat[1]) {
			t.Errorf("%s: CSAT %v–%v, DSAT %v–%v", tt.methodName, *y.CSATCILow.Value, *y.CSATCIHigh.Value, *y.DSATCILow.Value, *y.DSATCIHigh.Value)
		}
		if y.BestInClassWithConfidence == nil || y.BestInClassWithConfidence.value == nil || !*y.BestInClassWithConfidence.value ||
			doc.BestInClassWithConfidence == nil || !*doc.BestInClassWithConfidence.value {
			t.Errorf("%s: 2020 is best in class with confidence: the whole intervals clear 85 %% and 5 %%", tt.methodName)
		}
	}
}

// TestVerdictWithConfidence: a month whose shares clear the thresholds but
// whose intervals do not is "yes" without the confidence; x = 0 has a lower
// bound of 0.
func TestVerdictWithConfidence(t *testing.T) {
	dir := cmdtest.WriteFiles(t, map[string]string{
		// 2020-01: 110 satisfied, 10 neutral, 0 dissatisfied of 120;
		// 2020-02: 90 satisfied, 8 neutral, 2 dissatisfied of 100.
		"s.csv": "month,score,responses\n2020-01,5,110\n2020-01,3,10\n2020-02,5,90\n2020-02,3,8\n2020-02,1,2\n",
	})
	opts, out, _ := testOptions(0, output.FormatJSON)
	opts.Data.Files = map[input.Kind][]string{input.Surveys: {filepath.Join(dir, "s.csv")}}
	opts.CI = cmdutil.MustCILevel("95")
	doc := runJSON(t, opts)
	jan, feb := doc.Months[0], doc.Months[1]
	// 100 * prop.test(110, 120, correct = FALSE)$conf.int = 85.337767835934358 95.410634962507018
	// 100 * prop.test(0, 120, correct = FALSE)$conf.int = 0 3.1019166418703472
	if !near(jan.CSATCILow, 85.337767835934358) || !near(jan.CSATCIHigh, 95.410634962507018) || !near(jan.DSATCILow, 0) || !near(jan.DSATCIHigh, 3.1019166418703472) {
		t.Errorf("2020-01: %s", out)
	}
	if !*jan.BestInClass || !*jan.BestInClassWithConfidence.value || !*feb.BestInClass || *feb.BestInClassWithConfidence.value {
		t.Errorf("verdicts: January %v/%v, February %v/%v", *jan.BestInClass, *jan.BestInClassWithConfidence.value, *feb.BestInClass, *feb.BestInClassWithConfidence.value)
	}
	// Clopper–Pearson is wider: 100 * binom.test(110, 120)$conf.int = 85.208457066266476 95.931387113198355
	opts.CIMethod = ClopperPearson
	out.Reset()
	doc = runJSON(t, opts)
	if !near(doc.Months[0].CSATCILow, 85.208457066266476) || !near(doc.Months[0].CSATCIHigh, 95.931387113198355) {
		t.Errorf("2020-01 Clopper–Pearson: %v", *doc.Months[0].CSATCILow.Value)
	}
	opts.Format, opts.CIMethod = output.FormatCSV, Wilson
	out.Reset()
	if err := csatRun(opts); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"month,responses,CSAT %,CSAT 95 % CI,neutral %,DSAT %,DSAT 95 % CI,best in class,note\n",
		"2020-01,120,91.7,85.3–95.4,8.3,0.0,0.0–3.1,\"yes, with 95 % confidence\",\n",
		"2020-02,100,90.0,82.6–94.5,8.0,2.0,0.6–7.0,yes,\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("CSV lacks %q:\n%s", want, out)
		}
	}
}

// TestNoCIByDefault: without --ci, no interval field or column.
func TestNoCIByDefault(t *testing.T) {
	opts, out, _ := testOptions(2020, output.FormatJSON)
	runJSON(t, opts)
	if strings.Contains(out.String(), "ci_") || strings.Contains(out.String(), "confidence") {
		t.Errorf("intervals without --ci:\n%s", out)
	}
}
