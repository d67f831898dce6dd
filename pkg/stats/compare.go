package stats

import (
	"math"
	"math/big"
)

// Counts are the complaints and purchases of one period.
type Counts struct {
	Complaints, Purchases int64
}

// RateComparison compares the rates of two periods A and B.
type RateComparison struct {
	// Ratio is the rate ratio (xA/nA) / (xB/nB). It is +Inf when B has no
	// complaints and A has some, and 0 when A has none and B has some.
	// When neither has any it is 0/0: RatioDefined is false and Ratio is 0.
	Ratio        float64
	RatioDefined bool
	// CI is the exact interval of the rate ratio: the Clopper–Pearson
	// interval [πL, πU] of X_A ~ Bin(xA+xB, π) mapped by π/(1−π) · nB/nA.
	// Low is 0 when xA = 0; High is +Inf when xB = 0 (πU = 1), as in R.
	CI Interval
	// PValue is the two-sided p-value of the exact conditional test of equal
	// rates, by R's "minlike" method; 1 when there are no complaints at all.
	PValue float64
}

// CompareRates compares the complaint rates of periods A and B as R's
// poisson.test(c(xA, xB), c(nA, nB)/1e6, conf.level = level), which conditions
// on the total and calls binom.test(xA, xA+xB, p = nA/(nA+nB)).
// ok is false (no comparison) when either period has no purchases, a count
// is negative or the level is invalid.
func CompareRates(a, b Counts, level float64) (c RateComparison, ok bool) {
	if a.Purchases <= 0 || b.Purchases <= 0 || a.Complaints < 0 || b.Complaints < 0 || !validLevel(level) {
		return RateComparison{}, false
	}
	total := a.Complaints + b.Complaints
	if total < a.Complaints { // int64 overflow: no real data comes near it
		return RateComparison{}, false
	}
	if total > 0 {
		c.RatioDefined = true
		if b.Complaints == 0 {
			c.Ratio = math.Inf(1)
		} else {
			// Exact (xA·nB)/(xB·nA), rounded once.
			num := new(big.Int).Mul(big.NewInt(a.Complaints), big.NewInt(b.Purchases))
			den := new(big.Int).Mul(big.NewInt(b.Complaints), big.NewInt(a.Purchases))
			c.Ratio, _ = new(big.Rat).SetFrac(num, den).Float64()
		}
	}

	pi := clopperPearson(a.Complaints, total, (1-level)/2)
	purchasesRatio := float64(b.Purchases) / float64(a.Purchases)
	c.CI = Interval{Low: oddsTimes(pi.low, pi.lowC, purchasesRatio), High: oddsTimes(pi.high, pi.highC, purchasesRatio)}

	// R: p = TA/(TA+TB) with T the purchases in millions; the scale cancels.
	// q = 1 − p is its own quotient: it may be below p's resolution.
	sum := float64(a.Purchases) + float64(b.Purchases)
	c.PValue = binomialTwoSidedMinlike(a.Complaints, total, float64(a.Purchases)/sum, float64(b.Purchases)/sum)
	return c, true
}

// oddsTimes maps a probability π, with 1 − π given as piC, to
// π/(1−π) · k, with π = 1 giving +Inf.
func oddsTimes(pi, piC, k float64) float64 {
	if piC == 0 {
		return math.Inf(1)
	}
	return pi / piC * k
}

// binomialTwoSidedMinlike is the two-sided p-value of R's binom.test(x, n, p)
// for 0 < p < 1, with q = 1 − p given: the probability of every outcome no
// more likely than x, where "no more likely" allows R's relative tolerance
// of 1e-7. It follows R's steps: sum the tail beyond x, then count the
// outcomes on the far side of the mean that are no more likely than x and
// add that tail, capping the sum at 1. The probabilities fall away from the
// mean, so those outcomes are the far tail from the first of them on, found
// by bisection rather than by looking at each (there may be 10^18).
func binomialTwoSidedMinlike(x, n int64, p, q float64) float64 {
	if n == 0 {
		return 1 // R: the only outcome, x = 0 = n·p
	}
	logRelErr := math.Log1p(1e-7)
	d := logBinomialPMF(x, n, p, q) + logRelErr
	unlikely := func(i int64) bool { return logBinomialPMF(i, n, p, q) <= d }
	m := float64(n) * p
	var pval float64
	switch {
	case float64(x) == m:
		return 1
	case float64(x) < m:
		// The outcomes ceil(m)..n no more likely than x are j..n.
		lo, hi := int64(math.Ceil(m)), n+1 // unlikely(hi) taken as true
		if lo > n {
			lo = n + 1
		}
		for lo < hi {
			mid := lo + (hi-lo)/2
			if unlikely(mid) {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		pval = binomialAtMost(x, n, p, q) + binomialAtLeast(lo, n, p, q)
	default:
		// The outcomes 0..floor(m) no more likely than x are 0..j−1.
		lo, hi := int64(0), int64(math.Floor(m))+1 // unlikely(lo − 1) taken as true
		if hi > n+1 {
			hi = n + 1
		}
		for lo < hi {
			mid := lo + (hi-lo)/2
			if unlikely(mid) {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		pval = binomialAtMost(lo-1, n, p, q) + binomialAtLeast(x, n, p, q)
	}
	return math.Min(1, pval)
}

// binomialAtMost is P(X <= k) for X ~ Bin(n, p), q = 1 − p.
func binomialAtMost(k, n int64, p, q float64) float64 {
	switch {
	case k < 0:
		return 0
	case k >= n:
		return 1
	}
	logTail, _ := binomialAtMostTail(k, n, p, q)
	return math.Exp(logTail)
}

// binomialAtLeast is P(X >= k) for X ~ Bin(n, p), q = 1 − p.
func binomialAtLeast(k, n int64, p, q float64) float64 {
	switch {
	case k <= 0:
		return 1
	case k > n:
		return 0
	}
	logTail, _ := binomialAtLeastTail(k, n, p, q)
	return math.Exp(logTail)
}
