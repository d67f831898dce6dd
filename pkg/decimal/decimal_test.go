package decimal

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestFixed(t *testing.T) {
	tests := []struct {
		r        *big.Rat
		decimals int
		want     string
	}{
		{nil, 0, ""},
		{big.NewRat(65, 2), 0, "33"},      // 32.5: half away from zero
		{big.NewRat(-65, 2), 0, "-33"},    // -32.5
		{big.NewRat(-1, 25), 1, "0.0"},    // -0.04 is 0.0, not -0.0
		{big.NewRat(-1, 3), 0, "0"},       // -0.33 is 0, not -0
		{big.NewRat(-1, 20), 1, "-0.1"},   // -0.05 rounds away from zero
		{big.NewRat(1681, 20), 1, "84.1"}, // 84.05
		{big.NewRat(2033_000_000, 61948651), 4, "32.8175"},
	}
	for _, tt := range tests {
		if got := Fixed(tt.r, tt.decimals); got != tt.want {
			t.Errorf("Fixed(%v, %d) = %q, want %q", tt.r, tt.decimals, got, tt.want)
		}
	}
}

func TestShort(t *testing.T) {
	tests := []struct {
		r     *big.Rat
		want  string
		exact bool
	}{
		{big.NewRat(34, 1), "34", true},
		{big.NewRat(164, 5), "32.8", true},
		{big.NewRat(1, 8), "0.125", true},
		{big.NewRat(1, 3), "0.333333", false},
		{big.NewRat(2, 3), "0.666667", false},                  // rounded at the sixth decimal
		{big.NewRat(1, 10_000_000), "0", false},                // rounds to zero: no "0.000000"
		{big.NewRat(-1, 10_000_000), "0", false},               // nor "-0"
		{big.NewRat(100_000_001, 1_000_000_000), "0.1", false}, // 0.100000 trimmed
		{big.NewRat(-171, 2), "-85.5", true},
	}
	for _, tt := range tests {
		if got := Short(tt.r); got != tt.want {
			t.Errorf("Short(%v) = %q, want %q", tt.r, got, tt.want)
		}
		if got := Exact(tt.r); got != tt.exact {
			t.Errorf("Exact(%v) = %v, want %v", tt.r, got, tt.exact)
		}
	}
	if Short(nil) != "" {
		t.Error("Short(nil) is not empty")
	}
}

func TestRound(t *testing.T) {
	for _, tt := range []struct {
		r        *big.Rat
		decimals int
		want     *big.Rat
	}{
		{big.NewRat(65, 2), 0, big.NewRat(33, 1)},
		{big.NewRat(-65, 2), 0, big.NewRat(-33, 1)},
		{big.NewRat(1681, 20), 1, big.NewRat(841, 10)},
	} {
		if got := Round(tt.r, tt.decimals); got.Cmp(tt.want) != 0 {
			t.Errorf("Round(%v, %d) = %v, want %v", tt.r, tt.decimals, got, tt.want)
		}
	}
	if Round(nil, 1) != nil {
		t.Error("Round(nil) is not nil")
	}
}

func TestFloat(t *testing.T) {
	if Float(nil) != nil {
		t.Error("Float(nil) is not nil: undefined must be null in JSON")
	}
	if got := *Float(big.NewRat(1, 4)); got != 0.25 {
		t.Errorf("Float(1/4) = %v", got)
	}
}

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	return r
}

func TestRoundHalfAwayFromZero(t *testing.T) {
	tests := []struct {
		in       string
		decimals int
		want     string
	}{
		{"32.5", 0, "33"},
		{"33.4999", 0, "33"},
		{"84.05", 1, "84.1"},
		{"84.04999", 1, "84.0"},
		{"-0.5", 0, "-1"},
		{"-32.5", 0, "-33"},
		{"65/2", 0, "33"},       // exactly 32.5 as a fraction
		{"1/3", 1, "0.3"},       // no float drift
		{"1633/20", 1, "81.7"},  // 81.65 exactly
		{"0.15", 1, "0.2"},      // 0.15 is not exact in binary floats
		{"2.675", 2, "2.68"},    // nor is 2.675
		{"40117/1000", 0, "40"}, // 40.117
	}
	for _, tt := range tests {
		if got := Fixed(Round(rat(tt.in), tt.decimals), tt.decimals); got != tt.want {
			t.Errorf("Round(%s, %d) = %s, want %s", tt.in, tt.decimals, got, tt.want)
		}
	}
}

// floatFixed is Fixed by big.Rat's FloatString alone, the reference for
// its 64-bit path.
func floatFixed(r *big.Rat, decimals int) string {
	s := r.FloatString(decimals)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	return s
}

// TestFixedWordIsFloatString: the 64-bit path writes what FloatString
// writes, at the edges of 64 bits and on random fractions.
func TestFixedWordIsFloatString(t *testing.T) {
	type frac struct {
		num int64
		den uint64
	}
	cases := []frac{
		{0, 1}, {1, 2}, {-1, 2}, {5, 10}, {-5, 10}, {1, 3}, {2, 3}, {-2, 3},
		{math.MaxInt64, 1}, {math.MinInt64, 1}, {math.MaxInt64, math.MaxUint64}, {math.MinInt64, math.MaxUint64},
		{math.MaxInt64, 2}, {math.MinInt64, 3}, {1, math.MaxUint64}, {-1, math.MaxUint64},
		{2033_000_000, 61948651}, {33_000_000, 1_000_000}, {1681, 20},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		num := rng.Int64() >> rng.IntN(64)
		if rng.IntN(2) == 0 {
			num = -num
		}
		cases = append(cases, frac{num, 1 + rng.Uint64()>>rng.IntN(64)})
	}
	word := 0
	for _, c := range cases {
		r := new(big.Rat).SetFrac(big.NewInt(c.num), new(big.Int).SetUint64(c.den))
		for decimals := range 21 {
			want := floatFixed(r, decimals)
			if got, ok := fixedWord(r, decimals); ok {
				word++
				if got != want {
					t.Fatalf("fixedWord(%v, %d) = %q, FloatString gives %q", r, decimals, got, want)
				}
			}
			if got := Fixed(r, decimals); got != want {
				t.Fatalf("Fixed(%v, %d) = %q, want %q", r, decimals, got, want)
			}
		}
	}
	if word < len(cases)*10 {
		t.Fatalf("the 64-bit path wrote only %d of %d", word, len(cases)*21)
	}
}

func BenchmarkFixed(b *testing.B) {
	r := big.NewRat(2033_000_000, 61948651)
	for b.Loop() {
		Fixed(r, 1)
	}
}

func TestDown(t *testing.T) {
	tests := []struct {
		r        *big.Rat
		decimals int
		want     string // Fixed at decimals
	}{
		{big.NewRat(41657, 1000), 0, "41"},   // 41.657: not 42, a rate that misses
		{big.NewRat(41657, 1000), 1, "41.6"}, // not 41.7
		{big.NewRat(42, 1), 0, "42"},         // exact stays
		{big.NewRat(689, 10), 1, "68.9"},
		{big.NewRat(7011, 2), 0, "3505"}, // 3505.5 complaints: 3505 whole ones
		{big.NewRat(-1, 2), 0, "-1"},     // down, below zero too
		{big.NewRat(0, 1), 2, "0.00"},
	}
	for _, tt := range tests {
		if got := Fixed(Down(tt.r, tt.decimals), tt.decimals); got != tt.want {
			t.Errorf("Down(%v, %d) = %q, want %q", tt.r, tt.decimals, got, tt.want)
		}
	}
	if Down(nil, 0) != nil {
		t.Error("Down(nil) is not nil")
	}
}
