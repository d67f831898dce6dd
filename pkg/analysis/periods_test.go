package analysis

import (
	"errors"
	"math"
	"math/big"
	"reflect"
	"testing"

	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/period"
	"github.com/nollmission/nollmission/pkg/stats"
)

func TestParsePeriod(t *testing.T) {
	m := period.MonthOf
	tests := []struct {
		in   string
		want Period
		err  string // "" for none; ErrPeriodSyntax's text for bad syntax
	}{
		{"2019-05", Period{MonthPeriod, m(2019, 5), m(2019, 5)}, ""},
		{" 2019-05 ", Period{MonthPeriod, m(2019, 5), m(2019, 5)}, ""},
		{"2019", Period{YearPeriod, m(2019, 1), m(2019, 12)}, ""},
		{"2019-01..2019-06", Period{RangePeriod, m(2019, 1), m(2019, 6)}, ""},
		{"2018-11..2019-02", Period{RangePeriod, m(2018, 11), m(2019, 2)}, ""},
		{"2019-03..2019-03", Period{RangePeriod, m(2019, 3), m(2019, 3)}, ""},
		{"2019-13", Period{}, "month 13 does not exist"},
		{"2019-01..2019-13", Period{}, "month 13 does not exist"},
		{"2019-06..2019-01", Period{}, "the range ends (2019-01) before it starts (2019-06)"},
		{"May 2019", Period{}, ErrPeriodSyntax.Error()},
		{"19", Period{}, ErrPeriodSyntax.Error()},
		{"2019-5", Period{}, ErrPeriodSyntax.Error()},
		{"2019-1x", Period{}, ErrPeriodSyntax.Error()},
		{"2019..2020", Period{}, ErrPeriodSyntax.Error()},
		{"2019-01..", Period{}, ErrPeriodSyntax.Error()},
		{"", Period{}, ErrPeriodSyntax.Error()},
	}
	for _, tt := range tests {
		got, err := ParsePeriod(tt.in)
		switch {
		case tt.err != "" && (err == nil || err.Error() != tt.err):
			t.Errorf("ParsePeriod(%q) error = %v, want %q", tt.in, err, tt.err)
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("ParsePeriod(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		case tt.err == "" && got.String() != map[PeriodKind]string{MonthPeriod: "2019-05", YearPeriod: "2019"}[got.Kind] && got.Kind != RangePeriod:
			t.Errorf("ParsePeriod(%q).String() = %q", tt.in, got.String())
		}
	}
	if s := (Period{RangePeriod, m(2019, 1), m(2019, 6)}).String(); s != "2019-01..2019-06" {
		t.Errorf("range String() = %q", s)
	}
}

// series builds a rate series: from first, one month per pair of
// (transactions, complaints).
func series(first period.Month, counts ...[2]int64) RateSeries {
	s := RateSeries{Country: "SE"}
	for i, c := range counts {
		s.Months = append(s.Months, metrics.MonthCounts{Month: first + period.Month(i), Transactions: c[0], Complaints: c[1]})
	}
	return s
}

// fifteen months, 2019-01 to 2020-03: month i has 1,000,000 × i purchases
// and i complaints... except 2019-07, which has none.
func fifteenMonths() RateSeries {
	var counts [][2]int64
	for i := int64(1); i <= 15; i++ {
		counts = append(counts, [2]int64{1_000_000 * i, i})
	}
	counts[6] = [2]int64{0, 3} // 2019-07: complaints, no purchases
	return series(period.MonthOf(2019, 1), counts...)
}

func monthsFrom(first period.Month, n int) []period.Month {
	out := make([]period.Month, n)
	for i := range out {
		out[i] = first + period.Month(i)
	}
	return out
}

func TestComparePeriods(t *testing.T) {
	s := fifteenMonths()
	m := period.MonthOf
	sum := func(from, to int64) int64 { return (to - from + 1) * (from + to) / 2 }
	tests := []struct {
		a, b                 string
		monthsA, monthsB     []period.Month
		complaintsA, txA     int64
		complaintsB, txB     int64
		sameMonthsA, sameMoB int
	}{
		{"2020-03", "2019-03", []period.Month{m(2020, 3)}, []period.Month{m(2019, 3)}, 15, 15_000_000, 3, 3_000_000, 0, 0},
		// B before A, or A before B: both fine.
		{"2019-03", "2020-03", []period.Month{m(2019, 3)}, []period.Month{m(2020, 3)}, 3, 3_000_000, 15, 15_000_000, 0, 0},
		// A year in progress against a full year... 2019 lacks July, so
		// 2020's January to March are matched with 2019's.
		{"2020", "2019", monthsFrom(m(2020, 1), 3), monthsFrom(m(2019, 1), 3), sum(13, 15), 1_000_000 * sum(13, 15), sum(1, 3), 1_000_000 * sum(1, 3), 0, 2020},
		// Ranges are taken as given, of any length.
		{"2019-08..2019-12", "2019-01..2019-06", monthsFrom(m(2019, 8), 5), monthsFrom(m(2019, 1), 6), sum(8, 12), 1_000_000 * sum(8, 12), sum(1, 6), 1_000_000 * sum(1, 6), 0, 0},
		// A year against a range: the year's months with purchases, no matching.
		{"2019", "2020-01..2020-03", append(monthsFrom(m(2019, 1), 6), monthsFrom(m(2019, 8), 5)...), monthsFrom(m(2020, 1), 3),
			sum(1, 12) - 7, 1_000_000 * (sum(1, 12) - 7), sum(13, 15), 1_000_000 * sum(13, 15), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.a+" vs "+tt.b, func(t *testing.T) {
			pa, _ := ParsePeriod(tt.a)
			pb, _ := ParsePeriod(tt.b)
			a, b, err := s.ComparePeriods(pa, pb)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a.Months, tt.monthsA) || !reflect.DeepEqual(b.Months, tt.monthsB) {
				t.Errorf("months %v and %v", a.Months, b.Months)
			}
			if a.Complaints != tt.complaintsA || a.Transactions != tt.txA || b.Complaints != tt.complaintsB || b.Transactions != tt.txB {
				t.Errorf("counts %d/%d and %d/%d", a.Complaints, a.Transactions, b.Complaints, b.Transactions)
			}
			if a.SameMonthsAs != tt.sameMonthsA || b.SameMonthsAs != tt.sameMoB {
				t.Errorf("same months as %d and %d", a.SameMonthsAs, b.SameMonthsAs)
			}
		})
	}
}

// TestComparePeriodsYearGap: a year that misses a month in the middle is
// matched to the other year's months too, both ways.
func TestComparePeriodsYearGap(t *testing.T) {
	var counts [][2]int64
	for i := 0; i < 24; i++ {
		counts = append(counts, [2]int64{1_000_000, 10})
	}
	counts[4] = [2]int64{0, 0}  // 2019-05
	counts[21] = [2]int64{0, 0} // 2020-10
	s := series(period.MonthOf(2019, 1), counts...)
	a, b, err := s.ComparePeriods(WholeYear(2019), WholeYear(2020))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Months) != 10 || len(b.Months) != 10 || a.SameMonthsAs != 2020 || b.SameMonthsAs != 2019 || a.Complaints != 100 || b.Transactions != 10_000_000 {
		t.Errorf("got %+v\nand %+v", a, b)
	}
	if !a.PartialYear() || a.Rate().Cmp(big.NewRat(10, 1)) != 0 {
		t.Errorf("partial %v, rate %v", a.PartialYear(), a.Rate())
	}
}

func TestComparePeriodsErrors(t *testing.T) {
	s := fifteenMonths()
	tests := []struct {
		a, b, err, hint string
		kind            any
	}{
		{"2019-07", "2018-07", "the data has no purchases in 2019-07", "the data covers 2019-01 to 2020-03", &PeriodDataError{}},
		{"2020-03", "2018-03", "the data has no purchases in 2018-03", "the data covers 2019-01 to 2020-03", &PeriodDataError{}},
		{"2019-05..2019-08", "2020-01", "the data has no purchases in 2019-07, part of 2019-05..2019-08", "", &PeriodDataError{}},
		{"2020-01..2020-06", "2019-01", "the data has no purchases in 2020-04 to 2020-06, part of 2020-01..2020-06", "", &PeriodDataError{}},
		{"2017", "2019", "the data has no purchases in 2017", "", &PeriodDataError{}},
		{"2019", "2019-05", "2019 and 2019-05 overlap in 2019-05", "", &OverlapError{}},
		{"2019-08..2019-11", "2019-10..2019-12", "2019-08..2019-11 and 2019-10..2019-12 overlap in 2019-10 to 2019-11", "", &OverlapError{}},
		// Overlap is refused as asked, before the data is looked at.
		{"2019-06..2019-09", "2019-01..2019-06", "2019-06..2019-09 and 2019-01..2019-06 overlap in 2019-06", "", &OverlapError{}},
		{"2019", "2019", "2019 and 2019 overlap in 2019-01 to 2019-12", "", &OverlapError{}},
		{"2017", "2017-02", "2017 and 2017-02 overlap in 2017-02", "", &OverlapError{}},
		{"2019-03", "2019-03", "2019-03 and 2019-03 overlap in 2019-03", "", &OverlapError{}},
	}
	for _, tt := range tests {
		pa, _ := ParsePeriod(tt.a)
		pb, _ := ParsePeriod(tt.b)
		_, _, err := s.ComparePeriods(pa, pb)
		if err == nil || err.Error() != tt.err || reflect.TypeOf(err) != reflect.TypeOf(tt.kind) {
			t.Errorf("%s vs %s: error %T %v, want %q", tt.a, tt.b, err, err, tt.err)
			continue
		}
		var pe *PeriodDataError
		if tt.hint != "" && (!errors.As(err, &pe) || pe.Hint() != tt.hint) {
			t.Errorf("%s vs %s: hint %q, want %q", tt.a, tt.b, pe.Hint(), tt.hint)
		}
	}
	// Years with no month in common.
	s = series(period.MonthOf(2019, 1), [2]int64{1, 0}, [2]int64{1, 0})
	s.Months = append(s.Months, metrics.MonthCounts{Month: period.MonthOf(2020, 5), Transactions: 1})
	if _, _, err := s.ComparePeriods(WholeYear(2020), WholeYear(2019)); err == nil || err.Error() != "2020 and 2019 have no month with purchases in common" {
		t.Errorf("no common months: %v", err)
	}
}

func TestDefaultComparisons(t *testing.T) {
	got, err := fifteenMonths().DefaultComparisons()
	want := [][2]Period{
		{MonthOnly(period.MonthOf(2020, 3)), MonthOnly(period.MonthOf(2019, 3))},
		{WholeYear(2020), WholeYear(2019)},
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("DefaultComparisons() = %v, %v", got, err)
	}
	// The latest month with purchases, not the latest row.
	s := fifteenMonths()
	s.Months[14].Transactions = 0
	if got, _ := s.DefaultComparisons(); got[0][0] != MonthOnly(period.MonthOf(2020, 2)) {
		t.Errorf("latest month %v, want 2020-02", got[0][0])
	}
	if _, err := series(period.MonthOf(2019, 1), [2]int64{0, 5}).DefaultComparisons(); !errors.Is(err, ErrNoPurchases) {
		t.Errorf("no purchases: %v", err)
	}
}

func TestControlChartOfSeries(t *testing.T) {
	// Twelve months of 1,000,000 purchases and 40 complaints, but the
	// fourth has 80 and the sixth no purchases: on the classic u chart
	// (ū = 480/11 = 43.64 per million, σ = √43.64 = 6.61) the fourth is
	// 5.5σ out, and a month without purchases has no point.
	counts := make([][2]int64, 12)
	for i := range counts {
		counts[i] = [2]int64{1_000_000, 40}
	}
	counts[3] = [2]int64{1_000_000, 80}
	counts[5] = [2]int64{0, 0}
	s := series(period.MonthOf(2019, 1), counts...)
	c, err := s.ControlChart(stats.U, stats.WesternElectric)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Months) != 12 || c.Kind != stats.U || c.Rules != stats.WesternElectric || c.SigmaZ != 1 {
		t.Fatalf("chart %+v", c)
	}
	if want := 480.0 / 11; math.Abs(c.Center-want) > 1e-12 {
		t.Errorf("centre %v, want %v", c.Center, want)
	}
	apr := c.Months[3]
	if apr.Month != period.MonthOf(2019, 4) || apr.Complaints != 80 || !apr.Plotted || apr.Rate != 80 || !reflect.DeepEqual(apr.Signals, []int{1}) {
		t.Errorf("April %+v", apr)
	}
	if jun := c.Months[5]; jun.Plotted || jun.Signals != nil {
		t.Errorf("June without purchases %+v", jun)
	}
	if latest, ok := c.Latest(); !ok || latest.Month != period.MonthOf(2019, 12) {
		t.Errorf("latest %v", latest.Month)
	}
	if _, err := series(period.MonthOf(2019, 1), [2]int64{1, 0}).ControlChart(stats.LaneyUPrime, stats.Nelson); err == nil {
		t.Error("a Laney chart of one month must fail")
	}
}

func TestOutlookOf(t *testing.T) {
	// 2019: twelve months of 1,000,000 purchases and 40 complaints; 2020:
	// six months of 1,000,000 and 35. The rest of 2020 expects 6,000,000
	// purchases (growth 1) and 35 × 6 = 210 complaints at the current rate.
	var counts [][2]int64
	for i := 0; i < 12; i++ {
		counts = append(counts, [2]int64{1_000_000, 40})
	}
	for i := 0; i < 6; i++ {
		counts = append(counts, [2]int64{1_000_000, 35})
	}
	rates := series(period.MonthOf(2019, 1), counts...).Rates()
	tests := []struct {
		target      *big.Rat
		probability float64 // R
		burn        *big.Rat
	}{
		// Budget 36 × 12 = 432, used 210, left 222: ppois(222, 210) = 0.80665235274021296.
		{big.NewRat(36, 1), 0.80665235274021296, big.NewRat(35, 36)},
		// Budget 36.05 × 12 = 432.6, left 222.6, floored: ppois(222, 210) again.
		{big.NewRat(3605, 100), 0.80665235274021296, big.NewRat(3500, 3605)},
		// Budget 432 + 12 × 1/12 = 433: left 223, ppois(223, 210) = 0.82465522801466751.
		{big.NewRat(433, 12), 0.82465522801466751, big.NewRat(35*12, 433)},
		// Budget 17 × 12 = 204 < 210 used: already spent.
		{big.NewRat(17, 1), 0, big.NewRat(35, 17)},
	}
	for _, tt := range tests {
		p, err := metrics.ComputeProgress(metrics.Target{Year: 2020, Baseline: big.NewRat(40, 1), Rate: tt.target}, rates)
		if err != nil {
			t.Fatal(err)
		}
		o, ok := OutlookOf(p)
		if !ok {
			t.Fatalf("target %v: no outlook", tt.target)
		}
		if math.Abs(o.ProbabilityMet-tt.probability) > 1e-10*math.Max(tt.probability, 1e-300) || (tt.probability == 0 && o.ProbabilityMet != 0) {
			t.Errorf("target %v: probability %.17g, want %.17g", tt.target, o.ProbabilityMet, tt.probability)
		}
		if o.BurnRate.Cmp(tt.burn) != 0 || o.ExpectedRemainingComplaints.Cmp(big.NewRat(210, 1)) != 0 {
			t.Errorf("target %v: burn %v, expected remaining %v", tt.target, o.BurnRate, o.ExpectedRemainingComplaints)
		}
	}
	// A finished year has no outlook.
	p, err := metrics.ComputeProgress(metrics.Target{Year: 2019, Baseline: big.NewRat(50, 1), Rate: big.NewRat(45, 1)}, rates)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := OutlookOf(p); ok {
		t.Error("a finished year must have no outlook")
	}
}
