package stats

import (
	"math/big"
	"testing"
)

func TestProbabilityAtMost(t *testing.T) {
	tests := []struct {
		k    int64
		mean float64
		want float64
	}{
		{0, 0.1, 0.90483741803595952},       // ppois(0, 0.1)
		{5, 0.001, 1},                       // ppois(5, 0.001)
		{30, 25.5, 0.83947673351947083},     // ppois(30, 25.5)
		{200, 180.7, 0.92777140121860024},   // ppois(200, 180.7)
		{250, 300, 0.0016811284694823378},   // ppois(250, 300)
		{150, 300, 6.6247186272682142e-22},  // ppois(150, 300)
		{1000, 950.125, 0.9479722753543961}, // ppois(1000, 950.125)
		{3000, 2500.5, 1},                   // ppois(3000, 2500.5)
		{-1, 25.5, 0},                       // P(X <= -1) = 0: the budget is spent
		{0, 0, 1},                           // nothing more to come
		{7, 0, 1},
	}
	for _, tt := range tests {
		if got, ok := ProbabilityAtMost(tt.k, tt.mean); !ok || !close(got, tt.want) {
			t.Errorf("ProbabilityAtMost(%d, %v) = %.17g, %v; R: %.17g", tt.k, tt.mean, got, ok, tt.want)
		}
	}
	for _, mean := range []float64{-1, nan, inf} {
		if got, ok := ProbabilityAtMost(3, mean); ok || got != 0 {
			t.Errorf("ProbabilityAtMost(3, %v) = %v, %v; want none", mean, got, ok)
		}
	}
}

func TestProbabilityWithinBudget(t *testing.T) {
	tests := []struct {
		name   string
		budget string // exact, as a big.Rat
		used   int64
		mean   float64
		want   float64
	}{
		// ⌊2400 1/3 − 2200⌋ = 200: ppois(200, 180.7)
		{"budget left", "7201/3", 2200, 180.7, 0.92777140121860024},
		// ⌊230 − 200⌋ = 30, an exact integer: ppois(30, 25.5)
		{"whole budget left", "230", 200, 25.5, 0.83947673351947083},
		// ⌊2400 − 2400⌋ = 0: ppois(0, 0.1)
		{"budget just used up", "2400", 2400, 0.1, 0.90483741803595952},
		// ⌊2399.9 − 2400⌋ = −1: already over
		{"budget spent", "23999/10", 2400, 0.1, 0},
		{"budget spent, nothing to come", "23999/10", 2400, 0, 0},
		{"nothing to come", "23999/10", 2000, 0, 1},
	}
	for _, tt := range tests {
		budget, _ := new(big.Rat).SetString(tt.budget)
		if got, ok := ProbabilityWithinBudget(budget, tt.used, tt.mean); !ok || !close(got, tt.want) {
			t.Errorf("%s: ProbabilityWithinBudget(%s, %d, %v) = %.17g, %v; want %.17g", tt.name, tt.budget, tt.used, tt.mean, got, ok, tt.want)
		}
	}
	if _, ok := ProbabilityWithinBudget(nil, 0, 1); ok {
		t.Error("ProbabilityWithinBudget(nil, ...) gave a probability")
	}
}
