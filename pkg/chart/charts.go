package chart

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Each chart draws its plots into the area below its title and legend.

// stepsFor is how many y-axis steps fit a plot of the given height, at
// least one line of tick text and a half apart.
func stepsFor(height vg.Length) int {
	const axisAndPadding, minStep = 40, 26
	return min(10, max(3, int((height-axisAndPadding)/minStep)))
}

func (c *RateChart) legend() []legendEntry { return nil }

func (c *RateChart) draw(area draw.Canvas) {
	top := highest(c.Rate.Values, 0)
	for _, l := range []*Line{c.Target, c.FullYear} {
		if l != nil {
			top = math.Max(top, l.Value)
		}
	}
	ys := niceScale(0, top*1.05, stepsFor(area.Size().Y))
	p := newPlot(&c.Frame, ys, c.Numbers.tick(ys, ""))
	p.Add(
		refLine{line: c.FullYear, class: "full-year", style: fullYearStyle},
		refLine{line: c.Target, class: "target", style: targetStyle, right: true},
		seriesLine{frame: &c.Frame, series: &c.Rate, class: "rate", color: seriesBlue},
	)
	fitMonthLabels(p, area)
	p.Draw(area)
}

var (
	targetStyle   = draw.LineStyle{Color: targetGreen, Width: 1.25, Dashes: []vg.Length{6, 3}} // targets and thresholds
	fullYearStyle = draw.LineStyle{Color: yearOrange, Width: 1.25, Dashes: []vg.Length{2, 2}}
	limitStyle    = draw.LineStyle{Color: limitRed, Width: 1, Dashes: []vg.Length{4, 2}}
	centerStyle   = draw.LineStyle{Color: mutedInk, Width: 1}
)

func (c *ControlChart) legend() []legendEntry {
	var entries []legendEntry
	if c.Rate.Name != "" {
		entries = append(entries, legendEntry{label: c.Rate.Name,
			line:  &draw.LineStyle{Color: seriesBlue, Width: 1.75},
			glyph: &draw.GlyphStyle{Color: seriesBlue, Radius: 2.6, Shape: draw.CircleGlyph{}}})
	}
	if c.LimitsLabel != "" {
		entries = append(entries, legendEntry{label: c.LimitsLabel, line: &limitStyle})
	}
	if c.SignalLabel != "" {
		entries = append(entries, legendEntry{label: c.SignalLabel, glyph: &signalGlyph})
	}
	return entries
}

func (c *ControlChart) draw(area draw.Canvas) {
	top := math.Max(highest(c.Rate.Values, c.Center.Value), highest(c.Upper, 0))
	ys := niceScale(0, top*1.05, stepsFor(area.Size().Y))
	p := newPlot(&c.Frame, ys, c.Numbers.tick(ys, ""))
	p.Add(
		steps{values: c.Lower, class: "lower-limit", style: limitStyle},
		steps{values: c.Upper, class: "upper-limit", style: limitStyle},
		refLine{line: &c.Center, class: "center", style: centerStyle, right: true},
		seriesLine{frame: &c.Frame, series: &c.Rate, class: "rate", color: seriesBlue, signals: c.Signals, center: c.Center.Value},
	)
	fitMonthLabels(p, area)
	p.Draw(area)
}

func (c *SurveyChart) legend() []legendEntry { return nil }

// draw puts CSAT above DSAT, each on its own scale (their values lie some
// eighty points apart), with data areas of equal height and aligned left
// edges; only the lower panel labels the months.
func (c *SurveyChart) draw(area draw.Canvas) {
	csatScale, dsatScale := c.surveyScales(max(4, stepsFor(area.Size().Y/2)))

	upperFrame, lowerFrame := c.Frame, c.Frame
	upperFrame.XLabel, upperFrame.YLabel, lowerFrame.YLabel = "", "", ""
	upper := newPlot(&upperFrame, csatScale, c.Numbers.tick(csatScale, c.Numbers.percent()))
	upper.X.Tick.Marker.(*monthAxis).hidden = true
	upper.Add(
		refLine{line: c.CSATThreshold, class: "csat-threshold", style: targetStyle, right: true},
		seriesLine{frame: &c.Frame, series: &c.CSAT, class: "csat", color: seriesBlue},
	)
	lower := newPlot(&lowerFrame, dsatScale, c.Numbers.tick(dsatScale, c.Numbers.percent()))
	lower.Add(
		refLine{line: c.DSATThreshold, class: "dsat-threshold", style: targetStyle, right: true},
		seriesLine{frame: &c.Frame, series: &c.DSAT, class: "dsat", color: limitRed},
	)

	head := textStyle(headSize, ink, true)
	head.YAlign = draw.YTop
	headHeight := head.Height("Mg") + 4
	const panelGap = 10
	// Axis heights do not depend on the canvas height: measure them on area.
	upperAxis := upper.DataCanvas(area).Min.Y - area.Min.Y
	lowerAxis := lower.DataCanvas(area).Min.Y - area.Min.Y
	dataHeight := (area.Size().Y - 2*headHeight - panelGap - upperAxis - lowerAxis) / 2

	lowerArea := area
	lowerArea.Max.Y = area.Min.Y + lowerAxis + dataHeight + headHeight
	upperArea := area
	upperArea.Min.Y = lowerArea.Max.Y + panelGap

	// Align the data areas' left edges on the wider y-axis.
	upperLeft := upper.DataCanvas(upperArea).Min.X
	lowerLeft := lower.DataCanvas(lowerArea).Min.X
	if upperLeft < lowerLeft {
		upperArea.Min.X += lowerLeft - upperLeft
	} else {
		lowerArea.Min.X += upperLeft - lowerLeft
	}

	for _, pn := range []struct {
		area  draw.Canvas
		title string
		plot  *plot.Plot
	}{{upperArea, c.CSAT.Name, upper}, {lowerArea, c.DSAT.Name, lower}} {
		headAt := vg.Point{X: pn.plot.DataCanvas(pn.area).Min.X, Y: pn.area.Max.Y}
		pn.area.FillText(head, headAt, pn.title)
		pn.area.Max.Y -= headHeight
		fitMonthLabels(pn.plot, pn.area)
		pn.plot.Draw(pn.area)
	}
}

func (c *BreakdownChart) legend() []legendEntry {
	entries := make([]legendEntry, len(c.Parts))
	for i, p := range c.Parts {
		entries[i] = legendEntry{label: p.Key, fill: palette[i]}
	}
	return entries
}

func (c *BreakdownChart) draw(area draw.Canvas) {
	var top int64
	for m := range c.Months {
		var total int64
		for _, p := range c.Parts {
			total += p.Counts[m]
		}
		top = max(top, total)
	}
	ys := countScale(float64(top)*1.05, stepsFor(area.Size().Y))
	p := newPlot(&c.Frame, ys, c.Numbers.tick(ys, ""))
	p.Add(stackedBars{chart: c})
	fitMonthLabels(p, area)
	p.Draw(area)
}

// stackedBars draws a bar a month, the parts stacked from the bottom.
type stackedBars struct{ chart *BreakdownChart }

func (b stackedBars) Plot(c draw.Canvas, p *plot.Plot) {
	const barWidth = 0.7 // of a month's width
	for m := range b.chart.Months {
		left := c.X(p.X.Norm(float64(m) - barWidth/2))
		right := c.X(p.X.Norm(float64(m) + barWidth/2))
		var base int64
		for k, part := range b.chart.Parts {
			n := part.Counts[m]
			if n == 0 {
				continue
			}
			tooltip := b.chart.monthName(m) + " · " + part.Key + ": " + b.chart.Numbers.format(float64(n), 0)
			beginGroup(c, "bar", tooltip, "data-month", strconv.Itoa(m), "data-key", part.Key)
			rect := vg.Rectangle{
				Min: vg.Point{X: left, Y: c.Y(p.Y.Norm(float64(base)))},
				Max: vg.Point{X: right, Y: c.Y(p.Y.Norm(float64(base + n)))},
			}
			c.SetColor(palette[k])
			c.Fill(rect.Path())
			// A hairline of background between parts keeps neighbours with
			// similar colours apart.
			c.SetLineStyle(draw.LineStyle{Color: white, Width: 0.5})
			c.Stroke(rect.Path())
			endGroup(c)
			base += n
		}
	}
}

// tick writes a tick value with as many decimals as the scale needs, then
// suffix.
func (nf NumberFormat) tick(s scale, suffix string) func(float64) string {
	return func(v float64) string { return nf.format(v, s.decimals) + suffix }
}

// highest is the largest defined value, or floor when there is none above it.
func highest(values []*float64, floor float64) float64 {
	for _, v := range values {
		if v != nil {
			floor = math.Max(floor, *v)
		}
	}
	return floor
}

// lowest is the smallest defined value, or ceiling when there is none below it.
func lowest(values []*float64, ceiling float64) float64 {
	for _, v := range values {
		if v != nil {
			ceiling = math.Min(ceiling, *v)
		}
	}
	return ceiling
}
