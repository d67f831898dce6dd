// Package report implements `nollmission report`: the programme's
// statistics page as one self-contained HTML file (inline CSS and SVG, no
// script, no request; prints on A4) or as Markdown, in English or Swedish.
package report

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/locale"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/output"
	"github.com/nollmission/nollmission/pkg/published"
	"github.com/nollmission/nollmission/pkg/report"
)

// Format is the page's format.
type Format string

const (
	FormatHTML     Format = "html"
	FormatMarkdown Format = "markdown"
)

// Options are the parsed flags of one run.
type Options struct {
	IO     *cmdutil.IOStreams
	Data   load.Options
	Year   int // 0: every year in the data
	Lang   locale.Lang
	Format Format
	// Published are files of published figures to check the page's figures
	// against (paths, globs, - for stdin); none: no check.
	Published []string
	// Targets are the configured targets; the defaults (the embedded
	// sample's) apply to the sample data only.
	Targets       []metrics.Target
	TargetsSource config.Source
	TargetsFile   string
}

// NewCmdReport builds the command; runF replaces reportRun in tests of the flag layer.
func NewCmdReport(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	format := formatValue(FormatHTML)
	cmd := &cobra.Command{
		Use:   "report",
		Short: "The programme's statistics page as one self-contained HTML file (or Markdown), in English or Swedish",
		Long: `The programme's statistics page, computed from the data: the main table in
the published layout (a row per year, a column per month, the purchase-weighted
full year and its footnote), progress toward the target, the rate and control
charts with the months that signal, the external complaints per authority with
the computed total row and the breakdown chart, CSAT and DSAT with the
best-in-class verdict, and how it was computed (inputs, rows, time zone,
country).

The HTML is one file: inline CSS and SVG, no script, no font or image to
fetch, a print stylesheet for A4. -o markdown writes the same tables and
text without the charts.

--published FILE checks every figure of the page that the file publishes
(the format verify reads) and marks each one that does not match where it
appears, with the published value.`,
		Example: `  nollmission report --out nollmission.html
  nollmission report --lang sv --year 2019 --out statistik-2019.html
  nollmission report --published published.csv --transactions tx.csv --complaints complaints.csv --surveys answers.csv --out page.html
  nollmission report -o markdown`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Data, err = f.Common(cmd); err != nil {
				return err
			}
			opts.Format = Format(format)
			if slices.Contains(opts.Published, "-") && dataFromStdin(opts.Data) {
				return exit.UsageError("read either the published figures or one kind of data from stdin",
					"standard input (-) is given both to --published and as data")
			}
			if opts.Targets, opts.TargetsSource, err = f.Config.Targets(); err != nil {
				return err
			}
			opts.TargetsFile, _ = f.Config.File()
			if runF != nil {
				return runF(opts)
			}
			return reportRun(opts)
		},
	}
	cmdutil.AddYearFlag(cmd, &opts.Year)
	cmdutil.AddLangFlag(cmd, &opts.Lang)
	// Not -o/--output: that setting is the data commands' table|json|csv|markdown.
	cmd.Flags().VarP(&format, "format", "o", "page format: html or markdown")
	cmd.Flags().StringArrayVar(&opts.Published, "published", nil, "file of published figures to check the page against (metric,period,value,country,channel; repeatable)")
	cmdutil.FileFlag(cmd, "published")
	cmdutil.Reads(cmd, input.Transactions, input.Complaints, input.Surveys)
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

type formatValue Format

func (f *formatValue) String() string { return string(*f) }
func (f *formatValue) Type() string   { return "format" }
func (f *formatValue) Choices() []string {
	return []string{string(FormatHTML), string(FormatMarkdown)} // for shell completion
}

func (f *formatValue) Set(s string) error {
	switch v := strings.ToLower(strings.TrimSpace(s)); v {
	case "html", "htm":
		*f = formatValue(FormatHTML)
	case "markdown", "md":
		*f = formatValue(FormatMarkdown)
	default:
		return fmt.Errorf("%q is not a page format: want html or markdown", s)
	}
	return nil
}

func reportRun(opts *Options) error {
	in, err := gather(opts)
	if err != nil {
		return err
	}
	page, err := report.Build(in)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if opts.Format == FormatMarkdown {
		err = writeMarkdown(&buf, page)
	} else {
		err = writeHTML(&buf, page)
	}
	if err != nil {
		return err
	}
	if _, err := buf.WriteTo(opts.IO.Out); err != nil {
		return output.AsWriteError(err) // --out's carries its hint
	}
	return nil
}

// gather reads the data and the published figures and computes what the
// page is built from.
func gather(opts *Options) (report.Input, error) {
	country := opts.Data.Country
	kinds := []input.Kind{input.Transactions, input.Complaints}
	withSurveys := !opts.Data.HasData() || opts.Data.Given(input.Surveys)
	if withSurveys {
		kinds = append(kinds, input.Surveys)
	}
	in := report.Input{Lang: opts.Lang, Country: country, Timezone: opts.Data.Timezone, Year: opts.Year,
		CSAT: metrics.DefaultCSATDefinition()}
	// The published figures first: a bad file fails before the data is read.
	if len(opts.Published) > 0 {
		sources, err := input.Resolve(opts.Published, opts.IO.In)
		if err != nil {
			return in, exit.InputError(err)
		}
		in.Published = []published.Figure{}
		for _, src := range sources {
			figs, err := published.Read(src)
			if err != nil {
				return in, exit.InputError(err)
			}
			in.Published = append(in.Published, figs...)
			in.PublishedFiles = append(in.PublishedFiles, src.Name)
		}
	}
	opts.Data.OnlyCountry = true // one country's months; the others only counted
	ds, err := load.Dataset(opts.IO.In, opts.IO.ErrOut, opts.Data, "report", kinds...)
	if err != nil {
		return in, err
	}
	if err := analysis.CheckCountry(ds, country, kinds...); err != nil {
		return in, err
	}
	in.Inputs, in.Sample = ds.Inputs, ds.Sample
	in.Rates = analysis.RatesOf(ds, country)
	if _, err := in.Rates.InYear(opts.Year); err != nil {
		return in, err
	}
	if withSurveys {
		s := analysis.SurveysOf(ds, country)
		in.Surveys = &s
	}
	in.Channels, err = analysis.BreakdownOf(ds, analysis.BreakdownSpec{By: analysis.ByChannel, Country: country, Year: opts.Year,
		WithTransactions: true, AllAuthorities: true})
	// No complaint with a channel is no figure per channel, not no page:
	// the rest needs none, and the external section says why it is missing.
	var nc *analysis.NoChannelError
	switch {
	case errors.As(err, &nc):
		in.NoChannel = true
		if !opts.Data.Quiet {
			fmt.Fprintf(opts.IO.ErrOut, "nollmission: %s: the page leaves out the external complaints per authority and says why; %s\n", nc, nc.Hint())
		}
	case err != nil:
		return in, err
	}
	switch {
	case opts.TargetsSource == config.SourceFile:
		in.Targets, in.TargetsFile = opts.Targets, opts.TargetsFile
	case ds.Sample:
		in.Targets = opts.Targets // the sample's targets fit the sample only
	}
	return in, nil
}

//go:embed page.html.tmpl
var pageTemplate string

// pageHTML is parsed once, when a page is first written (not at every
// start of the program). html/template escapes every text by its context;
// the charts are inserted as they are, because pkg/chart writes them as
// complete SVG documents whose every text (including data values such as a
// category's name) it has escaped itself.
var pageHTML = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Funcs(template.FuncMap{
		"svg": func(b []byte) template.HTML { return template.HTML(b) },
	}).Parse(pageTemplate))
})

func writeHTML(w io.Writer, p *report.Page) error {
	return pageHTML().Execute(w, p)
}
