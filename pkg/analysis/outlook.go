package analysis

import (
	"math/big"

	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/stats"
)

// Outlook is how a year in progress stands against its complaint budget,
// in the terms SLO tools use for an error budget.
type Outlook struct {
	// ExpectedRemainingComplaints is the mean of the complaints still to
	// come if the rest of the year holds the year-to-date rate: that rate ×
	// the expected remaining purchases ÷ 10⁶, exact.
	ExpectedRemainingComplaints *big.Rat
	// ProbabilityMet is the chance that the full year ends at or below the
	// target, with the complaints still to come Poisson with that mean:
	// P(X ≤ ⌊budget − used⌋), 0 when the budget is already spent.
	ProbabilityMet float64
	// BurnRate is the year-to-date rate ÷ the target, exact: 1 spends the
	// budget exactly as fast as the year allows, above 1 faster; nil for a
	// target of 0, which no rate can be a multiple of.
	BurnRate *big.Rat
}

// OutlookOf is the outlook of a year in progress; ok is false for a
// finished year (no forecast).
func OutlookOf(p metrics.Progress) (o Outlook, ok bool) {
	f := p.Forecast
	if f == nil || p.Actual.Rate == nil || p.Target == nil || p.Target.Sign() < 0 {
		return Outlook{}, false
	}
	o.ExpectedRemainingComplaints = new(big.Rat).Mul(p.Actual.Rate, f.ExpectedRemainingTransactions)
	o.ExpectedRemainingComplaints.Quo(o.ExpectedRemainingComplaints, big.NewRat(metrics.Million, 1))
	mean, _ := o.ExpectedRemainingComplaints.Float64() // the one conversion to float
	if o.ProbabilityMet, ok = stats.ProbabilityWithinBudget(f.Budget, f.Used, mean); !ok {
		return Outlook{}, false
	}
	// A target of 0, the Nollmission's own aim, has a budget of 0: met
	// only by no complaint at all, certain at a rate of 0 so far.
	if p.Target.Sign() > 0 {
		o.BurnRate = new(big.Rat).Quo(p.Actual.Rate, p.Target)
	}
	return o, true
}
