package stats

import (
	"math"
	"math/big"

	"gonum.org/v1/gonum/stat/distuv"
)

// ProbabilityAtMost is P(X <= k) for X ~ Poisson(mean), as R's ppois(k, mean):
// 0 when k < 0, 1 when mean = 0 and k >= 0. ok is false (no probability)
// when mean is negative, infinite or NaN.
func ProbabilityAtMost(k int64, mean float64) (p float64, ok bool) {
	switch {
	case !(mean >= 0) || math.IsInf(mean, 1):
		return 0, false
	case k < 0:
		return 0, true
	case mean == 0:
		return 1, true
	}
	return distuv.Poisson{Lambda: mean}.CDF(float64(k)), true
}

// ProbabilityWithinBudget is the probability that a year in progress ends at
// or below its target: that the complaints still to come, Poisson with the
// given mean, number at most ⌊budget − used⌋, where budget is the year's
// complaint budget (the target rate times the expected purchases of the full
// year, over 10⁶) and used the complaints so far. It is 0 when the budget is
// already spent (budget − used < 0). The caller computes the mean, the
// year-to-date rate times the expected remaining purchases over 10⁶, exactly
// and converts it. ok is false as for [ProbabilityAtMost], or when budget is
// nil.
func ProbabilityWithinBudget(budget *big.Rat, used int64, mean float64) (p float64, ok bool) {
	if budget == nil {
		return 0, false
	}
	left := new(big.Rat).Sub(budget, new(big.Rat).SetInt64(used))
	// Rat keeps a positive denominator, so Euclidean division is the floor.
	k := new(big.Int).Div(left.Num(), left.Denom())
	if !k.IsInt64() {
		if k.Sign() < 0 {
			return ProbabilityAtMost(-1, mean)
		}
		return ProbabilityAtMost(math.MaxInt64, mean)
	}
	return ProbabilityAtMost(k.Int64(), mean)
}
