// Package decimal writes exact numbers (big.Rat) as decimal text, rounded
// half away from zero, the programme's rule: 32.5 → 33, 84.05 → 84.1. It is
// the one place that turns an exact figure into digits, so that every
// command agrees on rounding, on undefined figures and on "-0".
package decimal

import (
	"math/big"
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

// Fixed writes r with exactly the given decimals, rounded half away from
// zero (big.Rat's FloatString rounds so). A figure that rounds to zero is
// written without a sign: −0.04 at one decimal is "0.0", not "-0.0".
// nil (undefined) is "".
func Fixed(r *big.Rat, decimals int) string {
	if r == nil {
		return ""
	}
	s := r.FloatString(decimals)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	return s
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
