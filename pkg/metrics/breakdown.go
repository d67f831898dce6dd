package metrics

import (
	"math/big"
)

// Share is one key's part of a whole, as in a Pareto table.
type Share struct {
	Count   int64
	Percent *big.Rat // of the total; nil when the total is 0
	// Rank is 1 for the largest count; equal counts are ranked by key, in
	// the order of their names.
	Rank int
	// CumulativePercent is the share of this key and every key ranked
	// above it; nil when the total is 0.
	CumulativePercent *big.Rat
}
