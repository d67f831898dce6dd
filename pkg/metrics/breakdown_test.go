package metrics

import (
	"math"
	"testing"

	"github.com/nollmission/nollmission/pkg/decimal"
)

func TestPareto(t *testing.T) {
	type want struct {
		key        string
		rank       int
		percent    string // one decimal, half away from zero; "" = undefined
		cumulative string
	}
	tests := []struct {
		name   string
		counts map[string]int64
		want   []want
	}{
		{
			// 50 + 30 + 20 = 100: the shares are the counts.
			name:   "sorted by volume",
			counts: map[string]int64{"invoices": 20, "refunds": 50, "reminder fees": 30},
			want: []want{
				{"refunds", 1, "50.0", "50.0"},
				{"reminder fees", 2, "30.0", "80.0"},
				{"invoices", 3, "20.0", "100.0"},
			},
		},
		{
			// Ties are ranked by key; 1/3 = 33.333…, 2/3 = 66.666…
			name:   "ties by key",
			counts: map[string]int64{"b": 1, "a": 1, "c": 1},
			want: []want{
				{"a", 1, "33.3", "33.3"},
				{"b", 2, "33.3", "66.7"},
				{"c", 3, "33.3", "100.0"},
			},
		},
		{
			// 1/8 = 12.5 exactly, 7/8 = 87.5: one decimal is exact here,
			// 1/16 = 6.25 rounds half away from zero to 6.3.
			name:   "exact halves",
			counts: map[string]int64{"x": 14, "y": 1, "z": 1},
			want: []want{
				{"x", 1, "87.5", "87.5"},
				{"y", 2, "6.3", "93.8"},
				{"z", 3, "6.3", "100.0"},
			},
		},
		{
			name:   "zero total is undefined",
			counts: map[string]int64{"a": 0, "b": 0},
			want:   []want{{"a", 1, "", ""}, {"b", 2, "", ""}},
		},
		{
			// The total is beyond int64 and must not wrap around.
			name:   "no overflow",
			counts: map[string]int64{"a": math.MaxInt64, "b": math.MaxInt64},
			want:   []want{{"a", 1, "50.0", "50.0"}, {"b", 2, "50.0", "100.0"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Pareto(tt.counts)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d shares, want %d", len(got), len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Key != w.key || g.Rank != w.rank || g.Count != tt.counts[w.key] ||
					decimal.Fixed(g.Percent, 1) != w.percent || decimal.Fixed(g.CumulativePercent, 1) != w.cumulative {
					t.Errorf("share %d = %s rank %d count %d %s%% cumulative %s%%, want %s rank %d %s%% cumulative %s%%",
						i, g.Key, g.Rank, g.Count, decimal.Fixed(g.Percent, 1), decimal.Fixed(g.CumulativePercent, 1),
						w.key, w.rank, w.percent, w.cumulative)
				}
			}
		})
	}
}
