package metrics

import (
	"math/big"

	"github.com/nollmission/nollmission/pkg/period"
)

// MonthCounts are one month's purchases and complaints.
type MonthCounts struct {
	Month        period.Month
	Transactions int64
	Complaints   int64
}

// MonthRate is one month's complaints per million purchases.
type MonthRate struct {
	MonthCounts
	Rate *big.Rat // nil: no purchases, the rate is undefined
}

// YearRate is a year's purchase-weighted rate: Σ complaints ÷ Σ purchases ×
// 1,000,000 over its months with purchases, not the mean of its monthly
// rates. A month without purchases has no rate, and its complaints are not
// in the year's: they would raise a year to date with no purchases to set
// them against (the purchases of a month not exported yet).
type YearRate struct {
	Year          int
	Transactions  int64
	Complaints    int64    // in the months covered
	Rate          *big.Rat // nil when the year has no purchases
	MonthsCovered int      // months with purchases
	// UnweightedMean is the plain mean of the defined monthly rates, kept
	// only as a labelled contrast to Rate.
	UnweightedMean *big.Rat
}

// YearToDate tells whether months are missing: the figure is year to date.
func (y YearRate) YearToDate() bool { return y.MonthsCovered < 12 }

// Rates computes each month's rate.
func Rates(months []MonthCounts) []MonthRate {
	out := make([]MonthRate, len(months))
	for i, m := range months {
		out[i] = MonthRate{MonthCounts: m, Rate: Ratio(m.Complaints, m.Transactions, Million)}
	}
	return out
}

// FullYears computes the full-year figure of every year in months (sorted by
// month), in year order, over each year's months with purchases. Sums are exact: the caller's counts are int64 and
// their sums are taken in big.Int.
func FullYears(months []MonthRate) []YearRate {
	var out []YearRate
	for year, ms := range period.Years(months, func(m MonthRate) period.Month { return m.Month }) {
		tx, cp := new(big.Int), new(big.Int)
		rates := make([]*big.Rat, len(ms))
		covered := 0
		for i, m := range ms {
			rates[i] = m.Rate
			if m.Transactions > 0 {
				tx.Add(tx, big.NewInt(m.Transactions))
				cp.Add(cp, big.NewInt(m.Complaints))
				covered++
			}
		}
		y := YearRate{Year: year, Transactions: tx.Int64(), Complaints: cp.Int64(), MonthsCovered: covered, UnweightedMean: Mean(rates)}
		if tx.Sign() > 0 {
			y.Rate = new(big.Rat).SetFrac(cp.Mul(cp, big.NewInt(Million)), tx)
		}
		out = append(out, y)
	}
	return out
}

// SatisfiedPerMillion is the programme's framing of a rate: 33 complaints per
// million purchases is 999,967 satisfied per million.
func SatisfiedPerMillion(rate *big.Rat) *big.Rat {
	if rate == nil {
		return nil
	}
	return new(big.Rat).Sub(big.NewRat(Million, 1), rate)
}
