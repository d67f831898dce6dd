// Package decimal writes exact numbers (big.Rat) as decimal text, rounded
// half away from zero, the programme's rule: 32.5 → 33, 84.05 → 84.1. It is
// the one place that turns an exact figure into digits, so that every
// command agrees on rounding, on undefined figures and on "-0".
package decimal

import (
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// MaxDecimals is how many decimals Short writes at most.
const MaxDecimals = 6

// Round rounds r to the given decimals, half away from zero (32.5 → 33,
// 84.05 → 84.1, −0.5 → −1). nil (undefined) stays nil.
func Round(r *big.Rat, decimals int) *big.Rat {
	if r == nil {
		return nil
	}
	out, _ := new(big.Rat).SetString(r.FloatString(decimals))
	return out
}

// Down rounds r down to the given decimals (41.657 → 41 at none): for a
// bound the figure shown must not overstate, such as the rate the rest of
// a year may hold at most, or the complaints a budget allows, where 42
// would be a rate that misses the target. nil stays nil.
func Down(r *big.Rat, decimals int) *big.Rat {
	if r == nil {
		return nil
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)
	n := new(big.Int).Mul(r.Num(), scale)
	n.Div(n, r.Denom()) // Euclidean: the floor, the denominator being positive
	return new(big.Rat).SetFrac(n, scale)
}

// Fixed writes r with exactly the given decimals, rounded half away from
// zero (big.Rat's FloatString rounds so). A figure that rounds to zero is
// written without a sign: −0.04 at one decimal is "0.0", not "-0.0".
// nil (undefined) is "".
func Fixed(r *big.Rat, decimals int) string {
	if r == nil {
		return ""
	}
	if s, ok := fixedWord(r, decimals); ok {
		return s
	}
	s := r.FloatString(decimals)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	return s
}

// pow10 is 10^0 to 10^19, the powers of ten a uint64 holds.
var pow10 = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// fixedWord is Fixed in 64-bit integer arithmetic, for a fraction whose
// numerator and denominator fit in 64 bits and whose rounded digits do
// too: every rate and share of counts that add up within an int64 but the
// largest. FloatString's division of big numbers is most of the time of
// an output that lists a million keys. false: use FloatString.
func fixedWord(r *big.Rat, decimals int) (string, bool) {
	num, den := r.Num(), r.Denom()
	if decimals < 0 || decimals >= len(pow10) || !num.IsInt64() || !den.IsUint64() {
		return "", false
	}
	n, d := num.Int64(), den.Uint64()
	abs := uint64(n)
	if n < 0 {
		abs = -abs // two's complement: right for the smallest int64 too
	}
	hi, lo := bits.Mul64(abs, pow10[decimals])
	if hi >= d {
		return "", false // the quotient needs more than 64 bits
	}
	q, rem := bits.Div64(hi, lo, d)
	if rem >= d-rem { // half or more: away from zero
		if q == ^uint64(0) {
			return "", false
		}
		q++
	}
	buf := make([]byte, 0, 24)
	if n < 0 && q != 0 { // rounded to zero: no sign
		buf = append(buf, '-')
	}
	buf = strconv.AppendUint(buf, q/pow10[decimals], 10)
	if decimals > 0 {
		buf = append(buf, '.')
		frac := strconv.AppendUint(make([]byte, 0, 20), q%pow10[decimals], 10)
		for range decimals - len(frac) {
			buf = append(buf, '0')
		}
		buf = append(buf, frac...)
	}
	return string(buf), true
}

// Short writes r with the decimals it needs and no more: 34, 32.8, 0.125;
// one that needs more than MaxDecimals is rounded to MaxDecimals, trailing
// zeros dropped. nil (undefined) is "".
func Short(r *big.Rat) string {
	if r == nil {
		return ""
	}
	s := Fixed(r, MaxDecimals)
	if strings.Contains(s, ".") {
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}

// Exact tells whether Short writes r exactly (at most MaxDecimals decimals).
func Exact(r *big.Rat) bool {
	n, exact := r.FloatPrec()
	return exact && n <= MaxDecimals
}

// Float converts for JSON, where an undefined figure is null. Floats are for
// display only; every comparison uses the exact value.
func Float(r *big.Rat) *float64 {
	if r == nil {
		return nil
	}
	f, _ := r.Float64()
	return &f
}
