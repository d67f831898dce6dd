package control

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/cmdutil/cmdtest"
	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/output"
	"github.com/nollmission/nollmission/pkg/stats"
)

func sampleOptions(year int, chart stats.ChartKind) (*Options, *bytes.Buffer, *bytes.Buffer) {
	ios, out, errOut := cmdtest.Streams()
	return &Options{IO: ios, Data: load.Options{Country: "SE", Timezone: "Europe/Stockholm"}, Format: output.FormatJSON,
		Year: year, Chart: chart, Rules: stats.WesternElectric, Decimals: 1}, out, errOut
}

func runJSON(t *testing.T, opts *Options) jsonDoc {
	t.Helper()
	if err := controlRun(opts); err != nil {
		t.Fatal(err)
	}
	var doc jsonDoc
	if err := json.Unmarshal(opts.IO.Out.(*bytes.Buffer).Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func near(got *float64, want float64) bool {
	return got != nil && math.Abs(*got-want) <= 1e-10*math.Abs(want)
}

// TestSample2019 checks the 2019 chart of the sample against the formulas
// worked in R:
//
//	c <- c(197,178,180,136,193,202,216,118,164,183,104,162)
//	n <- c(4286139,4143507,4618932,4529361,4951276,5062418,5017853,5124693,5468219,5903487,6108475,6734291)
//	ub <- sum(c)/sum(n); z <- (c/n-ub)/sqrt(ub/n); sz <- mean(abs(diff(z)))/1.128
//	ub*1e6 = 32.817502353683217; sz = 2.4723592827886054
//	2019-01: UCL (ub+3*sz*sqrt(ub/n[1]))*1e6 = 53.34105190641813, LCL 12.293952800948304,
//	z[1]/sz = 1.9213941673091823; 2019-11: z[11]/sz = -2.7557419027744938
//	classic u: z[1] = 4.7503767054427399, UCL (ub+3*sqrt(ub/n[1]))*1e6 = 41.11870262647939
//
// Laney's u′ flags no 2019 month; the classic u chart flags nine.
func TestSample2019(t *testing.T) {
	opts, _, _ := sampleOptions(2019, stats.LaneyUPrime)
	doc := runJSON(t, opts)
	if doc.Chart != "laney_u_prime" || doc.Rules != "western_electric" || len(doc.Months) != 12 {
		t.Fatalf("chart %q, rules %q, %d months", doc.Chart, doc.Rules, len(doc.Months))
	}
	if !near(&doc.Center, 32.817502353683217) || !near(&doc.SigmaZ, 2.4723592827886054) {
		t.Errorf("centre %v, σ_z %v", doc.Center, doc.SigmaZ)
	}
	jan, nov := doc.Months[0], doc.Months[10]
	if !near(jan.UCL, 53.34105190641813) || !near(jan.LCL, 12.293952800948304) || !near(jan.Z, 1.9213941673091823) || !near(nov.Z, -2.7557419027744938) {
		t.Errorf("2019-01 %v–%v z %v; 2019-11 z %v", *jan.LCL, *jan.UCL, *jan.Z, *nov.Z)
	}
	for _, m := range doc.Months {
		if len(m.Signals) != 0 {
			t.Errorf("Laney u′ flags %s: %v", m.Month, m.Signals)
		}
	}
	if doc.LatestMonth == nil || doc.LatestMonth.String() != "2019-12" || len(doc.LatestSignals) != 0 || doc.RuleDescriptions["4"] != "eight points in a row on one side of the centre line" {
		t.Errorf("latest %v %v, rules %v", doc.LatestMonth, doc.LatestSignals, doc.RuleDescriptions)
	}

	opts, _, _ = sampleOptions(2019, stats.U)
	doc = runJSON(t, opts)
	if doc.Chart != "u" || doc.SigmaZ != 1 || !near(doc.Months[0].Z, 4.7503767054427399) || !near(doc.Months[0].UCL, 41.11870262647939) {
		t.Errorf("u chart: σ_z %v, 2019-01 z %v UCL %v", doc.SigmaZ, *doc.Months[0].Z, *doc.Months[0].UCL)
	}
	var flagged []string
	for _, m := range doc.Months {
		if len(m.Signals) > 0 {
			flagged = append(flagged, m.Month.String()[5:])
		}
	}
	if got := strings.Join(flagged, " "); got != "01 02 03 05 06 07 08 11 12" {
		t.Errorf("the u chart flags %s", got)
	}
	if !reflect.DeepEqual(doc.LatestSignals, []int{1, 2, 3}) {
		t.Errorf("2019-12 signals %v on the u chart", doc.LatestSignals)
	}
}

// TestFailOnSignal: exit 1 after the whole report when the latest month
// signals, 0 when it does not.
func TestFailOnSignal(t *testing.T) {
	for _, tt := range []struct {
		chart stats.ChartKind
		err   error
	}{{stats.LaneyUPrime, nil}, {stats.U, exit.ErrCheckFailed}} {
		opts, out, errOut := sampleOptions(2019, tt.chart)
		opts.FailOnSignal, opts.Format = true, output.FormatCSV
		err := controlRun(opts)
		if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
			t.Errorf("chart %d: error %v, want %v", tt.chart, err, tt.err)
		}
		if !strings.Contains(out.String(), "2019-12,162,6734291,") {
			t.Errorf("chart %d: the report must be whole:\n%s", tt.chart, out)
		}
		if tt.err != nil && !strings.HasSuffix(errOut.String(), "\nnollmission: control: the latest month, 2019-12, signals rules 1, 2, 3 (--fail-on-signal)\n") {
			t.Errorf("stderr %q", errOut)
		}
	}
}

// TestMonthWithoutPurchases: no point, null figures, no signals, and the
// table shows dashes; its 7 complaints stay out of ū = 135 / 3,000,000.
func TestMonthWithoutPurchases(t *testing.T) {
	dir := cmdtest.WriteFiles(t, map[string]string{
		"tx.csv": "month,transactions\n2019-01,1000000\n2019-02,1000000\n2019-04,1000000\n",
		"cp.csv": "month,complaints\n2019-01,40\n2019-02,50\n2019-03,7\n2019-04,45\n",
	})
	opts, out, _ := sampleOptions(0, stats.LaneyUPrime)
	opts.Data.Files = map[input.Kind][]string{input.Transactions: {filepath.Join(dir, "tx.csv")}, input.Complaints: {filepath.Join(dir, "cp.csv")}}
	doc := runJSON(t, opts)
	mar := doc.Months[2]
	if mar.Month.String() != "2019-03" || mar.Rate != nil || mar.LCL != nil || mar.UCL != nil || mar.Z != nil || mar.Signals == nil || len(mar.Signals) != 0 {
		t.Errorf("March %+v", mar)
	}
	if !strings.Contains(out.String(), `"signals": []`) || strings.Contains(out.String(), "NaN") {
		t.Errorf("JSON:\n%s", out)
	}
	out.Reset()
	opts.Format = output.FormatTable
	if err := controlRun(opts); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "│ 2019-03       │          7 │            0 │                      – │    – │    – │     – │         │") ||
		!strings.Contains(out.String(), "│ centre line ū │            │              │                   45.0 │") {
		t.Errorf("table:\n%s", out)
	}
}

func TestErrors(t *testing.T) {
	dir := cmdtest.WriteFiles(t, map[string]string{
		"tx.csv": "month,transactions\n2019-01,1000000\n",
		"cp.csv": "month,complaints\n2019-01,40\n",
	})
	opts, out, _ := sampleOptions(0, stats.LaneyUPrime)
	opts.Data.Files = map[input.Kind][]string{input.Transactions: {filepath.Join(dir, "tx.csv")}, input.Complaints: {filepath.Join(dir, "cp.csv")}}
	code, msg, hint := cmdutil.Describe(controlRun(opts))
	if code != exit.Usage || msg != "a Laney u′ chart needs at least two months with purchases to estimate σ_z" || !strings.Contains(hint, "--chart u") || out.Len() != 0 {
		t.Errorf("one month: exit %d %q %q, output %q", code, msg, hint, out)
	}
	opts.Chart = stats.U // one month is a chart of its own centre line
	if err := controlRun(opts); err != nil {
		t.Errorf("u chart of one month: %v", err)
	}
	opts, out, _ = sampleOptions(2017, stats.LaneyUPrime)
	if code, msg, _ := cmdutil.Describe(controlRun(opts)); code != exit.Usage || msg != "there is no data for 2017" || out.Len() != 0 {
		t.Errorf("2017: exit %d %q", code, msg)
	}
}

// TestFlags checks the flag layer alone: flags land in Options, validation
// errors are usage errors, and controlRun is not called.
func TestFlags(t *testing.T) {
	tests := []struct {
		args    []string
		env     map[string]string
		check   func(*Options) bool
		errCode int
	}{
		{nil, nil, func(o *Options) bool {
			return o.Chart == stats.LaneyUPrime && o.Rules == stats.WesternElectric && !o.FailOnSignal && o.Year == 0 && o.Decimals == 1
		}, 0},
		{[]string{"--year", "2019", "--chart", "u", "--rules", "nelson", "--fail-on-signal", "--decimals", "2"}, nil, func(o *Options) bool {
			return o.Year == 2019 && o.Chart == stats.U && o.Rules == stats.Nelson && o.FailOnSignal && o.Decimals == 2
		}, 0},
		{[]string{"--chart", "LANEY", "--rules", "western-electric"}, nil, func(o *Options) bool {
			return o.Chart == stats.LaneyUPrime && o.Rules == stats.WesternElectric
		}, 0},
		{nil, map[string]string{"NOLLMISSION_CONTROL_CHART": "u", "NOLLMISSION_CONTROL_FAIL_ON_SIGNAL": "true"}, func(o *Options) bool {
			return o.Chart == stats.U && o.FailOnSignal
		}, 0},
		{[]string{"--chart", "p"}, nil, nil, exit.Usage},
		{[]string{"--rules", "westgard"}, nil, nil, exit.Usage},
		{[]string{"--year", "19"}, nil, nil, exit.Usage},
		{[]string{"2019"}, nil, nil, exit.Usage},
		{nil, map[string]string{"NOLLMISSION_CONTROL_RULES": "all"}, nil, exit.Usage},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			f := &cmdutil.Factory{IOStreams: &cmdutil.IOStreams{}, Config: config.New()}
			var got *Options
			cmd := NewCmdControl(f, func(o *Options) error { got = o; return nil })
			cmdutil.AddDataFlags(cmd)
			cmd.SetFlagErrorFunc(cmdutil.FlagError)
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
