// Package metrics computes the programme's figures from counts, exactly:
// rates and percentages are big.Rat, rounded only for display, half away from
// zero. It knows nothing of files, flags or formats.
package metrics

import (
	"math"
	"math/big"
)

// Million is the rate's scale: complaints per million purchases.
const Million = 1_000_000

// Ratio returns num × scale ÷ den exactly, or nil (undefined) when den is 0.
func Ratio(num, den, scale int64) *big.Rat {
	if den == 0 {
		return nil
	}
	if scale > 0 && num >= -math.MaxInt64/scale && num <= math.MaxInt64/scale {
		return new(big.Rat).SetFrac64(num*scale, den) // the product fits: no big multiplication
	}
	n := new(big.Int).Mul(big.NewInt(num), big.NewInt(scale))
	return new(big.Rat).SetFrac(n, big.NewInt(den))
}

// Mean is the plain (unweighted) mean of the defined values, nil when none is.
func Mean(values []*big.Rat) *big.Rat {
	sum, n := new(big.Rat), int64(0)
	for _, v := range values {
		if v != nil {
			sum.Add(sum, v)
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return sum.Quo(sum, big.NewRat(n, 1))
}
