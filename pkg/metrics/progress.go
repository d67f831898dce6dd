package metrics

import (
	"fmt"
	"math/big"

	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/period"
)

// Status is how a year stands against its target.
type Status string

// A finished year has met or missed its target; a year in progress is on or
// off track.
const (
	StatusMet      Status = "met"
	StatusMissed   Status = "missed"
	StatusOnTrack  Status = "on_track"
	StatusOffTrack Status = "off_track"
)

// Statuses lists every status, for flag help and validation.
var Statuses = []Status{StatusMet, StatusMissed, StatusOnTrack, StatusOffTrack}

// Target is a year's target as configured: a baseline rate (or the previous
// year's computed full-year rate) and a target rate (or a reduction of the
// baseline).
type Target struct {
	Year int
	// Baseline is nil when the baseline is the previous year's full-year rate.
	Baseline *big.Rat
	// Rate is the target rate; nil when the target is given as Reduction.
	Rate *big.Rat
	// Reduction is a fraction of the baseline (1/10 for 10 %), used when Rate is nil.
	Reduction *big.Rat
}

// ExpectedMethod says how the purchases of a year's missing months were estimated.
type ExpectedMethod string

const (
	// LastYearScaled: the same months of last year, times this year's growth
	// so far (this year's purchases ÷ the same months' purchases last year).
	LastYearScaled ExpectedMethod = "last_year_scaled"
	// ThisYearAverage: this year's monthly average so far, for each missing
	// month; used when last year lacks any of the months needed.
	ThisYearAverage ExpectedMethod = "this_year_average"
)

// Progress is one year's figures against its target. Percentages are
// percent (17.5 for 17.5 %), exact.
type Progress struct {
	Actual YearRate // the purchase-weighted rate, year to date when months are missing
	// Baseline is the configured baseline, or the previous year's full-year
	// rate when BaselineIsPreviousYear.
	Baseline               *big.Rat
	BaselineIsPreviousYear bool
	Target                 *big.Rat
	// TargetReductionPercent is (baseline − target) ÷ baseline × 100.
	TargetReductionPercent *big.Rat
	// AchievedReductionPercent is (baseline − actual) ÷ baseline × 100.
	AchievedReductionPercent *big.Rat
	// AttainmentPercent is (baseline − actual) ÷ (baseline − target) × 100;
	// 100 or more is met.
	AttainmentPercent   *big.Rat
	SatisfiedPerMillion *big.Rat
	Status              Status
	// Forecast is set for a year with missing months, nil for a finished year.
	Forecast *Forecast
}

// Finished tells whether the year has all twelve months.
func (p Progress) Finished() bool { return !p.Actual.YearToDate() }

// Forecast is what the rest of a year in progress must hold. Purchases and
// complaints of the missing months are estimates, so they are exact
// fractions, not counts.
type Forecast struct {
	MissingMonths []period.Month
	Method        ExpectedMethod
	// Growth is this year's purchases so far ÷ the same months last year
	// (LastYearScaled only; nil otherwise).
	Growth *big.Rat
	// ExpectedRemainingTransactions are the purchases expected in the missing months.
	ExpectedRemainingTransactions *big.Rat
	// ExpectedFullYearTransactions are the purchases so far plus the expected rest.
	ExpectedFullYearTransactions *big.Rat
	// Budget is the complaints the year may have at the target rate:
	// target × expected full-year purchases ÷ 1,000,000.
	Budget *big.Rat
	Used   int64    // complaints so far
	Left   *big.Rat // Budget − Used; negative when the budget is overspent
	// ProjectedComplaints is the year-end total if the rest of the year
	// holds the current rate; ProjectedRate is its rate.
	ProjectedComplaints *big.Rat
	ProjectedRate       *big.Rat
	// RequiredRate is the rate the missing months must hold for the year to
	// meet its target: Left ÷ expected remaining purchases × 1,000,000. Nil
	// when the budget is already overspent: the target cannot be met.
	RequiredRate *big.Rat
}

// CanBeMet tells whether the rest of the year can still meet the target.
func (f *Forecast) CanBeMet() bool { return f.RequiredRate != nil }

// ComputeProgress measures the target's year against it. months are every
// month of the data, sorted, so that the previous year is at hand for a
// previous_year baseline and for the growth of a year in progress. The
// errors are the target's or the data's: a year without data, a previous
// year that is not complete, a target not below its baseline.
func ComputeProgress(t Target, months []MonthRate) (Progress, error) {
	byYear := map[int]YearRate{}
	for _, y := range FullYears(months) {
		byYear[y.Year] = y
	}
	actual, ok := byYear[t.Year]
	if !ok || actual.Rate == nil {
		return Progress{}, fmt.Errorf("target %d: the data has no purchases in %d", t.Year, t.Year)
	}

	p := Progress{Actual: actual, Baseline: t.Baseline}
	if t.Baseline == nil {
		prev, ok := byYear[t.Year-1]
		switch {
		case !ok || prev.Rate == nil:
			return Progress{}, fmt.Errorf("target %d: the baseline is the previous year's rate, and the data has no purchases in %d", t.Year, t.Year-1)
		case prev.YearToDate():
			return Progress{}, fmt.Errorf("target %d: the baseline is the previous year's full-year rate, and %d has only %d of 12 months", t.Year, t.Year-1, prev.MonthsCovered)
		}
		p.Baseline, p.BaselineIsPreviousYear = prev.Rate, true
	}
	if p.Baseline.Sign() <= 0 {
		return Progress{}, fmt.Errorf("target %d: the baseline is %s; a reduction needs a baseline above 0", t.Year, decimal.Short(p.Baseline))
	}
	p.Target = t.Rate
	if p.Target == nil {
		// target = baseline × (1 − reduction)
		keep := new(big.Rat).Sub(big.NewRat(1, 1), t.Reduction)
		p.Target = keep.Mul(keep, p.Baseline)
	}
	if p.Target.Cmp(p.Baseline) >= 0 {
		return Progress{}, fmt.Errorf("target %d: the target %s is not below the baseline %s", t.Year, decimal.Short(p.Target), decimal.Short(p.Baseline))
	}

	hundred := big.NewRat(100, 1)
	reduction := func(to *big.Rat) *big.Rat {
		r := new(big.Rat).Sub(p.Baseline, to)
		r.Quo(r, p.Baseline)
		return r.Mul(r, hundred)
	}
	p.TargetReductionPercent = reduction(p.Target)
	p.AchievedReductionPercent = reduction(actual.Rate)
	p.AttainmentPercent = new(big.Rat).Sub(p.Baseline, actual.Rate)
	p.AttainmentPercent.Quo(p.AttainmentPercent, new(big.Rat).Sub(p.Baseline, p.Target))
	p.AttainmentPercent.Mul(p.AttainmentPercent, hundred)
	p.SatisfiedPerMillion = SatisfiedPerMillion(actual.Rate)

	onTarget := actual.Rate.Cmp(p.Target) <= 0
	switch {
	case p.Finished() && onTarget:
		p.Status = StatusMet
	case p.Finished():
		p.Status = StatusMissed
	case onTarget:
		p.Status = StatusOnTrack
	default:
		p.Status = StatusOffTrack
	}
	if !p.Finished() {
		p.Forecast = forecast(t.Year, months, actual, p.Target)
	}
	return p, nil
}

// forecast estimates the rest of a year in progress.
func forecast(year int, months []MonthRate, actual YearRate, target *big.Rat) *Forecast {
	thisYear := map[int]int64{} // month number → purchases, months with purchases only
	lastYear := map[int]int64{}
	for _, m := range months {
		switch {
		case m.Transactions <= 0:
		case m.Month.Year() == year:
			thisYear[m.Month.Number()] = m.Transactions
		case m.Month.Year() == year-1:
			lastYear[m.Month.Number()] = m.Transactions
		}
	}
	f := &Forecast{Used: actual.Complaints}
	for n := 1; n <= 12; n++ {
		if _, ok := thisYear[n]; !ok {
			f.MissingMonths = append(f.MissingMonths, period.MonthOf(year, n))
		}
	}

	soFar := new(big.Int)
	for _, tx := range thisYear {
		soFar.Add(soFar, big.NewInt(tx))
	}
	sameMonthsLastYear, missingLastYear := new(big.Int), new(big.Int)
	lastYearHasAll := true
	for n := 1; n <= 12; n++ {
		tx, ok := lastYear[n]
		if !ok {
			lastYearHasAll = false
			break
		}
		if _, covered := thisYear[n]; covered {
			sameMonthsLastYear.Add(sameMonthsLastYear, big.NewInt(tx))
		} else {
			missingLastYear.Add(missingLastYear, big.NewInt(tx))
		}
	}
	if lastYearHasAll {
		f.Method = LastYearScaled
		f.Growth = new(big.Rat).SetFrac(soFar, sameMonthsLastYear)
		f.ExpectedRemainingTransactions = new(big.Rat).Mul(new(big.Rat).SetInt(missingLastYear), f.Growth)
	} else {
		f.Method = ThisYearAverage
		f.ExpectedRemainingTransactions = new(big.Rat).SetFrac(
			new(big.Int).Mul(soFar, big.NewInt(int64(len(f.MissingMonths)))),
			big.NewInt(int64(len(thisYear))))
	}
	f.ExpectedFullYearTransactions = new(big.Rat).Add(new(big.Rat).SetInt(soFar), f.ExpectedRemainingTransactions)

	million := big.NewRat(Million, 1)
	used := big.NewRat(f.Used, 1)
	f.Budget = new(big.Rat).Mul(target, f.ExpectedFullYearTransactions)
	f.Budget.Quo(f.Budget, million)
	f.Left = new(big.Rat).Sub(f.Budget, used)
	f.ProjectedComplaints = new(big.Rat).Mul(actual.Rate, f.ExpectedRemainingTransactions)
	f.ProjectedComplaints.Quo(f.ProjectedComplaints, million)
	f.ProjectedComplaints.Add(f.ProjectedComplaints, used)
	f.ProjectedRate = new(big.Rat).Mul(f.ProjectedComplaints, million)
	f.ProjectedRate.Quo(f.ProjectedRate, f.ExpectedFullYearTransactions)
	if f.Left.Sign() >= 0 {
		f.RequiredRate = new(big.Rat).Mul(f.Left, million)
		f.RequiredRate.Quo(f.RequiredRate, f.ExpectedRemainingTransactions)
	}
	return f
}
