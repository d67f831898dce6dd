package analysis

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/period"
)

// PeriodKind is how a period was asked for.
type PeriodKind int

const (
	// MonthPeriod is one calendar month: 2019-05.
	MonthPeriod PeriodKind = iota
	// YearPeriod is a calendar year: 2019. Compared with another year, a
	// year in progress is matched to the same months of the other.
	YearPeriod
	// RangePeriod is a run of months, both ends included: 2019-01..2019-06.
	RangePeriod
)

// Period is a span of calendar months as asked for.
type Period struct {
	Kind        PeriodKind
	First, Last period.Month
}

// MonthOnly is the period of one month.
func MonthOnly(m period.Month) Period { return Period{Kind: MonthPeriod, First: m, Last: m} }

// WholeYear is the period of a calendar year.
func WholeYear(year int) Period {
	return Period{Kind: YearPeriod, First: period.MonthOf(year, 1), Last: period.MonthOf(year, 12)}
}

// ErrPeriodSyntax is a period written in none of the three forms.
var ErrPeriodSyntax = errors.New("not a period: want a month (2019-05), a year (2019) or a range of months (2019-01..2019-06)")

// ParsePeriod reads "2019-05", "2019" or "2019-01..2019-06".
func ParsePeriod(s string) (Period, error) {
	text := strings.TrimSpace(s)
	if first, last, ok := strings.Cut(text, ".."); ok {
		a, err := parsePeriodMonth(first)
		if err != nil {
			return Period{}, err
		}
		b, err := parsePeriodMonth(last)
		if err != nil {
			return Period{}, err
		}
		if b < a {
			return Period{}, fmt.Errorf("the range ends (%s) before it starts (%s)", b, a)
		}
		return Period{Kind: RangePeriod, First: a, Last: b}, nil
	}
	if len(text) == 4 {
		y, err := period.ParseYear(text)
		if err != nil {
			return Period{}, ErrPeriodSyntax
		}
		return WholeYear(y), nil
	}
	m, err := parsePeriodMonth(text)
	if err != nil {
		return Period{}, err
	}
	return MonthOnly(m), nil
}

func parsePeriodMonth(s string) (period.Month, error) {
	text := strings.TrimSpace(s)
	m, err := period.ParseMonth(text)
	if err == nil {
		return m, nil
	}
	if len(text) == 7 && text[4] == '-' && allDigits(text[:4]) && allDigits(text[5:]) {
		return 0, err // well written, but no such month (2019-13): say so
	}
	return 0, ErrPeriodSyntax
}

func allDigits(s string) bool {
	return strings.Trim(s, "0123456789") == ""
}

// String writes the period as it is parsed: 2019-05, 2019, 2019-01..2019-06.
func (p Period) String() string {
	switch p.Kind {
	case YearPeriod:
		return fmt.Sprint(p.First.Year())
	case RangePeriod:
		return p.First.String() + ".." + p.Last.String()
	}
	return p.First.String()
}

// PeriodCounts are the summed counts of a period, over the months used.
type PeriodCounts struct {
	Period Period
	// Months are the months summed, in order: every month of a month or
	// range period; for a year, its months with purchases, or the months
	// matched to the other year's.
	Months       []period.Month
	Complaints   int64
	Transactions int64
	// SameMonthsAs is the other year when this year was cut to the months
	// that year has (a year in progress); 0 otherwise.
	SameMonthsAs int
}

// Rate is complaints per million purchases, exact.
func (c PeriodCounts) Rate() *big.Rat {
	return metrics.Ratio(c.Complaints, c.Transactions, metrics.Million)
}

// PartialYear tells a year period that sums fewer than twelve months: a
// year in progress, or a year cut to another's months.
func (c PeriodCounts) PartialYear() bool { return c.Period.Kind == YearPeriod && len(c.Months) < 12 }

// PeriodDataError is a period the data does not cover.
type PeriodDataError struct {
	Period  Period
	Missing []period.Month // months of the period without purchases
	Covered []period.Month // the months the data has purchases in
}

func (e *PeriodDataError) Error() string {
	if e.Period.Kind != RangePeriod || len(e.Missing) == int(e.Period.Last-e.Period.First)+1 {
		return fmt.Sprintf("the data has no purchases in %s", e.Period)
	}
	return fmt.Sprintf("the data has no purchases in %s, part of %s", monthList(e.Missing), e.Period)
}

// Hint says what the data does cover.
func (e *PeriodDataError) Hint() string {
	if len(e.Covered) == 0 {
		return "the data has no purchases at all"
	}
	return fmt.Sprintf("the data covers %s to %s", e.Covered[0], e.Covered[len(e.Covered)-1])
}

// OverlapError is two periods that share months: the exact test compares
// independent counts, and shared months would be counted on both sides.
type OverlapError struct {
	A, B   Period
	Shared []period.Month
}

func (e *OverlapError) Error() string {
	return fmt.Sprintf("%s and %s overlap in %s", e.A, e.B, monthList(e.Shared))
}

// NoCommonMonthsError is two years with no month that both have purchases
// in, so a year in progress has nothing to be matched with.
type NoCommonMonthsError struct {
	A, B int
}

func (e *NoCommonMonthsError) Error() string {
	return fmt.Sprintf("%d and %d have no month with purchases in common", e.A, e.B)
}

// months lists the months from first to last.
func months(first, last period.Month) []period.Month {
	var out []period.Month
	for m := first; m <= last; m++ {
		out = append(out, m)
	}
	return out
}

// monthList writes months as "2020-07 to 2020-12" when they run on, else as a list.
func monthList(months []period.Month) string {
	if len(months) == 1 {
		return months[0].String()
	}
	if int(months[len(months)-1]-months[0]) == len(months)-1 {
		return months[0].String() + " to " + months[len(months)-1].String()
	}
	names := make([]string, len(months))
	for i, m := range months {
		names[i] = m.String()
	}
	return strings.Join(names, ", ")
}

// ComparePeriods sums the counts of two periods for a comparison of their
// rates. Two years are compared over the same months: when either is
// missing months (a year in progress), both are cut to the months of the
// year that both have purchases in. Every month of a month or range period
// must have purchases; a year needs at least one month with purchases.
// Periods that share a month are an *OverlapError; which comes first does
// not matter. Matching only drops months, so periods that do not overlap as
// asked do not overlap after it.
func (s RateSeries) ComparePeriods(a, b Period) (PeriodCounts, PeriodCounts, error) {
	withPurchases := map[period.Month]metrics.MonthCounts{}
	var covered []period.Month
	for _, m := range s.Months {
		if m.Transactions > 0 {
			withPurchases[m.Month] = m
			covered = append(covered, m.Month)
		}
	}
	monthsOf := func(p Period) ([]period.Month, error) {
		var have, missing []period.Month
		for m := p.First; m <= p.Last; m++ {
			if _, ok := withPurchases[m]; ok {
				have = append(have, m)
			} else {
				missing = append(missing, m)
			}
		}
		if len(have) == 0 || (p.Kind != YearPeriod && len(missing) > 0) {
			return nil, &PeriodDataError{Period: p, Missing: missing, Covered: covered}
		}
		return have, nil
	}
	if first, last := max(a.First, b.First), min(a.Last, b.Last); first <= last {
		return PeriodCounts{}, PeriodCounts{}, &OverlapError{A: a, B: b, Shared: months(first, last)}
	}
	ma, err := monthsOf(a)
	if err != nil {
		return PeriodCounts{}, PeriodCounts{}, err
	}
	mb, err := monthsOf(b)
	if err != nil {
		return PeriodCounts{}, PeriodCounts{}, err
	}
	ca, cb := PeriodCounts{Period: a, Months: ma}, PeriodCounts{Period: b, Months: mb}
	if a.Kind == YearPeriod && b.Kind == YearPeriod && a != b && (len(ma) < 12 || len(mb) < 12) {
		if err := matchMonths(&ca, &cb); err != nil {
			return PeriodCounts{}, PeriodCounts{}, err
		}
	}
	for _, c := range []*PeriodCounts{&ca, &cb} {
		for _, m := range c.Months {
			c.Complaints += withPurchases[m].Complaints
			c.Transactions += withPurchases[m].Transactions
		}
	}
	return ca, cb, nil
}

// matchMonths cuts two years to the months of the year both have.
func matchMonths(a, b *PeriodCounts) error {
	numbers := func(months []period.Month) []int {
		out := make([]int, len(months))
		for i, m := range months {
			out[i] = m.Number()
		}
		return out
	}
	na, nb := numbers(a.Months), numbers(b.Months)
	keep := func(c *PeriodCounts, other []int, otherYear int) {
		var kept []period.Month
		for _, m := range c.Months {
			if slices.Contains(other, m.Number()) {
				kept = append(kept, m)
			}
		}
		if len(kept) < len(c.Months) {
			c.SameMonthsAs = otherYear
		}
		c.Months = kept
	}
	ya, yb := a.Period.First.Year(), b.Period.First.Year()
	keep(a, nb, yb)
	keep(b, na, ya)
	if len(a.Months) == 0 {
		return &NoCommonMonthsError{A: ya, B: yb}
	}
	return nil
}

// ErrNoPurchases is data without a month with purchases: no rate to compare.
var ErrNoPurchases = errors.New("the data has no month with purchases")

// DefaultComparisons are the periods compare takes without arguments: the
// latest month with purchases against the same month a year earlier, and
// its year (to date) against the year before, which ComparePeriods matches
// to the same months.
func (s RateSeries) DefaultComparisons() ([][2]Period, error) {
	latest := period.Month(-1)
	for _, m := range s.Months {
		if m.Transactions > 0 {
			latest = m.Month
		}
	}
	if latest < 0 {
		return nil, ErrNoPurchases
	}
	return [][2]Period{
		{MonthOnly(latest), MonthOnly(latest - 12)},
		{WholeYear(latest.Year()), WholeYear(latest.Year() - 1)},
	}, nil
}
