// Package chart draws the programme's charts: the monthly rate against its
// target, the control chart, CSAT/DSAT against the COPC thresholds and the
// breakdown as stacked bars. It renders SVG (deterministic to the byte, no
// script, no external reference), PNG and a plain-text terminal chart.
//
// The package takes plain values and knows nothing of files, flags or
// datasets. Every word it draws — titles, axis labels, legend entries, month
// names, the decimal separator — comes from the caller, so one chart can be
// drawn in Swedish or in English.
package chart

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/plot/vg/draw"
)

// Frame is what every chart has: its text and its months.
type Frame struct {
	// Title is drawn above the chart and is the SVG's <title>.
	Title string
	// Desc is one or two sentences saying what the chart shows, for readers
	// who cannot see it; it is the SVG's <desc>.
	Desc string
	// Months labels the x-axis, one label a month in order ("Jan", "Maj").
	Months []string
	// Years, when given, has one entry a month ("2019"); each year is written
	// once, under its first month, so that Months can stay short.
	Years []string
	// XLabel and YLabel name the axes; either may be empty.
	XLabel, YLabel string
	// Numbers says how the chart writes the numbers it makes up itself
	// (tick labels, and values without a caller-given text).
	Numbers NumberFormat
}

// NumberFormat is how numbers are written: English "1,234.5" or Swedish
// "1 234,5".
type NumberFormat struct {
	Decimal   string // decimal separator; "." when empty
	Thousands string // digit-group separator; none when empty
	Percent   string // written after a percentage: "%" (English), " %" (Swedish); "%" when empty
}

// Series is one monthly figure.
type Series struct {
	// Name is the series' legend entry (control chart) or panel heading
	// (survey chart).
	Name string
	// Values has one entry a month; nil means the month has no figure (no
	// purchases, no responses): the chart leaves a gap, never a zero.
	Values []*float64
	// Texts, when given, has one entry a month: the value as the caller
	// prints it in its tables ("39,4"), so that chart and table agree to the
	// digit. It labels the terminal chart's rows and the SVG points'
	// tooltips. Without it the chart writes one decimal.
	Texts []string
}

// Line is a horizontal reference line with its label ("Mål 2020: 28").
type Line struct {
	Value float64
	Label string
}

// RateChart is the monthly complaint rate with its target and full year.
type RateChart struct {
	Frame
	Rate     Series
	Target   *Line // nil: no target line
	FullYear *Line // nil: no full-year line
}

// ControlChart is a control chart of the monthly rate: the centre line, the
// limits (which step from month to month because each month has its own
// number of purchases) and the months that signal.
type ControlChart struct {
	Frame
	Rate   Series
	Center Line
	// Lower and Upper have one limit a month; nil where a month has none.
	Lower, Upper []*float64
	// LimitsLabel is the legend entry of the limits ("Kontrollgränser").
	LimitsLabel string
	// Signals has one entry a month: the numbers of the rules the month
	// breaks, empty when it breaks none. Signalling months are marked and
	// carry their rule numbers.
	Signals [][]int
	// SignalLabel is the legend entry of the signal marker ("Signal (regel)").
	SignalLabel string
}

// SurveyChart is CSAT and DSAT per month, in percent, each in its own panel
// with its threshold (COPC: CSAT above 85 %, DSAT below 5 %). Each panel is
// headed by its series' Name; Frame.YLabel is not drawn.
type SurveyChart struct {
	Frame
	CSAT, DSAT                   Series
	CSATThreshold, DSATThreshold *Line // nil: no threshold line
}

// BreakdownChart is a count per key per month, as stacked bars.
type BreakdownChart struct {
	Frame
	// Parts are stacked from the bottom in this order.
	Parts []Part
}

// Part is one key of a breakdown and its count per month.
type Part struct {
	Key    string
	Counts []int64
}

// Chart is one of RateChart, ControlChart, SurveyChart and BreakdownChart.
type Chart interface {
	frame() *Frame
	validate() error
	legend() []legendEntry
	draw(area draw.Canvas)
	terminal(t *termChart) error
}

func (c *RateChart) frame() *Frame      { return &c.Frame }
func (c *ControlChart) frame() *Frame   { return &c.Frame }
func (c *SurveyChart) frame() *Frame    { return &c.Frame }
func (c *BreakdownChart) frame() *Frame { return &c.Frame }

// maxParts is how many keys a breakdown can tell apart by colour (and the
// terminal chart by shading); callers fold the rest into an "other" key.
const maxParts = len(palette)

func (f *Frame) validate() error {
	if len(f.Months) == 0 {
		return errors.New("chart: no months")
	}
	if f.Years != nil && len(f.Years) != len(f.Months) {
		return fmt.Errorf("chart: %d years for %d months", len(f.Years), len(f.Months))
	}
	return nil
}

// month names month i in an error: "month 5 (Maj 2019)".
func (f *Frame) month(i int) string {
	if i < len(f.Months) && (f.Years == nil || i < len(f.Years)) {
		return fmt.Sprintf("month %d (%s)", i+1, f.monthName(i))
	}
	return fmt.Sprintf("month %d", i+1)
}

func (f *Frame) validateSeries(what string, s *Series) error {
	if len(s.Values) != len(f.Months) {
		return fmt.Errorf("chart: %s has %d values for %d months", what, len(s.Values), len(f.Months))
	}
	if s.Texts != nil && len(s.Texts) != len(f.Months) {
		return fmt.Errorf("chart: %s has %d texts for %d months", what, len(s.Texts), len(f.Months))
	}
	return f.finite(what, s.Values)
}

func (f *Frame) finite(what string, values []*float64) error {
	for i, v := range values {
		if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
			return fmt.Errorf("chart: %s: %s is %v", what, f.month(i), *v)
		}
	}
	return nil
}

func (l *Line) validate(what string) error {
	if l != nil && (math.IsNaN(l.Value) || math.IsInf(l.Value, 0)) {
		return fmt.Errorf("chart: %s is %v", what, l.Value)
	}
	return nil
}

func (c *RateChart) validate() error {
	return errors.Join(c.Frame.validate(),
		c.validateSeries("rate", &c.Rate),
		c.Target.validate("target"),
		c.FullYear.validate("full year"))
}

func (c *ControlChart) validate() error {
	n := len(c.Months)
	errs := []error{c.Frame.validate(), c.validateSeries("rate", &c.Rate), c.Center.validate("centre line")}
	for _, limit := range []struct {
		what   string
		values []*float64
	}{{"lower limit", c.Lower}, {"upper limit", c.Upper}} {
		if len(limit.values) != n {
			errs = append(errs, fmt.Errorf("chart: %s has %d values for %d months", limit.what, len(limit.values), n))
		}
		errs = append(errs, c.finite(limit.what, limit.values))
	}
	if len(c.Signals) != n {
		errs = append(errs, fmt.Errorf("chart: %d signal entries for %d months", len(c.Signals), n))
	}
	for i, rules := range c.Signals {
		if len(rules) > 0 && (i >= len(c.Rate.Values) || c.Rate.Values[i] == nil) {
			errs = append(errs, fmt.Errorf("chart: %s signals but has no rate", c.month(i)))
		}
	}
	return errors.Join(errs...)
}

func (c *SurveyChart) validate() error {
	return errors.Join(c.Frame.validate(),
		c.validateSeries("CSAT", &c.CSAT), c.validateSeries("DSAT", &c.DSAT),
		c.CSATThreshold.validate("CSAT threshold"), c.DSATThreshold.validate("DSAT threshold"))
}

func (c *BreakdownChart) validate() error {
	errs := []error{c.Frame.validate()}
	if len(c.Parts) == 0 {
		errs = append(errs, errors.New("chart: a breakdown without keys"))
	}
	if len(c.Parts) > maxParts {
		errs = append(errs, fmt.Errorf("chart: %d keys, at most %d can be told apart (fold the rest into one)", len(c.Parts), maxParts))
	}
	for _, p := range c.Parts {
		if len(p.Counts) != len(c.Months) {
			errs = append(errs, fmt.Errorf("chart: key %q has %d counts for %d months", p.Key, len(p.Counts), len(c.Months)))
		}
		for i, n := range p.Counts {
			if n < 0 {
				errs = append(errs, fmt.Errorf("chart: key %q: %s has a negative count %d", p.Key, c.month(i), n))
			}
		}
	}
	return errors.Join(errs...)
}
