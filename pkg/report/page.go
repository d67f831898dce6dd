// Package report builds the programme's statistics page from computed
// figures: the main table in the published layout, progress toward the
// target, the charts and the control chart's signals, the external
// complaints per authority with their computed total, CSAT/DSAT with the
// best-in-class verdict, published figures that do not match, and how it
// was computed. The page is a model of sections, tables and charts in one
// language; the command renders it as HTML or Markdown. The package knows
// nothing of files, flags or formats: it takes figures and gives text.
package report

import (
	"bytes"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/channel"
	"github.com/nollmission/nollmission/pkg/chart"
	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/locale"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/output"
	"github.com/nollmission/nollmission/pkg/published"
)

// Input is what the page is built from.
type Input struct {
	Lang     locale.Lang
	Country  string
	Timezone string
	Year     int // 0: every year in the data
	// Rates are every month of the data: the baseline of a target may be
	// the year before the one shown.
	Rates analysis.RateSeries
	// Surveys are the survey answers; nil without survey data.
	Surveys *analysis.SurveySeries
	CSAT    metrics.CSATDefinition
	// Channels are the complaints by channel (every authority a key) over
	// the months shown.
	Channels *analysis.Breakdown
	// NoChannel: none of the complaints of the months shown has a channel
	// (complaints without one are unspecified: in every total, in no
	// authority), so there are no figures per channel and Channels is nil.
	// The external section is then a note on why and how to give them one.
	NoChannel bool
	// Targets are the targets to measure; TargetsFile is the config file
	// they come from ("" for the sample's).
	Targets     []metrics.Target
	TargetsFile string
	// Published are the figures of --published; nil without it.
	Published      []published.Figure
	PublishedFiles []string
	Inputs         []input.FileStats
	Sample         bool
}

// Page is the statistics page in one language.
type Page struct {
	Lang     string // the HTML lang attribute
	Title    string
	Subtitle string
	Intro    []string
	Sections []Section
	// ChartInHTML is said in place of a chart where it cannot be drawn.
	ChartInHTML string
}

// Section is a heading and what stands under it, in this order.
type Section struct {
	ID      string
	Heading string
	Intro   []string
	Tables  []Table
	Figures []Figure
	// List is a titled list (the control chart's signals).
	ListTitle string
	List      []string
	Notes     []string
}

// Table is a table with its caption and footnote.
type Table struct {
	ID       string
	Caption  string
	Columns  []Column
	Rows     []Row
	Footnote string
}

// Column is a column heading.
type Column struct {
	Text    string
	Numeric bool
}

// Row is a table row; a total row is set apart.
type Row struct {
	Total bool
	Cells []Cell
}

// Cell is a table cell. A figure's cell names its metric, period and
// channel, so that it can be found by what it shows; Note is a visible note
// on a published figure that does not match.
type Cell struct {
	Text    string
	Header  bool // the row's heading
	Numeric bool
	Metric  string // "rate", "complaints", "csat_percent", "dsat_percent"
	Period  string // "2019-03" or "2019"
	Channel string // an authority, or "external" for the total
	Note    string
}

// Figure is a chart as an SVG document, to be placed inline.
type Figure struct {
	Kind  string // rate, control, breakdown, csat
	Title string
	SVG   []byte
}

// Build builds the page. Errors are those of the charts (none for valid
// figures).
func Build(in Input) (*Page, error) {
	l := in.Lang
	tx := allTexts.In(l)
	b := &builder{in: in, l: l, tx: tx, pub: newPublishedIndex(in.Published, in.Country)}
	page := &Page{Lang: tx.Lang, Title: tx.Title, ChartInHTML: tx.ChartInHTML,
		Subtitle: fmt.Sprintf(tx.Subtitle, l.Country(in.Country), in.Timezone)}
	if in.Sample {
		page.Intro = append(page.Intro, tx.Sample)
	}
	shown, err := in.Rates.InYear(in.Year)
	if err != nil {
		return nil, err
	}
	for _, add := range []func(analysis.RateSeries) (*Section, error){b.main, b.progress, b.charts, b.external, b.csat} {
		s, err := add(shown)
		if err != nil {
			return nil, err
		}
		if s != nil {
			page.Sections = append(page.Sections, *s)
		}
	}
	if s := b.published(); s != nil {
		page.Sections = append(page.Sections, *s)
	}
	page.Sections = append(page.Sections, b.method())
	return page, nil
}

type builder struct {
	in  Input
	l   locale.Lang
	tx  texts
	pub *publishedIndex
}

func svg(kind, title string, c chart.Chart) (Figure, error) {
	var buf bytes.Buffer
	if err := chart.SVG(&buf, c, chart.Options{}); err != nil {
		return Figure{}, err
	}
	return Figure{Kind: kind, Title: title, SVG: buf.Bytes()}, nil
}

// yearLabel is a row's year: "2019", or "2020 year to date (6 of 12 months)".
func (b *builder) yearLabel(year, covered int) string {
	if covered < 12 {
		return b.l.YearLabel(year, covered)
	}
	return strconv.Itoa(year)
}

// monthHeads are the Year column, twelve months and, when full, the full year.
func (b *builder) monthHeads(first []Column, fullYear string) []Column {
	cols := append([]Column{}, first...)
	for _, m := range b.l.MonthAbbrs() {
		cols = append(cols, Column{Text: m, Numeric: true})
	}
	if fullYear != "" {
		cols = append(cols, Column{Text: fullYear, Numeric: true})
	}
	return cols
}

// figure is a cell of a computed figure, checked against the published one.
func (b *builder) figure(metric, periodText, ch string, value *big.Rat, text string) Cell {
	return b.yearFigure(metric, periodText, ch, value, text, 0)
}

// yearFigure is the cell of a year's figure over covered months: one with
// months missing does not match a published full-year figure.
func (b *builder) yearFigure(metric, periodText, ch string, value *big.Rat, text string, covered int) Cell {
	c := Cell{Text: text, Numeric: true, Metric: metric, Period: periodText, Channel: ch}
	c.Note = b.pub.check(b, metric, periodText, ch, value, covered)
	return c
}

// main is the published main table: a row per year, a column per month,
// then the purchase-weighted full year, with the weighting footnote.
func (b *builder) main(shown analysis.RateSeries) (*Section, error) {
	tx, l := b.tx, b.l
	t := Table{ID: "rates", Caption: tx.MainCaption, Columns: b.monthHeads([]Column{{Text: tx.Year}}, tx.FullYear),
		Footnote: fmt.Sprintf(tx.Weighting, l.Country(b.in.Country))}
	months := shown.Rates()
	for _, y := range shown.Years() {
		row := Row{Cells: []Cell{{Text: b.yearLabel(y.Year, y.MonthsCovered), Header: true}}}
		cells := make([]Cell, 12)
		for i := range cells {
			cells[i] = Cell{Numeric: true}
		}
		for _, m := range months {
			if m.Month.Year() == y.Year {
				cells[m.Month.Number()-1] = b.figure(published.MetricRate, m.Month.String(), "", m.Rate, l.Figure(m.Rate, RateDecimals))
			}
		}
		row.Cells = append(row.Cells, cells...)
		row.Cells = append(row.Cells, b.yearFigure(published.MetricRate, strconv.Itoa(y.Year), "", y.Rate, l.Figure(y.Rate, RateDecimals), y.MonthsCovered))
		t.Rows = append(t.Rows, row)
	}
	return &Section{ID: "main", Heading: tx.MainHeading, Tables: []Table{t}}, nil
}

// progress measures each target year shown.
func (b *builder) progress(shown analysis.RateSeries) (*Section, error) {
	tx, l := b.tx, b.l
	s := &Section{ID: "progress", Heading: tx.ProgressHeading}
	inShown := map[int]bool{}
	for _, y := range shown.Years() {
		inShown[y.Year] = true
	}
	t := Table{ID: "progress-table"}
	for i, c := range tx.ProgressCols {
		t.Columns = append(t.Columns, Column{Text: c, Numeric: i > 0 && i < 7})
	}
	all := b.in.Rates.Rates()
	percent := func(r *big.Rat) string { return l.Percent(decimal.Fixed(r, PercentDecimals)) }
	for _, target := range b.in.Targets {
		if !inShown[target.Year] {
			continue
		}
		p, err := metrics.ComputeProgress(target, all)
		if err != nil {
			s.Notes = append(s.Notes, err.Error())
			continue
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{
			{Text: b.yearLabel(target.Year, p.Actual.MonthsCovered), Header: true},
			{Text: l.Number(decimal.Short(p.Baseline)), Numeric: true},
			{Text: l.Number(decimal.Short(p.Target)), Numeric: true},
			{Text: l.Figure(p.Actual.Rate, RateDecimals), Numeric: true},
			{Text: percent(p.TargetReductionPercent), Numeric: true},
			{Text: percent(p.AchievedReductionPercent), Numeric: true},
			{Text: percent(p.AttainmentPercent), Numeric: true},
			{Text: tx.Status[string(p.Status)]},
		}})
		if f := p.Forecast; f != nil {
			if f.CanBeMet() {
				s.Notes = append(s.Notes, tx.stillNeeded(target.Year, len(f.MissingMonths), l.Figure(decimal.Down(f.RequiredRate, RateDecimals), RateDecimals)))
			} else {
				s.Notes = append(s.Notes, fmt.Sprintf(tx.CannotBeMet, target.Year))
			}
		}
	}
	if len(t.Rows) == 0 {
		s.Intro = []string{tx.NoTargets}
		return s, nil
	}
	s.Tables = []Table{t}
	s.Notes = append(s.Notes, tx.ProgressNote)
	if b.in.TargetsFile != "" {
		s.Notes = append(s.Notes, fmt.Sprintf(tx.TargetsFromFile, b.in.TargetsFile))
	} else {
		s.Notes = append(s.Notes, tx.TargetsSample)
	}
	return s, nil
}

// charts are the rate with its target and the control chart with its signals.
func (b *builder) charts(shown analysis.RateSeries) (*Section, error) {
	tx, l := b.tx, b.l
	s := &Section{ID: "charts", Heading: tx.ChartsHeading}
	rc, err := RateChart(l, b.in.Country, shown.Rates(), RateLinesOf(b.in.Rates.Rates(), b.in.Targets, b.in.Year))
	if err != nil {
		return nil, err
	}
	fig, err := svg("rate", rc.Title, rc)
	if err != nil {
		return nil, err
	}
	s.Figures = append(s.Figures, fig)
	control, err := ControlOf(shown)
	if err != nil {
		s.Notes = append(s.Notes, fmt.Sprintf(tx.ControlMissing, err))
		return s, nil
	}
	cc := ControlChart(l, control)
	if fig, err = svg("control", cc.Title, cc); err != nil {
		return nil, err
	}
	s.Figures = append(s.Figures, fig)
	s.ListTitle = tx.Signals
	s.List = SignalLines(l, control)
	if len(s.List) == 0 {
		s.Notes = append(s.Notes, tx.NoSignals)
	}
	s.Notes = append(s.Notes, tx.ControlMethod)
	return s, nil
}

// external is the published table of the four authorities, per year and
// month, with the computed total row; and the breakdown chart of every
// channel. Without a channel to any complaint, it is a note on why and how
// to give them one.
func (b *builder) external(analysis.RateSeries) (*Section, error) {
	tx, l := b.tx, b.l
	bd := b.in.Channels
	s := &Section{ID: "external", Heading: fmt.Sprintf(tx.ExternalHeading, l.Country(b.in.Country))}
	if b.in.NoChannel {
		why := tx.NoChannel
		if b.in.Year != 0 {
			why = fmt.Sprintf(tx.NoChannelYear, b.in.Year)
		}
		s.Intro = []string{why, tx.NoChannelFix}
		return s, nil
	}
	if bd == nil || len(bd.Months) == 0 {
		return nil, nil
	}
	t := Table{ID: "external-table", Columns: b.monthHeads([]Column{{Text: tx.Authority}, {Text: tx.Year}}, "")}
	index := map[string]int{}
	for i, k := range bd.Keys {
		index[k] = i
	}
	years := map[int][]analysis.BreakdownMonth{}
	var order []int
	for _, m := range bd.Months {
		y := m.Month.Year()
		if _, ok := years[y]; !ok {
			order = append(order, y)
		}
		years[y] = append(years[y], m)
	}
	row := func(label string, year int, total bool, ch string, count func(analysis.BreakdownMonth) int64) Row {
		r := Row{Total: total, Cells: []Cell{{Text: label, Header: true}, {Text: strconv.Itoa(year), Header: true}}}
		cells := make([]Cell, 12)
		for i := range cells {
			cells[i] = Cell{Numeric: true}
		}
		for _, m := range years[year] {
			n := count(m)
			cells[m.Month.Number()-1] = b.figure(published.MetricComplaints, m.Month.String(), ch, new(big.Rat).SetInt64(n), l.Count(n))
		}
		r.Cells = append(r.Cells, cells...)
		return r
	}
	for _, a := range channel.Authorities {
		k, ok := index[a]
		if !ok {
			continue
		}
		for _, y := range order {
			t.Rows = append(t.Rows, row(tx.Authorities[a], y, false, a, func(m analysis.BreakdownMonth) int64 { return m.Tally(k).Complaints }))
		}
	}
	for _, y := range order {
		t.Rows = append(t.Rows, row(tx.Total, y, true, channel.External, func(m analysis.BreakdownMonth) int64 { return m.External.Complaints }))
	}
	s.Tables = []Table{t}
	bc, err := BreakdownChart(l, b.in.Country, bd)
	if err != nil {
		return s, nil // no complaints at all: the table of zeros says so
	}
	fig, err := svg("breakdown", bc.Title, bc)
	if err != nil {
		return nil, err
	}
	s.Figures = []Figure{fig}
	return s, nil
}

// csat is CSAT and DSAT per month and year with the best-in-class verdict.
func (b *builder) csat(analysis.RateSeries) (*Section, error) {
	tx, l := b.tx, b.l
	s := &Section{ID: "csat", Heading: tx.CSATHeading}
	if b.in.Surveys == nil {
		s.Intro = []string{tx.NoSurveys}
		return s, nil
	}
	series, err := b.in.Surveys.InYear(b.in.Year)
	if err != nil {
		s.Intro = []string{fmt.Sprintf(tx.NoSurveysYear, b.in.Year)} // the only error of InYear
		return s, nil
	}
	def := b.in.CSAT
	months, years, err := series.Figures(def)
	if err != nil {
		return nil, err
	}
	s.Intro = []string{tx.CSATIntro[0],
		fmt.Sprintf(tx.CSATIntro[1], scoreList(def.Satisfied, tx), scoreList(def.Dissatisfied, tx), scoreList(def.Neutral(), tx)),
		fmt.Sprintf(tx.CSATRule, b.rule(def))}
	t := Table{ID: "csat-table", Columns: b.monthHeads([]Column{{Text: tx.Year}, {Text: ""}}, strings.TrimSuffix(tx.FullYear, "*"))} // the weighting footnote is the rate table's
	percent := func(r *big.Rat) string {
		if r == nil {
			return output.Undefined
		}
		return l.Percent(decimal.Fixed(r, PercentDecimals))
	}
	for _, y := range years {
		label := b.yearLabel(y.Year, y.MonthsCovered)
		for _, measure := range []struct {
			name, metric string
			of           func(metrics.SurveyFigures) *big.Rat
		}{
			{"CSAT", published.MetricCSATPercent, func(f metrics.SurveyFigures) *big.Rat { return f.CSATPercent }},
			{"DSAT", published.MetricDSATPercent, func(f metrics.SurveyFigures) *big.Rat { return f.DSATPercent }},
		} {
			r := Row{Cells: []Cell{{Text: label, Header: true}, {Text: measure.name, Header: true}}}
			cells := make([]Cell, 12)
			for i := range cells {
				cells[i] = Cell{Numeric: true}
			}
			for _, m := range months {
				if m.Month.Year() == y.Year {
					v := measure.of(m.SurveyFigures)
					cells[m.Month.Number()-1] = b.figure(measure.metric, m.Month.String(), "", v, percent(v))
				}
			}
			r.Cells = append(r.Cells, cells...)
			v := measure.of(y.SurveyFigures)
			r.Cells = append(r.Cells, b.yearFigure(measure.metric, strconv.Itoa(y.Year), "", v, percent(v), y.MonthsCovered))
			t.Rows = append(t.Rows, r)
		}
		s.Intro = append(s.Intro, fmt.Sprintf(tx.CSATVerdict, l.YearLabel(y.Year, y.MonthsCovered), b.verdict(y.Verdict)))
	}
	s.Tables = []Table{t}
	sc, err := SurveyChart(l, months, def)
	if err != nil {
		return s, nil
	}
	fig, err := svg("csat", sc.Title, sc)
	if err != nil {
		return nil, err
	}
	s.Figures = []Figure{fig}
	return s, nil
}

// rule is the best-in-class test: "CSAT > 85 % and DSAT < 5 %".
func (b *builder) rule(def metrics.CSATDefinition) string {
	above, below := ">", "<"
	if def.Inclusive {
		above, below = "≥", "≤"
	}
	return fmt.Sprintf("CSAT %s %s %s DSAT %s %s", above, b.l.Percent(decimal.Short(def.CSATThreshold)), b.tx.And, below, b.l.Percent(decimal.Short(def.DSATThreshold)))
}

func (b *builder) verdict(v metrics.Verdict) string {
	switch {
	case !v.Defined:
		return b.tx.NoAnswers
	case v.BestInClass():
		return b.tx.Yes
	}
	failed := v.Failed() // "csat", "dsat": the page names them in capitals
	for i, f := range failed {
		failed[i] = strings.ToUpper(f)
	}
	return b.tx.No + " (" + strings.Join(failed, " "+b.tx.And+" ") + ")"
}

// method says how the page was computed, from which inputs.
func (b *builder) method() Section {
	tx, l := b.tx, b.l
	s := Section{ID: "method", Heading: tx.MethodHeading}
	s.Intro = []string{fmt.Sprintf(tx.MethodPlace, b.in.Country, b.in.Timezone), tx.MethodRate}
	if !b.in.NoChannel {
		s.Intro = append(s.Intro, tx.MethodExternal)
	}
	if b.in.Surveys != nil {
		s.Intro = append(s.Intro, tx.MethodSurveys)
	}
	s.Intro = append(s.Intro, tx.Rounding)
	t := Table{ID: "inputs"}
	for i, c := range tx.InputCols {
		t.Columns = append(t.Columns, Column{Text: c, Numeric: i == 2})
	}
	for _, f := range b.in.Inputs {
		kind := tx.Kinds[f.Kind]
		if kind == "" {
			kind = f.Kind
		}
		delim := f.Delimiter
		if delim == "\t" {
			delim = "tab"
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{{Text: kind, Header: true}, {Text: f.Path}, {Text: l.Count(f.Rows), Numeric: true}, {Text: delim}, {Text: f.Encoding}}})
	}
	s.Tables = []Table{t}
	return s
}
