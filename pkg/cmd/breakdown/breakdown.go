// Package breakdown implements `nollmission breakdown`: complaints per month
// by channel (with the external subtotal), by category (Pareto) or by
// country, with each key's share of the year and its rate per million
// purchases.
package breakdown

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/output"
)

// Options are the parsed flags of one run.
type Options struct {
	IO       *cmdutil.IOStreams
	Data     load.Options
	Format   output.Format
	By       analysis.Grouping
	Year     int  // 0: every year in the data
	External bool // the published layout of the external complaints table
	Decimals int  // decimals of rates in the table, CSV and Markdown views
}

// NewCmdBreakdown builds the command; runF replaces breakdownRun in tests of
// the flag layer.
func NewCmdBreakdown(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	var by string
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
			if opts.Data, err = f.Common(cmd); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return breakdownRun(opts)
		},
	}
	f.AddCheck(cmd, func() error {
		opts.By = analysis.Grouping(by)
		if opts.External && opts.By != analysis.ByChannel {
			return cmdutil.SettingsErrorf([]string{"external", "by"}, "--external is the table of the four authorities: use it with --by channel",
				"--external cannot be used with --by %s", opts.By)
		}
		return nil
	})
	groupings := make([]string, len(analysis.Groupings))
	for i, g := range analysis.Groupings {
		groupings[i] = string(g)
	}
	cmdutil.ChoiceVar(cmd.Flags(), &by, "by", string(analysis.ByChannel), groupings, "group complaints by channel, category or country")
	cmdutil.AddYearFlag(cmd, &opts.Year)
	cmd.Flags().BoolVar(&opts.External, "external", false, `print the published layout of the external complaints: authority rows, month columns, a total row (table, CSV, Markdown)`)
	cmdutil.AddDecimalsFlag(cmd, &opts.Decimals, 1, "rates")
	cmdutil.AddOutputFlag(cmd, &opts.Format)
	cmdutil.Reads(cmd, input.Transactions, input.Complaints)
	return cmd
}

func breakdownRun(opts *Options) error {
	// Rates need purchases, but the counts do not: with complaint files and
	// no transaction files, the breakdown is still worth having.
	withTx := opts.Data.Given(input.Transactions) || !opts.Data.HasData()
	kinds := []input.Kind{input.Complaints}
	if withTx {
		kinds = []input.Kind{input.Transactions, input.Complaints}
	}
	opts.Data.OnlyCountry = opts.By != analysis.ByCountry
	ds, err := load.Dataset(opts.IO.In, opts.IO.ErrOut, opts.Data, "breakdown", kinds...)
	if err != nil {
		return err
	}
	if opts.By != analysis.ByCountry {
		if err := analysis.CheckCountry(ds, opts.Data.Country, kinds...); err != nil {
			return err
		}
	}
	// The dataset is not used after the breakdown, so that its memory can
	// go while the breakdown is built (a million categories).
	inputs := ds.Inputs
	spec := analysis.BreakdownSpec{By: opts.By, Country: opts.Data.Country, Year: opts.Year, WithTransactions: withTx, AllAuthorities: opts.External}
	if opts.Format == output.FormatTable || opts.Format == output.FormatMarkdown {
		spec.MostKeys = maxTableKeys // a column each; CSV and JSON list every key
	}
	b, err := analysis.BreakdownOf(ds, spec)
	if err != nil {
		return analysis.WithOtherGroupings(err)
	}
	if !withTx && !opts.Data.Quiet {
		given := "no --transactions given"
		if opts.Data.FromDatabase() {
			given = "no warehouse.transactions mapping"
		}
		fmt.Fprintf(opts.IO.ErrOut, "nollmission: %s: complaint counts and shares only, no rates per million purchases\n", given)
	}
	for _, y := range b.Years {
		// Some of the period's complaints have no channel (all of them is
		// an error): said, as the authorities' figures may lack them.
		if n := b.Unspecified(y); n > 0 && !opts.Data.Quiet {
			which := fmt.Sprintf("%d of the %d complaints", n, y.Total.Complaints)
			if n == y.Total.Complaints {
				which = fmt.Sprintf("all %d complaints", n)
			}
			fmt.Fprintf(opts.IO.ErrOut, "nollmission: %s of %d have no channel: they are shown as unspecified, in the total and in no authority\n", which, y.Year)
		}
	}
	r := &result{opts: opts, inputs: inputs, b: b}
	if err := r.checkLabels(); err != nil {
		return err
	}
	return output.Write(opts.IO.Out, opts.Format, r)
}

// result holds one run's figures for every output format.
type result struct {
	opts   *Options
	inputs []input.FileStats
	b      *analysis.Breakdown
}
