// Package breakdown implements `nollmission breakdown`: complaints per month
// by channel (with the external subtotal), by category (Pareto) or by
// country, with each key's share of the year and its rate per million
// purchases.
package breakdown

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/channel"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/dataset"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/output"
	"github.com/nollmission/nollmission/pkg/period"
)

// Groupings of --by.
const (
	ByChannel  = "channel"
	ByCategory = "category"
	ByCountry  = "country"
)

// Options are the parsed flags of one run.
type Options struct {
	IO       *cmdutil.IOStreams
	Data     cmdutil.DataOptions
	Format   output.Format
	By       string // ByChannel, ByCategory or ByCountry
	Year     int    // 0: every year in the data
	External bool   // the published layout of the external complaints table
	Decimals int    // decimals of rates in the table, CSV and Markdown views
}

// NewCmdBreakdown builds the command; runF replaces breakdownRun in tests of
// the flag layer.
func NewCmdBreakdown(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "breakdown",
		Short: "Complaints per month by channel, category or country",
		Long: `Complaints per month by channel (with the external subtotal of the four
authorities and the total), by category (largest first, with the cumulative
share: a Pareto table) or by country, with each key's share of the year and
its rate per million purchases.

The table has one column per key; JSON and CSV have one row per month and key.
--external prints the published "external complaints in absolute numbers"
table instead: one row per authority and year, one column per month, and the
computed total of the four authorities.

Rates need --transactions; without it (and with --complaints given) the
complaint counts and shares are still shown.`,
		Example: `  nollmission breakdown --year 2019
  nollmission breakdown --external
  nollmission breakdown --by category --complaints complaints.csv --transactions tx.csv -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Data, opts.Format, err = f.Common(cmd); err != nil {
				return err
			}
			opts.By = strings.ToLower(strings.TrimSpace(opts.By))
			switch opts.By {
			case ByChannel, ByCategory, ByCountry:
			default:
				return cmdutil.UsageError("use --by channel, category or country", "--by %q is not a grouping", opts.By)
			}
			if opts.External && opts.By != ByChannel {
				return cmdutil.UsageError("--external is the table of the four authorities: use it with --by channel",
					"--external cannot be used with --by %s", opts.By)
			}
			if opts.Decimals < 0 || opts.Decimals > 6 {
				return cmdutil.UsageError("use --decimals 0 to 6", "--decimals %d is out of range", opts.Decimals)
			}
			if runF != nil {
				return runF(opts)
			}
			return breakdownRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.By, "by", ByChannel, "group complaints by channel, category or country")
	cmdutil.AddYearFlag(cmd, &opts.Year)
	cmd.Flags().BoolVar(&opts.External, "external", false, `print the published layout of the external complaints: authority rows, month columns, a total row (table, CSV, Markdown)`)
	cmd.Flags().IntVar(&opts.Decimals, "decimals", 1, "decimals of rates in table, CSV and Markdown output (JSON is unrounded)")
	return cmd
}

func breakdownRun(opts *Options) error {
	// Rates need purchases, but the counts do not: with complaint files and
	// no transaction files, the breakdown is still worth having.
	withTx := len(opts.Data.Files[input.Transactions]) > 0 || noFiles(opts.Data)
	kinds := []input.Kind{input.Complaints}
	if withTx {
		kinds = []input.Kind{input.Transactions, input.Complaints}
	}
	ds, err := cmdutil.LoadData(opts.IO, opts.Data, "breakdown", kinds...)
	if err != nil {
		return err
	}
	if opts.By != ByCountry {
		if err := cmdutil.NoDataForCountry(ds, opts.Data.Country, kinds...); err != nil {
			return err
		}
	}
	if !withTx {
		fmt.Fprintln(opts.IO.ErrOut, "nollmission: no --transactions given: complaint counts and shares only, no rates per million purchases")
	}
	r, err := compute(ds, opts, withTx)
	if err != nil {
		return err
	}
	var table *output.Table
	switch {
	case opts.External:
		table = r.externalTable()
	case opts.Format == output.FormatCSV:
		table = r.longTable()
	default:
		table = r.wideTable()
	}
	return output.Write(opts.IO.Out, opts.Format, output.Report{JSON: r.json(), Table: table})
}

func noFiles(d cmdutil.DataOptions) bool {
	for _, k := range input.Kinds {
		if len(d.Files[k]) > 0 {
			return false
		}
	}
	return true
}

// tally is the complaints of one key (or subtotal) over a period, and the
// purchases its rate is taken over.
type tally struct {
	complaints   int64
	transactions int64
}

// add sums tallies; a sum beyond int64 is bad input, never a wrapped number.
func (t *tally) add(o tally, what string) error {
	if t.complaints > math.MaxInt64-o.complaints || t.transactions > math.MaxInt64-o.transactions {
		return cmdutil.InputError(fmt.Errorf("the counts of %s add up beyond %d", what, int64(math.MaxInt64)))
	}
	t.complaints += o.complaints
	t.transactions += o.transactions
	return nil
}

// line is one period's figures: a tally per key, in key order, and the
// subtotals.
type line struct {
	byKey    []tally
	external tally // channel grouping only: the four authorities
	total    tally
}

type monthLine struct {
	month period.Month
	line
}

type yearLine struct {
	year          int
	monthsCovered int
	line
	shares map[string]metrics.Share // by key: share of the year, Pareto rank
}

// yearToDate tells whether months are missing: the figures are year to date.
func (y yearLine) yearToDate() bool { return y.monthsCovered < 12 }

// result holds one run's figures for every output format.
type result struct {
	opts   *Options
	withTx bool
	inputs []input.FileStats
	keys   []string // grouping keys, in column order
	months []monthLine
	years  []yearLine
}

// monthKey is a month and a grouping key.
type monthKey struct {
	month period.Month
	key   string
}

// keyOf returns the grouping key of a count.
func keyOf(by string) func(dataset.Key) string {
	switch by {
	case ByCategory:
		return func(k dataset.Key) string {
			if k.Category == "" {
				return input.UnspecifiedCategory // a file without a category column
			}
			return k.Category
		}
	case ByCountry:
		return func(k dataset.Key) string { return k.Country }
	}
	return func(k dataset.Key) string { return k.Channel }
}

func compute(ds *dataset.Dataset, opts *Options, withTx bool) (*result, error) {
	country := opts.Data.Country
	if opts.By == ByCountry {
		country = "" // every country, each its own key
	}
	key := keyOf(opts.By)
	complaints := dataset.Sum(ds, input.Complaints, country, func(k dataset.Key) monthKey { return monthKey{k.Month, key(k)} })
	// The purchases a key's rate is taken over: its own country's when
	// grouping by country, else all of the month's (key "").
	transactions := dataset.Sum(ds, input.Transactions, country, func(k dataset.Key) monthKey {
		if opts.By == ByCountry {
			return monthKey{k.Month, k.Country}
		}
		return monthKey{month: k.Month}
	})

	all := ds.Months(country, input.Transactions, input.Complaints)
	var months []period.Month
	for _, m := range all {
		if opts.Year == 0 || m.Year() == opts.Year {
			months = append(months, m)
		}
	}
	if opts.Year != 0 && len(months) == 0 {
		country := opts.Data.Country
		if opts.By == ByCountry {
			country = ""
		}
		return nil, cmdutil.NoDataFor(opts.Year, "data", all, country)
	}
	inMonths := func(c monthKey) bool { _, ok := slices.BinarySearch(months, c.month); return ok }

	r := &result{opts: opts, withTx: withTx, inputs: ds.Inputs}
	r.keys = orderKeys(opts, complaints, transactions, inMonths)
	for _, m := range months {
		ml := monthLine{month: m, line: line{byKey: make([]tally, len(r.keys))}}
		for i, k := range r.keys {
			t := tally{complaints: complaints[monthKey{m, k}], transactions: transactions[monthKey{m, ""}]}
			if opts.By == ByCountry {
				t.transactions = transactions[monthKey{m, k}]
			}
			ml.byKey[i] = t
			if opts.By == ByChannel && channel.IsAuthority(k) {
				if err := ml.external.add(tally{complaints: t.complaints}, m.String()); err != nil {
					return nil, err
				}
			}
			if err := ml.total.add(tally{complaints: t.complaints}, m.String()); err != nil {
				return nil, err
			}
			if opts.By == ByCountry {
				if err := ml.total.add(tally{transactions: t.transactions}, m.String()); err != nil {
					return nil, err
				}
			}
		}
		if opts.By != ByCountry {
			ml.total.transactions = transactions[monthKey{m, ""}]
		}
		ml.external.transactions = ml.total.transactions
		r.months = append(r.months, ml)
	}
	var err error
	r.years, err = sumYears(r.keys, r.months)
	return r, err
}

// orderKeys gives the columns: channels in presentation order (the bank's
// own, then the authorities as published), categories largest first over
// the period shown, countries alphabetically. With --external the four
// authorities are always there, as in the published table.
func orderKeys(opts *Options, complaints, transactions map[monthKey]int64, inMonths func(monthKey) bool) []string {
	volume := map[string]int64{}
	for c, n := range complaints {
		if inMonths(c) {
			// Saturating: this sum only orders the columns; the figures
			// themselves are summed with an overflow check.
			volume[c.key] = min(volume[c.key], math.MaxInt64-n) + n
		}
	}
	if opts.By == ByCountry {
		for c := range transactions {
			if inMonths(c) {
				volume[c.key] += 0 // a country with purchases and no complaints is a 0
			}
		}
	}
	switch opts.By {
	case ByChannel:
		var keys []string
		for _, c := range channel.All {
			if _, ok := volume[c]; ok || (opts.External && channel.IsAuthority(c)) {
				keys = append(keys, c)
			}
		}
		return keys
	case ByCategory:
		var keys []string
		for _, s := range metrics.Pareto(volume) {
			keys = append(keys, s.Key)
		}
		return keys
	}
	keys := make([]string, 0, len(volume))
	for k := range volume {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// sumYears adds the months of each year and ranks the keys within the year.
func sumYears(keys []string, months []monthLine) ([]yearLine, error) {
	var years []yearLine
	for _, ml := range months {
		if len(years) == 0 || years[len(years)-1].year != ml.month.Year() {
			years = append(years, yearLine{year: ml.month.Year(), line: line{byKey: make([]tally, len(keys))}})
		}
		y := &years[len(years)-1]
		y.monthsCovered++
		label := fmt.Sprint(y.year)
		for i := range keys {
			if err := y.byKey[i].add(ml.byKey[i], label); err != nil {
				return nil, err
			}
		}
		if err := y.external.add(ml.external, label); err != nil {
			return nil, err
		}
		if err := y.total.add(ml.total, label); err != nil {
			return nil, err
		}
	}
	for i := range years {
		counts := make(map[string]int64, len(keys))
		for j, k := range keys {
			counts[k] = years[i].byKey[j].complaints
		}
		years[i].shares = map[string]metrics.Share{}
		for _, s := range metrics.Pareto(counts) {
			years[i].shares[s.Key] = s
		}
	}
	return years, nil
}
