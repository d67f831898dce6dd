package progress_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/cmd/progress"
	"github.com/nollmission/nollmission/pkg/cmd/root"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/cmdutil/cmdtest"
	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/metrics"
)

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	return r
}

func same(a, b *big.Rat) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && a.Cmp(b) == 0)
}

// TestFlags checks the flag layer alone: flags (and their environment
// values) land in Options, mistakes are usage errors, and the run is not called.
func TestFlags(t *testing.T) {
	tests := []struct {
		args    []string
		env     map[string]string
		check   func(*progress.Options) bool
		errCode int
	}{
		{[]string{"--year", "2020", "--baseline", "33", "--target", "28"}, nil, func(o *progress.Options) bool {
			return o.Year == 2020 && o.Override.BaselineSet && o.Override.TargetSet && same(o.Override.Baseline, rat("33")) &&
				same(o.Override.Rate, rat("28")) && o.Override.Reduction == nil
		}, 0},
		{[]string{"--year", "2020", "--target", "10%"}, nil, func(o *progress.Options) bool {
			return !o.Override.BaselineSet && o.Override.Rate == nil && same(o.Override.Reduction, rat("1/10"))
		}, 0},
		{[]string{"--year", "2020", "--baseline", "previous_year", "--target", "27,5"}, nil, func(o *progress.Options) bool {
			return o.Override.BaselineSet && o.Override.Baseline == nil && same(o.Override.Rate, rat("55/2"))
		}, 0},
		{[]string{"--fail-on", "off_track,MISSED"}, nil, func(o *progress.Options) bool {
			return o.Override == nil && slices.Equal(o.FailOn, []metrics.Status{metrics.StatusOffTrack, metrics.StatusMissed})
		}, 0},
		{nil, map[string]string{"NOLLMISSION_PROGRESS_FAIL_ON": "missed", "NOLLMISSION_PROGRESS_YEAR": "2019"}, func(o *progress.Options) bool {
			return o.Year == 2019 && slices.Equal(o.FailOn, []metrics.Status{metrics.StatusMissed})
		}, 0},
		{nil, nil, func(o *progress.Options) bool {
			// With no config file, the sample's targets are the default.
			return o.TargetsSource == config.SourceDefault && len(o.Targets) == 2 && o.Targets[0].Year == 2019
		}, 0},
		{[]string{"--baseline", "33"}, nil, nil, exit.Usage},                                     // no --year
		{[]string{"--year", "2020", "--baseline", "33", "--target", "34"}, nil, nil, exit.Usage}, // above the baseline
		{[]string{"--year", "2020", "--target", "abc"}, nil, nil, exit.Usage},
		{[]string{"--year", "2020", "--target", "0%"}, nil, nil, exit.Usage},
		{[]string{"--year", "2020", "--baseline", "last_year", "--target", "28"}, nil, nil, exit.Usage},
		{[]string{"--fail-on", "late"}, nil, nil, exit.Usage},
		{[]string{"--year", "20"}, nil, nil, exit.Usage},
		{[]string{"--decimals", "7"}, nil, nil, exit.Usage},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Chdir(t.TempDir()) // no nollmission.yaml
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			f := &cmdutil.Factory{IOStreams: &cmdutil.IOStreams{}, Config: config.New()}
			var got *progress.Options
			cmd := progress.NewCmdProgress(f, func(o *progress.Options) error { got = o; return nil })
			cmdutil.AddDataFlags(cmd)
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

// nollmission runs the whole program in dir, as a user would.
func nollmission(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	ios, out, errOut := cmdtest.Streams()
	code := root.Main(args, ios, "test")
	return code, out.String(), errOut.String()
}

type jsonYear struct {
	Year              int      `json:"year"`
	Baseline          *float64 `json:"baseline"`
	BaselineSource    string   `json:"baseline_source"`
	Target            *float64 `json:"target"`
	Actual            *float64 `json:"actual"`
	TargetReduction   *float64 `json:"target_reduction_percent"`
	AchievedReduction *float64 `json:"achieved_reduction_percent"`
	Attainment        *float64 `json:"attainment_percent"`
	Status            string   `json:"status"`
	YearToDate        bool     `json:"year_to_date"`
	Forecast          *struct {
		Method         string   `json:"expected_transactions_method"`
		Budget         *float64 `json:"complaint_budget"`
		Left           *float64 `json:"complaints_left"`
		Used           int64    `json:"complaints_used"`
		Projected      *float64 `json:"projected_complaints"`
		RequiredRate   *float64 `json:"required_rate"`
		CanBeMet       bool     `json:"can_be_met"`
		ProbabilityMet *float64 `json:"probability_met"`
		BurnRate       *float64 `json:"burn_rate"`
	} `json:"forecast"`
}

func near(got *float64, want float64, decimals int) bool {
	scale := math.Pow(10, float64(decimals))
	return got != nil && math.Abs(*got-want) < 0.5/scale
}

// TestRunSample runs progress on the embedded sample. The figures are the
// ones worked out by hand in pkg/metrics/progress_test.go, from
// pkg/sample/data: 2019 has 2,033 complaints and 61,948,651 purchases
// (32.8175); 2018 has 1,222 and 30,460,445 (40.1176); 2020 so far 613 and
// 55,757,915 (10.9940), with 69,429,587.2 purchases expected in July–December.
func TestRunSample(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		check  func(t *testing.T, years []jsonYear)
		stderr string
	}{
		{"both years", []string{"progress", "-o", "json"}, 0, func(t *testing.T, y []jsonYear) {
			if len(y) != 2 || y[0].Year != 2019 || y[1].Year != 2020 {
				t.Fatalf("years %+v", y)
			}
			// 2019: 40 → 36 is 10 %; actual 32.8175 rounds to 33, (40 − 32.8175) ÷ 40 = 18.0 %,
			// attainment 7.1825 ÷ 4 = 179.6 %: met.
			if !near(y[0].TargetReduction, 10, 1) || !near(y[0].Actual, 33, 0) || !near(y[0].AchievedReduction, 18.0, 1) ||
				!near(y[0].Attainment, 179.6, 1) || y[0].Status != "met" || y[0].Forecast != nil || y[0].YearToDate {
				t.Errorf("2019 %+v", y[0])
			}
			// 2020: 33 → 28 is 5 ÷ 33 = 15.2 %; on track; budget 28 × 125,187,502.2 ÷ 1,000,000 = 3,505.25.
			f := y[1].Forecast
			if !near(y[1].TargetReduction, 15.2, 1) || y[1].Status != "on_track" || !y[1].YearToDate || f == nil ||
				f.Method != "last_year_scaled" || !near(f.Budget, 3505.25, 2) || f.Used != 613 || !near(f.Left, 2892.25, 2) ||
				!near(f.Projected, 1376.3, 1) || !near(f.RequiredRate, 41.66, 2) || !f.CanBeMet {
				t.Errorf("2020 %+v, forecast %+v", y[1], f)
			}
		}, ""},
		{"a one-off target that is off track", []string{"progress", "--year", "2020", "--target", "10", "-o", "json", "--fail-on", "off_track"}, 1, func(t *testing.T, y []jsonYear) {
			// Baseline 33 from the sample's target; 10.994 > 10: off track.
			// Budget 10 × 125,187,502.2 ÷ 1,000,000 = 1,251.88; left 638.88;
			// required 638.88 ÷ 69.4296 = 9.20; attainment 22.006 ÷ 23 = 95.7 %.
			f := y[0].Forecast
			if len(y) != 1 || y[0].Status != "off_track" || !near(y[0].Baseline, 33, 0) || !near(y[0].Attainment, 95.7, 1) ||
				!near(f.Budget, 1251.88, 2) || !near(f.Left, 638.88, 2) || !near(f.RequiredRate, 9.20, 2) {
				t.Errorf("2020 %+v, forecast %+v", y, f)
			}
		}, "2020 is off_track (--fail-on off_track)"},
		{"previous year's rate less 10 %", []string{"progress", "--year", "2019", "--baseline", "previous_year", "--target", "10%", "-o", "json"}, 0, func(t *testing.T, y []jsonYear) {
			// Baseline 40.1176, target × 0.9 = 36.1058; attainment
			// (40.1176 − 32.8175) ÷ 4.0118 = 182.0 %.
			if y[0].BaselineSource != "previous_year" || !near(y[0].Baseline, 40.1176, 4) || !near(y[0].Target, 36.1058, 4) ||
				!near(y[0].TargetReduction, 10, 6) || !near(y[0].Attainment, 182.0, 1) || y[0].Status != "met" {
				t.Errorf("2019 %+v", y[0])
			}
		}, ""},
		{"fail on a status no year has", []string{"progress", "--fail-on", "off_track,missed", "-o", "json"}, 0, nil, ""},
		{"fail on a status a year has", []string{"progress", "--fail-on", "met", "-o", "json"}, 1, nil, "2019 is met (--fail-on met)"},
		{"no target for the year", []string{"progress", "--year", "2018"}, 2, nil, "there is no target for 2018"},
		{"a year without data", []string{"progress", "--year", "2021", "--baseline", "33", "--target", "28"}, 2, nil, "the data has no purchases in 2021"},
		{"a previous year without data", []string{"progress", "--year", "2018", "--target", "10%"}, 2, nil, "the data has no purchases in 2017"},
		{"no target to take", []string{"progress", "--year", "2018", "--baseline", "40"}, 2, nil, "there is no configured target for 2018"},
		{"a one-off target above the configured baseline", []string{"progress", "--year", "2020", "--target", "34"}, 2, nil, "the target 34 for 2020 is not below the baseline 33"},
		{"a missing --config file", []string{"progress", "--config", "nope.yaml"}, 2, nil, "config file nope.yaml: no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := nollmission(t, t.TempDir(), tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.stderr)
			}
			if code == 2 && out != "" {
				t.Errorf("an error writes no output, got %q", out)
			}
			if tt.check == nil {
				return
			}
			var doc struct {
				SchemaVersion int        `json:"schema_version"`
				Years         []jsonYear `json:"years"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("%v in %s", err, out)
			}
			if doc.SchemaVersion != 1 || !strings.HasPrefix(out, "{\n  \"schema_version\"") {
				t.Errorf("schema_version must come first: %s", out[:40])
			}
			tt.check(t, doc.Years)
		})
	}
}

// TestRunFiles runs progress on data and targets of the user's own: the
// sample's targets do not apply to them, and the file's do.
func TestRunFiles(t *testing.T) {
	// 2021, January–March: 1,000,000, 2,000,000 and 3,000,000 purchases with
	// 30 complaints each: a rate of 90 ÷ 6,000,000 × 1,000,000 = 15. No
	// 2020, so the rest is 2,000,000 a month × 9 = 18,000,000; the budget
	// 28 × 24,000,000 ÷ 1,000,000 = 672, left 582, required 582 ÷ 18 = 32.3.
	files := map[string]string{
		"tx.csv": "month,transactions\n2021-01,1000000\n2021-02,2000000\n2021-03,3000000\n",
		"cp.csv": "month,complaints\n2021-01,30\n2021-02,30\n2021-03,30\n",
	}
	dataArgs := []string{"--transactions", "tx.csv", "--complaints", "cp.csv"}
	tests := []struct {
		name   string
		config string
		args   []string
		code   int
		want   string // in stdout, or in stderr on an error
	}{
		{"the sample's targets do not fit other data", "", nil, 2, "there are no targets to measure progress against"},
		{"targets from the file", "targets:\n  - {year: 2021, baseline: 33, target: 28}\n", []string{"-o", "csv"}, 0,
			"figure,2021 year to date (3 of 12 months)\nmonths covered,3 of 12\ntransactions,6000000\ncomplaints,90\n" +
				"baseline (complaints per million),33\ntarget,28\nactual,15\nsatisfied per million,999985\n" +
				"target reduction,15.2 %\nachieved reduction,54.5 %\nattainment,360.0 %\nstatus,on_track\n" +
				"expected transactions (missing months),18000000\n"},
		// Shown as configured, not rounded to whole rates (34 and 28 beside a
		// target reduction of 15.7 %, which neither gives).
		{"a baseline and target with decimals", "targets:\n  - {year: 2021, baseline: 33.5, target: 28.25}\n", []string{"-o", "csv"}, 0,
			"baseline (complaints per million),33.5\ntarget,28.25\nactual,15\nsatisfied per million,999985\ntarget reduction,15.7 %\n"},
		{"the file's section sets the flags", "targets:\n  - {year: 2021, baseline: 33, target: 28}\nprogress:\n  fail-on: [on_track]\n  decimals: 1\n",
			[]string{"-o", "csv"}, 1, "rate required for the rest,32.3\n"},
		{"a flag over the file", "targets:\n  - {year: 2021, baseline: 33, target: 28}\nprogress:\n  fail-on: [on_track]\n",
			[]string{"--fail-on", "missed", "-o", "csv"}, 0, "estimated from,this year's monthly average\n"},
		{"a previous_year baseline without the previous year", "targets:\n  - {year: 2021, baseline: previous_year, reduction: 10%}\n",
			nil, 2, "the data has no purchases in 2020"},
		{"a target year without data", "targets:\n  - {year: 2021, baseline: 33, target: 28}\n  - {year: 2022, baseline: 33, target: 28}\n",
			nil, 2, "target 2022: the data has no purchases in 2022"},
		{"a target above its baseline", "targets:\n  - {year: 2021, baseline: 33, target: 34}\n", nil, 2, "the target 34 is not below the baseline 33"},
		{"an unknown key", "targets:\n  - {year: 2021, baseline: 33, target: 28}\nprogres:\n  year: 2021\n", nil, 2, `unknown key "progres.year"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tt.config != "" {
				if err := os.WriteFile(filepath.Join(dir, "nollmission.yaml"), []byte(tt.config), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, out, errOut := nollmission(t, dir, append(append([]string{"progress"}, dataArgs...), tt.args...)...)
			where := out
			if code == 2 {
				where = errOut
			}
			if code != tt.code || !strings.Contains(where, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, out, errOut, tt.code, tt.want)
			}
		})
	}
}

// TestProbabilityMet: 2020's year to date on the sample against one-off
// targets. The rest of 2020 expects 763.30574685449028 complaints at the
// current rate (1,376.3057 projected − 613 used); R 4.2.2 gives
//
//	target 11:   budget 1,377.06, ⌊1377.06 − 613⌋ = 764: ppois(764, 763.30574685449028) = 0.51963870620214858
//	target 10.8: budget 1,352.03, 739:                   ppois(739, 763.30574685449028) = 0.19485978496190381
//	target 5:    budget 625.94, 12:                       ppois(12, 763.30574685449028)  = 2.6269038156341222e-306
//	target 4:    budget 500.75 < 613 used: 0
//
// and the burn rate is 10.993954849 ÷ the target.
func TestProbabilityMet(t *testing.T) {
	const ytdRate = 613 * 1e6 / 55757915.0
	tests := []struct {
		target      string
		probability float64
		table       string
	}{
		{"11", 0.51963870620214858, "52.0 %"},
		{"10.8", 0.19485978496190381, "19.5 %"},
		{"5", 2.6269038156341222e-306, "< 0.1 %"},
		{"4", 0, "0 %"},
		{"28", 1, "> 99.9 %"}, // the sample's own target: a float 1, not a certainty
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			dir := t.TempDir()
			code, out, _ := nollmission(t, dir, "progress", "--year", "2020", "--baseline", "33", "--target", tt.target, "-o", "json", "--quiet")
			if code != 0 {
				t.Fatalf("exit %d", code)
			}
			var doc struct{ Years []jsonYear }
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			f := doc.Years[0].Forecast
			target, _ := strconv.ParseFloat(tt.target, 64)
			if f == nil || f.ProbabilityMet == nil || math.Abs(*f.ProbabilityMet-tt.probability) > 1e-10*tt.probability ||
				f.BurnRate == nil || math.Abs(*f.BurnRate-ytdRate/target) > 1e-12 {
				t.Errorf("forecast %+v", f)
			}
			_, table, _ := nollmission(t, dir, "progress", "--year", "2020", "--baseline", "33", "--target", tt.target, "-o", "csv", "--quiet")
			if !strings.Contains(table, "probability of meeting the target,"+tt.table+"\n") ||
				!strings.Contains(table, fmt.Sprintf("burn rate (actual ÷ target),%.2f\n", ytdRate/target)) {
				t.Errorf("CSV:\n%s", table)
			}
		})
	}
}
