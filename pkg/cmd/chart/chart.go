// Package chart implements `nollmission chart`: the monthly rate with its
// target, the control chart with its signals, CSAT and DSAT with the COPC
// thresholds, or the breakdown as stacked bars, as SVG or PNG (by the --out
// file's name), or as text on a terminal.
package chart

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/chart"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/locale"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/report"
)

// The charts, as the command's argument.
const (
	KindRate      = "rate"
	KindCSAT      = "csat"
	KindControl   = "control"
	KindBreakdown = "breakdown"
)

// Kinds lists the charts in the order help gives them.
var Kinds = []string{KindRate, KindCSAT, KindControl, KindBreakdown}

// Format is how the chart is written.
type Format string

const (
	FormatSVG      Format = "svg"
	FormatPNG      Format = "png"
	FormatTerminal Format = "terminal"
)

// Options are the parsed flags of one run.
type Options struct {
	IO   *cmdutil.IOStreams
	Data load.Options
	Kind string
	Year int // 0: every month in the data
	Lang locale.Lang
	By   analysis.Grouping // breakdown only
	// Format follows the --out file's name; without --out, terminal on a
	// terminal and SVG otherwise.
	Format Format
	// Columns and Color shape a terminal chart.
	Columns int
	Color   bool
	// Targets are the configured targets; the defaults (the embedded
	// sample's) apply to the sample data only.
	Targets       []metrics.Target
	TargetsSource config.Source
}

// flagOut is root's --out flag, whose file name chooses the format.
const flagOut = "out"

// NewCmdChart builds the command; runF replaces chartRun in tests of the flag layer.
func NewCmdChart(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	var by, format string
	cmd := &cobra.Command{
		Use:   "chart rate|csat|control|breakdown",
		Short: "Draw a chart: the rate with its target, CSAT/DSAT, the control chart or the breakdown (SVG, PNG or terminal)",
		Long: `Draw one chart of the figures:

  rate       complaints per million purchases per month, with the target line
             and the full-year figure
  csat       CSAT and DSAT per month, with the COPC best-in-class thresholds
  control    a Laney u′ control chart of the monthly rate, its limits, and the
             months that break a Western Electric rule, marked
  breakdown  complaints per month by channel (or --by category, country) as
             stacked bars; past ten keys the smallest are folded into "other"

The format follows the --out file's name: .svg (deterministic to the byte,
no script, with <title> and <desc>) or .png. Without --out, a terminal gets
a text chart, and anything else (a pipe, a file) gets SVG; --format svg, png
or terminal says which, whatever the output is. --lang sv writes
every word and number of the chart in Swedish.

--year limits the chart to one year; the rate chart then shows that year's
target and full year (year to date when months are missing).`,
		Example: `  nollmission chart rate --year 2019 --out rate.svg
  nollmission chart control --lang sv --out styrdiagram.png
  nollmission chart csat
  nollmission chart breakdown --by category > categories.svg`,
		Args:      cobra.MatchAll(cobra.ExactArgs(1), kindArg),
		ValidArgs: Kinds,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Data, err = f.Common(cmd); err != nil {
				return err
			}
			opts.Kind = args[0]
			opts.By = analysis.Grouping(by) // its flag refuses another
			if cmd.Flags().Changed("by") && opts.Kind != KindBreakdown {
				return exit.UsageError("--by groups the breakdown chart: nollmission chart breakdown --by category", "--by is for the breakdown chart, not %s", opts.Kind)
			}
			out := ""
			if fl := cmd.Flag(flagOut); fl != nil {
				out = fl.Value.String()
			}
			if opts.Format, err = formatOf(format, out, opts.IO.Out); err != nil {
				return err
			}
			// Colour only for a person at a terminal, and not when NO_COLOR asks.
			opts.Columns, opts.Color = terminalWidth(), isTerminal(opts.IO.Out) && os.Getenv("NO_COLOR") == ""
			if opts.Targets, opts.TargetsSource, err = f.Config.Targets(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return chartRun(opts)
		},
	}
	cmdutil.AddYearFlag(cmd, &opts.Year)
	groupings := make([]string, len(analysis.Groupings))
	for i, g := range analysis.Groupings {
		groupings[i] = string(g)
	}
	cmdutil.ChoiceVar(cmd.Flags(), &by, "by", string(analysis.ByChannel), groupings, "breakdown chart: group complaints by channel, category or country")
	cmd.Flags().StringVar(&format, "format", "auto", "auto (from --out's name; without it, terminal on a terminal, else svg), svg, png or terminal")
	cmdutil.AddLangFlag(cmd, &opts.Lang)
	cmdutil.Reads(cmd, input.Transactions, input.Complaints, input.Surveys)
	return cmd
}

func kindArg(cmd *cobra.Command, args []string) error {
	if !slices.Contains(Kinds, args[0]) {
		return exit.UsageError("nollmission chart rate, csat, control or breakdown", "unknown chart %q", args[0])
	}
	return nil
}

// formatOf chooses the format: the one asked for with --format, else the
// --out file's extension (.svg or .png); without a file, a text chart for a
// terminal and SVG for anything else.
func formatOf(asked, out string, stdout io.Writer) (Format, error) {
	fromName := Format("")
	if out != "" && out != "-" {
		switch strings.ToLower(filepath.Ext(out)) {
		case ".svg":
			fromName = FormatSVG
		case ".png":
			fromName = FormatPNG
		}
	}
	switch f := Format(strings.ToLower(strings.TrimSpace(asked))); f {
	case FormatSVG, FormatPNG, FormatTerminal:
		if fromName != "" && fromName != f {
			return "", exit.UsageError(fmt.Sprintf("drop --format, or name the file .%s", f), "--format %s does not fit --out %s", f, out)
		}
		return f, nil
	case "auto", "":
	default:
		return "", exit.UsageError("use --format auto, svg, png or terminal", "--format %q is not a chart format", asked)
	}
	switch {
	case fromName != "":
		return fromName, nil
	case out != "" && out != "-":
		return "", exit.UsageError("name the file .svg or .png: --out rate.svg", "--out %s: a chart is written as SVG or PNG, and the name says which", out)
	case isTerminal(stdout):
		return FormatTerminal, nil
	}
	return FormatSVG, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// terminalWidth is $COLUMNS, or 80; at least 40, the narrowest chart.
func terminalWidth() int {
	n, err := strconv.Atoi(os.Getenv("COLUMNS"))
	if err != nil || n <= 0 {
		return 80
	}
	return max(n, 40)
}

func chartRun(opts *Options) error {
	c, err := build(opts)
	if err != nil {
		return err
	}
	switch opts.Format {
	case FormatTerminal:
		err = chart.Terminal(opts.IO.Out, c, chart.TerminalOptions{Width: opts.Columns, Color: opts.Color})
	case FormatPNG:
		err = chart.PNG(opts.IO.Out, c, chart.Options{})
	default:
		err = chart.SVG(opts.IO.Out, c, chart.Options{})
	}
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	return nil
}

// build computes the figures of the chart asked for and draws them.
func build(opts *Options) (chart.Chart, error) {
	l, country := opts.Lang, opts.Data.Country
	// One country's months, the others only counted; but for the chart of
	// every country.
	opts.Data.OnlyCountry = opts.Kind != KindBreakdown || opts.By != analysis.ByCountry
	switch opts.Kind {
	case KindCSAT:
		ds, err := load.Dataset(opts.IO.In, opts.IO.ErrOut, opts.Data, "chart csat", input.Surveys)
		if err != nil {
			return nil, err
		}
		if err := analysis.CheckCountry(ds, country, input.Surveys); err != nil {
			return nil, err
		}
		series, err := analysis.SurveysOf(ds, country).InYear(opts.Year)
		if err != nil {
			return nil, err
		}
		def := metrics.DefaultCSATDefinition()
		months, _, err := series.Figures(def)
		if err != nil {
			return nil, exit.InputError(err)
		}
		return report.SurveyChart(l, months, def)
	case KindBreakdown:
		withTx := opts.Data.Given(input.Transactions) || !opts.Data.HasData()
		kinds := []input.Kind{input.Complaints}
		if withTx {
			kinds = append(kinds, input.Transactions)
		}
		ds, err := load.Dataset(opts.IO.In, opts.IO.ErrOut, opts.Data, "chart breakdown", kinds...)
		if err != nil {
			return nil, err
		}
		if opts.By != analysis.ByCountry {
			if err := analysis.CheckCountry(ds, country, kinds...); err != nil {
				return nil, err
			}
		}
		b, err := analysis.BreakdownOf(ds, analysis.BreakdownSpec{By: opts.By, Country: country, Year: opts.Year, WithTransactions: withTx,
			MostKeys: report.MaxKeys}) // the largest keys and other: a chart's memory is the dataset's
		if err != nil {
			return nil, analysis.WithOtherGroupings(err)
		}
		return report.BreakdownChart(l, country, b)
	}
	ds, err := load.Dataset(opts.IO.In, opts.IO.ErrOut, opts.Data, "chart "+opts.Kind, input.Transactions, input.Complaints)
	if err != nil {
		return nil, err
	}
	if err := analysis.CheckCountry(ds, country, input.Transactions, input.Complaints); err != nil {
		return nil, err
	}
	all := analysis.RatesOf(ds, country)
	shown, err := all.InYear(opts.Year)
	if err != nil {
		return nil, err
	}
	if opts.Kind == KindControl {
		c, err := report.ControlOf(shown)
		if err != nil {
			return nil, exit.UsageError("a control chart needs at least two months with purchases: choose another --year, or none", "no control chart: %v", err)
		}
		return report.ControlChart(l, c), nil
	}
	targets := opts.Targets
	if opts.TargetsSource != config.SourceFile && !ds.Sample {
		targets = nil // the sample's targets do not fit other data
	}
	return report.RateChart(l, country, shown.Rates(), report.RateLinesOf(all.Rates(), targets, opts.Year))
}
