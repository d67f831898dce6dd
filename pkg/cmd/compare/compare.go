// Package compare implements `nollmission compare`: is one period's
// complaint rate really higher or lower than another's, or within Poisson
// noise? The rate ratio, its exact interval and the exact test's p-value,
// as R's poisson.test gives them.
package compare

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/output"
	"github.com/nollmission/nollmission/pkg/period"
	"github.com/nollmission/nollmission/pkg/stats"
)

// Options are the parsed flags and arguments of one run.
type Options struct {
	IO     *cmdutil.IOStreams
	Data   load.Options
	Format output.Format
	// Pair is A and B as given; nil without arguments: the latest month and
	// the year to date, each against a year earlier.
	Pair     *[2]analysis.Period
	CI       cmdutil.CILevel
	Decimals int // decimals of rates in the table, CSV and Markdown views
}

const periodForms = "write a month as 2019-05, a year as 2019 and a range of months as 2019-01..2019-06"

// NewCmdCompare builds the command; runF replaces compareRun in tests of the flag layer.
func NewCmdCompare(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "compare [A B]",
		Short: "Is one period's rate really higher or lower than another's? Rate ratio, exact interval, p-value",
		Long: `Compares the complaint rates of two periods A and B: both rates, the rate
ratio A ÷ B, its exact confidence interval and the two-sided p-value of the
exact conditional test, as R's poisson.test(c(xA, xB), c(TA, TB)) gives them
(complaints x, purchases T). A difference whose interval includes 1 is within
what Poisson noise alone produces.

A and B are months (2019-05), years (2019) or ranges of months
(2019-01..2019-06), in either order; they must not overlap. A year in
progress is compared with the same months of the other year, and says so.

Without arguments: the latest month against the same month a year earlier,
and the year to date against the same months a year earlier.`,
		Example: `  nollmission compare 2019-01 2018-01
  nollmission compare 2020 2019
  nollmission compare 2019-07..2019-12 2019-01..2019-06 --ci 99
  nollmission compare -o json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 0 && len(args) != 2 {
				return exit.UsageError("give two periods, such as nollmission compare 2019-01 2018-01, or none",
					"compare takes two periods, A and B, or none; got %d", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Data, err = f.Common(cmd); err != nil {
				return err
			}
			if len(args) == 2 {
				var pair [2]analysis.Period
				for i, arg := range args {
					if pair[i], err = analysis.ParsePeriod(arg); err != nil {
						return exit.UsageError(periodForms, "period %s %q: %v", "AB"[i:i+1], arg, err)
					}
				}
				opts.Pair = &pair
			}
			if runF != nil {
				return runF(opts)
			}
			return compareRun(opts)
		},
	}
	cmdutil.AddCIFlag(cmd, &opts.CI, "95", "confidence `level` of the rate ratio's interval, in percent")
	cmdutil.AddDecimalsFlag(cmd, &opts.Decimals, 1, "rates")
	cmdutil.AddOutputFlag(cmd, &opts.Format)
	cmdutil.Reads(cmd, input.Transactions, input.Complaints)
	return cmd
}

func compareRun(opts *Options) error {
	opts.Data.OnlyCountry = true // one country's months; the others only counted
	ds, err := load.Dataset(opts.IO.In, opts.IO.ErrOut, opts.Data, "compare", input.Transactions, input.Complaints)
	if err != nil {
		return err
	}
	if err := analysis.CheckCountry(ds, opts.Data.Country, input.Transactions, input.Complaints); err != nil {
		return err
	}
	series := analysis.RatesOf(ds, opts.Data.Country)
	pairs := [][2]analysis.Period{}
	if opts.Pair != nil {
		pairs = append(pairs, *opts.Pair)
	} else if pairs, err = series.DefaultComparisons(); err != nil {
		return exit.InputError(err)
	}
	r := result{opts: opts, inputs: ds.Inputs, single: opts.Pair != nil}
	for _, pair := range pairs {
		c, err := compare(series, pair, opts.CI.Fraction())
		if err != nil {
			var latest period.Month // the default pair: the latest month first
			if opts.Pair == nil {
				latest = pairs[0][0].First
			}
			return periodError(err, opts.Pair == nil, latest)
		}
		r.comparisons = append(r.comparisons, c)
	}
	return output.Write(opts.IO.Out, opts.Format, r)
}

// periodError makes a period the data cannot compare a usage error with a
// hint; without arguments (defaults) the hint says how to choose the
// periods, with the latest month with purchases and the one before it.
func periodError(err error, defaults bool, latest period.Month) error {
	var (
		de *analysis.PeriodDataError
		oe *analysis.OverlapError
		ne *analysis.NoCommonMonthsError
	)
	switch {
	case errors.As(err, &de) && defaults:
		return exit.UsageError(fmt.Sprintf("%s; without a year before the latest month, give two periods: nollmission compare %s %s", de.Hint(), latest, latest-1),
			"compare without periods needs a year earlier: %v", err)
	case errors.As(err, &de):
		return exit.UsageError(de.Hint(), "%v", err)
	case errors.As(err, &oe):
		return exit.UsageError("compare periods that share no month, such as 2019-01..2019-06 and 2019-07..2019-12",
			"%v: the test compares independent counts", err)
	case errors.As(err, &ne):
		return exit.UsageError("compare ranges of months instead, such as 2020-01..2020-06 2019-07..2019-12", "%v", err)
	}
	return err
}

// comparison is one A against B.
type comparison struct {
	a, b analysis.PeriodCounts
	stats.RateComparison
}

func compare(series analysis.RateSeries, pair [2]analysis.Period, level float64) (comparison, error) {
	a, b, err := series.ComparePeriods(pair[0], pair[1])
	if err != nil {
		return comparison{}, err
	}
	rc, ok := stats.CompareRates(stats.Counts{Complaints: a.Complaints, Purchases: a.Transactions},
		stats.Counts{Complaints: b.Complaints, Purchases: b.Transactions}, level)
	if !ok { // ComparePeriods guarantees purchases on both sides
		return comparison{}, fmt.Errorf("cannot compare %s and %s", pair[0], pair[1])
	}
	return comparison{a: a, b: b, RateComparison: rc}, nil
}

// Verdicts, decided by the interval: "lower" when it lies wholly below 1,
// "higher" when wholly above.
const (
	verdictLower   = "lower"
	verdictHigher  = "higher"
	verdictNoClear = "no_clear_difference"
)

func (c comparison) verdict() string {
	switch {
	case c.CI.High < 1:
		return verdictLower
	case c.CI.Low > 1:
		return verdictHigher
	}
	return verdictNoClear
}

// label names a period for people: "2019-01", "2020 year to date (6 of 12
// months)", "the same 6 months of 2019".
func label(c analysis.PeriodCounts) string {
	switch {
	case c.SameMonthsAs != 0 && len(c.Months) == 1:
		return fmt.Sprintf("the same month of %d", c.Period.First.Year())
	case c.SameMonthsAs != 0:
		return fmt.Sprintf("the same %d months of %d", len(c.Months), c.Period.First.Year())
	case c.PartialYear():
		return output.YearLabel(c.Period.First.Year(), len(c.Months))
	}
	return c.Period.String()
}

// sentence says what the comparison shows: "2019-11 is lower than
// 2018-11: ratio 0.72, 95 % CI 0.59–0.88, p = 0.0008".
func (c comparison) sentence(ci cmdutil.CILevel) string {
	how := map[string]string{
		verdictLower:   "is lower than",
		verdictHigher:  "is higher than",
		verdictNoClear: "is not clearly different from",
	}[c.verdict()]
	return fmt.Sprintf("%s %s %s: ratio %s, %s CI %s, p %s", label(c.a), how, label(c.b),
		ratioText(c.Ratio, c.RatioDefined), ci.Label(), output.Interval(c.CI.Low, c.CI.High, true, ratioDecimals), pValueText(c.PValue))
}

// ratioDecimals: a ratio of 0.72 is read to the hundredth.
const ratioDecimals = 2

func ratioText(ratio float64, defined bool) string {
	if !defined {
		return "undefined (no complaints in either period)"
	}
	return output.FloatFigure(ratio, ratioDecimals)
}

// pValueText writes a p-value after "p": "= 0.091", "= 0.0008", "< 0.0001".
// Two significant digits, at most four decimals.
func pValueText(p float64) string {
	if p < 0.0001 {
		return "< 0.0001"
	}
	decimals := 4
	if p >= 0.001 {
		decimals = min(4, 1-int(math.Floor(math.Log10(p))))
	}
	s := output.FloatFigure(p, decimals)
	if s == "1.0" || s == "1.00" {
		s = "1"
	}
	return "= " + s
}

// result holds one run's figures for every output format.
type result struct {
	opts        *Options
	inputs      []input.FileStats
	single      bool // A and B were given: one comparison, at the top of the JSON
	comparisons []comparison
}

// pValueMethod names the test in the JSON.
const pValueMethod = "exact conditional test, two-sided (minlike), as R's poisson.test"

// ciMethod names the rate ratio's interval.
const ciMethod = "exact: Clopper–Pearson interval of the conditional binomial, as R's poisson.test"

type jsonSide struct {
	Period string `json:"period"`
	// Months are the months summed; a year is cut to the same months as a
	// year in progress it is compared with (same_months_as).
	Months       []period.Month `json:"months"`
	SameMonthsAs *int           `json:"same_months_as"`
	Label        string         `json:"label"`
	Complaints   int64          `json:"complaints"`
	Transactions int64          `json:"transactions"`
	Rate         *float64       `json:"rate"`
}

type jsonComparison struct {
	A               jsonSide `json:"a"`
	B               jsonSide `json:"b"`
	RateRatio       *float64 `json:"rate_ratio"` // null when undefined or infinite (B has no complaints)
	RateRatioCILow  *float64 `json:"rate_ratio_ci_low"`
	RateRatioCIHigh *float64 `json:"rate_ratio_ci_high"` // null when infinite
	PValue          float64  `json:"p_value"`
	PValueMethod    string   `json:"p_value_method"`
	CILevel         float64  `json:"ci_level"`
	CIMethod        string   `json:"ci_method"`
	// Verdict is lower, higher or no_clear_difference: whether the interval
	// lies wholly below 1, wholly above, or includes it.
	Verdict  string `json:"verdict"`
	Sentence string `json:"sentence"`
}

type jsonSingle struct {
	cmdutil.JSONHeader
	jsonComparison
}

type jsonDefaults struct {
	cmdutil.JSONHeader
	Comparisons []jsonComparison `json:"comparisons"`
}

func (r result) JSON() any {
	header := cmdutil.NewJSONHeader("compare", r.opts.Data.Country, r.opts.Data.Timezone, 0, r.inputs)
	out := make([]jsonComparison, len(r.comparisons))
	for i, c := range r.comparisons {
		out[i] = r.jsonComparison(c)
	}
	if r.single {
		return jsonSingle{JSONHeader: header, jsonComparison: out[0]}
	}
	return jsonDefaults{JSONHeader: header, Comparisons: out}
}

func (r result) jsonComparison(c comparison) jsonComparison {
	side := func(p analysis.PeriodCounts) jsonSide {
		s := jsonSide{Period: p.Period.String(), Months: p.Months, Label: label(p),
			Complaints: p.Complaints, Transactions: p.Transactions, Rate: decimal.Float(p.Rate())}
		if p.SameMonthsAs != 0 {
			s.SameMonthsAs = &p.SameMonthsAs
		}
		return s
	}
	return jsonComparison{
		A: side(c.a), B: side(c.b),
		RateRatio:       output.FiniteFloat(c.Ratio, c.RatioDefined),
		RateRatioCILow:  output.FiniteFloat(c.CI.Low, true),
		RateRatioCIHigh: output.FiniteFloat(c.CI.High, true),
		PValue:          c.PValue, PValueMethod: pValueMethod,
		CILevel: r.opts.CI.Fraction(), CIMethod: ciMethod,
		Verdict: c.verdict(), Sentence: c.sentence(r.opts.CI),
	}
}

// Table shows two rows per comparison, A then B, with the ratio, its
// interval and the p-value on A's row; the sentences follow as notes.
func (r result) Table() *output.Table {
	d := r.opts.Decimals
	t := &output.Table{Columns: []output.Column{
		{Name: "period"},
		{Name: "months"},
		{Name: "complaints", Align: output.Right},
		{Name: "transactions", Align: output.Right},
		{Name: "complaints per million", Align: output.Right},
		{Name: "rate ratio A/B", Align: output.Right},
		{Name: r.opts.CI.Label() + " CI", Align: output.Right},
		{Name: "p-value", Align: output.Right},
	}}
	for _, c := range r.comparisons {
		row := func(name string, p analysis.PeriodCounts) []string {
			return []string{name + ": " + label(p), monthSpan(p.Months), output.Count(p.Complaints), output.Count(p.Transactions), output.Figure(p.Rate(), d)}
		}
		t.Rows = append(t.Rows,
			append(row("A", c.a), ratioCell(c), output.Interval(c.CI.Low, c.CI.High, true, ratioDecimals), pValueCell(c.PValue)),
			append(row("B", c.b), "", "", ""))
	}
	for _, c := range r.comparisons {
		t.Notes = append(t.Notes, c.sentence(r.opts.CI)+".")
	}
	t.Notes = append(t.Notes,
		fmt.Sprintf("Country %s, calendar months in %s. Rate = complaints ÷ transactions × 1,000,000; ratio = rate A ÷ rate B.", r.opts.Data.Country, r.opts.Data.Timezone),
		"Exact conditional test and interval, as R's poisson.test(c(complaints A, complaints B), c(transactions A, transactions B)): an interval that includes 1 is within Poisson noise.")
	return t
}

// Records is the CSV view: one row per comparison, for scripts and spreadsheets.
func (r result) Records() *output.Table {
	d := r.opts.Decimals
	t := &output.Table{}
	for _, name := range []string{"a", "a_months", "a_complaints", "a_transactions", "a_rate",
		"b", "b_months", "b_complaints", "b_transactions", "b_rate",
		"rate_ratio", "rate_ratio_ci_low", "rate_ratio_ci_high", "ci_level", "p_value", "verdict"} {
		t.Columns = append(t.Columns, output.Column{Name: name})
	}
	for _, c := range r.comparisons {
		side := func(p analysis.PeriodCounts) []string {
			return []string{label(p), monthSpan(p.Months), output.Count(p.Complaints), output.Count(p.Transactions), output.Figure(p.Rate(), d)}
		}
		row := append(side(c.a), side(c.b)...)
		row = append(row, ratioCell(c), output.FloatFigure(c.CI.Low, ratioDecimals), output.FloatFigure(c.CI.High, ratioDecimals),
			r.opts.CI.String(), strconv.FormatFloat(c.PValue, 'g', 4, 64), c.verdict())
		t.Rows = append(t.Rows, row)
	}
	return t
}

func ratioCell(c comparison) string {
	if !c.RatioDefined {
		return output.Undefined
	}
	return output.FloatFigure(c.Ratio, ratioDecimals)
}

// pValueCell is the p-value without "p": "0.091", "< 0.0001".
func pValueCell(p float64) string {
	s := pValueText(p)
	if s[0] == '=' {
		return s[2:]
	}
	return s
}

// monthSpan writes the months summed: "2019-01", "2019-01 to 2019-06", or
// the first and last and how many when months are missing between them.
func monthSpan(months []period.Month) string {
	first, last := months[0], months[len(months)-1]
	switch {
	case len(months) == 1:
		return first.String()
	case int(last-first) == len(months)-1:
		return first.String() + " to " + last.String()
	}
	return fmt.Sprintf("%d months, %s to %s", len(months), first, last)
}
