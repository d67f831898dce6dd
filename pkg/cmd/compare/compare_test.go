package compare

import (
	"bytes"
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/cmdutil/cmdtest"
	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/output"
	"github.com/nollmission/nollmission/pkg/period"
)

func sampleOptions(level string, periods ...string) (*Options, *bytes.Buffer) {
	ios, out, _ := cmdtest.Streams()
	opts := &Options{IO: ios, Data: load.Options{Country: "SE", Timezone: "Europe/Stockholm"}, Format: output.FormatJSON,
		CI: cmdutil.MustCILevel(level), Decimals: 1}
	if len(periods) == 2 {
		var pair [2]analysis.Period
		for i, p := range periods {
			pair[i], _ = analysis.ParsePeriod(p)
		}
		opts.Pair = &pair
	}
	return opts, out
}

// near: a relative 1e-10 of R's value, far within the 8 significant
// digits asked for.
func near(got *float64, want float64) bool {
	if got == nil {
		return false
	}
	if want == 0 {
		return *got == 0
	}
	return math.Abs(*got-want) <= 1e-10*math.Abs(want)
}

// R's poisson.test: estimate, conf.int and p.value.
type rValues struct{ ratio, low, high, p float64 }

func checkR(t *testing.T, c jsonComparison, want rValues) {
	t.Helper()
	if !near(c.RateRatio, want.ratio) || !near(c.RateRatioCILow, want.low) || !near(c.RateRatioCIHigh, want.high) || !near(&c.PValue, want.p) {
		t.Errorf("%s vs %s: ratio %v, CI %v–%v, p %v; R gives %+v", c.A.Period, c.B.Period,
			deref(c.RateRatio), deref(c.RateRatioCILow), deref(c.RateRatioCIHigh), c.PValue, want)
	}
}

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func runSingle(t *testing.T, opts *Options, out *bytes.Buffer) jsonSingle {
	t.Helper()
	if err := compareRun(opts); err != nil {
		t.Fatal(err)
	}
	var doc jsonSingle
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestSample reproduces R 4.2.2 on the embedded sample.
func TestSample(t *testing.T) {
	tests := []struct {
		a, b, level string
		complaints  [2]int64
		want        rValues
		verdict     string
		sentence    string
	}{
		// Is 2019-01's 46 above 2018-01's 57? No: within noise.
		// poisson.test(c(197, 87), c(4286139, 1518342)/1e6, conf.level = 0.95):
		// 0.80214028490925982 0.62020266109940025 1.0446213810802341 0.091352756850823308
		{"2019-01", "2018-01", "95", [2]int64{197, 87}, rValues{0.80214028490925982, 0.62020266109940025, 1.0446213810802341, 0.091352756850823308},
			"no_clear_difference", "2019-01 is not clearly different from 2018-01: ratio 0.80, 95 % CI 0.62–1.04, p = 0.091"},
		// poisson.test(c(197, 87), c(4286139, 1518342)/1e6, conf.level = 0.99):
		// 0.80214028490925982 0.57449672908584826 1.1347802414199633 0.091352756850823308
		{"2019-01", "2018-01", "99", [2]int64{197, 87}, rValues{0.80214028490925982, 0.57449672908584826, 1.1347802414199633, 0.091352756850823308},
			"no_clear_difference", "2019-01 is not clearly different from 2018-01: ratio 0.80, 99 % CI 0.57–1.13, p = 0.091"},
		// B before A is fine: poisson.test(c(87, 197), c(1518342, 4286139)/1e6):
		// 1.2466647278700416 0.9572846373926488 1.612376183983721 0.091352756850823308
		{"2018-01", "2019-01", "95", [2]int64{87, 197}, rValues{1.2466647278700416, 0.9572846373926488, 1.612376183983721, 0.091352756850823308},
			"no_clear_difference", "2018-01 is not clearly different from 2019-01: ratio 1.25, 95 % CI 0.96–1.61, p = 0.091"},
		// poisson.test(c(104, 109), c(6108475, 4208693)/1e6):
		// 0.65738726737416375 0.49762425040327896 0.86802822653626566 0.0026354868392285897
		{"2019-11", "2018-11", "95", [2]int64{104, 109}, rValues{0.65738726737416375, 0.49762425040327896, 0.86802822653626566, 0.0026354868392285897},
			"lower", "2019-11 is lower than 2018-11: ratio 0.66, 95 % CI 0.50–0.87, p = 0.0026"},
		// The year in progress against the same months of 2019:
		// poisson.test(c(613, 1086), c(55757915, 27591633)/1e6):
		// 0.27931967534061519 0.25257475034394899 0.3086779316208636 4.1501790624096864e-148
		// (the p-value's last digits depend on the incomplete beta; 1e-10 holds).
		{"2020", "2019", "95", [2]int64{613, 1086}, rValues{0.27931967534061519, 0.25257475034394899, 0.3086779316208636, 4.1501790624096864e-148},
			"lower", "2020 year to date (6 of 12 months) is lower than the same 6 months of 2019: ratio 0.28, 95 % CI 0.25–0.31, p < 0.0001"},
	}
	for _, tt := range tests {
		t.Run(tt.a+" "+tt.b+" "+tt.level, func(t *testing.T) {
			opts, out := sampleOptions(tt.level, tt.a, tt.b)
			doc := runSingle(t, opts, out)
			checkR(t, doc.jsonComparison, tt.want)
			if doc.A.Complaints != tt.complaints[0] || doc.B.Complaints != tt.complaints[1] {
				t.Errorf("complaints %d and %d", doc.A.Complaints, doc.B.Complaints)
			}
			if doc.Verdict != tt.verdict || doc.Sentence != tt.sentence {
				t.Errorf("verdict %q, sentence %q", doc.Verdict, doc.Sentence)
			}
			if doc.CILevel != opts.CI.Fraction() || doc.Command != "compare" || doc.Year != nil {
				t.Errorf("ci_level %v, command %q, year %v", doc.CILevel, doc.Command, doc.Year)
			}
		})
	}
}

func TestYearInProgressSaysSo(t *testing.T) {
	opts, out := sampleOptions("95", "2019", "2020")
	doc := runSingle(t, opts, out)
	if doc.A.SameMonthsAs == nil || *doc.A.SameMonthsAs != 2020 || doc.B.SameMonthsAs != nil ||
		len(doc.A.Months) != 6 || doc.A.Months[5] != period.MonthOf(2019, 6) || doc.A.Label != "the same 6 months of 2019" {
		t.Errorf("a = %+v\nb = %+v", doc.A, doc.B)
	}
}

// TestDefaults: the latest month (2020-06) and the year to date, each
// against a year earlier.
func TestDefaults(t *testing.T) {
	opts, out := sampleOptions("95")
	if err := compareRun(opts); err != nil {
		t.Fatal(err)
	}
	var doc jsonDefaults
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Comparisons) != 2 {
		t.Fatalf("%d comparisons", len(doc.Comparisons))
	}
	month, year := doc.Comparisons[0], doc.Comparisons[1]
	if month.A.Period != "2020-06" || month.B.Period != "2019-06" || year.A.Period != "2020" || year.B.Period != "2019" {
		t.Errorf("periods %s %s %s %s", month.A.Period, month.B.Period, year.A.Period, year.B.Period)
	}
	// poisson.test(c(85, 202), c(10593218, 5062418)/1e6):
	// 0.20109332178754405 0.15420076857698234 0.26033383462673215 1.2751005757464574e-39
	checkR(t, month, rValues{0.20109332178754405, 0.15420076857698234, 0.26033383462673215, 1.2751005757464574e-39})
	checkR(t, year, rValues{0.27931967534061519, 0.25257475034394899, 0.3086779316208636, 4.1501790624096864e-148})
}

// TestNoComplaints: a B without complaints has an infinite ratio and upper
// bound, null in JSON; none on either side has no ratio at all.
func TestNoComplaints(t *testing.T) {
	dir := cmdtest.WriteFiles(t, map[string]string{
		"tx.csv": "month,transactions\n2019-01,1000000\n2019-02,1000000\n2019-03,1000000\n",
		"cp.csv": "month,complaints\n2019-01,5\n2019-02,0\n2019-03,0\n",
	})
	files := map[input.Kind][]string{input.Transactions: {filepath.Join(dir, "tx.csv")}, input.Complaints: {filepath.Join(dir, "cp.csv")}}
	// poisson.test(c(5, 0), c(1000000, 1000000)/1e6): Inf 0.9163558573154601 Inf 0.0625
	opts, out := sampleOptions("95", "2019-01", "2019-02")
	opts.Data.Files = files
	doc := runSingle(t, opts, out)
	if doc.RateRatio != nil || !near(doc.RateRatioCILow, 0.9163558573154601) || doc.RateRatioCIHigh != nil || !near(&doc.PValue, 0.0625) {
		t.Errorf("5 against 0: %s", out)
	}
	// poisson.test(c(0, 0), c(1000000, 1000000)/1e6): NaN 0 Inf 1
	opts, out = sampleOptions("95", "2019-02", "2019-03")
	opts.Data.Files = files
	doc = runSingle(t, opts, out)
	if doc.RateRatio != nil || !near(doc.RateRatioCILow, 0) || doc.RateRatioCIHigh != nil || doc.PValue != 1 || doc.Verdict != "no_clear_difference" {
		t.Errorf("0 against 0: %s", out)
	}
	opts.Format = output.FormatTable
	out.Reset()
	if err := compareRun(opts); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2019-02 is not clearly different from 2019-03: ratio undefined (no complaints in either period), 95 % CI 0.00–∞, p = 1.") {
		t.Errorf("table:\n%s", out)
	}
}

func TestErrors(t *testing.T) {
	dir := cmdtest.WriteFiles(t, map[string]string{
		"tx.csv": "month,transactions\n2019-01,1000000\n2019-02,1000000\n",
		"cp.csv": "month,complaints\n2019-01,5\n2019-02,3\n",
	})
	files := map[input.Kind][]string{input.Transactions: {filepath.Join(dir, "tx.csv")}, input.Complaints: {filepath.Join(dir, "cp.csv")}}
	tests := []struct {
		periods   []string
		files     map[input.Kind][]string
		msg, hint string
	}{
		{[]string{"2017-05", "2018-05"}, nil, "the data has no purchases in 2017-05", "the data covers 2018-01 to 2020-06"},
		{[]string{"2020-01..2020-12", "2019"}, nil, "the data has no purchases in 2020-07 to 2020-12, part of 2020-01..2020-12", "the data covers 2018-01 to 2020-06"},
		{[]string{"2019", "2019-06..2020-01"}, nil, "2019 and 2019-06..2020-01 overlap in 2019-06 to 2019-12: the test compares independent counts",
			"compare periods that share no month, such as 2019-01..2019-06 and 2019-07..2019-12"},
		{nil, files, "compare without periods needs a year earlier: the data has no purchases in 2018-02",
			"the data covers 2019-01 to 2019-02; without a year before the latest month, give two periods: nollmission compare 2019-02 2019-01"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.periods, " "), func(t *testing.T) {
			opts, out := sampleOptions("95", tt.periods...)
			opts.Data.Files = tt.files
			code, msg, hint := cmdutil.Describe(compareRun(opts))
			if code != exit.Usage || msg != tt.msg || hint != tt.hint {
				t.Errorf("exit %d %q, hint %q", code, msg, hint)
			}
			if out.Len() != 0 {
				t.Errorf("partial output: %s", out)
			}
		})
	}
}

func TestPValueText(t *testing.T) {
	tests := []struct {
		p    float64
		want string
	}{
		{1, "= 1"}, {0.9999, "= 1"}, {0.5, "= 0.50"}, {0.091352756850823308, "= 0.091"}, {0.0625, "= 0.063"},
		{0.0026354868392285897, "= 0.0026"}, {0.000812, "= 0.0008"}, {0.0001, "= 0.0001"},
		{0.0000999, "< 0.0001"}, {1.2751005757464574e-39, "< 0.0001"}, {0, "< 0.0001"},
	}
	for _, tt := range tests {
		if got := pValueText(tt.p); got != tt.want {
			t.Errorf("pValueText(%v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}

// TestFlags checks the flag layer alone: arguments and flags land in
// Options, mistakes are usage errors, and compareRun is not called.
func TestFlags(t *testing.T) {
	m := period.MonthOf
	tests := []struct {
		args    []string
		env     map[string]string
		check   func(*Options) bool
		errCode int
	}{
		{nil, nil, func(o *Options) bool { return o.Pair == nil && o.CI.Fraction() == 0.95 && o.Decimals == 1 }, 0},
		{[]string{"2019-01", "2018-01"}, nil, func(o *Options) bool {
			return *o.Pair == [2]analysis.Period{analysis.MonthOnly(m(2019, 1)), analysis.MonthOnly(m(2018, 1))}
		}, 0},
		{[]string{"2020", "2019-01..2019-06", "--ci", "99.9", "-o", "json"}, nil, func(o *Options) bool {
			return o.Pair[0] == analysis.WholeYear(2020) && o.Pair[1] == analysis.Period{Kind: analysis.RangePeriod, First: m(2019, 1), Last: m(2019, 6)} &&
				o.CI.Fraction() == 0.999 && o.Format == output.FormatJSON
		}, 0},
		{nil, map[string]string{"NOLLMISSION_COMPARE_CI": "99"}, func(o *Options) bool { return o.CI.Fraction() == 0.99 }, 0},
		{[]string{"2019-01"}, nil, nil, exit.Usage},
		{[]string{"2019-01", "2018-01", "2017-01"}, nil, nil, exit.Usage},
		{[]string{"2019-13", "2018-01"}, nil, nil, exit.Usage},
		{[]string{"2019-01", "jan"}, nil, nil, exit.Usage},
		{[]string{"2019-06..2019-01", "2018"}, nil, nil, exit.Usage},
		{[]string{"--ci", "0"}, nil, nil, exit.Usage},
		{[]string{"--ci", "100"}, nil, nil, exit.Usage},
		{nil, map[string]string{"NOLLMISSION_COMPARE_CI": "abc"}, nil, exit.Usage},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			f := &cmdutil.Factory{IOStreams: &cmdutil.IOStreams{}, Config: config.New()}
			var got *Options
			cmd := NewCmdCompare(f, func(o *Options) error { got = o; return nil })
			cmdutil.AddDataFlags(cmd)
			cmd.SetFlagErrorFunc(cmdutil.FlagError)
			cmd.SetArgs(tt.args)
			cmd.SilenceErrors, cmd.SilenceUsage = true, true
			err := cmd.Execute()
			if code, _, _ := cmdutil.Describe(err); code != tt.errCode {
				t.Fatalf("exit %d (%v), want %d", code, err, tt.errCode)
			}
			if tt.errCode != 0 && got != nil {
				t.Error("compareRun called after a usage error")
			}
			if tt.check != nil && (got == nil || !tt.check(got)) {
				t.Errorf("options = %+v", got)
			}
		})
	}
}
