package stats

import (
	"fmt"
	"math"

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
// in millions, and lower = 0 when there are no complaints.
// ok is false (no interval) when purchases <= 0, complaints < 0 or the level
// is invalid.
func GarwoodInterval(complaints, purchases int64, level float64) (iv Interval, ok bool) {
	if purchases <= 0 || complaints < 0 || !validLevel(level) {
		return Interval{}, false
	}
	alpha := (1 - level) / 2
	millions := float64(purchases) / perMillion
	x := float64(complaints)
	if complaints > 0 {
		iv.Low = distuv.ChiSquared{K: 2 * x}.Quantile(alpha) / (2 * millions)
	}
	iv.High = distuv.ChiSquared{K: 2*x + 2}.Quantile(1-alpha) / (2 * millions)
	return iv, true
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
// Beta(x+1, n−x), with 0 below when x = 0 and 1 above when x = n.
// ok is false (no interval) when trials <= 0, successes is outside
// [0, trials] or the level is invalid.
func ClopperPearsonInterval(successes, trials int64, level float64) (iv Interval, ok bool) {
	if trials <= 0 || successes < 0 || successes > trials || !validLevel(level) {
		return Interval{}, false
	}
	return clopperPearson(successes, trials, (1-level)/2), true
}

// clopperPearson is binom.test's p.L and p.U for a valid x, n and α/2.
//
// Precision: gonum's incomplete beta (Cephes incbet) stops its continued
// fraction after 300 steps, too few within a fraction of σ of the mean once
// n reaches about 1e7, so quantiles near the median are off there (1.6e-6 at
// n = 1e8, level 1e-9). At levels of 0.5 and above the quantiles lie far
// enough out: checked against R to 2e-11 up to n = 2.5e9.
func clopperPearson(x, n int64, halfAlpha float64) Interval {
	iv := Interval{Low: 0, High: 1}
	if x > 0 {
		iv.Low = distuv.Beta{Alpha: float64(x), Beta: float64(n - x + 1)}.Quantile(halfAlpha)
	}
	if x < n {
		iv.High = distuv.Beta{Alpha: float64(x + 1), Beta: float64(n - x)}.Quantile(1 - halfAlpha)
	}
	return iv
}
