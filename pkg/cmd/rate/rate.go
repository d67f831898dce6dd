// Package rate implements `nollmission rate`: monthly complaints per million
// purchases and the purchase-weighted full-year figure.
package rate

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/locale"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/output"
	"github.com/nollmission/nollmission/pkg/period"
	"github.com/nollmission/nollmission/pkg/stats"
)

// Options are the parsed flags of one run.
type Options struct {
	IO       *cmdutil.IOStreams
	Data     load.Options
	Format   output.Format
	Year     int // 0: every year in the data
	Decimals int // decimals of rates in the table, CSV and Markdown views
	// CI is the level of the rates' confidence intervals; unset: none.
	CI     cmdutil.CILevel
	Lang   locale.Lang    // language of the table and Markdown views
	Layout cmdutil.Layout // long: a row per month; wide: the published shape
}

// NewCmdRate builds the command; runF replaces rateRun in tests of the flag layer.
func NewCmdRate(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "rate",
		Short: "Complaints per million purchases, per month and for the full year",
		Long: `Complaints per million purchases for each calendar month of the reporting
time zone, and the full-year figure weighted by purchases (Σ complaints ÷
Σ purchases × 1,000,000), which is not the mean of the monthly rates; the
mean is shown beside it as a labelled contrast.

--ci 95 adds each rate's exact Poisson (Garwood) confidence interval: the
range of rates that Poisson noise alone makes plausible, as R's
poisson.test(complaints, purchases / 1e6) gives it.`,
		Example: `  nollmission rate --year 2019
  nollmission rate --year 2019 --ci 95 --decimals 1
  nollmission rate --transactions 'exports/tx-*.csv' --complaints complaints.csv -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Data, err = f.Common(cmd); err != nil {
				return err
			}
			opts.Data.OnlyCountry = true
			if runF != nil {
				return runF(opts)
			}
			return rateRun(opts)
		},
	}
	cmdutil.AddYearFlag(cmd, &opts.Year)
	cmdutil.AddDecimalsFlag(cmd, &opts.Decimals, 0, "rates")
	cmdutil.AddCIFlag(cmd, &opts.CI, "", "add each rate's exact Poisson confidence interval at this `level` in percent, such as 95")
	cmdutil.AddOutputFlag(cmd, &opts.Format)
	cmdutil.AddLayoutFlag(cmd, &opts.Layout)
	cmdutil.AddLangFlag(cmd, &opts.Lang)
	cmdutil.Reads(cmd, input.Transactions, input.Complaints)
	return cmd
}

func rateRun(opts *Options) error {
	ds, err := load.Dataset(opts.IO.In, opts.IO.ErrOut, opts.Data, "rate", input.Transactions, input.Complaints)
	if err != nil {
		return err
	}
	if err := analysis.CheckCountry(ds, opts.Data.Country, input.Transactions, input.Complaints); err != nil {
		return err
	}
	series, err := analysis.RatesOf(ds, opts.Data.Country).InYear(opts.Year)
	if err != nil {
		return err
	}
	r := result{opts: opts, inputs: ds.Inputs, months: series.Rates(), years: series.Years()}
	return output.Write(opts.IO.Out, opts.Format, r.view())
}

// result holds one run's figures for every output format.
type result struct {
	opts   *Options
	inputs []input.FileStats
	months []metrics.MonthRate
	years  []metrics.YearRate
}

type jsonMonth struct {
	Month        period.Month `json:"month"`
	Transactions int64        `json:"transactions"`
	Complaints   int64        `json:"complaints"`
	Rate         *float64     `json:"rate"`
	// CILow and CIHigh, with --ci only, bound the rate; null without purchases.
	CILow               *output.NullableNumber `json:"ci_low,omitempty"`
	CIHigh              *output.NullableNumber `json:"ci_high,omitempty"`
	SatisfiedPerMillion *float64               `json:"satisfied_per_million"`
}

type jsonYear struct {
	Year                int                    `json:"year"`
	Transactions        int64                  `json:"transactions"`
	Complaints          int64                  `json:"complaints"`
	Rate                *float64               `json:"rate"`
	CILow               *output.NullableNumber `json:"ci_low,omitempty"`
	CIHigh              *output.NullableNumber `json:"ci_high,omitempty"`
	SatisfiedPerMillion *float64               `json:"satisfied_per_million"`
	MonthsCovered       int                    `json:"months_covered"`
	YearToDate          bool                   `json:"year_to_date"`
	// The plain mean of the monthly rates: a contrast, not the full-year figure.
	UnweightedMonthlyMean *float64 `json:"unweighted_monthly_mean"`
}

type jsonDoc struct {
	cmdutil.JSONHeader
	// CILevel (0.95) and CIMethod are there with --ci only.
	CILevel  *float64    `json:"ci_level,omitempty"`
	CIMethod string      `json:"ci_method,omitempty"`
	Months   []jsonMonth `json:"months"`
	Years    []jsonYear  `json:"years"`
	FullYear *jsonYear   `json:"full_year"` // the last of Years; null without data
}

func (r result) JSON() any {
	doc := jsonDoc{
		JSONHeader: cmdutil.NewJSONHeader("rate", r.opts.Data.Country, r.opts.Data.Timezone, r.opts.Year, r.inputs),
		Months:     make([]jsonMonth, len(r.months)),
		Years:      make([]jsonYear, len(r.years)),
	}
	if r.opts.CI.IsSet() {
		level := r.opts.CI.Fraction()
		doc.CILevel, doc.CIMethod = &level, ciMethod
	}
	for i, m := range r.months {
		doc.Months[i] = jsonMonth{
			Month: m.Month, Transactions: m.Transactions, Complaints: m.Complaints,
			Rate: decimal.Float(m.Rate), SatisfiedPerMillion: decimal.Float(metrics.SatisfiedPerMillion(m.Rate)),
		}
		doc.Months[i].CILow, doc.Months[i].CIHigh = r.jsonInterval(m.Complaints, m.Transactions)
	}
	for i, y := range r.years {
		doc.Years[i] = jsonYear{
			Year: y.Year, Transactions: y.Transactions, Complaints: y.Complaints,
			Rate: decimal.Float(y.Rate), SatisfiedPerMillion: decimal.Float(metrics.SatisfiedPerMillion(y.Rate)),
			MonthsCovered: y.MonthsCovered, YearToDate: y.YearToDate(),
			UnweightedMonthlyMean: decimal.Float(y.UnweightedMean),
		}
		doc.Years[i].CILow, doc.Years[i].CIHigh = r.jsonInterval(y.Complaints, y.Transactions)
	}
	// The contract's full_year: --year's, else the data's latest year (its
	// year and year_to_date say which).
	if len(doc.Years) > 0 {
		doc.FullYear = &doc.Years[len(doc.Years)-1]
	}
	return doc
}

func (r result) Table() *output.Table {
	d := r.opts.Decimals
	t := &output.Table{Columns: []output.Column{
		{Name: "month"},
		{Name: "transactions", Align: output.Right},
		{Name: "complaints", Align: output.Right},
		{Name: "complaints per million", Align: output.Right},
		{Name: "satisfied per million", Align: output.Right},
	}}
	for _, m := range r.months {
		t.Rows = append(t.Rows, r.withCI([]string{m.Month.String(), output.Count(m.Transactions), output.Count(m.Complaints),
			output.Figure(m.Rate, d), output.Figure(metrics.SatisfiedPerMillion(m.Rate), d)}, r.ciCell(m.Complaints, m.Transactions)))
	}
	for _, y := range r.years {
		label := output.YearLabel(y.Year, y.MonthsCovered)
		t.Summary = append(t.Summary,
			r.withCI([]string{label, output.Count(y.Transactions), output.Count(y.Complaints), output.Figure(y.Rate, d), output.Figure(metrics.SatisfiedPerMillion(y.Rate), d)},
				r.ciCell(y.Complaints, y.Transactions)),
			r.withCI([]string{fmt.Sprintf("%d mean of monthly rates (unweighted)", y.Year), "", "", output.Figure(y.UnweightedMean, d+1), ""}, ""))
	}
	t.Notes = []string{
		fmt.Sprintf("Country %s; calendar months in %s; rates rounded half away from zero.", r.opts.Data.Country, r.opts.Data.Timezone),
		"Full year = Σ complaints ÷ Σ transactions × 1,000,000, weighted by purchases; the unweighted mean of the monthly rates is a contrast, not the full-year figure.",
	}
	if r.opts.CI.IsSet() {
		t.Columns = r.withCIColumn(t.Columns)
		t.Notes = append(t.Notes, fmt.Sprintf("%s CI: the %s interval of the rate, as R's poisson.test(complaints, transactions / 1e6); the range of rates that Poisson noise alone makes plausible.",
			r.opts.CI.Label(), ciMethod))
	}
	return t
}

// ciMethod names the rate interval in the JSON and the notes.
const ciMethod = "exact Poisson (Garwood)"

// ciColumn is where the interval goes: right after the rate it bounds.
const ciColumn = 4

// interval is the rate's confidence interval; ok is false without purchases.
func (r result) interval(complaints, transactions int64) (stats.Interval, bool) {
	return stats.GarwoodInterval(complaints, transactions, r.opts.CI.Fraction())
}

// jsonInterval is the ci_low and ci_high fields: absent without --ci.
func (r result) jsonInterval(complaints, transactions int64) (low, high *output.NullableNumber) {
	if !r.opts.CI.IsSet() {
		return nil, nil
	}
	iv, ok := r.interval(complaints, transactions)
	return output.Number(iv.Low, ok), output.Number(iv.High, ok)
}

func (r result) ciCell(complaints, transactions int64) string {
	if !r.opts.CI.IsSet() {
		return ""
	}
	iv, ok := r.interval(complaints, transactions)
	return output.Interval(iv.Low, iv.High, ok, r.opts.Decimals)
}

// withCI puts the interval cell after the rate, with --ci only.
func (r result) withCI(cells []string, interval string) []string {
	if !r.opts.CI.IsSet() {
		return cells
	}
	return slices.Insert(cells, ciColumn, interval)
}

func (r result) withCIColumn(cols []output.Column) []output.Column {
	return slices.Insert(cols, ciColumn, output.Column{Name: r.opts.CI.Label() + " CI", Align: output.Right})
}
