package metrics

import (
	"cmp"
	"math/big"
	"slices"
)

// Share is one key's part of a whole, as in a Pareto table.
type Share struct {
	Key     string
	Count   int64
	Percent *big.Rat // of the total; nil when the total is 0
	// Rank is 1 for the largest count; equal counts are ranked by key so
	// that the order never depends on map order.
	Rank int
	// CumulativePercent is the share of this key and every key ranked
	// above it; nil when the total is 0.
	CumulativePercent *big.Rat
}

// Pareto ranks the counts by volume, largest first, and gives each key its
// share of the total and the cumulative share down to it. The total is summed
// in big.Int, so that no sum of int64 counts can overflow.
func Pareto(counts map[string]int64) []Share {
	out := make([]Share, 0, len(counts))
	total := new(big.Int)
	for k, n := range counts {
		out = append(out, Share{Key: k, Count: n})
		total.Add(total, big.NewInt(n))
	}
	slices.SortFunc(out, func(a, b Share) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	running := new(big.Int)
	for i := range out {
		out[i].Rank = i + 1
		running.Add(running, big.NewInt(out[i].Count))
		out[i].Percent = percentOf(big.NewInt(out[i].Count), total)
		out[i].CumulativePercent = percentOf(running, total)
	}
	return out
}

// percentOf is part ÷ whole × 100 exactly, nil when whole is 0.
func percentOf(part, whole *big.Int) *big.Rat {
	if whole.Sign() == 0 {
		return nil
	}
	return new(big.Rat).SetFrac(new(big.Int).Mul(part, big.NewInt(100)), whole)
}
