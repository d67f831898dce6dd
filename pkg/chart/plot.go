package chart

import (
	"image/color"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// newPlot is a plot with the months along x and the scale up y, in the
// house style: no y-axis line, light horizontal grid lines at the ticks.
func newPlot(f *Frame, ys scale, yTick func(float64) string) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil
	n := len(f.Months)

	p.X.Min, p.X.Max = -0.5, float64(n)-0.5
	p.X.Padding = 0
	p.X.LineStyle = draw.LineStyle{Color: axisGrey, Width: 0.75}
	p.X.Tick.LineStyle = draw.LineStyle{Color: axisGrey, Width: 0.75}
	p.X.Tick.Length = 4
	p.X.Tick.Label = textStyle(tickSize, ink, false)
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XCenter, draw.YTop
	p.X.Tick.Marker = newMonthAxis(f)
	p.X.Label.Text = f.XLabel
	p.X.Label.TextStyle = textStyle(labelSize, mutedInk, false)
	p.X.Label.TextStyle.XAlign = draw.XCenter
	p.X.Label.Padding = 4

	p.Y.Min, p.Y.Max = ys.min(), ys.max()
	p.Y.Padding = 0
	p.Y.LineStyle.Width = 0
	p.Y.Tick.Length = 0
	p.Y.Tick.Label = textStyle(tickSize, ink, false)
	p.Y.Tick.Label.XAlign, p.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
	ticks := make(plot.ConstantTicks, len(ys.ticks))
	for i, v := range ys.ticks {
		ticks[i] = plot.Tick{Value: v, Label: yTick(v)}
	}
	p.Y.Tick.Marker = ticks
	p.Y.Label.Text = f.YLabel
	p.Y.Label.TextStyle = textStyle(labelSize, mutedInk, false)
	p.Y.Label.TextStyle.XAlign = draw.XCenter
	p.Y.Label.Padding = 6

	p.Add(grid{ticks: ys.ticks})
	return p
}

// fitMonthLabels thins the month labels until they no longer touch, given
// the canvas the plot will be drawn into.
func fitMonthLabels(p *plot.Plot, c draw.Canvas) {
	axis := p.X.Tick.Marker.(*monthAxis)
	perMonth := p.DataCanvas(c).Size().X / vg.Length(len(axis.labels))
	widest := vg.Length(0)
	for _, label := range axis.labels {
		widest = max(widest, p.X.Tick.Label.Width(label))
	}
	const gap = 6
	every := 1
	for _, k := range []int{1, 2, 3, 4, 6, 12} {
		every = k
		if widest+gap <= vg.Length(k)*perMonth {
			break
		}
	}
	for perMonth > 0 && vg.Length(every)*perMonth < widest+gap && every < len(axis.labels) {
		every += 12
	}
	axis.every = every
}

// monthAxis labels the months, each year once under its first month, and
// every month with a tick.
type monthAxis struct {
	labels    []string // Months[i], then the year on a second line where a year starts
	runStarts []int    // where each year starts (the months' index)
	every     int      // label every so many months of a year; others only get a tick
	hidden    bool     // ticks without labels (the upper panel of a pair)
}

func newMonthAxis(f *Frame) *monthAxis {
	a := &monthAxis{labels: make([]string, len(f.Months)), every: 1}
	for i, month := range f.Months {
		a.labels[i] = month
		if i == 0 || (f.Years != nil && f.Years[i] != f.Years[i-1]) {
			a.runStarts = append(a.runStarts, i)
			if f.Years != nil {
				a.labels[i] += "\n" + f.Years[i]
			}
		}
	}
	return a
}

// shown reports which months carry a label: every a.every months from each
// year's first, never closer than a.every to the next. A year's first month
// always has its label; the label before it gives way when too close (as
// when the months start in a year's December).
func (a *monthAxis) shown() []bool {
	shown := make([]bool, len(a.labels))
	last := -1 // the last month labelled
	for r, start := range a.runStarts {
		end := len(a.labels)
		if r+1 < len(a.runStarts) {
			end = a.runStarts[r+1]
		}
		if last >= 0 && start-last < a.every {
			shown[last] = false
		}
		for i := start; i < end; i += a.every {
			if i == start || i+a.every <= end || end == len(a.labels) {
				shown[i], last = true, i
			}
		}
	}
	return shown
}

func (a *monthAxis) Ticks(_, _ float64) []plot.Tick {
	shown := a.shown()
	ticks := make([]plot.Tick, len(a.labels))
	for i := range ticks {
		ticks[i] = plot.Tick{Value: float64(i)}
		if shown[i] && !a.hidden {
			ticks[i].Label = a.labels[i]
		}
	}
	return ticks
}

// monthName is month i as a tooltip names it: "Maj 2019".
func (f *Frame) monthName(i int) string {
	if f.Years != nil {
		return f.Months[i] + " " + f.Years[i]
	}
	return f.Months[i]
}

// grid draws the horizontal grid lines.
type grid struct{ ticks []float64 }

func (g grid) Plot(c draw.Canvas, p *plot.Plot) {
	sty := draw.LineStyle{Color: gridGrey, Width: 0.6}
	for _, v := range g.ticks {
		y := c.Y(p.Y.Norm(v))
		c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	}
}

// grouper is implemented by the SVG canvas, so that marks can be found
// and carry tooltips; on a raster canvas the groups are nothing.
type grouper interface {
	group(class, tooltip string, attrs ...string)
	endGroup()
}

// grouperOf finds the grouper under c, which gonum wraps in draw.Canvas
// values as it lays a plot out; nil for a raster canvas.
func grouperOf(c vg.Canvas) grouper {
	for {
		switch inner := c.(type) {
		case grouper:
			return inner
		case draw.Canvas:
			c = inner.Canvas
		case *draw.Canvas:
			c = inner.Canvas
		default:
			return nil
		}
	}
}

func beginGroup(c draw.Canvas, class, tooltip string, attrs ...string) {
	if g := grouperOf(c.Canvas); g != nil {
		g.group(class, tooltip, attrs...)
	}
}

func endGroup(c draw.Canvas) {
	if g := grouperOf(c.Canvas); g != nil {
		g.endGroup()
	}
}

// seriesLine draws a monthly figure as a line with a dot a month; a month
// without a figure breaks the line, so a lone month between two gaps is a
// dot alone.
type seriesLine struct {
	frame  *Frame
	series *Series
	class  string
	color  color.Color
	// signals, when not nil, has one entry a month; a month with rules gets
	// a diamond and its rule numbers, written on the side away from the
	// center line (above it when the month is above center), where the
	// limit it crossed is not.
	signals [][]int
	center  float64
}

func (s seriesLine) Plot(c draw.Canvas, p *plot.Plot) {
	point := func(i int) vg.Point {
		return vg.Point{X: c.X(p.X.Norm(float64(i))), Y: c.Y(p.Y.Norm(*s.series.Values[i]))}
	}
	var runs [][]vg.Point
	var run []vg.Point
	for i, v := range s.series.Values {
		if v == nil {
			if len(run) > 1 {
				runs = append(runs, run)
			}
			run = nil
			continue
		}
		run = append(run, point(i))
	}
	if len(run) > 1 {
		runs = append(runs, run)
	}
	beginGroup(c, s.class+"-line", "")
	c.StrokeLines(draw.LineStyle{Color: s.color, Width: 1.75}, runs...)
	endGroup(c)

	dot := draw.GlyphStyle{Color: s.color, Radius: 2.6, Shape: draw.CircleGlyph{}}
	for i, v := range s.series.Values {
		if v == nil {
			continue
		}
		if s.signals != nil && len(s.signals[i]) > 0 {
			continue // drawn on top below
		}
		tooltip := s.frame.monthName(i) + ": " + s.series.text(i, s.frame.Numbers)
		beginGroup(c, s.class+"-point", tooltip, "data-month", strconv.Itoa(i))
		c.DrawGlyphNoClip(dot, point(i))
		endGroup(c)
	}
	for i, rules := range s.signals {
		if len(rules) == 0 {
			continue
		}
		tooltip := s.frame.monthName(i) + ": " + s.series.text(i, s.frame.Numbers) + " (" + ruleList(rules) + ")"
		beginGroup(c, "signal", tooltip, "data-month", strconv.Itoa(i), "data-rules", ruleList(rules))
		pt := point(i)
		c.DrawGlyphNoClip(signalGlyph, pt)
		sty := textStyle(inlineSize, limitRed, true)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
		at := vg.Point{X: pt.X, Y: pt.Y + signalGlyph.Radius + 2}
		if *s.series.Values[i] < s.center {
			sty.YAlign = draw.YTop
			at.Y = pt.Y - signalGlyph.Radius - 2
		}
		c.FillText(sty, at, ruleList(rules))
		endGroup(c)
	}
}

var signalGlyph = draw.GlyphStyle{Color: limitRed, Radius: 5, Shape: diamondGlyph{}}

// ruleList writes rule numbers as "2, 5": with a space, so that a Swedish
// reader does not take it for a decimal.
func ruleList(rules []int) string {
	parts := make([]string, len(rules))
	for i, r := range rules {
		parts[i] = strconv.Itoa(r)
	}
	return strings.Join(parts, ", ")
}

// diamondGlyph is a filled diamond with a white rim, so that it stands out
// from the round dots of ordinary months.
type diamondGlyph struct{}

func (diamondGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius
	var path vg.Path
	path.Move(vg.Point{X: pt.X, Y: pt.Y + r})
	path.Line(vg.Point{X: pt.X + r, Y: pt.Y})
	path.Line(vg.Point{X: pt.X, Y: pt.Y - r})
	path.Line(vg.Point{X: pt.X - r, Y: pt.Y})
	path.Close()
	c.SetColor(sty.Color)
	c.Fill(path)
	c.SetLineStyle(draw.LineStyle{Color: white, Width: 1})
	c.Stroke(path)
}

// refLine is a horizontal reference line with its label, at the left or
// right end, above the line (below when the line is near the top).
type refLine struct {
	line  *Line
	class string
	style draw.LineStyle
	right bool // label at the right end
}

func (r refLine) Plot(c draw.Canvas, p *plot.Plot) {
	if r.line == nil {
		return
	}
	y := c.Y(p.Y.Norm(r.line.Value))
	beginGroup(c, r.class, r.line.Label)
	c.StrokeLine2(r.style, c.Min.X, y, c.Max.X, y)
	if r.line.Label != "" {
		sty := textStyle(inlineSize, r.style.Color, true)
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
		x := c.Min.X + 4
		if r.right {
			sty.XAlign = draw.XRight
			x = c.Max.X - 4
		}
		at := vg.Point{X: x, Y: y + 2.5}
		if y+2.5+sty.Height(r.line.Label) > c.Max.Y {
			sty.YAlign = draw.YTop
			at.Y = y - 2.5
		}
		labelWithHalo(c, sty, at, r.line.Label)
	}
	endGroup(c)
}

// labelWithHalo draws text on a translucent white box, legible over lines.
func labelWithHalo(c draw.Canvas, sty draw.TextStyle, at vg.Point, txt string) {
	box := sty.Rectangle(txt).Add(at)
	const pad = 1.5
	box.Min.X -= pad
	box.Max.X += pad
	c.SetColor(halo)
	c.Fill(box.Path())
	c.FillText(sty, at, txt)
}

// steps draws a limit that holds for one month at a time: a level across
// each month's width, joined from month to month, broken where a month has
// no limit.
type steps struct {
	values []*float64
	class  string
	style  draw.LineStyle
}

func (s steps) Plot(c draw.Canvas, p *plot.Plot) {
	var runs [][]vg.Point
	var run []vg.Point
	for i, v := range s.values {
		if v == nil {
			if run != nil {
				runs = append(runs, run)
			}
			run = nil
			continue
		}
		y := c.Y(p.Y.Norm(*v))
		left := c.X(p.X.Norm(float64(i) - 0.5))
		right := c.X(p.X.Norm(float64(i) + 0.5))
		run = append(run, vg.Point{X: left, Y: y}, vg.Point{X: right, Y: y})
	}
	if run != nil {
		runs = append(runs, run)
	}
	beginGroup(c, s.class, "")
	c.StrokeLines(s.style, runs...)
	endGroup(c)
}

// legendEntry is one item of the legend row: a sample, then its text.
type legendEntry struct {
	label string
	line  *draw.LineStyle  // a line sample
	glyph *draw.GlyphStyle // a mark, on the line if both
	fill  color.Color      // a filled square
}

// drawLegend writes the entries in rows across the top of c, wrapping when
// a row is full, and returns the height used.
func drawLegend(c draw.Canvas, entries []legendEntry) vg.Length {
	sty := textStyle(tickSize, ink, false)
	sty.YAlign = draw.YCenter
	const lineSample, boxSample, sampleGap, entryGap = 18, 9, 4, 14
	rowHeight := sty.Height("Mg") + 3
	x, y := c.Min.X, c.Max.Y-rowHeight/2
	for _, e := range entries {
		sample := vg.Length(lineSample)
		if e.fill != nil {
			sample = boxSample
		}
		width := sample + sampleGap + sty.Width(e.label)
		if x > c.Min.X && x+width > c.Max.X {
			x, y = c.Min.X, y-rowHeight
		}
		beginGroup(c, "legend-entry", "")
		if e.fill != nil {
			c.SetColor(e.fill)
			c.Fill(vg.Rectangle{Min: vg.Point{X: x, Y: y - boxSample/2}, Max: vg.Point{X: x + boxSample, Y: y + boxSample/2}}.Path())
		}
		if e.line != nil {
			c.StrokeLine2(*e.line, x, y, x+sample, y)
		}
		if e.glyph != nil {
			c.DrawGlyphNoClip(*e.glyph, vg.Point{X: x + sample/2, Y: y})
		}
		c.FillText(sty, vg.Point{X: x + sample + sampleGap, Y: y}, e.label)
		endGroup(c)
		x += width + entryGap
	}
	return c.Max.Y - y + rowHeight/2
}
