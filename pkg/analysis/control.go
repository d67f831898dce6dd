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
