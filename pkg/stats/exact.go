package stats

import (
	"math"
	"math/big"
	"sync"

	"gonum.org/v1/gonum/integrate/quad"
)

// The binomial and Poisson tails behind the exact intervals and the rate
// comparison, for any count up to the int64 range and any level below 1.
//
// gonum's incomplete beta (Cephes incbet) loses its accuracy for large n: its
// prefactor x^a·(1−x)^b / B(a, b) comes from differences of lgamma, which
// cancel (lgamma(1e12) ≈ 2.6e13 carries an error of about 4e-3, and so do the
// tail and the bound solved from it: 1.3e-3 at n = 1e12, nothing left at
// 1e15), and its continued fraction stops after 300 steps, too few near the
// median once n is above about 1e7. Its χ² quantile (Garwood's interval)
// holds its digits at any count, but is +Inf above at a level of 1 − 2⁻⁵³,
// where 1 − α/2 rounds to 1; here every bound solves for log(α/2).
//
// Here a tail is the Beta density at the point times the integral of the
// density's ratio to that value:
//
//	P(X ≥ x) = I_p(x, n−x+1)     = f(p) · ∫₀^p      f(p−h)/f(p) dh,  f the Beta(x, n−x+1) density
//	P(X ≤ x) = 1 − I_p(x+1, n−x) = f(p) · ∫₀^(1−p) f(p+h)/f(p) dh,  f the Beta(x+1, n−x) density
//
// and likewise for a Poisson count with the Gamma(x) and Gamma(x+1) densities,
// dpois(x−1, μ) and dpois(x, μ).
// The density is n·dbinom(k, n−1, p), computed as R's dbinom does (Loader's
// saddle point: stirlerr and bd0, no lgamma differences), with k − np exact.
// The log of the ratio, a·log1p(−h/p) + b·log1p(h/q), is concave in h and is
// summed as its linear part, with an exact slope, plus the series of
// log1p(r) − r, so that it keeps its digits where both terms are 10⁸ times
// larger than their sum. The integral is Gauss–Legendre (gonum's nodes) over
// panels of the range where the ratio is above e^−60 of its largest value.
// A tail is never formed as 1 − (a number near 1), and q = 1 − p is given
// beside p, for a p whose q lies below its resolution.
//
// The derivative of a tail in p is ±f(p), so d log tail / dp = ±1/J with J
// the integral: a bound is found by Newton's steps in log p, kept within a
// bracket that bisection narrows when a step leaves it.

// lnSqrt2Pi is log(√(2π)).
const lnSqrt2Pi = 0.918938533204672741780329736406

// stirlerr is log(n!) − log(√(2πn)·(n/e)^n), as R's stirlerr.
func stirlerr(n float64) float64 {
	const (
		s0 = 1.0 / 12
		s1 = 1.0 / 360
		s2 = 1.0 / 1260
		s3 = 1.0 / 1680
		s4 = 1.0 / 1188
	)
	if n <= 15 {
		if n == 0 {
			return 0
		}
		lg, _ := math.Lgamma(n + 1)
		return lg - (n+0.5)*math.Log(n) + n - lnSqrt2Pi
	}
	nn := n * n
	switch {
	case n > 500:
		return (s0 - s1/nn) / n
	case n > 80:
		return (s0 - (s1-s2/nn)/nn) / n
	case n > 35:
		return (s0 - (s1-(s2-s3/nn)/nn)/nn) / n
	}
	return (s0 - (s1-(s2-(s3-s4/nn)/nn)/nn)/nn) / n
}

// bd0 is x·log(x/m) + m − x, the deviance term of R's dbinom, with d = x − m
// given by the caller, which can compute it without cancellation.
func bd0(x, m, d float64) float64 {
	if x == 0 {
		return m
	}
	if math.Abs(d) < 0.1*(x+m) {
		v := d / (x + m)
		s := d * v
		ej := 2 * x * v
		v2 := v * v
		for j := 3.0; j < 1000; j += 2 {
			ej *= v2
			s1 := s + ej/j
			if s1 == s {
				break
			}
			s = s1
		}
		return s
	}
	if r := d / m; r > -0.5 {
		return x*math.Log1p(r) - d
	}
	return x*math.Log(x/m) - d
}

// logP and logQ are log p and log q for q = 1 − p, each from the smaller one.
func logP(p, q float64) float64 {
	if p < 0.5 {
		return math.Log(p)
	}
	return math.Log1p(-q)
}

func logQ(p, q float64) float64 { return logP(q, p) }

// logBinomialPMF is log P(X = k) for X ~ Bin(n, p), with q = 1 − p given
// separately so that either may be tiny; 0 < p, q.
func logBinomialPMF(k, n int64, p, q float64) float64 {
	switch {
	case k < 0 || k > n:
		return math.Inf(-1)
	case n == 0:
		return 0
	case k == 0:
		return float64(n) * logQ(p, q)
	case k == n:
		return float64(n) * logP(p, q)
	}
	nf, kf, rest := float64(n), float64(k), float64(n-k)
	d := binomialOffset(k, n, p, q) // k − np = nq − (n−k)
	lc := stirlerr(nf) - stirlerr(kf) - stirlerr(rest) - bd0(kf, nf*p, d) - bd0(rest, nf*q, -d)
	// log √(n / (2π·k·(n−k))), with k·(n−k)/n = s·(1 − s/n), s the smaller.
	s := math.Min(kf, rest)
	return lc - lnSqrt2Pi - 0.5*(math.Log(s)+math.Log1p(-s/nf))
}

// logPoissonPMF is log P(Y = k) for Y ~ Poisson(mu), mu > 0, as R's dpois.
func logPoissonPMF(k, mu float64) float64 {
	if k == 0 {
		return -mu
	}
	return -stirlerr(k) - bd0(k, mu, k-mu) - lnSqrt2Pi - 0.5*math.Log(k)
}

// mulLog1pmx is c·(log1p(r) − r), 0 when c is 0 (also where log1p(r) is
// −∞). Near 0 it sums the series, which keeps the digits the subtraction
// would lose (−r²/2 of a term c·r ~ 10⁸ is what matters near the mean).
func mulLog1pmx(c, r float64) float64 {
	if c == 0 {
		return 0
	}
	if math.Abs(r) >= 0.01 {
		return c * (math.Log1p(r) - r)
	}
	// −r²/2 + r³/3 − r⁴/4 …: 9 terms reach 1e-18 of the first.
	sum, term := 0.0, r
	for k := 2.0; k <= 10; k++ {
		term *= -r
		sum += term / k
	}
	return c * sum
}

// countMinusMean is k − n·p, rounded once: n·p is exact in a big.Float,
// as n may have more bits than a float64 holds.
func countMinusMean(k, n int64, p float64) float64 {
	d := new(big.Float).SetPrec(256).SetInt64(n)
	d.Mul(d, new(big.Float).SetFloat64(p))
	d.Sub(new(big.Float).SetPrec(256).SetInt64(k), d)
	f, _ := d.Float64()
	return f
}

// binomialOffset is k − n·p = n·q − (n − k), from the side where the
// product is accurate: q = 1 − p as given, which may be below p's
// resolution.
func binomialOffset(k, n int64, p, q float64) float64 {
	if p <= q {
		return countMinusMean(k, n, p)
	}
	return -countMinusMean(n-k, n, q)
}

// gauss is the 20-point Gauss–Legendre rule on [−1, 1], from gonum.
var gauss = sync.OnceValues(func() (x, w []float64) {
	x, w = make([]float64, 20), make([]float64, 20)
	quad.Legendre{}.FixedLocations(x, w, -1, 1)
	return x, w
})

const (
	// cutoff: the integral leaves out where the integrand is below e^−cutoff
	// of its largest value (its share is below e^−cutoff·cutoff).
	cutoff = 60
	// panels of the Gauss–Legendre rule on each side of the largest value.
	panels = 16
)

// logIntegral is log ∫₀^hMax exp(psi(h)) dh for a psi that is concave on
// [0, hMax] and largest at hTop. hMax may be +Inf.
func logIntegral(psi func(float64) float64, hTop, hMax float64) float64 {
	top := psi(hTop)
	if math.IsInf(hMax, 1) {
		hMax = math.MaxFloat64 / 4
	}
	// How far from hTop, towards end, psi falls to top − cutoff: bisect the
	// log of the distance.
	reach := func(end float64) float64 {
		span := math.Abs(end - hTop)
		if span == 0 || psi(end)-top >= -cutoff {
			return end
		}
		at := func(dist float64) float64 {
			if end > hTop {
				return hTop + dist
			}
			return hTop - dist
		}
		lo, hi := math.Log(span)-1450, math.Log(span) // e^(lo) may be 0: hTop
		for range 60 {
			mid := (lo + hi) / 2
			if psi(at(math.Exp(mid)))-top >= -cutoff {
				lo = mid
			} else {
				hi = mid
			}
		}
		return at(math.Exp(hi))
	}
	xs, ws := gauss()
	sum := 0.0
	for _, side := range [2][2]float64{{reach(0), hTop}, {hTop, reach(hMax)}} {
		a, b := side[0], side[1]
		if !(b > a) {
			continue
		}
		width := (b - a) / panels
		for i := range panels {
			lo := a + float64(i)*width
			half := width / 2
			for j, x := range xs {
				sum += half * ws[j] * math.Exp(psi(lo+half*(x+1))-top)
			}
		}
	}
	return top + math.Log(sum)
}

// tail is a tail probability as a function of its parameter: its log and
// the log of J, where d log tail / dt = ±1/J.
type tail func(t float64) (logTail, logJ float64)

// binomialAtLeastTail is P(X ≥ x) for X ~ Bin(n, p), 1 ≤ x ≤ n, 0 < p, q:
// the Beta(x, n−x+1) density at p times ∫₀^p of its ratio at p − h.
func binomialAtLeastTail(x, n int64, p, q float64) (logTail, logJ float64) {
	a, b := float64(x-1), float64(n-x) // the density's exponents of t and 1 − t
	// ψ(h) = a·log1p(−h/p) + b·log1p(h/q), its linear part h·(b/q − a/p)
	// = h·((n−1)p − (x−1))/(pq) apart.
	slope := -binomialOffset(x-1, n-1, p, q) / (p * q)
	psi := func(h float64) float64 { return slope*h + mulLog1pmx(a, -h/p) + mulLog1pmx(b, h/q) }
	var hTop float64 // p − the mode (x−1)/(n−1), within [0, p]
	switch {
	case x == 1:
		hTop = p
	case x == n:
		hTop = 0
	default:
		hTop = math.Min(p, math.Max(0, p-a/float64(n-1)))
	}
	logJ = logIntegral(psi, hTop, p)
	return math.Log(float64(n)) + logBinomialPMF(x-1, n-1, p, q) + logJ, logJ
}

// binomialAtMostTail is P(X ≤ x) for X ~ Bin(n, p), 0 ≤ x < n, 0 < p, q:
// the Beta(x+1, n−x) density at p times ∫₀^q of its ratio at p + h.
func binomialAtMostTail(x, n int64, p, q float64) (logTail, logJ float64) {
	a, b := float64(x), float64(n-1-x)
	// ψ(h) = a·log1p(h/p) + b·log1p(−h/q), its linear part h·(a/p − b/q)
	// = h·(x − (n−1)p)/(pq) apart.
	slope := binomialOffset(x, n-1, p, q) / (p * q)
	psi := func(h float64) float64 { return slope*h + mulLog1pmx(a, h/p) + mulLog1pmx(b, -h/q) }
	var hTop float64 // the mode x/(n−1) − p, within [0, q]
	switch {
	case x == n-1:
		hTop = q
	case x == 0:
		hTop = 0
	default:
		hTop = math.Min(q, math.Max(0, a/float64(n-1)-p))
	}
	logJ = logIntegral(psi, hTop, q)
	return math.Log(float64(n)) + logBinomialPMF(x, n-1, p, q) + logJ, logJ
}

// poissonAtLeastTail is P(Y ≥ x) for Y ~ Poisson(mu), x ≥ 1, mu > 0: the
// Gamma(x) density at mu, dpois(x−1, mu), times ∫₀^mu of its ratio at mu − h.
func poissonAtLeastTail(x, mu float64) (logTail, logJ float64) {
	// ψ(h) = (x−1)·log1p(−h/μ) + h, its linear part h·(μ − (x−1))/μ apart.
	slope := (mu - (x - 1)) / mu
	psi := func(h float64) float64 { return slope*h + mulLog1pmx(x-1, -h/mu) }
	hTop := math.Min(mu, math.Max(0, mu-(x-1)))
	logJ = logIntegral(psi, hTop, mu)
	return logPoissonPMF(x-1, mu) + logJ, logJ
}

// poissonAtMostTail is P(Y ≤ x) for Y ~ Poisson(mu), x ≥ 0, mu > 0: the
// Gamma(x+1) density at mu, dpois(x, mu), times ∫₀^∞ of its ratio at mu + h.
func poissonAtMostTail(x, mu float64) (logTail, logJ float64) {
	// ψ(h) = x·log1p(h/μ) − h, its linear part h·(x − μ)/μ apart.
	slope := (x - mu) / mu
	psi := func(h float64) float64 { return slope*h + mulLog1pmx(x, h/mu) }
	hTop := math.Max(0, x-mu)
	logJ = logIntegral(psi, hTop, math.Inf(1))
	return logPoissonPMF(x, mu) + logJ, logJ
}

// solveTail finds t in (lo, hi) where f(t) = target (a log probability).
// f increases in t when rising is true (then d log f/dt = 1/J), else it
// decreases (−1/J); f(lo) and f(hi) lie on either side of target (lo may be
// 0 and hi +Inf, where f is not called). guess, when inside the bracket,
// starts Newton's steps in log t.
func solveTail(f tail, rising bool, lo, hi, guess, target float64) float64 {
	sign := 1.0
	if !rising {
		sign = -1
	}
	t := guess
	for range 200 {
		if !(t > lo && t < hi) {
			t = between(lo, hi)
		}
		logF, logJ := f(t)
		g := sign * (logF - target) // increasing in t
		switch {
		case g == 0:
			return t
		case g < 0:
			lo = t
		default:
			hi = t
		}
		if !(hi > lo) || math.Nextafter(lo, hi) >= hi {
			break
		}
		// Newton in u = log t: d g/du = t/J.
		next := t * math.Exp(-g*math.Exp(logJ-math.Log(t)))
		if math.IsNaN(next) || math.IsInf(g, 0) {
			next = between(lo, hi)
		}
		if math.Abs(next-t) <= 2e-16*t && next > lo && next < hi {
			return next
		}
		t = next
	}
	// Bracketed to the last bit: the side where g ≤ 0 lies below.
	if t > lo && t < hi {
		return t
	}
	return lo + (hi-lo)/2
}

// between is a point of the bracket (lo, hi): its middle on a log scale when
// the ends are far apart.
func between(lo, hi float64) float64 {
	switch {
	case math.IsInf(hi, 1):
		return 2*lo + 1
	case lo <= 0:
		return hi / 1024
	case hi > 2*lo:
		return math.Sqrt(lo) * math.Sqrt(hi)
	}
	return lo + (hi-lo)/2
}
