package analysis

import (
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/stats"
)

// ControlMonth is one month on a control chart: its counts, its point
// (rate, limits, z; Plotted false without purchases) and the numbers of the
// signal rules it completes, ascending; nil when none.
type ControlMonth struct {
	metrics.MonthCounts
	stats.ChartPoint
	Signals []int
}

// ControlChart is a control chart of the series' monthly rate with the
// signals of a rule set.
type ControlChart struct {
	Kind  stats.ChartKind
	Rules stats.RuleSet
	// Center is ū per million; SigmaZ is σ_z (1 for the u chart).
	Center, SigmaZ float64
	Months         []ControlMonth
}

// ControlChart draws the control chart of every month of the series (see
// stats.ControlChart) and applies the rules.
func (s RateSeries) ControlChart(kind stats.ChartKind, rules stats.RuleSet) (ControlChart, error) {
	points := make([]stats.Point, len(s.Months))
	for i, m := range s.Months {
		points[i] = stats.Point{Complaints: m.Complaints, Purchases: m.Transactions}
	}
	chart, err := stats.ControlChart(points, kind)
	if err != nil {
		return ControlChart{}, err
	}
	signals, err := stats.Signals(chart.Points, rules)
	if err != nil {
		return ControlChart{}, err
	}
	out := ControlChart{Kind: kind, Rules: rules, Center: chart.Center, SigmaZ: chart.SigmaZ, Months: make([]ControlMonth, len(s.Months))}
	for i, m := range s.Months {
		out.Months[i] = ControlMonth{MonthCounts: m, ChartPoint: chart.Points[i], Signals: signals[i]}
	}
	return out, nil
}

// Latest is the latest month on the chart (with purchases); ok is false
// when there is none.
func (c ControlChart) Latest() (m ControlMonth, ok bool) {
	for i := len(c.Months) - 1; i >= 0; i-- {
		if c.Months[i].Plotted {
			return c.Months[i], true
		}
	}
	return ControlMonth{}, false
}

// RuleDescription says what rule n of a rule set looks for, in words: "one
// point beyond 3σ". "" for a rule the set does not have.
func RuleDescription(rules stats.RuleSet, n int) string {
	var names []string
	switch rules {
	case stats.WesternElectric:
		names = westernElectricRules
	case stats.Nelson:
		names = nelsonRules
	}
	if n < 1 || n > len(names) {
		return ""
	}
	return names[n-1]
}

// RuleCount is how many rules a rule set has.
func RuleCount(rules stats.RuleSet) int {
	if rules == stats.Nelson {
		return len(nelsonRules)
	}
	return len(westernElectricRules)
}

// The rules as pkg/stats applies them (see stats.RuleSet).
var (
	westernElectricRules = []string{
		"one point beyond 3σ",
		"two of three points in a row beyond 2σ on one side",
		"four of five points in a row beyond 1σ on one side",
		"eight points in a row on one side of the centre line",
	}
	nelsonRules = []string{
		"one point beyond 3σ",
		"nine points in a row on one side of the centre line",
		"six points in a row steadily increasing or decreasing",
		"fourteen points in a row alternating up and down",
		"two of three points in a row beyond 2σ on one side",
		"four of five points in a row beyond 1σ on one side",
		"fifteen points in a row within 1σ of the centre line",
		"eight points in a row beyond 1σ, either side",
	}
)
