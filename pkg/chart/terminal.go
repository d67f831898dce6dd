package chart

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"
	"unicode/utf8"
)

// TerminalOptions shapes a terminal chart.
type TerminalOptions struct {
	// Width is the number of columns; no line is longer. At least 40.
	Width int
	// Color adds ANSI colour escapes; without it the text is plain.
	Color bool
}

const minTerminalWidth = 40

// Terminal writes c as plain text for a terminal: one row a month, the
// value as a bar (rate, breakdown) or as a dot between its limits (control
// chart, survey), drawn with Unicode block and box characters. Nothing is
// written when c is invalid.
func Terminal(w io.Writer, c Chart, opt TerminalOptions) error {
	if err := c.validate(); err != nil {
		return err
	}
	if opt.Width < minTerminalWidth {
		return fmt.Errorf("chart: a terminal chart needs at least %d columns, not %d", minTerminalWidth, opt.Width)
	}
	t := &termChart{width: opt.Width, color: opt.Color, frame: c.frame()}
	t.wrap(t.frame.Title, true)
	if err := c.terminal(t); err != nil {
		return err
	}
	_, err := io.WriteString(w, t.out.String())
	return err
}

// termChart collects the lines of a terminal chart.
type termChart struct {
	width int
	color bool
	frame *Frame
	out   strings.Builder
}

func (t *termChart) line(s string) { t.out.WriteString(strings.TrimRight(s, " ") + "\n") }

// paint wraps s in ANSI escapes for the colour nearest clr (none when nil)
// and bold, when colour is asked for. Text keeps the terminal's own colour,
// which suits a dark background as well as a light one.
func (t *termChart) paint(s string, clr color.Color, bold bool) string {
	if !t.color || strings.TrimSpace(s) == "" {
		return s
	}
	var codes []string
	if bold {
		codes = append(codes, "1")
	}
	if clr != nil {
		codes = append(codes, ansiColor(clr))
	}
	if codes == nil {
		return s
	}
	return "\x1b[" + strings.Join(codes, ";") + "m" + s + "\x1b[0m"
}

// ansiColor is the xterm 256-colour code nearest to clr.
func ansiColor(clr color.Color) string {
	levels := [...]uint32{0, 95, 135, 175, 215, 255}
	nearest := func(v uint32) int {
		v >>= 8
		best := 0
		for i, l := range levels {
			if absDiff(l, v) < absDiff(levels[best], v) {
				best = i
			}
		}
		return best
	}
	r, g, b, _ := clr.RGBA()
	return fmt.Sprintf("38;5;%d", 16+36*nearest(r)+6*nearest(g)+nearest(b))
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// wrap writes text in lines no wider than the chart, breaking at spaces.
func (t *termChart) wrap(text string, bold bool) {
	var line string
	flush := func() {
		t.line(t.paint(line, nil, bold))
		line = ""
	}
	for _, word := range strings.Fields(text) {
		for width(word) > t.width { // a word longer than a line: cut it
			if line != "" {
				flush()
			}
			cut := string([]rune(word)[:t.width])
			line = cut
			flush()
			word = strings.TrimPrefix(word, cut)
		}
		switch {
		case line == "":
			line = word
		case width(line)+1+width(word) <= t.width:
			line += " " + word
		default:
			flush()
			line = word
		}
	}
	if line != "" {
		flush()
	}
}

// width is the number of columns s takes: one a rune, for the Latin text
// and the box and block characters the charts use.
func width(s string) int { return utf8.RuneCountInString(s) }

func padRight(s string, n int) string { return s + strings.Repeat(" ", max(0, n-width(s))) }
func padLeft(s string, n int) string  { return strings.Repeat(" ", max(0, n-width(s))) + s }

// rowLabels is a label a month: the month, with its year where a year
// starts.
func (t *termChart) rowLabels() (labels []string, widest int) {
	f := t.frame
	labels = make([]string, len(f.Months))
	for i := range f.Months {
		labels[i] = f.Months[i]
		if f.Years != nil && (i == 0 || f.Years[i] != f.Years[i-1]) {
			labels[i] = f.monthName(i)
		}
		widest = max(widest, width(labels[i]))
	}
	return labels, widest
}

// cells is a row of single-column characters, each with its colour.
type cells struct {
	chars  []rune
	colors []color.Color
}

func newCells(n int) cells {
	c := cells{chars: make([]rune, n), colors: make([]color.Color, n)}
	for i := range c.chars {
		c.chars[i] = ' '
	}
	return c
}

func (c cells) set(i int, r rune, clr color.Color) {
	if i >= 0 && i < len(c.chars) {
		c.chars[i], c.colors[i] = r, clr
	}
}

// setIfBlank marks a reference line, which gives way to the data.
func (c cells) setIfBlank(i int, r rune, clr color.Color) {
	if i >= 0 && i < len(c.chars) && c.chars[i] == ' ' {
		c.set(i, r, clr)
	}
}

func (t *termChart) render(c cells) string {
	var b strings.Builder
	for i := 0; i < len(c.chars); {
		j := i
		for j < len(c.chars) && c.colors[j] == c.colors[i] {
			j++
		}
		run := string(c.chars[i:j])
		if c.colors[i] != nil {
			run = t.paint(run, c.colors[i], false)
		}
		b.WriteString(run)
		i = j
	}
	return b.String()
}

// termScale maps values onto a row of columns.
type termScale struct {
	scale
	columns int
	numbers NumberFormat
	suffix  string
}

// newTermScale fits a nice scale from lo to hi into columns, with as many
// ticks as leave their labels apart. whole asks for whole-number steps.
func newTermScale(lo, hi float64, columns int, nf NumberFormat, suffix string, whole bool) termScale {
	for steps := 10; ; steps-- {
		s := termScale{scale: stepScale(lo, hi, steps, whole), numbers: nf, suffix: suffix}
		// Columns a whole multiple of the steps, so that ticks are evenly
		// spaced.
		s.columns = columns / (len(s.ticks) - 1) * (len(s.ticks) - 1)
		widest := 0
		for _, v := range s.ticks {
			widest = max(widest, width(s.label(v)))
		}
		// Labels start at their tick, the last ends at the edge: two labels
		// and a space must fit between the last two ticks.
		if steps == 1 || s.columns/(len(s.ticks)-1) >= 2*widest+1 {
			return s
		}
	}
}

func (s termScale) label(v float64) string { return s.numbers.format(v, s.decimals) + s.suffix }

// position is where v falls, in columns from the left (fractional).
func (s termScale) position(v float64) float64 {
	return (v - s.min()) / (s.max() - s.min()) * float64(s.columns)
}

// column is the cell v falls in.
func (s termScale) column(v float64) int {
	return min(s.columns-1, max(0, int(math.Floor(s.position(v)))))
}

// axis writes the tick labels and the axis line, indented by indent. A
// tick stands at the left edge of the cell its value starts, so the axis is
// a column longer than the rows' plots: its last tick stands where a
// full-length bar ends.
func (t *termChart) axis(s termScale, indent int) {
	labels := []rune(strings.Repeat(" ", s.columns+1))
	line := []rune(strings.Repeat("─", s.columns+1))
	for i, v := range s.ticks {
		col := int(math.Round(s.position(v)))
		line[col] = '┬'
		text := []rune(s.label(v))
		start := col
		if i == len(s.ticks)-1 {
			start = s.columns + 1 - len(text) // the last label ends at the edge
		}
		for k, r := range text {
			if start+k >= 0 && start+k <= s.columns {
				labels[start+k] = r
			}
		}
	}
	pad := strings.Repeat(" ", indent)
	t.line(pad + string(labels))
	t.line(pad + t.paint(string(line), axisGrey, false))
}

// bar is a horizontal bar of v columns, in eighths of a column.
func bar(columns float64) string {
	eighths := int(math.Round(columns * 8))
	partial := []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}
	return strings.Repeat("█", eighths/8) + partial[eighths%8]
}

// minPlotColumns is the narrowest plot worth drawing.
const minPlotColumns = 10

// plotColumns is the width left for the plot between a row's label and its
// value.
func (t *termChart) plotColumns(labelWidth, valueWidth int) (int, error) {
	columns := t.width - labelWidth - 1 - 1 - valueWidth
	if columns < minPlotColumns {
		return 0, fmt.Errorf("chart: %d columns leave no room for the chart beside its labels (%d and %d columns wide)", t.width, labelWidth, valueWidth)
	}
	return columns, nil
}

func (c *RateChart) terminal(t *termChart) error {
	labels, labelWidth := t.rowLabels()
	texts, valueWidth := seriesTexts(&c.Rate, c.Numbers)
	columns, err := t.plotColumns(labelWidth, valueWidth)
	if err != nil {
		return err
	}
	top := highest(c.Rate.Values, 0)
	for _, l := range []*Line{c.Target, c.FullYear} {
		if l != nil {
			top = math.Max(top, l.Value)
		}
	}
	s := newTermScale(0, top, columns, c.Numbers, "", false)
	t.wrap(c.YLabel, false)
	t.axis(s, labelWidth+1)
	for i := range c.Months {
		row := newCells(columns)
		if v := c.Rate.Values[i]; v != nil {
			for k, r := range []rune(bar(s.position(*v))) {
				row.set(k, r, seriesBlue)
			}
		}
		if c.FullYear != nil {
			row.setIfBlank(s.column(c.FullYear.Value), '┆', yearOrange)
		}
		if c.Target != nil {
			row.setIfBlank(s.column(c.Target.Value), '│', targetGreen)
		}
		t.line(padRight(labels[i], labelWidth) + " " + t.render(row) + " " + padLeft(texts[i], valueWidth))
	}
	var key []string
	if c.Target != nil {
		key = append(key, t.paint("│", targetGreen, false)+" "+c.Target.Label)
	}
	if c.FullYear != nil {
		key = append(key, t.paint("┆", yearOrange, false)+" "+c.FullYear.Label)
	}
	t.key(key)
	return nil
}

// seriesTexts is each month's text ("–" for a month without a figure) and
// the widest.
func seriesTexts(s *Series, nf NumberFormat) (texts []string, widest int) {
	texts = make([]string, len(s.Values))
	for i, v := range s.Values {
		texts[i] = s.text(i, nf)
		if v == nil {
			texts[i] = "–"
		}
		widest = max(widest, width(texts[i]))
	}
	return texts, widest
}

// key writes legend items, as many to a line as fit.
func (t *termChart) key(items []string) {
	var line string
	lineWidth := 0
	for _, item := range items {
		w := width(stripANSI(item))
		if lineWidth > 0 && lineWidth+3+w > t.width {
			t.line(line)
			line, lineWidth = "", 0
		}
		if lineWidth > 0 {
			line += "   "
			lineWidth += 3
		}
		line += item
		lineWidth += w
	}
	if line != "" {
		t.line(line)
	}
}

func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b {
			for i < len(s) && s[i] != 'm' {
				i++
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// dotRows writes one row a month with the value as a dot on the scale and
// the month's reference marks around it.
func (t *termChart) dotRows(s termScale, labelWidth int, labels, texts []string, valueWidth int,
	values []*float64, marks func(i int, row cells), dot func(i int) (rune, color.Color, string)) {
	for i := range values {
		row := newCells(s.columns)
		marks(i, row)
		note := ""
		if v := values[i]; v != nil {
			r, clr, n := dot(i)
			row.set(s.column(*v), r, clr)
			note = n
		}
		line := padRight(labels[i], labelWidth) + " " + t.render(row) + " " + padLeft(texts[i], valueWidth)
		if note != "" {
			line += " " + note
		}
		t.line(line)
	}
}

func (c *ControlChart) terminal(t *termChart) error {
	labels, labelWidth := t.rowLabels()
	texts, valueWidth := seriesTexts(&c.Rate, c.Numbers)
	notes := make([]string, len(c.Months))
	noteWidth := 0
	for i, rules := range c.Signals {
		if len(rules) > 0 {
			notes[i] = "◆ " + ruleList(rules)
			noteWidth = max(noteWidth, width(notes[i]))
		}
	}
	if noteWidth > 0 {
		valueWidth += 1 + noteWidth // the rule numbers after the value
	}
	columns, err := t.plotColumns(labelWidth, valueWidth)
	if err != nil {
		return err
	}
	valueWidth -= 1 + noteWidth
	top := math.Max(highest(c.Rate.Values, c.Center.Value), highest(c.Upper, 0))
	s := newTermScale(0, top, columns, c.Numbers, "", false)
	t.wrap(c.YLabel, false)
	t.axis(s, labelWidth+1)
	t.dotRows(s, labelWidth, labels, texts, valueWidth, c.Rate.Values,
		func(i int, row cells) {
			row.setIfBlank(s.column(c.Center.Value), '┆', axisGrey)
			for _, limit := range []*float64{c.Lower[i], c.Upper[i]} {
				if limit != nil {
					row.set(s.column(*limit), '│', limitRed)
				}
			}
		},
		func(i int) (rune, color.Color, string) {
			if len(c.Signals[i]) > 0 {
				return '◆', limitRed, t.paint(notes[i], limitRed, true)
			}
			return '●', seriesBlue, ""
		})
	var key []string
	if c.Rate.Name != "" {
		key = append(key, t.paint("●", seriesBlue, false)+" "+c.Rate.Name)
	}
	key = append(key, t.paint("┆", axisGrey, false)+" "+c.Center.Label)
	if c.LimitsLabel != "" {
		key = append(key, t.paint("│", limitRed, false)+" "+c.LimitsLabel)
	}
	if c.SignalLabel != "" {
		key = append(key, t.paint("◆", limitRed, false)+" "+c.SignalLabel)
	}
	t.key(key)
	return nil
}

// surveyScales are the ranges of the CSAT and DSAT panels: CSAT around its
// values and threshold, DSAT from zero.
func (c *SurveyChart) surveyScales(steps int) (csat, dsat scale) {
	lo, hi := lowest(c.CSAT.Values, 100), highest(c.CSAT.Values, 0)
	if c.CSATThreshold != nil {
		lo, hi = math.Min(lo, c.CSATThreshold.Value), math.Max(hi, c.CSATThreshold.Value)
	}
	csat = niceScale(math.Max(0, lo-1), math.Min(100, hi+1), steps)
	top := highest(c.DSAT.Values, 0)
	if c.DSATThreshold != nil {
		top = math.Max(top, c.DSATThreshold.Value)
	}
	dsat = niceScale(0, math.Min(100, top*1.15), steps)
	return csat, dsat
}

func (c *SurveyChart) terminal(t *termChart) error {
	labels, labelWidth := t.rowLabels()
	csatTexts, csatWidth := seriesTexts(&c.CSAT, c.Numbers)
	dsatTexts, dsatWidth := seriesTexts(&c.DSAT, c.Numbers)
	valueWidth := max(csatWidth, dsatWidth)
	columns, err := t.plotColumns(labelWidth, valueWidth)
	if err != nil {
		return err
	}
	csatRange, dsatRange := c.surveyScales(4)
	for _, panel := range []struct {
		series    *Series
		texts     []string
		rng       scale
		threshold *Line
		color     color.Color
	}{
		{&c.CSAT, csatTexts, csatRange, c.CSATThreshold, seriesBlue},
		{&c.DSAT, dsatTexts, dsatRange, c.DSATThreshold, limitRed},
	} {
		t.line("")
		t.wrap(panel.series.Name, true)
		s := newTermScale(panel.rng.min(), panel.rng.max(), columns, c.Numbers, c.Numbers.percent(), false)
		t.axis(s, labelWidth+1)
		t.dotRows(s, labelWidth, labels, panel.texts, valueWidth, panel.series.Values,
			func(_ int, row cells) {
				if panel.threshold != nil {
					row.setIfBlank(s.column(panel.threshold.Value), '┆', targetGreen)
				}
			},
			func(int) (rune, color.Color, string) { return '●', panel.color, "" })
		if panel.threshold != nil {
			t.key([]string{t.paint("┆", targetGreen, false) + " " + panel.threshold.Label})
		}
	}
	return nil
}

// shades tell a breakdown's keys apart without colour.
var shades = [maxParts]rune{'█', '▓', '▒', '░', '▚', '▞', '▤', '▥', '▦', '▧'}

func (c *BreakdownChart) terminal(t *termChart) error {
	labels, labelWidth := t.rowLabels()
	totals := make([]int64, len(c.Months))
	texts := make([]string, len(c.Months))
	valueWidth := 0
	var top int64
	for m := range c.Months {
		for _, p := range c.Parts {
			totals[m] += p.Counts[m]
		}
		top = max(top, totals[m])
		texts[m] = c.Numbers.format(float64(totals[m]), 0)
		valueWidth = max(valueWidth, width(texts[m]))
	}
	columns, err := t.plotColumns(labelWidth, valueWidth)
	if err != nil {
		return err
	}
	key := make([]string, len(c.Parts))
	for k, p := range c.Parts {
		key[k] = t.paint(string(t.shade(k)), palette[k], false) + " " + p.Key
	}
	t.key(key)
	s := newTermScale(0, math.Max(1, float64(top)), columns, c.Numbers, "", true)
	t.wrap(c.YLabel, false)
	t.axis(s, labelWidth+1)
	for m := range c.Months {
		row := newCells(columns)
		var cumulative int64
		for k, p := range c.Parts {
			// Rounding the running total, not each part, keeps the bar's
			// length true to the month's total.
			from := int(math.Round(s.position(float64(cumulative))))
			cumulative += p.Counts[m]
			to := int(math.Round(s.position(float64(cumulative))))
			for col := from; col < to; col++ {
				row.set(col, t.shade(k), palette[k])
			}
		}
		t.line(padRight(labels[m], labelWidth) + " " + t.render(row) + " " + padLeft(texts[m], valueWidth))
	}
	return nil
}

// shade is key k's fill: a full block in its colour, or its own pattern
// without colour.
func (t *termChart) shade(k int) rune {
	if t.color {
		return '█'
	}
	return shades[k]
}
