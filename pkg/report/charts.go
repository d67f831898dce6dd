package report

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/chart"
	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/locale"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/period"
	"github.com/nollmission/nollmission/pkg/stats"
)

// The charts are built here for both `nollmission chart` and the report, so
// that a chart and the page's tables use the same words and the same
// rounding.

// MaxKeys is how many keys a breakdown chart shows; the smallest of the
// rest are folded into one "other" key (pkg/chart tells ten apart).
const MaxKeys = 10

// Decimals the page and the charts write: rates as published (whole
// numbers), percentages with one decimal.
const (
	RateDecimals    = 0
	PercentDecimals = 1
)

// span is every month from first to last, so that a month without data is
// a gap on the chart, never a missing tick.
func span(first, last period.Month) []period.Month {
	var out []period.Month
	for m := first; m <= last; m++ {
		out = append(out, m)
	}
	return out
}

// frame labels months in the language: "Maj", with each year under its
// first month when the months cross a year.
func frame(l locale.Lang, months []period.Month) chart.Frame {
	f := chart.Frame{Numbers: numbers(l)}
	for _, m := range months {
		f.Months = append(f.Months, l.MonthAbbr(m.Number()))
		f.Years = append(f.Years, strconv.Itoa(m.Year()))
	}
	if months[0].Year() == months[len(months)-1].Year() {
		f.Years = nil // one year: the title says which
	}
	return f
}

func numbers(l locale.Lang) chart.NumberFormat {
	if l == locale.Swedish {
		return chart.NumberFormat{Decimal: ",", Thousands: "\u00a0", Percent: " %"}
	}
	return chart.NumberFormat{Decimal: ".", Thousands: ",", Percent: "%"}
}

// monthLabel names a month in prose: "May 2019", "maj 2019".
func monthLabel(l locale.Lang, m period.Month) string {
	return l.MonthName(m.Number()) + " " + strconv.Itoa(m.Year())
}

// oneDecimal writes a float (a control chart's, which is not exact) with
// one decimal, rounded half away from zero.
func oneDecimal(l locale.Lang, v float64) string {
	return l.Number(strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64))
}

func float(r *big.Rat) *float64 { return decimal.Float(r) }

// RateLines are the reference lines of a rate chart: the target and the
// full-year figure of a year, either may be nil.
type RateLines struct {
	Target   *metrics.Target // with Rate set
	FullYear *metrics.YearRate
}

// RateChart is the monthly rate with the target and the full year.
func RateChart(l locale.Lang, country string, months []metrics.MonthRate, lines RateLines) (*chart.RateChart, error) {
	if len(months) == 0 {
		return nil, fmt.Errorf("no months to chart")
	}
	tx := allTexts.In(l)
	ms := span(months[0].Month, months[len(months)-1].Month)
	c := &chart.RateChart{Frame: frame(l, ms)}
	c.Title = fmt.Sprintf(tx.RateTitle, l.Country(country))
	c.Desc = fmt.Sprintf(tx.RateDesc, monthLabel(l, ms[0]), monthLabel(l, ms[len(ms)-1]))
	c.YLabel = tx.RateAxis
	c.Rate = chart.Series{Name: tx.RateAxis, Values: make([]*float64, len(ms)), Texts: make([]string, len(ms))}
	for _, m := range months {
		i := int(m.Month - ms[0])
		c.Rate.Values[i] = float(m.Rate)
		c.Rate.Texts[i] = l.Figure(m.Rate, RateDecimals)
	}
	if t := lines.Target; t != nil && t.Rate != nil {
		v, _ := t.Rate.Float64()
		c.Target = &chart.Line{Value: v, Label: fmt.Sprintf(tx.TargetLine, t.Year, l.Number(decimal.Short(t.Rate)))}
	}
	if y := lines.FullYear; y != nil && y.Rate != nil {
		v, _ := y.Rate.Float64()
		format := tx.FullYearLine
		if y.YearToDate() {
			format = tx.YearToDateLine
		}
		c.FullYear = &chart.Line{Value: v, Label: fmt.Sprintf(format, y.Year, l.Figure(y.Rate, RateDecimals))}
	}
	return c, nil
}

// Control is a control chart of the monthly rate and its signals.
type Control struct {
	Months []period.Month // the months charted, in order
	Chart  stats.Chart
	// Signals has one entry per month: the Western Electric rules it breaks.
	Signals [][]int
}

// ControlOf is the series' Laney u′ chart with its Western Electric
// signals (analysis.RateSeries.ControlChart), laid out over every month
// from the first to the last: a month the series lacks is not plotted,
// which changes no signal (the rules skip such months). It fails when the
// months cannot make a chart (fewer than two months with purchases).
func ControlOf(s analysis.RateSeries) (*Control, error) {
	if len(s.Months) == 0 {
		return nil, fmt.Errorf("no months to chart")
	}
	cc, err := s.ControlChart(stats.LaneyUPrime, stats.WesternElectric)
	if err != nil {
		return nil, err
	}
	ms := span(s.Months[0].Month, s.Months[len(s.Months)-1].Month)
	c := &Control{Months: ms, Signals: make([][]int, len(ms)),
		Chart: stats.Chart{Kind: cc.Kind, Center: cc.Center, SigmaZ: cc.SigmaZ, Points: make([]stats.ChartPoint, len(ms))}}
	for _, m := range cc.Months {
		i := m.Month - ms[0]
		c.Chart.Points[i], c.Signals[i] = m.ChartPoint, m.Signals
	}
	return c, nil
}

// ControlChart draws a control chart.
func ControlChart(l locale.Lang, c *Control) *chart.ControlChart {
	tx := allTexts.In(l)
	n := len(c.Months)
	out := &chart.ControlChart{Frame: frame(l, c.Months),
		Rate:  chart.Series{Name: tx.ControlRate, Values: make([]*float64, n), Texts: make([]string, n)},
		Lower: make([]*float64, n), Upper: make([]*float64, n), Signals: make([][]int, n),
		LimitsLabel: tx.ControlLimits, SignalLabel: tx.ControlSignal,
	}
	out.Title = tx.ControlTitle
	out.Desc = fmt.Sprintf(tx.ControlDesc, monthLabel(l, c.Months[0]), monthLabel(l, c.Months[n-1]))
	out.YLabel = tx.RateAxis
	out.Center = chart.Line{Value: c.Chart.Center, Label: fmt.Sprintf(tx.ControlCenter, oneDecimal(l, c.Chart.Center))}
	for i, p := range c.Chart.Points {
		if !p.Plotted {
			continue
		}
		rate, lcl, ucl := p.Rate, p.LCL, p.UCL
		out.Rate.Values[i], out.Lower[i], out.Upper[i] = &rate, &lcl, &ucl
		out.Rate.Texts[i] = oneDecimal(l, rate)
		out.Signals[i] = c.Signals[i]
	}
	return out
}

// SignalLines lists the months that signal, in the language: "March 2018:
// rule 1 (one point beyond 3σ)".
func SignalLines(l locale.Lang, c *Control) []string {
	tx := allTexts.In(l)
	var out []string
	for i, rules := range c.Signals {
		if len(rules) == 0 {
			continue
		}
		parts := make([]string, len(rules))
		for j, r := range rules {
			parts[j] = fmt.Sprintf("%s %d (%s)", tx.RuleWord, r, tx.Rules[r-1])
		}
		out = append(out, fmt.Sprintf(tx.SignalMonth, monthLabel(l, c.Months[i]), strings.Join(parts, "; ")))
	}
	return out
}

// SurveyChart is CSAT and DSAT per month with the definition's thresholds.
func SurveyChart(l locale.Lang, months []metrics.MonthSurvey, def metrics.CSATDefinition) (*chart.SurveyChart, error) {
	if len(months) == 0 {
		return nil, fmt.Errorf("no months to chart")
	}
	tx := allTexts.In(l)
	ms := span(months[0].Month, months[len(months)-1].Month)
	n := len(ms)
	c := &chart.SurveyChart{Frame: frame(l, ms)}
	c.Title = tx.CSATTitle
	c.Desc = fmt.Sprintf(tx.CSATDesc, monthLabel(l, ms[0]), monthLabel(l, ms[n-1]))
	c.CSAT = chart.Series{Name: fmt.Sprintf(tx.CSATSeries, scoreList(def.Satisfied, tx)), Values: make([]*float64, n), Texts: make([]string, n)}
	c.DSAT = chart.Series{Name: fmt.Sprintf(tx.DSATSeries, scoreList(def.Dissatisfied, tx)), Values: make([]*float64, n), Texts: make([]string, n)}
	for _, m := range months {
		i := int(m.Month - ms[0])
		c.CSAT.Values[i], c.CSAT.Texts[i] = float(m.CSATPercent), l.Percent(decimal.Fixed(m.CSATPercent, PercentDecimals))
		c.DSAT.Values[i], c.DSAT.Texts[i] = float(m.DSATPercent), l.Percent(decimal.Fixed(m.DSATPercent, PercentDecimals))
	}
	csatLine, _ := def.CSATThreshold.Float64()
	dsatLine, _ := def.DSATThreshold.Float64()
	c.CSATThreshold = &chart.Line{Value: csatLine, Label: fmt.Sprintf(tx.CSATLine, l.Percent(decimal.Short(def.CSATThreshold)))}
	c.DSATThreshold = &chart.Line{Value: dsatLine, Label: fmt.Sprintf(tx.DSATLine, l.Percent(decimal.Short(def.DSATThreshold)))}
	return c, nil
}

// scoreList writes scores for people: "4 or 5", "1, 2 eller 3".
func scoreList(scores []int, tx texts) string {
	s := make([]string, len(scores))
	for i, n := range scores {
		s[i] = strconv.Itoa(n)
	}
	switch len(s) {
	case 0:
		return "–"
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " " + tx.Or + " " + s[len(s)-1]
}

// KeyName is a breakdown key as people read it: a channel's or authority's
// name; a category or country as in the data.
func KeyName(l locale.Lang, by analysis.Grouping, key string) string {
	if by != analysis.ByChannel {
		return key
	}
	tx := allTexts.In(l)
	if name, ok := tx.Authorities[key]; ok {
		return name
	}
	if name, ok := tx.Channels[key]; ok {
		return name
	}
	return key
}

// BreakdownChart stacks each month's complaints by key. A breakdown made
// with MostKeys: MaxKeys (BreakdownSpec) has at most MaxKeys keys and the
// rest in Other; then the smallest of its keys joins the other part too, so
// that a chart has at most MaxKeys parts, "other" drawn last.
func BreakdownChart(l locale.Lang, country string, b *analysis.Breakdown) (*chart.BreakdownChart, error) {
	if len(b.Months) == 0 || len(b.Keys) == 0 {
		return nil, fmt.Errorf("no complaints to chart")
	}
	tx := allTexts.In(l)
	ms := span(b.Months[0].Month, b.Months[len(b.Months)-1].Month)
	at := map[period.Month]analysis.BreakdownMonth{}
	for _, m := range b.Months {
		at[m.Month] = m
	}
	parts := make([]chart.Part, len(b.Keys))
	totals := make([]int64, len(b.Keys))
	for k, key := range b.Keys {
		parts[k] = chart.Part{Key: KeyName(l, b.Spec.By, key), Counts: make([]int64, len(ms))}
		for i, m := range ms {
			if bm, ok := at[m]; ok {
				parts[k].Counts[i] = bm.Tally(k).Complaints
				totals[k] += bm.Tally(k).Complaints
			}
		}
	}
	if b.Folded > 0 {
		other := chart.Part{Key: tx.Other, Counts: make([]int64, len(ms))}
		for i, m := range ms {
			if bm, ok := at[m]; ok {
				other.Counts[i] = bm.Other.Complaints
			}
		}
		if len(parts) >= MaxKeys {
			// The smallest key, last in the ranking (equal ones by name).
			smallest := 0
			for k := range parts {
				if cmp.Or(cmp.Compare(totals[k], totals[smallest]), -strings.Compare(b.Keys[k], b.Keys[smallest])) < 0 {
					smallest = k
				}
			}
			for i, n := range parts[smallest].Counts {
				other.Counts[i] += n
			}
			parts = slices.Delete(parts, smallest, smallest+1)
		}
		parts = append(parts, other)
	}
	c := &chart.BreakdownChart{Frame: frame(l, ms), Parts: parts}
	c.Title = fmt.Sprintf(tx.BreakdownTitle, l.Country(country))
	c.Desc = fmt.Sprintf(tx.BreakdownDesc, monthLabel(l, ms[0]), monthLabel(l, ms[len(ms)-1]))
	c.YLabel = tx.BreakdownAxis
	return c, nil
}

// RateLinesOf chooses a rate chart's reference lines from every month of
// the data: for a year, its target and its full year (year to date when
// months are missing); for every year (0), the latest year's target and
// the latest complete year. A target that cannot be measured (its baseline
// year is missing) draws no line.
func RateLinesOf(months []metrics.MonthRate, targets []metrics.Target, year int) RateLines {
	var lines RateLines
	years := metrics.FullYears(months)
	for i := len(years) - 1; i >= 0; i-- {
		y := years[i]
		if year == y.Year || year == 0 && !y.YearToDate() {
			lines.FullYear = &years[i]
			break
		}
	}
	if year == 0 && lines.FullYear == nil && len(years) > 0 {
		lines.FullYear = &years[len(years)-1] // no complete year: the latest, year to date
	}
	inData := map[int]bool{}
	for _, y := range years {
		inData[y.Year] = true
	}
	for i := len(targets) - 1; i >= 0; i-- {
		t := targets[i]
		if year != 0 && t.Year != year || year == 0 && !inData[t.Year] {
			continue
		}
		if p, err := metrics.ComputeProgress(t, months); err == nil {
			lines.Target = &metrics.Target{Year: t.Year, Baseline: p.Baseline, Rate: p.Target}
		}
		break
	}
	return lines
}
