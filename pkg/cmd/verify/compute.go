package verify

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/channel"
	"github.com/nollmission/nollmission/pkg/dataset"
	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/period"
	"github.com/nollmission/nollmission/pkg/published"
)

// metric is how one metric is computed, and from which kinds of data.
type metric struct {
	kinds   []input.Kind
	compute func(c *calculator, cf *countryFigures, f published.Figure) (figure, error)
}

var metricsByName = map[string]metric{
	published.MetricRate:                {[]input.Kind{input.Transactions, input.Complaints}, (*calculator).rate},
	published.MetricSatisfiedPerMillion: {[]input.Kind{input.Transactions, input.Complaints}, (*calculator).rate},
	published.MetricTransactions:        {[]input.Kind{input.Transactions}, (*calculator).transactions},
	published.MetricComplaints:          {[]input.Kind{input.Complaints}, (*calculator).complaints},
	published.MetricCSATPercent:         {[]input.Kind{input.Surveys}, (*calculator).survey},
	published.MetricDSATPercent:         {[]input.Kind{input.Surveys}, (*calculator).survey},
}

// figure is what the data gives for a published figure.
type figure struct {
	value  *big.Rat         // nil: the data cannot produce the figure
	counts map[string]int64 // the counts it is computed from
	// reason says why value is nil, or why it is not the published figure
	// (a year with months missing); such a figure never matches.
	reason string
	never  bool
	// external is, for a complaints figure of every channel, the four
	// authorities' complaints of the period: a published external total
	// without a channel column is checked against every channel, and the
	// mismatch says so when this is the published figure. Summed only for
	// a mismatch.
	external func() *big.Rat
}

// check is one published figure compared with the data.
type check struct {
	fig      published.Figure
	country  string
	computed figure
	rounded  *big.Rat // computed, rounded to the published precision
	diff     *big.Rat // rounded − published
	ok       bool
	reason   string
}

// calculator computes figures from the dataset, country by country.
type calculator struct {
	ds        *dataset.Dataset
	country   string                // the configured country
	missing   map[input.Kind]string // kinds needed but not given: how to give them
	countries map[string]*countryFigures
	csatDef   metrics.CSATDefinition
}

// countryFigures are one country's monthly and yearly figures, computed once.
type countryFigures struct {
	country    string
	months     []period.Month // months with any data
	rates      map[period.Month]metrics.MonthRate
	years      map[int]metrics.YearRate
	complaints map[monthChannel]int64
	// complaintMonths are the months with complaints rows, or with
	// purchases: a month of purchases without a complaint has none.
	complaintMonths map[period.Month]bool
	tx              map[period.Month]int64
	surveys         map[period.Month]metrics.MonthSurvey
	surveyYrs       map[int]metrics.YearSurvey
}

type monthChannel struct {
	month   period.Month
	channel string
}

func newCalculator(ds *dataset.Dataset, country string, missing map[input.Kind]string) *calculator {
	// The published CSAT and DSAT follow the programme's definition.
	return &calculator{ds: ds, country: country, missing: missing, countries: map[string]*countryFigures{}, csatDef: metrics.DefaultCSATDefinition()}
}

// check recomputes one figure and compares it with the published value.
// Errors are only those of the data itself (a sum beyond int64).
func (c *calculator) check(f published.Figure, tolerance *big.Rat) (check, error) {
	ch := check{fig: f, country: f.Country}
	if ch.country == "" {
		ch.country = c.country
	}
	fig, err := c.compute(f, ch.country)
	if err != nil {
		return ch, err
	}
	ch.computed = fig
	if fig.value == nil {
		ch.reason = fig.reason
		return ch, nil
	}
	ch.rounded = decimal.Round(fig.value, f.Precision)
	ch.diff = new(big.Rat).Sub(ch.rounded, f.Value)
	off := new(big.Rat).Abs(ch.diff)
	within := off.Cmp(tolerance) <= 0
	switch {
	case fig.never:
		ch.reason = fig.reason
	case !within && tolerance.Sign() == 0:
		ch.reason = "off by " + decimal.Short(off)
	case !within:
		ch.reason = fmt.Sprintf("off by %s, more than the tolerance %s", decimal.Short(off), decimal.Short(tolerance))
	case off.Sign() != 0:
		ch.ok = true
		ch.reason = fmt.Sprintf("off by %s, within the tolerance %s", decimal.Short(off), decimal.Short(tolerance))
	default:
		ch.ok = true
	}
	if !ch.ok && !fig.never && fig.external != nil {
		if ext := fig.external(); ext != nil && decimal.Round(ext, f.Precision).Cmp(f.Value) == 0 {
			ch.reason += fmt.Sprintf("; the four authorities' complaints of %s are %s: for the external total, add a channel column with external",
				f.Period, decimal.Short(ext))
		}
	}
	return ch, nil
}

func (c *calculator) compute(f published.Figure, country string) (figure, error) {
	m, ok := metricsByName[f.Metric]
	if !ok {
		return figure{reason: fmt.Sprintf("unknown metric %q (known: %s)", f.Metric, strings.Join(published.Metrics, ", "))}, nil
	}
	if f.Channel != "" && f.Metric != published.MetricComplaints {
		return figure{reason: fmt.Sprintf("%s has no channel breakdown: leave the channel empty", f.Metric)}, nil
	}
	for _, k := range m.kinds {
		if how, ok := c.missing[k]; ok {
			return figure{reason: fmt.Sprintf("no %s given: %s", k.Data(), how)}, nil
		}
	}
	cf, err := c.figuresOf(country)
	if err != nil {
		return figure{}, err
	}
	if len(cf.months) == 0 {
		return figure{reason: fmt.Sprintf("the data has no rows for country %s", country)}, nil
	}
	return m.compute(c, cf, f)
}

// figuresOf computes a country's figures on first use.
func (c *calculator) figuresOf(country string) (*countryFigures, error) {
	if cf, ok := c.countries[country]; ok {
		return cf, nil
	}
	cf := &countryFigures{country: country, months: c.ds.Months(country, input.Kinds...),
		rates: map[period.Month]metrics.MonthRate{}, years: map[int]metrics.YearRate{},
		surveys: map[period.Month]metrics.MonthSurvey{}, surveyYrs: map[int]metrics.YearSurvey{}}
	months := analysis.RatesOf(c.ds, country).Rates()
	for _, m := range months {
		cf.rates[m.Month] = m
	}
	for _, y := range metrics.FullYears(months) {
		cf.years[y.Year] = y
	}
	cf.tx = dataset.ByMonth(c.ds, input.Transactions, country)
	cf.complaints = dataset.Sum(c.ds, input.Complaints, country, func(k dataset.Key) monthChannel { return monthChannel{k.Month, k.Channel} })
	cf.complaintMonths = map[period.Month]bool{}
	for _, m := range c.ds.Months(country, input.Transactions, input.Complaints) {
		cf.complaintMonths[m] = true
	}
	surveyMonths, surveyYears, err := analysis.SurveysOf(c.ds, country).Figures(c.csatDef)
	if err != nil {
		return nil, exit.InputError(err)
	}
	for _, m := range surveyMonths {
		cf.surveys[m.Month] = m
	}
	for _, y := range surveyYears {
		cf.surveyYrs[y.Year] = y
	}
	c.countries[country] = cf
	return cf, nil
}

func (c *calculator) rate(cf *countryFigures, f published.Figure) (figure, error) {
	// A month's rate, or the year's purchase-weighted one.
	var (
		counts metrics.MonthCounts
		rate   *big.Rat
		y      metrics.YearRate
		ok     bool
	)
	if f.Period.IsYear {
		y, ok = cf.years[f.Period.Year]
		counts, rate = metrics.MonthCounts{Transactions: y.Transactions, Complaints: y.Complaints}, y.Rate
	} else {
		var m metrics.MonthRate
		m, ok = cf.rates[f.Period.Month]
		counts, rate = m.MonthCounts, m.Rate
	}
	switch {
	case !ok:
		return figure{reason: fmt.Sprintf("no data for %s in %s", cf.country, f.Period)}, nil
	case rate == nil:
		return figure{reason: fmt.Sprintf("no purchases for %s in %s: the rate is undefined", cf.country, f.Period)}, nil
	}
	fig := figure{value: rate, counts: map[string]int64{"complaints": counts.Complaints, "transactions": counts.Transactions}}
	if f.Period.IsYear && y.YearToDate() {
		fig.never, fig.reason = true, yearToDate(f.Period.Year, y.MonthsCovered, "purchases")
	}
	if f.Metric == published.MetricSatisfiedPerMillion {
		fig.value = metrics.SatisfiedPerMillion(fig.value)
	}
	return fig, nil
}

func (c *calculator) transactions(cf *countryFigures, f published.Figure) (figure, error) {
	return sumMonths(cf, f, "transactions", func(m period.Month) (*big.Int, bool) {
		n, ok := cf.tx[m]
		return big.NewInt(n), ok
	})
}

func (c *calculator) complaints(cf *countryFigures, f published.Figure) (figure, error) {
	match, reason := channelFilter(f.Channel)
	if match == nil {
		return figure{reason: reason}, nil
	}
	if f.Channel != "" {
		// Complaints without a channel could belong to any: a figure per
		// channel cannot be computed from them.
		if n := unspecifiedIn(cf, f.Period); n > 0 {
			return figure{reason: fmt.Sprintf("%d complaints of %s have no channel (no channel column, or an empty cell), so no figure per channel can be computed: fill in the channel, in a column named channel", n, f.Period)}, nil
		}
	}
	sum := func(match func(string) bool) (figure, error) {
		return sumMonths(cf, f, "complaints", func(m period.Month) (*big.Int, bool) {
			// A month of purchases without complaints rows has no complaints.
			if !cf.complaintMonths[m] {
				return nil, false
			}
			n := new(big.Int)
			for k, count := range cf.complaints {
				if k.month == m && match(k.channel) {
					n.Add(n, big.NewInt(count))
				}
			}
			return n, true
		})
	}
	fig, err := sum(match)
	if err != nil || fig.value == nil || f.Channel != "" || unspecifiedIn(cf, f.Period) > 0 {
		return fig, err
	}
	// Every channel's: the external ones beside, for a mismatch.
	fig.external = func() *big.Rat {
		ext, err := sum(channel.IsAuthority)
		if err != nil {
			return nil
		}
		return ext.value
	}
	return fig, nil
}

// unspecifiedIn counts the complaints without a channel in a month or year.
func unspecifiedIn(cf *countryFigures, p published.Period) int64 {
	var n int64
	for k, count := range cf.complaints {
		inPeriod := k.month == p.Month
		if p.IsYear {
			inPeriod = k.month.Year() == p.Year
		}
		if inPeriod && k.channel == channel.Unspecified {
			n += count
		}
	}
	return n
}

// channelFilter tells which channels a published complaints figure counts:
// every channel when none is given, the four authorities for "external".
// An unknown channel gives a nil filter and the reason.
func channelFilter(cell string) (match func(string) bool, reason string) {
	switch {
	case cell == "":
		return func(string) bool { return true }, ""
	case strings.EqualFold(cell, channel.External):
		return channel.IsAuthority, ""
	}
	ch, err := channel.Normalize(cell)
	if err != nil {
		return nil, fmt.Sprintf("unknown channel %q (known: %s, and external for the four authorities)", cell, strings.Join(channel.All, ", "))
	}
	return func(c string) bool { return c == ch }, ""
}

// sumMonths gives a count for a month, or for a year as the sum of its
// twelve months. month gives one month's count, false when the data has
// none for it; a year with months missing gives only a year-to-date sum,
// which is not the published full-year figure.
func sumMonths(cf *countryFigures, f published.Figure, name string, month func(period.Month) (*big.Int, bool)) (figure, error) {
	sum, covered := new(big.Int), 0
	months := []period.Month{f.Period.Month}
	if f.Period.IsYear {
		months = nil
		for i := 1; i <= 12; i++ {
			months = append(months, period.MonthOf(f.Period.Year, i))
		}
	}
	for _, m := range months {
		if n, ok := month(m); ok {
			sum.Add(sum, n)
			covered++
		}
	}
	if covered == 0 {
		return figure{reason: fmt.Sprintf("no %s data for %s in %s", name, cf.country, f.Period)}, nil
	}
	if !sum.IsInt64() {
		return figure{}, exit.InputError(fmt.Errorf("the %s of %s add up beyond the largest count", name, f.Period))
	}
	fig := figure{value: new(big.Rat).SetInt(sum), counts: map[string]int64{name: sum.Int64()}}
	if f.Period.IsYear && covered < 12 {
		fig.never, fig.reason = true, yearToDate(f.Period.Year, covered, name+" data")
	}
	return fig, nil
}

func (c *calculator) survey(cf *countryFigures, f published.Figure) (figure, error) {
	var sf metrics.SurveyFigures
	if f.Period.IsYear {
		y, ok := cf.surveyYrs[f.Period.Year]
		if !ok || y.Responses == 0 {
			return figure{reason: fmt.Sprintf("no survey answers for %s in %s", cf.country, f.Period)}, nil
		}
		sf = y.SurveyFigures
		if y.YearToDate() {
			fig := surveyFigure(sf, f.Metric)
			fig.never, fig.reason = true, yearToDate(f.Period.Year, y.MonthsCovered, "survey answers")
			return fig, nil
		}
	} else {
		m, ok := cf.surveys[f.Period.Month]
		if !ok || m.Responses == 0 {
			return figure{reason: fmt.Sprintf("no survey answers for %s in %s", cf.country, f.Period)}, nil
		}
		sf = m.SurveyFigures
	}
	return surveyFigure(sf, f.Metric), nil
}

func surveyFigure(sf metrics.SurveyFigures, metric string) figure {
	if metric == published.MetricDSATPercent {
		return figure{value: sf.DSATPercent, counts: map[string]int64{"responses": sf.Responses, "dissatisfied": sf.Dissatisfied}}
	}
	return figure{value: sf.CSATPercent, counts: map[string]int64{"responses": sf.Responses, "satisfied": sf.Satisfied}}
}

// yearToDate is the reason a year with months missing is not its full-year figure.
func yearToDate(year, covered int, what string) string {
	return fmt.Sprintf("year to date only: the %s cover %d of the 12 months of %d, so there is no full-year figure", what, covered, year)
}
