package metrics_test

import (
	"math/big"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/dataset"
	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/period"
	"github.com/nollmission/nollmission/pkg/sample"
)

func r(s string) *big.Rat {
	v, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	return v
}

// sampleMonths reads the embedded sample's monthly counts (Sweden) at test
// time.
func sampleMonths(t *testing.T) ([]metrics.MonthRate, map[period.Month]int64, map[period.Month]int64) {
	t.Helper()
	b, err := period.NewBucketer("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Load(map[input.Kind][]input.Source{
		input.Transactions: sample.Sources(input.Transactions),
		input.Complaints:   sample.Sources(input.Complaints),
	}, input.Config{Bucketer: b, Country: "SE"})
	if err != nil {
		t.Fatal(err)
	}
	tx := dataset.ByMonth(ds, input.Transactions, "SE")
	cp := dataset.ByMonth(ds, input.Complaints, "SE")
	var counts []metrics.MonthCounts
	for _, m := range ds.Months("SE", input.Transactions, input.Complaints) {
		counts = append(counts, metrics.MonthCounts{Month: m, Transactions: tx[m], Complaints: cp[m]})
	}
	return metrics.Rates(counts), tx, cp
}

// sum adds the counts of months first to last of year.
func sum(counts map[period.Month]int64, year, first, last int) int64 {
	var n int64
	for m := first; m <= last; m++ {
		n += counts[period.MonthOf(year, m)]
	}
	return n
}

func eq(t *testing.T, what string, got, want *big.Rat) {
	t.Helper()
	if got == nil || want == nil || got.Cmp(want) != 0 {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func rounded(t *testing.T, what string, got *big.Rat, decimals int, want string) {
	t.Helper()
	if s := decimal.Fixed(got, decimals); s != want {
		t.Errorf("%s = %s (%v), want %s", what, s, got, want)
	}
}

// TestProgressSample2019 checks the finished year 2019 (40 → 36) on the
// sample: met, the actual rounds to the published 33, and the achieved
// reduction and attainment follow from the computed actual, not from 33.
func TestProgressSample2019(t *testing.T) {
	months, tx, cp := sampleMonths(t)
	p, err := metrics.ComputeProgress(metrics.Target{Year: 2019, Baseline: r("40"), Rate: r("36")}, months)
	if err != nil {
		t.Fatal(err)
	}
	// actual = Σ complaints 2019 ÷ Σ purchases 2019 × 1,000,000
	actual := new(big.Rat).SetFrac64(sum(cp, 2019, 1, 12)*metrics.Million, sum(tx, 2019, 1, 12))
	eq(t, "actual", p.Actual.Rate, actual)
	// By hand from pkg/sample/data: 2,033 complaints and 61,948,651 purchases
	// in 2019: 2033 × 1,000,000 ÷ 61,948,651 = 32.8175…, published as 33.
	eq(t, "actual by hand", p.Actual.Rate, r("2033000000/61948651"))
	rounded(t, "actual", p.Actual.Rate, 0, "33")
	// target reduction = (40 − 36) ÷ 40 = 10 %, exactly.
	eq(t, "target reduction", p.TargetReductionPercent, r("10"))
	// achieved reduction = (40 − actual) ÷ 40 × 100
	achieved := new(big.Rat).Sub(r("40"), actual)
	achieved.Mul(achieved.Quo(achieved, r("40")), r("100"))
	eq(t, "achieved reduction", p.AchievedReductionPercent, achieved)
	rounded(t, "achieved reduction", p.AchievedReductionPercent, 1, "18.0") // 17.956…
	// attainment = (40 − actual) ÷ (40 − 36) × 100 = 7.1825 ÷ 4 = 179.6 %;
	// with the actual rounded to 33 first it would be 7 ÷ 4 = 175 %.
	attainment := new(big.Rat).Sub(r("40"), actual)
	attainment.Mul(attainment.Quo(attainment, r("4")), r("100"))
	eq(t, "attainment", p.AttainmentPercent, attainment)
	rounded(t, "attainment", p.AttainmentPercent, 1, "179.6")
	rounded(t, "satisfied per million", p.SatisfiedPerMillion, 0, "999967")
	if p.Status != metrics.StatusMet || p.Forecast != nil {
		t.Errorf("status %s, forecast %v: want met and no forecast", p.Status, p.Forecast)
	}
}

// TestProgressSample2020 checks the year in progress 2020 (33 → 28,
// January–June in the sample) by hand calculation. With the sample's counts
// (read at test time):
//
//	so far          = Σ purchases 2020-01…06          (55,757,915)
//	used            = Σ complaints 2020-01…06         (613)
//	growth          = so far ÷ Σ purchases 2019-01…06 (55,757,915 ÷ 27,591,633 = 2.0208…)
//	remaining       = Σ purchases 2019-07…12 × growth (34,357,018 × 2.0208… = 69,429,587.2)
//	full year       = so far + remaining              (125,187,502.2)
//	budget          = 28 × full year ÷ 1,000,000      (3,505.25)
//	left            = budget − used                   (2,892.25)
//	current rate    = used ÷ so far × 1,000,000       (10.99)
//	projection      = used + current rate × remaining ÷ 1,000,000 (1,376.3 complaints)
//	required rate   = left ÷ remaining × 1,000,000    (41.66)
//
// The figures in brackets were worked out by hand from pkg/sample/data/*.csv.
func TestProgressSample2020(t *testing.T) {
	months, tx, cp := sampleMonths(t)
	p, err := metrics.ComputeProgress(metrics.Target{Year: 2020, Baseline: r("33"), Rate: r("28")}, months)
	if err != nil {
		t.Fatal(err)
	}
	million := r("1000000")
	soFar := new(big.Rat).SetInt64(sum(tx, 2020, 1, 6))
	used := new(big.Rat).SetInt64(sum(cp, 2020, 1, 6))
	growth := new(big.Rat).Quo(soFar, new(big.Rat).SetInt64(sum(tx, 2019, 1, 6)))
	remaining := new(big.Rat).Mul(new(big.Rat).SetInt64(sum(tx, 2019, 7, 12)), growth)
	fullYear := new(big.Rat).Add(soFar, remaining)
	budget := new(big.Rat).Quo(new(big.Rat).Mul(r("28"), fullYear), million)
	left := new(big.Rat).Sub(budget, used)
	current := new(big.Rat).Quo(new(big.Rat).Mul(used, million), soFar)
	projection := new(big.Rat).Add(used, new(big.Rat).Quo(new(big.Rat).Mul(current, remaining), million))
	required := new(big.Rat).Quo(new(big.Rat).Mul(left, million), remaining)

	if p.Status != metrics.StatusOnTrack || p.Finished() || p.Forecast == nil {
		t.Fatalf("status %s, finished %v: want a year in progress, on track", p.Status, p.Finished())
	}
	f := p.Forecast
	if f.Method != metrics.LastYearScaled {
		t.Errorf("method %s, want %s", f.Method, metrics.LastYearScaled)
	}
	if len(f.MissingMonths) != 6 || f.MissingMonths[0] != period.MonthOf(2020, 7) || f.MissingMonths[5] != period.MonthOf(2020, 12) {
		t.Errorf("missing months %v, want 2020-07 to 2020-12", f.MissingMonths)
	}
	eq(t, "actual", p.Actual.Rate, current)
	eq(t, "growth", f.Growth, growth)
	eq(t, "expected remaining purchases", f.ExpectedRemainingTransactions, remaining)
	eq(t, "expected full-year purchases", f.ExpectedFullYearTransactions, fullYear)
	eq(t, "budget", f.Budget, budget)
	eq(t, "left", f.Left, left)
	eq(t, "projected complaints", f.ProjectedComplaints, projection)
	eq(t, "projected rate (the current rate held)", f.ProjectedRate, current)
	eq(t, "required rate", f.RequiredRate, required)
	if f.Used != 613 {
		t.Errorf("used %d, want 613 (by hand: 169+123+80+95+61+85)", f.Used)
	}
	// Against the figures worked out by hand from the CSVs.
	rounded(t, "expected remaining purchases", f.ExpectedRemainingTransactions, 1, "69429587.2")
	rounded(t, "budget", f.Budget, 2, "3505.25")
	rounded(t, "left", f.Left, 2, "2892.25")
	rounded(t, "projected complaints", f.ProjectedComplaints, 1, "1376.3")
	rounded(t, "required rate", f.RequiredRate, 2, "41.66")
	rounded(t, "actual", p.Actual.Rate, 2, "10.99")
	// 33 → 28 is a 15.2 % target reduction: 5 ÷ 33 = 15.15…
	eq(t, "target reduction", p.TargetReductionPercent, r("500/33"))
	rounded(t, "target reduction", p.TargetReductionPercent, 1, "15.2")
}

// months builds synthetic months of one year: purchases and complaints per
// month, starting in January.
func months(year int, tx, cp []int64) []metrics.MonthCounts {
	out := make([]metrics.MonthCounts, len(tx))
	for i := range tx {
		out[i] = metrics.MonthCounts{Month: period.MonthOf(year, i+1), Transactions: tx[i], Complaints: cp[i]}
	}
	return out
}

func repeat(n int, v int64) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func TestComputeProgress(t *testing.T) {
	// 2020: 500,000 purchases and 20 complaints a month: a rate of 40.
	full2020 := months(2020, repeat(12, 500_000), repeat(12, 20))
	// 2021: 1,000,000 purchases and 30 complaints a month: a rate of 30.
	full2021 := months(2021, repeat(12, 1_000_000), repeat(12, 30))
	q1 := months(2021, repeat(3, 1_000_000), repeat(3, 30))
	rising := months(2021, []int64{1_000_000, 2_000_000, 3_000_000}, repeat(3, 30))
	overspent := months(2021, repeat(3, 1_000_000), repeat(3, 400))
	join := func(parts ...[]metrics.MonthCounts) []metrics.MonthRate {
		var all []metrics.MonthCounts
		for _, p := range parts {
			all = append(all, p...)
		}
		return metrics.Rates(all)
	}
	type want struct {
		status               metrics.Status
		baseline, target     string
		targetReduction      string // percent, exact
		achievedReduction    string
		attainment           string
		method               metrics.ExpectedMethod // "" for a finished year
		remaining, budget    string
		left, projected      string
		required             string // "" when the target cannot be met
		previousYearBaseline bool
	}
	tests := []struct {
		name   string
		target metrics.Target
		months []metrics.MonthRate
		want   want
	}{
		{
			// (40 − 30) ÷ 40 = 25 %; (40 − 30) ÷ (40 − 36) = 250 %.
			name:   "finished year met",
			target: metrics.Target{Year: 2021, Baseline: r("40"), Rate: r("36")},
			months: join(full2020, full2021),
			want: want{status: metrics.StatusMet, baseline: "40", target: "36",
				targetReduction: "10", achievedReduction: "25", attainment: "250"},
		},
		{
			// (40 − 30) ÷ (40 − 25) = 2/3 = 66.67 %.
			name:   "finished year missed",
			target: metrics.Target{Year: 2021, Baseline: r("40"), Rate: r("25")},
			months: join(full2021),
			want: want{status: metrics.StatusMissed, baseline: "40", target: "25",
				targetReduction: "75/2", achievedReduction: "25", attainment: "200/3"},
		},
		{
			// Baseline: 2020's rate, 20 × 12 ÷ 6,000,000 × 1,000,000 = 40;
			// target: 40 × (1 − 10 %) = 36.
			name:   "previous year's rate less a reduction",
			target: metrics.Target{Year: 2021, Reduction: r("1/10")},
			months: join(full2020, full2021),
			want: want{status: metrics.StatusMet, baseline: "40", target: "36", previousYearBaseline: true,
				targetReduction: "10", achievedReduction: "25", attainment: "250"},
		},
		{
			// January–March 2021: 3,000,000 purchases, 90 complaints, rate 30.
			// Growth 3,000,000 ÷ 1,500,000 = 2; remaining 9 × 500,000 × 2 =
			// 9,000,000; full year 12,000,000; budget 28 × 12 = 336; left
			// 336 − 90 = 246; projection 90 + 30 × 9 = 360; required 246 ÷ 9.
			name:   "year in progress off track, last year scaled",
			target: metrics.Target{Year: 2021, Baseline: r("40"), Rate: r("28")},
			months: join(full2020, q1),
			want: want{status: metrics.StatusOffTrack, baseline: "40", target: "28",
				targetReduction: "30", achievedReduction: "25", attainment: "250/3",
				method: metrics.LastYearScaled, remaining: "9000000", budget: "336", left: "246",
				projected: "360", required: "82/3"},
		},
		{
			// No 2020: 6,000,000 ÷ 3 = 2,000,000 a month × 9 = 18,000,000;
			// rate 90 ÷ 6,000,000 = 15; budget 28 × 24 = 672; left 582;
			// projection 90 + 15 × 18 = 360; required 582 ÷ 18 = 97/3.
			name:   "year in progress on track, this year's average",
			target: metrics.Target{Year: 2021, Baseline: r("33"), Rate: r("28")},
			months: join(rising),
			want: want{status: metrics.StatusOnTrack, baseline: "33", target: "28",
				targetReduction: "500/33", achievedReduction: "600/11", attainment: "360",
				method: metrics.ThisYearAverage, remaining: "18000000", budget: "672", left: "582",
				projected: "360", required: "97/3"},
		},
		{
			// 1,200 complaints already against a budget of 28 × 12 = 336.
			name:   "budget overspent: cannot be met",
			target: metrics.Target{Year: 2021, Baseline: r("500"), Rate: r("28")},
			months: join(overspent),
			want: want{status: metrics.StatusOffTrack, baseline: "500", target: "28",
				targetReduction: "472/5", achievedReduction: "20", attainment: "1250/59",
				method: metrics.ThisYearAverage, remaining: "9000000", budget: "336", left: "-864",
				projected: "4800"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := metrics.ComputeProgress(tt.target, tt.months)
			if err != nil {
				t.Fatal(err)
			}
			w := tt.want
			if p.Status != w.status || p.BaselineIsPreviousYear != w.previousYearBaseline {
				t.Errorf("status %s, previous-year baseline %v; want %s, %v", p.Status, p.BaselineIsPreviousYear, w.status, w.previousYearBaseline)
			}
			eq(t, "baseline", p.Baseline, r(w.baseline))
			eq(t, "target", p.Target, r(w.target))
			eq(t, "target reduction", p.TargetReductionPercent, r(w.targetReduction))
			eq(t, "achieved reduction", p.AchievedReductionPercent, r(w.achievedReduction))
			eq(t, "attainment", p.AttainmentPercent, r(w.attainment))
			if w.method == "" {
				if p.Forecast != nil {
					t.Errorf("a finished year has no forecast, got %+v", p.Forecast)
				}
				return
			}
			f := p.Forecast
			if f == nil || f.Method != w.method {
				t.Fatalf("forecast %+v, want method %s", f, w.method)
			}
			eq(t, "remaining", f.ExpectedRemainingTransactions, r(w.remaining))
			eq(t, "budget", f.Budget, r(w.budget))
			eq(t, "left", f.Left, r(w.left))
			eq(t, "projected", f.ProjectedComplaints, r(w.projected))
			if w.required == "" {
				if f.CanBeMet() {
					t.Errorf("required rate %v, want: cannot be met", f.RequiredRate)
				}
			} else {
				eq(t, "required", f.RequiredRate, r(w.required))
			}
		})
	}
}

func TestComputeProgressErrors(t *testing.T) {
	full2021 := metrics.Rates(months(2021, repeat(12, 1_000_000), repeat(12, 30)))
	partial2020 := metrics.Rates(append(months(2020, repeat(6, 500_000), repeat(6, 20)), months(2021, repeat(12, 1_000_000), repeat(12, 30))...))
	tests := []struct {
		name   string
		target metrics.Target
		months []metrics.MonthRate
		want   string
	}{
		{"year without data", metrics.Target{Year: 2022, Baseline: r("40"), Rate: r("36")}, full2021, "no purchases in 2022"},
		{"target above baseline", metrics.Target{Year: 2021, Baseline: r("40"), Rate: r("41")}, full2021, "the target 41 is not below the baseline 40"},
		{"target equal to baseline", metrics.Target{Year: 2021, Baseline: r("40"), Rate: r("40")}, full2021, "not below the baseline"},
		{"previous year without data", metrics.Target{Year: 2021, Reduction: r("1/10")}, full2021, "no purchases in 2020"},
		{"previous year incomplete", metrics.Target{Year: 2021, Reduction: r("1/10")}, partial2020, "2020 has only 6 of 12 months"},
		{"zero baseline", metrics.Target{Year: 2021, Baseline: r("0"), Rate: r("0")}, full2021, "baseline above 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := metrics.ComputeProgress(tt.target, tt.months)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}
