package stats

import (
	"math"
	"math/big"

	"gonum.org/v1/gonum/stat/distuv"
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
	c.CI = Interval{Low: oddsTimes(pi.Low, purchasesRatio), High: oddsTimes(pi.High, purchasesRatio)}

	// R: p = TA/(TA+TB) with T the purchases in millions; the scale cancels.
	p := float64(a.Purchases) / (float64(a.Purchases) + float64(b.Purchases))
	c.PValue = binomialTwoSidedMinlike(a.Complaints, total, p)
	return c, true
}

// oddsTimes maps a probability π to π/(1−π) · k, with π = 1 giving +Inf.
func oddsTimes(pi, k float64) float64 {
	if pi == 1 {
		return math.Inf(1)
	}
	return pi / (1 - pi) * k
}

// binomialTwoSidedMinlike is the two-sided p-value of R's binom.test(x, n, p)
// for 0 < p < 1: the probability of every outcome no more likely than x,
// where "no more likely" allows R's relative tolerance of 1e-7. It follows
// R's steps: sum the tail beyond x, then count the outcomes on the far side
// of the mean that are no more likely than x and add that tail, capping the
// sum at 1.
func binomialTwoSidedMinlike(x, n int64, p float64) float64 {
	if n == 0 {
		return 1 // R: the only outcome, x = 0 = n·p
	}
	const relErr = 1 + 1e-7
	dist := distuv.Binomial{N: float64(n), P: p}
	d := dist.Prob(float64(x))
	m := float64(n) * p
	var pval float64
	switch {
	case float64(x) == m:
		return 1
	case float64(x) < m:
		// Outcomes ceil(m)..n no more likely than x; they are the upper tail.
		y := int64(0)
		for i := int64(math.Ceil(m)); i <= n; i++ {
			if dist.Prob(float64(i)) <= d*relErr {
				y++
			}
		}
		pval = binomialAtMost(x, n, p) + binomialAtLeast(n-y+1, n, p)
	default:
		// Outcomes 0..floor(m) no more likely than x; they are the lower tail.
		y := int64(0)
		for i := int64(0); i <= int64(math.Floor(m)); i++ {
			if dist.Prob(float64(i)) <= d*relErr {
				y++
			}
		}
		pval = binomialAtMost(y-1, n, p) + binomialAtLeast(x, n, p)
	}
	return math.Min(1, pval)
}

// binomialAtMost is P(X <= k) for X ~ Bin(n, p).
func binomialAtMost(k, n int64, p float64) float64 {
	switch {
	case k < 0:
		return 0
	case k >= n:
		return 1
	}
	return distuv.Binomial{N: float64(n), P: p}.CDF(float64(k))
}

// binomialAtLeast is P(X >= k) for X ~ Bin(n, p). It uses the identity
// P(X >= k) = I_p(k, n−k+1), the Beta(k, n−k+1) CDF at p, because gonum's
// Binomial.Survival is 1 − CDF and loses the small tails that p-values are
// made of.
func binomialAtLeast(k, n int64, p float64) float64 {
	switch {
	case k <= 0:
		return 1
	case k > n:
		return 0
	}
	return distuv.Beta{Alpha: float64(k), Beta: float64(n - k + 1)}.CDF(p)
}
