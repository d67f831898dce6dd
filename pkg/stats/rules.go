package stats

import "fmt"

// RuleSet names a family of signal rules for a control chart.
type RuleSet int

const (
	// WesternElectric is the Western Electric rules 1–4:
	//  1. one point beyond 3σ;
	//  2. two of three consecutive points beyond 2σ on one side;
	//  3. four of five consecutive points beyond 1σ on one side;
	//  4. eight points in a row on one side of the centre line.
	WesternElectric RuleSet = iota
	// Nelson is Nelson's rules 1–8:
	//  1. one point beyond 3σ;
	//  2. nine points in a row on one side of the centre line;
	//  3. six points in a row steadily increasing or steadily decreasing;
	//  4. fourteen points in a row alternating up and down;
	//  5. two of three consecutive points beyond 2σ on one side;
	//  6. four of five consecutive points beyond 1σ on one side;
	//  7. fifteen points in a row within 1σ of the centre line, either side;
	//  8. eight points in a row beyond 1σ, on either side (sides may mix).
	Nelson
)

// Signals applies a rule set to the points of a control chart and returns,
// for each point, the numbers of the rules it signals, ascending; nil when it
// signals none.
//
// A rule marks the point that completes its pattern, so that "does the
// latest month signal" asks whether the newest data completes one: a run of
// ten points on one side marks points 8, 9 and 10 for Western Electric rule
// 4. In "two of three" and "four of five" the marked point must itself be one
// of the points beyond the zone, on the same side; at the start of the series
// the window may be shorter (the first two points both beyond 2σ signal).
//
// Distances are read from Z, each point against its own σ_i; "beyond kσ"
// means |Z| > k strictly, "within 1σ" |Z| <= 1, and a point with Z = 0 is on
// neither side, so it ends a run. Nelson's rules 3 and 4 are about direction
// and read the plotted rates: "increasing" means each rate strictly above the
// one before; an equal rate ends a trend or an alternation.
//
// Points that are not plotted (months without purchases) are skipped: the
// patterns run over the plotted points on either side of them.
func Signals(points []ChartPoint, rules RuleSet) ([][]int, error) {
	var checks []rule
	switch rules {
	case WesternElectric:
		checks = westernElectric
	case Nelson:
		checks = nelson
	default:
		return nil, fmt.Errorf("unknown rule set %d", rules)
	}
	var plotted []ChartPoint
	var at []int // index in points of each plotted point
	for i, p := range points {
		if p.Plotted {
			plotted = append(plotted, p)
			at = append(at, i)
		}
	}
	out := make([][]int, len(points))
	for j := range plotted {
		for _, r := range checks {
			if r.completes(plotted, j) {
				out[at[j]] = append(out[at[j]], r.number)
			}
		}
	}
	return out, nil
}

// rule is one numbered rule: completes reports whether point j of the
// plotted series completes the rule's pattern.
type rule struct {
	number    int
	completes func(s []ChartPoint, j int) bool
}

var westernElectric = []rule{
	{1, beyondLimits},
	{2, mOfNBeyond(2, 3, 2)},
	{3, mOfNBeyond(4, 5, 1)},
	{4, runOnOneSide(8)},
}

var nelson = []rule{
	{1, beyondLimits},
	{2, runOnOneSide(9)},
	{3, trend(6)},
	{4, alternating(14)},
	{5, mOfNBeyond(2, 3, 2)},
	{6, mOfNBeyond(4, 5, 1)},
	{7, runWithin1Sigma(15)},
	{8, runBeyond1Sigma(8)},
}

func beyondLimits(s []ChartPoint, j int) bool {
	return s[j].Z > 3 || s[j].Z < -3
}

// mOfNBeyond: point j is beyond k σ and, with it, at least m of the n points
// ending at j are beyond k σ on the same side.
func mOfNBeyond(m, n int, k float64) func([]ChartPoint, int) bool {
	return func(s []ChartPoint, j int) bool {
		for _, side := range []float64{1, -1} {
			if side*s[j].Z <= k {
				continue
			}
			count := 0
			for i := max(0, j-n+1); i <= j; i++ {
				if side*s[i].Z > k {
					count++
				}
			}
			if count >= m {
				return true
			}
		}
		return false
	}
}

// runOnOneSide: the n points ending at j are all above, or all below, the
// centre line.
func runOnOneSide(n int) func([]ChartPoint, int) bool {
	return func(s []ChartPoint, j int) bool {
		if j+1 < n {
			return false
		}
		for _, side := range []float64{1, -1} {
			if all(s[j-n+1:j+1], func(p ChartPoint) bool { return side*p.Z > 0 }) {
				return true
			}
		}
		return false
	}
}

func runWithin1Sigma(n int) func([]ChartPoint, int) bool {
	return func(s []ChartPoint, j int) bool {
		return j+1 >= n && all(s[j-n+1:j+1], func(p ChartPoint) bool { return p.Z >= -1 && p.Z <= 1 })
	}
}

func runBeyond1Sigma(n int) func([]ChartPoint, int) bool {
	return func(s []ChartPoint, j int) bool {
		return j+1 >= n && all(s[j-n+1:j+1], func(p ChartPoint) bool { return p.Z > 1 || p.Z < -1 })
	}
}

// trend: the n rates ending at j strictly increase, or strictly decrease.
func trend(n int) func([]ChartPoint, int) bool {
	return func(s []ChartPoint, j int) bool {
		if j+1 < n {
			return false
		}
		up, down := true, true
		for i := j - n + 2; i <= j; i++ {
			up = up && s[i].Rate > s[i-1].Rate
			down = down && s[i].Rate < s[i-1].Rate
		}
		return up || down
	}
}

// alternating: the n rates ending at j go up and down in turn, each step a
// strict rise or fall opposite to the one before.
func alternating(n int) func([]ChartPoint, int) bool {
	return func(s []ChartPoint, j int) bool {
		if j+1 < n {
			return false
		}
		prev := 0
		for i := j - n + 2; i <= j; i++ {
			step := direction(s[i].Rate - s[i-1].Rate)
			if step == 0 || step == prev {
				return false
			}
			prev = step
		}
		return true
	}
}

func direction(d float64) int {
	switch {
	case d > 0:
		return 1
	case d < 0:
		return -1
	}
	return 0
}

func all(s []ChartPoint, ok func(ChartPoint) bool) bool {
	for _, p := range s {
		if !ok(p) {
			return false
		}
	}
	return true
}
