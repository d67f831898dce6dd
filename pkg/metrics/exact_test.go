package metrics

import (
	"math"
	"math/big"
	"testing"

	"github.com/nollmission/nollmission/pkg/period"
)

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	return r
}

func TestRatio(t *testing.T) {
	if Ratio(1, 0, Million) != nil {
		t.Fatal("division by zero must be undefined")
	}
	// 33 complaints in 1,000,000 purchases is 33 per million; huge counts do not overflow.
	if got := Ratio(33, 1_000_000, Million); got.Cmp(big.NewRat(33, 1)) != 0 {
		t.Fatalf("Ratio = %v", got)
	}
	if got := Ratio(9_000_000_000_000_000_000, 9_000_000_000_000, Million); got.Cmp(big.NewRat(1_000_000_000_000, 1)) != 0 {
		t.Fatalf("Ratio overflowed: %v", got)
	}
	// Either side of the largest numerator whose product fits in an int64
	// (a product in 64 bits; beyond, in big integers): the same value.
	for _, num := range []int64{math.MaxInt64 / Million, math.MaxInt64/Million + 1, -(math.MaxInt64 / Million), -(math.MaxInt64/Million + 1), math.MinInt64} {
		want := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(num), big.NewInt(Million)), big.NewInt(7))
		if got := Ratio(num, 7, Million); got.Cmp(want) != 0 {
			t.Errorf("Ratio(%d, 7, Million) = %v, want %v", num, got, want)
		}
	}
}

func TestFullYearIsWeightedNotMean(t *testing.T) {
	// Two months: 10 complaints in 1M purchases (10/M) and 10 in 9M (1.11/M).
	months := Rates([]MonthCounts{
		{Month: period.MonthOf(2019, 1), Transactions: 1_000_000, Complaints: 10},
		{Month: period.MonthOf(2019, 2), Transactions: 9_000_000, Complaints: 10},
		// Complaints of a month without purchases (its purchases not
		// exported yet): not in the year's figure, which would be 42 / 10M.
		{Month: period.MonthOf(2019, 3), Transactions: 0, Complaints: 40},
		{Month: period.MonthOf(2020, 1), Transactions: 0, Complaints: 3},
	})
	years := FullYears(months)
	if len(years) != 2 {
		t.Fatalf("got %d years", len(years))
	}
	y := years[0]
	if y.Rate.Cmp(big.NewRat(2, 1)) != 0 || y.Complaints != 20 || y.Transactions != 10_000_000 { // 20 / 10M × 1M
		t.Errorf("weighted rate = %v (%d in %d), want 2 (20 in 10,000,000)", y.Rate, y.Complaints, y.Transactions)
	}
	if y.UnweightedMean.Cmp(big.NewRat(50, 9)) != 0 { // (10 + 10/9) / 2
		t.Errorf("mean = %v, want 50/9", y.UnweightedMean)
	}
	if y.MonthsCovered != 2 || !y.YearToDate() {
		t.Errorf("months covered = %d, year to date = %v", y.MonthsCovered, y.YearToDate())
	}
	// A year without purchases has no rate, and no mean of rates.
	if years[1].Rate != nil || years[1].UnweightedMean != nil || months[3].Rate != nil {
		t.Errorf("a year without purchases must be undefined: %+v", years[1])
	}
}

func TestSatisfiedPerMillion(t *testing.T) {
	if got := SatisfiedPerMillion(big.NewRat(33, 1)); got.Cmp(big.NewRat(999_967, 1)) != 0 {
		t.Fatalf("got %v, want 999967", got)
	}
	if SatisfiedPerMillion(nil) != nil {
		t.Fatal("undefined rate must give undefined satisfied")
	}
}
