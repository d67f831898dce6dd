package stats

import (
	"fmt"
	"testing"
)

// zs is a plotted series with the given z-scores and a constant rate, so
// that only the distance rules can fire.
func zs(z ...float64) []ChartPoint {
	s := make([]ChartPoint, len(z))
	for i := range z {
		s[i] = ChartPoint{Plotted: true, Rate: 100, Z: z[i]}
	}
	return s
}

// rates is a plotted series with the given rates and z-scores alternating
// +0.5, −0.5 (no run on one side, nothing beyond 1σ), so that only the
// direction rules can fire.
func rates(r ...float64) []ChartPoint {
	s := make([]ChartPoint, len(r))
	for i := range r {
		s[i] = ChartPoint{Plotted: true, Rate: r[i], Z: 0.5 - float64(i%2)}
	}
	return s
}

func repeat(z float64, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = z
	}
	return s
}

func alternatingZ(z float64, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = z
		if i%2 == 1 {
			s[i] = -z
		}
	}
	return s
}

func upDown(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = float64(100 + i%2)
	}
	return s
}

// marks is a Signals result for n points: at maps a 1-based point to its
// rules; every other point signals nothing.
func marks(n int, at map[int][]int) [][]int {
	out := make([][]int, n)
	for p, rules := range at {
		out[p-1] = rules
	}
	return out
}

func TestSignals(t *testing.T) {
	tests := []struct {
		name   string
		rules  RuleSet
		points []ChartPoint
		want   map[int][]int
	}{
		// Western Electric 1: one point beyond 3σ.
		{"WE1 above", WesternElectric, zs(0.5, -0.5, 3.1), map[int][]int{3: {1}}},
		{"WE1 below", WesternElectric, zs(0.5, -3.2, 0.5), map[int][]int{2: {1}}},
		{"WE1 short: on the limit", WesternElectric, zs(0.5, -0.5, 3, -3), nil},
		// WE 2: two of three beyond 2σ on one side; the second one is marked.
		{"WE2", WesternElectric, zs(0, 2.5, 0.5, 2.5), map[int][]int{4: {2}}},
		{"WE2 below", WesternElectric, zs(-2.1, 0, -2.1), map[int][]int{3: {2}}},
		{"WE2 at the start", WesternElectric, zs(2.5, 2.5), map[int][]int{2: {2}}},
		{"WE2 short: two of four", WesternElectric, zs(2.5, 0.5, 0.5, 2.5), nil},
		{"WE2 short: opposite sides", WesternElectric, zs(2.5, -2.5, 0.5), nil},
		{"WE2 short: on 2σ", WesternElectric, zs(2.5, 2, 0.5), nil},
		// WE 3: four of five beyond 1σ on one side.
		{"WE3", WesternElectric, zs(1.5, 1.5, 0.5, 1.5, 1.5), map[int][]int{5: {3}}},
		{"WE3 below", WesternElectric, zs(-1.5, -1.5, -1.5, -1.5), map[int][]int{4: {3}}},
		{"WE3 short: three of five", WesternElectric, zs(1.5, 1.5, 0.5, 0.5, 1.5), nil},
		{"WE3 short: four of six", WesternElectric, zs(1.5, 1.5, 0.5, 0.5, 1.5, 1.5), nil},
		// WE 4: eight in a row on one side; every point completing a run.
		{"WE4", WesternElectric, zs(repeat(0.5, 8)...), map[int][]int{8: {4}}},
		{"WE4 below", WesternElectric, zs(append([]float64{0.5}, repeat(-0.5, 8)...)...), map[int][]int{9: {4}}},
		{"WE4 run of ten", WesternElectric, zs(repeat(0.5, 10)...), map[int][]int{8: {4}, 9: {4}, 10: {4}}},
		{"WE4 short: seven", WesternElectric, zs(append([]float64{-0.5}, repeat(0.5, 7)...)...), nil},
		{"WE4 short: a point on the centre line", WesternElectric, zs(0.5, 0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0.5), nil},
		// Several rules on one point, in rule order.
		{"WE1 and WE2", WesternElectric, zs(2.5, 3.5), map[int][]int{2: {1, 2}}},

		// Nelson 1: one point beyond 3σ.
		{"N1", Nelson, zs(0.5, -3.01), map[int][]int{2: {1}}},
		{"N1 short", Nelson, zs(0.5, -3), nil},
		// Nelson 2: nine in a row on one side.
		{"N2", Nelson, zs(repeat(-0.5, 9)...), map[int][]int{9: {2}}},
		{"N2 short", Nelson, zs(repeat(-0.5, 8)...), nil},
		// Nelson 3: six in a row steadily increasing or decreasing.
		{"N3 increasing", Nelson, rates(1, 2, 3, 4, 5, 6), map[int][]int{6: {3}}},
		{"N3 decreasing", Nelson, rates(9, 6, 5, 4, 3, 2, 1), map[int][]int{6: {3}, 7: {3}}},
		{"N3 short: five", Nelson, rates(6, 1, 2, 3, 4, 5), nil},
		{"N3 short: a tie", Nelson, rates(1, 2, 3, 3, 4, 5), nil},
		// Nelson 4: fourteen in a row alternating up and down.
		{"N4", Nelson, rates(upDown(14)...), map[int][]int{14: {4}}},
		{"N4 short", Nelson, rates(upDown(13)...), nil},
		{"N4 short: a tie", Nelson, rates(append([]float64{100}, upDown(13)...)...), nil},
		// Nelson 5: two of three beyond 2σ on one side.
		{"N5", Nelson, zs(2.5, 0.5, 2.5), map[int][]int{3: {5}}},
		{"N5 short", Nelson, zs(2.5, 0.5, 0.5, 2.5), nil},
		// Nelson 6: four of five beyond 1σ on one side.
		{"N6", Nelson, zs(-1.5, -1.5, -0.5, -1.5, -1.5), map[int][]int{5: {6}}},
		{"N6 short", Nelson, zs(-1.5, -1.5, -0.5, -0.5, -1.5), nil},
		// Nelson 7: fifteen in a row within 1σ, either side.
		{"N7", Nelson, zs(alternatingZ(0.9, 15)...), map[int][]int{15: {7}}},
		{"N7 on 1σ", Nelson, zs(alternatingZ(1, 15)...), map[int][]int{15: {7}}},
		{"N7 short", Nelson, zs(append([]float64{1.1}, alternatingZ(0.9, 14)...)...), nil},
		// Nelson 8: eight in a row beyond 1σ, sides mixed.
		{"N8", Nelson, zs(alternatingZ(1.5, 8)...), map[int][]int{8: {8}}},
		{"N8 short", Nelson, zs(append([]float64{1}, alternatingZ(1.5, 7)...)...), nil},
	}
	for _, tt := range tests {
		got, err := Signals(tt.points, tt.rules)
		want := marks(len(tt.points), tt.want)
		if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: Signals = %v, %v; want %v", tt.name, got, err, want)
		}
	}
}

// Months without purchases are skipped: a run goes on across them, and they
// signal nothing themselves.
func TestSignalsSkipMonthsWithoutPoints(t *testing.T) {
	points := zs(repeat(0.5, 8)...)
	points = append(points[:4], append([]ChartPoint{{}}, points[4:]...)...)
	got, err := Signals(points, WesternElectric)
	if want := marks(9, map[int][]int{9: {4}}); err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Signals = %v, %v; want %v", got, err, want)
	}
}

func TestSignalsUnknownRuleSet(t *testing.T) {
	if got, err := Signals(zs(4), RuleSet(9)); err == nil {
		t.Errorf("Signals with rule set 9 = %v; want an error", got)
	}
}

// The realistic year of TestControlChartRealisticYear under the Western
// Electric rules, from its z-scores:
//
//	u:  4.72 3.56 2.02 −1.44 2.02 2.41 3.56 −4.14 −1.44 −1.06 −6.45 −3.75
//	    rule 1 (|z| > 3): months 1 2 7 8 11 12
//	    rule 2 (2 of 3 beyond 2σ, same side): 2 3 5 6 7 12
//	    rule 3 (4 of 5 beyond 1σ, same side): 5 6 7 11 12
//	u′: 1.95 1.47 0.84 −0.60 0.84 0.99 1.47 −1.71 −0.60 −0.44 −2.66 −1.55
//	    no rule: one point beyond 2σ, at most three of five beyond 1σ
func TestSignalsRealisticYear(t *testing.T) {
	rates := []int64{46, 43, 39, 30, 39, 40, 43, 23, 30, 31, 17, 24}
	months := make([]Point, len(rates))
	for i, r := range rates {
		months[i] = Point{r * 5, 5_000_000}
	}
	tests := []struct {
		kind ChartKind
		want map[int][]int
	}{
		{U, map[int][]int{1: {1}, 2: {1, 2}, 3: {2}, 5: {2, 3}, 6: {2, 3}, 7: {1, 2, 3}, 8: {1}, 11: {1, 3}, 12: {1, 2, 3}}},
		{LaneyUPrime, nil},
	}
	for _, tt := range tests {
		chart, err := ControlChart(months, tt.kind)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Signals(chart.Points, WesternElectric)
		if want := marks(12, tt.want); err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("kind %d: Signals = %v, %v; want %v", tt.kind, got, err, want)
		}
	}
}

// A chart without complaints signals nothing.
func TestSignalsWithoutComplaints(t *testing.T) {
	chart, err := ControlChart([]Point{{0, 5_000_000}, {0, 4_000_000}, {0, 0}, {0, 6_000_000}}, LaneyUPrime)
	if err != nil {
		t.Fatal(err)
	}
	for _, rules := range []RuleSet{WesternElectric, Nelson} {
		got, err := Signals(chart.Points, rules)
		if want := marks(4, nil); err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("rule set %d: Signals = %v, %v; want none", rules, got, err)
		}
	}
}
