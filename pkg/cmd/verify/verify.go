// Package verify implements `nollmission verify`: recompute every figure of
// a file of published figures from the data, at the precision it was
// published with, and fail (exit 1) on any mismatch.
package verify

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/channel"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/dataset"
	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/output"
	"github.com/nollmission/nollmission/pkg/published"
	"github.com/nollmission/nollmission/pkg/sample"
)

// Options are the parsed flags of one run.
type Options struct {
	IO     *cmdutil.IOStreams
	Data   load.Options
	Format output.Format
	// Files are the published-figures files (paths, globs, - for stdin);
	// none means the figures that ship with the embedded sample.
	Files []string
	// Tolerance is how far, in the published unit, a figure may be from the
	// recomputed one rounded to its precision and still match.
	Tolerance      *big.Rat
	OnlyMismatches bool
}

// NewCmdVerify builds the command; runF replaces verifyRun in tests of the flag layer.
func NewCmdVerify(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	var tolerance string
	cmd := &cobra.Command{
		Use:   "verify [FILE...]",
		Short: "Recompute a file of published figures; exit 1 on any mismatch",
		Long: `Recompute every figure of a file of published figures from the data,
round it half away from zero to the decimals it was published with (33 is
compared whole, 33.0 to one decimal; 84,0 is read as 84.0), and compare. The
delimiter and encoding of the published file are always detected (--delimiter
and --encoding are for the data files).

A file is one figure a row (columns metric, period, value, and optional
country and channel), or, as the programme publishes its tables, a column per
metric: a period column (period, month or year), columns named after metrics
(period,rate; month,authority,complaints; month,csat_percent,dsat_percent),
and optional country and channel (or authority). There an empty cell is a
figure not published, and a column that names no metric is refused.

Metrics: rate, satisfied_per_million, transactions, complaints (all channels,
one channel, or external: the four authorities), csat_percent, dsat_percent.
A period is a month (2019-03) or a year (2019: the full-year figure, which
needs all twelve months in the data). A figure the data cannot produce (no
data for the month, an unknown metric or channel, a year with months
missing) is a mismatch with its reason, never a pass.

Exit status: 0 when every figure matches, 1 when any does not (the report
lists mismatches first), 3 when a file cannot be read.

With no FILE and no data flags it verifies the embedded sample against the
published figures that ship with it.`,
		Example: `  nollmission verify
  nollmission verify published.csv --transactions tx.csv --complaints complaints.csv --surveys answers.csv
  nollmission verify published.csv --tolerance 1 --only-mismatches -o json`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Data, err = f.Common(cmd); err != nil {
				return err
			}
			opts.Files = args
			opts.Tolerance, _, _ = published.ParseDecimal(tolerance) // checked by its flag
			if len(args) == 0 && opts.Data.HasData() {
				return exit.UsageError("name the file of published figures: nollmission verify published.csv --transactions ...",
					"verify needs a file of published figures to check your data against")
			}
			if slices.Contains(args, "-") && dataFromStdin(opts.Data) {
				return exit.UsageError("read either the published figures or one kind of data from stdin",
					"standard input (-) is given both as FILE and as data")
			}
			if runF != nil {
				return runF(opts)
			}
			return verifyRun(opts)
		},
	}
	cmdutil.CheckedStringVar(cmd.Flags(), &tolerance, "tolerance", "0", func(s string) error {
		if _, _, err := published.ParseDecimal(s); err != nil {
			return fmt.Errorf("%v (want a number of 0 or more in the published unit, such as 1 or 0.1)", err)
		}
		return nil
	}, "how far, in the published unit, a figure may be from the recomputed one and still match")
	cmd.Flags().BoolVar(&opts.OnlyMismatches, "only-mismatches", false, "list only the figures that do not match (the counts still cover all)")
	cmdutil.AddOutputFlag(cmd, &opts.Format)
	cmdutil.Reads(cmd, input.Transactions, input.Complaints, input.Surveys)
	cmdutil.FileArgs(cmd)
	return cmd
}

func dataFromStdin(d load.Options) bool {
	for _, k := range input.Kinds {
		if slices.Contains(d.Files[k], "-") {
			return true
		}
	}
	return false
}

func verifyRun(opts *Options) error {
	figures, files, err := readFigures(opts)
	if err != nil {
		return err
	}
	needed := neededKinds(figures)
	// Without data files the sample is the data; otherwise only the kinds
	// given are read, and figures of a kind not given are mismatches that
	// say which flag is missing.
	var toLoad []input.Kind
	missing := map[input.Kind]string{}
	for _, k := range needed {
		switch {
		case !opts.Data.HasData() || opts.Data.Given(k):
			toLoad = append(toLoad, k)
		case opts.Data.FromDatabase():
			missing[k] = "map warehouse." + k.String() + " in the config file"
		default:
			missing[k] = "pass " + k.Flag() + " FILE"
		}
	}
	ds := dataset.New()
	if len(toLoad) > 0 {
		if ds, err = load.Dataset(opts.IO.In, opts.IO.ErrOut, opts.Data, "verify", toLoad...); err != nil {
			return err
		}
	}
	calc := newCalculator(ds, opts.Data.Country, missing)
	checks := make([]check, 0, len(figures))
	for _, fig := range figures {
		c, err := calc.check(fig, opts.Tolerance)
		if err != nil {
			return err
		}
		checks = append(checks, c)
	}
	explainTotals(checks)
	// Mismatches first; otherwise the order of the files.
	slices.SortStableFunc(checks, func(a, b check) int { return cmp.Compare(btoi(a.ok), btoi(b.ok)) })
	r := result{opts: opts, files: files, inputs: ds.Inputs, sample: ds.Sample, checks: checks}
	if err := output.Write(opts.IO.Out, opts.Format, r); err != nil {
		return err
	}
	if n := r.mismatches(); n > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "nollmission: verify: %d of %d published figures do not match the data\n", n, len(checks))
		return exit.ErrCheckFailed
	}
	return nil
}

// explainTotals adds to a mismatching external total the sum of the four
// authorities' figures published beside it, when it is not the total: the
// published table does not add up, whatever the data.
func explainTotals(checks []check) {
	type key struct{ country, period, channel string }
	parts := map[key]*big.Rat{}
	for _, c := range checks {
		if c.fig.Metric != published.MetricComplaints {
			continue
		}
		if ch, err := channel.Normalize(c.fig.Channel); err == nil && channel.IsAuthority(ch) {
			parts[key{c.country, c.fig.Period.String(), ch}] = c.fig.Value
		}
	}
	for i, c := range checks {
		if c.ok || c.fig.Metric != published.MetricComplaints || !strings.EqualFold(c.fig.Channel, channel.External) {
			continue
		}
		sum := new(big.Rat)
		for _, a := range channel.Authorities {
			v, ok := parts[key{c.country, c.fig.Period.String(), a}]
			if !ok {
				sum = nil
				break
			}
			sum.Add(sum, v)
		}
		if sum != nil && sum.Cmp(c.fig.Value) != 0 {
			checks[i].reason += fmt.Sprintf("; the four authorities published for %s add up to %s, so the published total does not add up",
				c.fig.Period, decimal.Short(sum))
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// publishedFile is one file of figures that was read.
type publishedFile struct {
	Path    string `json:"path"`
	Figures int    `json:"figures"`
}

// readFigures reads every published-figures file, or the sample's.
func readFigures(opts *Options) ([]published.Figure, []publishedFile, error) {
	sources := []input.Source{sample.Published()}
	if len(opts.Files) > 0 {
		var err error
		if sources, err = input.Resolve(opts.Files, opts.IO.In); err != nil {
			return nil, nil, exit.InputError(err)
		}
	}
	var figures []published.Figure
	var files []publishedFile
	for _, src := range sources {
		fs, err := published.Read(src)
		if err != nil {
			return nil, nil, exit.InputError(err)
		}
		if err := wholeCounts(fs); err != nil {
			return nil, nil, exit.InputError(err)
		}
		figures = append(figures, fs...)
		files = append(files, publishedFile{Path: src.Name, Figures: len(fs)})
	}
	if len(figures) == 0 {
		// Checking nothing must not pass a CI job silently.
		return nil, nil, exit.InputError(&input.DataError{File: sources[0].Name,
			Reason: "there are no published figures to verify", Hint: "add figures under the header (an empty cell is a figure not published); verify reads " + published.Shapes})
	}
	return figures, files, nil
}

// wholeCounts refuses a count published with a separator: "65,000" is
// 65000 with a thousands separator and 65 with a decimal comma, and read
// as 65 it would match 65 complaints.
func wholeCounts(figures []published.Figure) error {
	for _, f := range figures {
		if (f.Metric == published.MetricTransactions || f.Metric == published.MetricComplaints) && f.Precision > 0 {
			return &input.DataError{File: f.File, Line: f.Line, Column: f.Column, Name: f.ValueName, Value: f.Text,
				Reason: fmt.Sprintf("%s are counted in whole numbers: a separator here is a thousands separator or a decimal comma, which cannot be told apart", f.Metric),
				Hint:   "write counts in digits alone, such as 65000"}
		}
	}
	return nil
}

// neededKinds lists the kinds of data the figures' metrics are computed from.
func neededKinds(figures []published.Figure) []input.Kind {
	need := map[input.Kind]bool{}
	for _, f := range figures {
		if m, ok := metricsByName[f.Metric]; ok {
			for _, k := range m.kinds {
				need[k] = true
			}
		}
	}
	var out []input.Kind
	for _, k := range input.Kinds {
		if need[k] {
			out = append(out, k)
		}
	}
	return out
}
