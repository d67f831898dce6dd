package stats

import (
	"fmt"
	"math"
	"math/big"

	"gonum.org/v1/gonum/stat/distuv"
)

// perMillion is the unit of every rate: complaints per million purchases.
const perMillion = 1e6

// Interval is a two-sided confidence interval, Low <= High.
type Interval struct {
	Low, High float64
}

// CheckLevel reports whether level is a usable confidence level: a fraction
// strictly between 0 and 1.
func CheckLevel(level float64) error {
	if !(level > 0 && level < 1) { // also rejects NaN
		return fmt.Errorf("confidence level %v is not a fraction strictly between 0 and 1", level)
	}
	return nil
}

func validLevel(level float64) bool { return CheckLevel(level) == nil }

// GarwoodInterval is the exact Poisson (Garwood) interval of the rate of
// complaints per million purchases, as R's
// poisson.test(complaints, purchases/1e6, conf.level = level)$conf.int:
// lower = χ²(α/2; 2x) / 2T, upper = χ²(1−α/2; 2x+2) / 2T with T the purchases
// in millions, and lower = 0 when there are no complaints. It holds for any
// count and level (see exact.go) and contains complaints / T.
// ok is false (no interval) when purchases <= 0, complaints < 0 or the level
// is invalid.
func GarwoodInterval(complaints, purchases int64, level float64) (iv Interval, ok bool) {
	if purchases <= 0 || complaints < 0 || !validLevel(level) {
		return Interval{}, false
	}
	mean := garwood(complaints, (1-level)/2)
	millions := float64(purchases) / perMillion
	return Interval{Low: mean.Low / millions, High: mean.High / millions}, true
}

// garwood is the exact interval of a Poisson mean from the count x ≥ 0:
// μ_L with P(Y ≥ x; μ_L) = α/2 (0 when x = 0) and μ_U with
// P(Y ≤ x; μ_U) = α/2, the χ² quantiles halved. gonum's quantiles start
// Newton's steps.
func garwood(x int64, halfAlpha float64) Interval {
	target := math.Log(halfAlpha)
	if x == 0 { // e^−μ = α/2
		return Interval{Low: 0, High: -target}
	}
	xf := float64(x)
	low := solveTail(func(mu float64) (float64, float64) { return poissonAtLeastTail(xf, mu) }, true,
		0, xf, distuv.ChiSquared{K: 2 * xf}.Quantile(halfAlpha)/2, target)
	high := solveTail(func(mu float64) (float64, float64) { return poissonAtMostTail(xf, mu) }, false,
		xf, math.Inf(1), distuv.ChiSquared{K: 2*xf + 2}.Quantile(1-halfAlpha)/2, target)
	return Interval{Low: low, High: high}
}

// WilsonInterval is the Wilson score interval of the share successes/trials,
// as R's prop.test(successes, trials, correct = FALSE, conf.level = level)$conf.int
// (without R's default continuity correction). Like R it is exactly 0 below
// when successes = 0 and exactly 1 above when successes = trials.
// ok is false (no interval) when trials <= 0, successes is outside
// [0, trials] or the level is invalid.
func WilsonInterval(successes, trials int64, level float64) (iv Interval, ok bool) {
	if trials <= 0 || successes < 0 || successes > trials || !validLevel(level) {
		return Interval{}, false
	}
	// The same steps as R's, so that the last digits agree.
	n := float64(trials)
	p := float64(successes) / n
	z := distuv.UnitNormal.Quantile((1 + level) / 2)
	z22n := z * z / (2 * n)
	spread := z * math.Sqrt(p*(1-p)/n+z22n/(2*n))
	iv.Low, iv.High = 0, 1
	if p > 0 {
		iv.Low = (p + z22n - spread) / (1 + 2*z22n)
	}
	if p < 1 {
		iv.High = (p + z22n + spread) / (1 + 2*z22n)
	}
	return iv, true
}

// ClopperPearsonInterval is the exact (Clopper–Pearson) interval of the share
// successes/trials, as R's binom.test(successes, trials, conf.level = level)$conf.int:
// the α/2 quantile of Beta(x, n−x+1) and the 1−α/2 quantile of
// Beta(x+1, n−x), with 0 below when x = 0 and 1 above when x = n. It holds
// for any trials up to the int64 range (see exact.go), a share near 1 as
// well as one near 0, and contains the share x/n as a float64.
// ok is false (no interval) when trials <= 0, successes is outside
// [0, trials] or the level is invalid.
func ClopperPearsonInterval(successes, trials int64, level float64) (iv Interval, ok bool) {
	if trials <= 0 || successes < 0 || successes > trials || !validLevel(level) {
		return Interval{}, false
	}
	b := clopperPearson(successes, trials, (1-level)/2)
	// The bounds enclose the share; its rounding may not, by a last bit.
	share, _ := new(big.Rat).SetFrac64(successes, trials).Float64()
	return Interval{Low: math.Min(b.low, share), High: math.Max(b.high, share)}, true
}

// shareBounds are a Clopper–Pearson interval and 1 − each bound, each
// computed where it is small, so that the odds π/(1−π) of a bound near 1
// keep their digits.
type shareBounds struct {
	low, high   float64
	lowC, highC float64 // 1 − low, 1 − high
}

// clopperPearson is binom.test's p.L and p.U for a valid x, n and α/2. A
// share above one half is the complement of its failures' interval: the
// bounds near 1 come from 1 − (a bound near 0), never the other way round.
func clopperPearson(x, n int64, halfAlpha float64) shareBounds {
	if x > n-x {
		b := clopperPearsonBelowHalf(n-x, n, halfAlpha)
		return shareBounds{low: b.highC, high: b.lowC, lowC: b.high, highC: b.low}
	}
	return clopperPearsonBelowHalf(x, n, halfAlpha)
}

// clopperPearsonBelowHalf is clopperPearson for x ≤ n/2: p.L solves
// P(X ≥ x; p) = α/2 and p.U solves P(X ≤ x; p) = α/2.
func clopperPearsonBelowHalf(x, n int64, halfAlpha float64) shareBounds {
	target := math.Log(halfAlpha)
	nf := float64(n)
	if x == 0 { // (1 − p.U)^n = α/2
		return shareBounds{low: 0, lowC: 1, high: -math.Expm1(target / nf), highC: math.Exp(target / nf)}
	}
	share, _ := new(big.Rat).SetFrac64(x, n).Float64()
	xf := float64(x)
	var b shareBounds
	b.low = solveTail(func(p float64) (float64, float64) { return binomialAtLeastTail(x, n, p, 1-p) }, true,
		0, share, distuv.Beta{Alpha: xf, Beta: nf - xf + 1}.Quantile(halfAlpha), target)
	b.lowC = 1 - b.low
	guess := distuv.Beta{Alpha: xf + 1, Beta: nf - xf}.Quantile(1 - halfAlpha)
	if atHalf, _ := binomialAtMostTail(x, n, 0.5, 0.5); 2*x < n && atHalf <= target {
		// p.U ≤ 1/2: solve for p.
		b.high = solveTail(func(p float64) (float64, float64) { return binomialAtMostTail(x, n, p, 1-p) }, false,
			share, 0.5, guess, target)
		b.highC = 1 - b.high
	} else {
		// p.U > 1/2 (few trials): solve for 1 − p.U, which rises with the tail.
		b.highC = solveTail(func(q float64) (float64, float64) { return binomialAtMostTail(x, n, 1-q, q) }, true,
			0, 0.5, 1-guess, target)
		b.high = 1 - b.highC
	}
	return b
}
