// Package control implements `nollmission control`: a control chart of the
// monthly complaint rate, to tell a month worth a root-cause hunt (a special
// cause) from ordinary variation.
package control

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/output"
	"github.com/nollmission/nollmission/pkg/period"
	"github.com/nollmission/nollmission/pkg/stats"
)

// Options are the parsed flags of one run.
type Options struct {
	IO           *cmdutil.IOStreams
	Data         load.Options
	Format       output.Format
	Year         int // 0: every month in the data
	Chart        stats.ChartKind
	Rules        stats.RuleSet
	FailOnSignal bool // exit 1 when the latest month signals
	Decimals     int  // decimals of rates and limits in the table, CSV and Markdown views
}

// NewCmdControl builds the command; runF replaces controlRun in tests of the flag layer.
func NewCmdControl(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Chart: stats.LaneyUPrime, Rules: stats.WesternElectric}
	cmd := &cobra.Command{
		Use:   "control",
		Short: "Control chart of the monthly rate: limits, z-scores and the months that signal a special cause",
		Long: `A control chart of the monthly complaint rate: the centre line ū = Σ complaints
÷ Σ purchases over the months shown, each month's limits and z-score, and the
signal rules each month completes.

The default is Laney's u′ chart: z_i = (u_i − ū) ÷ √(ū/n_i), σ_z = the mean of
|z_i − z_(i−1)| ÷ 1.128, limits ū ± 3·σ_z·√(ū/n_i). With millions of purchases
a month, the classic u chart (--chart u, σ_z = 1) has limits so narrow that
almost every month "signals": months really do vary more than Poisson noise,
and u′ measures by how much.

Signals: the Western Electric rules 1–4 (default), or Nelson's rules 1–8
with --rules nelson. --fail-on-signal exits 1 when the latest month signals,
after writing the whole chart: an alert for CI.`,
		Example: `  nollmission control --year 2019
  nollmission control --year 2019 --chart u
  nollmission control --rules nelson -o json
  nollmission control --fail-on-signal --quiet -o csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Data, err = f.Common(cmd); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return controlRun(opts)
		},
	}
	cmdutil.AddYearFlag(cmd, &opts.Year)
	cmd.Flags().Var((*chartValue)(&opts.Chart), "chart", "chart: laney (Laney u′) or u (the classic u chart)")
	cmd.Flags().Var((*rulesValue)(&opts.Rules), "rules", "signal rules: we (Western Electric 1–4) or nelson (Nelson 1–8)")
	cmd.Flags().BoolVar(&opts.FailOnSignal, "fail-on-signal", false, "exit 1 when the latest month signals (after writing the chart)")
	cmdutil.AddDecimalsFlag(cmd, &opts.Decimals, 1, "rates and limits")
	cmdutil.AddOutputFlag(cmd, &opts.Format)
	cmdutil.Reads(cmd, input.Transactions, input.Complaints)
	return cmd
}

// chartValue is --chart; it refuses an unknown chart wherever it is set.
type chartValue stats.ChartKind

var chartNames = map[stats.ChartKind]string{stats.LaneyUPrime: "laney", stats.U: "u"}

func (c *chartValue) String() string { return chartNames[stats.ChartKind(*c)] }
func (c *chartValue) Type() string   { return "chart" }
func (c *chartValue) Choices() []string {
	return []string{"laney", "u"} // for shell completion
}

func (c *chartValue) Set(s string) error {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "laney", "u-prime", "u′":
		*c = chartValue(stats.LaneyUPrime)
	case "u":
		*c = chartValue(stats.U)
	default:
		return fmt.Errorf("%q is not a chart: use laney or u", s)
	}
	return nil
}

// rulesValue is --rules; it refuses an unknown rule set wherever it is set.
type rulesValue stats.RuleSet

var ruleSetNames = map[stats.RuleSet]string{stats.WesternElectric: "we", stats.Nelson: "nelson"}

func (r *rulesValue) String() string { return ruleSetNames[stats.RuleSet(*r)] }
func (r *rulesValue) Type() string   { return "rules" }
func (r *rulesValue) Choices() []string {
	return []string{"we", "nelson"} // for shell completion
}

func (r *rulesValue) Set(s string) error {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "we", "western-electric":
		*r = rulesValue(stats.WesternElectric)
	case "nelson":
		*r = rulesValue(stats.Nelson)
	default:
		return fmt.Errorf("%q is not a set of rules: use we or nelson", s)
	}
	return nil
}

func controlRun(opts *Options) error {
	opts.Data.OnlyCountry = true // one country's months; the others only counted
	ds, err := load.Dataset(opts.IO.In, opts.IO.ErrOut, opts.Data, "control", input.Transactions, input.Complaints)
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
	chart, err := series.ControlChart(opts.Chart, opts.Rules)
	if err != nil {
		return exit.UsageError("a chart needs months with purchases, and Laney's u′ at least two; choose another --year or use --chart u", "%v", err)
	}
	r := result{opts: opts, inputs: ds.Inputs, chart: chart}
	// The other chart's σ_z, for the notes: how much more than Poisson
	// noise the months vary (u′), or what the classic chart would say (u).
	otherKind := stats.U
	if opts.Chart == stats.U {
		otherKind = stats.LaneyUPrime
	}
	if other, err := series.ControlChart(otherKind, opts.Rules); err == nil {
		r.other = &other
	}
	if err := output.Write(opts.IO.Out, opts.Format, r); err != nil {
		return err
	}
	if latest, ok := chart.Latest(); opts.FailOnSignal && ok && len(latest.Signals) > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "nollmission: control: the latest month, %s, signals %s (--fail-on-signal)\n", latest.Month, ruleList(latest.Signals))
		return exit.ErrCheckFailed
	}
	return nil
}

// result holds one run's figures for every output format.
type result struct {
	opts   *Options
	inputs []input.FileStats
	chart  analysis.ControlChart
	other  *analysis.ControlChart // the other kind of chart of the same months; nil if it cannot be drawn
}

var (
	chartJSON = map[stats.ChartKind]string{stats.LaneyUPrime: "laney_u_prime", stats.U: "u"}
	rulesJSON = map[stats.RuleSet]string{stats.WesternElectric: "western_electric", stats.Nelson: "nelson"}
)

type jsonMonth struct {
	Month        period.Month `json:"month"`
	Complaints   int64        `json:"complaints"`
	Transactions int64        `json:"transactions"`
	// Rate, limits and z are null for a month without purchases.
	Rate *float64 `json:"rate"`
	LCL  *float64 `json:"lcl"`
	UCL  *float64 `json:"ucl"`
	Z    *float64 `json:"z"`
	// Signals are the numbers of the rules the month completes; empty when none.
	Signals []int `json:"signals"`
}

type jsonDoc struct {
	cmdutil.JSONHeader
	Chart  string  `json:"chart"`
	Center float64 `json:"center"`
	// SigmaZ is σ_z: 1 for the u chart.
	SigmaZ float64 `json:"sigma_z"`
	Rules  string  `json:"rules"`
	// RuleDescriptions says what each rule number looks for.
	RuleDescriptions map[string]string `json:"rule_descriptions"`
	Months           []jsonMonth       `json:"months"`
	// LatestMonth is the latest month with purchases, and LatestSignals its
	// signals: what --fail-on-signal looks at.
	LatestMonth   *period.Month `json:"latest_month"`
	LatestSignals []int         `json:"latest_signals"`
}

func (r result) JSON() any {
	c := r.chart
	doc := jsonDoc{
		JSONHeader: cmdutil.NewJSONHeader("control", r.opts.Data.Country, r.opts.Data.Timezone, r.opts.Year, r.inputs),
		Chart:      chartJSON[c.Kind], Center: c.Center, SigmaZ: c.SigmaZ, Rules: rulesJSON[c.Rules],
		RuleDescriptions: map[string]string{},
		Months:           make([]jsonMonth, len(c.Months)),
		LatestSignals:    []int{},
	}
	for n := 1; n <= analysis.RuleCount(c.Rules); n++ {
		doc.RuleDescriptions[strconv.Itoa(n)] = analysis.RuleDescription(c.Rules, n)
	}
	for i, m := range c.Months {
		jm := jsonMonth{Month: m.Month, Complaints: m.Complaints, Transactions: m.Transactions, Signals: nonNil(m.Signals)}
		if m.Plotted {
			jm.Rate, jm.LCL, jm.UCL, jm.Z = output.FiniteFloat(m.Rate, true), output.FiniteFloat(m.LCL, true),
				output.FiniteFloat(m.UCL, true), output.FiniteFloat(m.Z, true)
		}
		doc.Months[i] = jm
	}
	if latest, ok := c.Latest(); ok {
		doc.LatestMonth, doc.LatestSignals = &latest.Month, nonNil(latest.Signals)
	}
	return doc
}

func nonNil(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}

// zDecimals: z-scores are read to the hundredth.
const zDecimals = 2

func (r result) Table() *output.Table {
	d := r.opts.Decimals
	c := r.chart
	t := &output.Table{Columns: []output.Column{
		{Name: "month"},
		{Name: "complaints", Align: output.Right},
		{Name: "transactions", Align: output.Right},
		{Name: "complaints per million", Align: output.Right},
		{Name: "LCL", Align: output.Right},
		{Name: "UCL", Align: output.Right},
		{Name: "z", Align: output.Right},
		{Name: "signals"},
	}}
	fired := map[int][]period.Month{}
	for _, m := range c.Months {
		row := []string{m.Month.String(), output.Count(m.Complaints), output.Count(m.Transactions),
			output.Undefined, output.Undefined, output.Undefined, output.Undefined, ""}
		if m.Plotted {
			row[3], row[4], row[5], row[6] = output.FloatFigure(m.Rate, d), output.FloatFigure(m.LCL, d),
				output.FloatFigure(m.UCL, d), output.FloatFigure(m.Z, zDecimals)
		}
		if len(m.Signals) > 0 {
			row[7] = ruleList(m.Signals)
		}
		for _, n := range m.Signals {
			fired[n] = append(fired[n], m.Month)
		}
		t.Rows = append(t.Rows, row)
	}
	t.Summary = [][]string{{"centre line ū", "", "", output.FloatFigure(c.Center, d), "", "", "", ""}}
	t.Notes = append([]string{
		fmt.Sprintf("Country %s, calendar months in %s. Rate = complaints ÷ transactions × 1,000,000; ū = Σ complaints ÷ Σ transactions over the months shown.",
			r.opts.Data.Country, r.opts.Data.Timezone),
	}, r.chartNotes()...)
	t.Notes = append(t.Notes, r.signalNotes(fired)...)
	return t
}

// chartNotes explain the limits, and how the other chart would differ.
func (r result) chartNotes() []string {
	c := r.chart
	sigma := output.FloatFigure(c.SigmaZ, zDecimals)
	var notes []string
	if c.Kind == stats.LaneyUPrime {
		notes = append(notes, fmt.Sprintf("Laney u′ chart: limits ū ± 3·σ_z·√(ū/n) with σ_z = %s, the months' spread beyond Poisson noise (mean moving range of the z-scores ÷ 1.128); z = (rate − ū) ÷ (σ_z·√(ū/n)).", sigma))
		switch {
		case r.other != nil && c.SigmaZ > 0:
			notes = append(notes, fmt.Sprintf("The classic u chart (--chart u) counts Poisson noise only (σ_z = 1): its limits' distances from ū are these ÷ %s, and %s of these months would signal.",
				sigma, countText(signalling(*r.other), charted(*r.other))))
		case r.other != nil: // no spread at all (no complaints): nothing to divide by
			notes = append(notes, fmt.Sprintf("The classic u chart (--chart u) counts Poisson noise only (σ_z = 1): %s of these months would signal.",
				countText(signalling(*r.other), charted(*r.other))))
		}
	} else {
		notes = append(notes, "Classic u chart: limits ū ± 3·√(ū/n), Poisson noise only; z = (rate − ū) ÷ √(ū/n).")
		switch {
		case r.other != nil && r.other.SigmaZ > 1:
			notes = append(notes, fmt.Sprintf("With millions of purchases a month these limits are narrow: the months vary %s times more than Poisson noise (Laney's σ_z), so most signals here are that variation. Laney's u′ chart (the default) flags %s of these months.",
				output.FloatFigure(r.other.SigmaZ, zDecimals), countText(signalling(*r.other), charted(*r.other))))
		case r.other != nil: // the months vary no more than Poisson noise
			notes = append(notes, fmt.Sprintf("The months vary no more than Poisson noise (Laney's σ_z = %s); Laney's u′ chart (the default) flags %s of these months.",
				output.FloatFigure(r.other.SigmaZ, zDecimals), countText(signalling(*r.other), charted(*r.other))))
		}
	}
	return notes
}

// signalNotes say which rules fired and where.
func (r result) signalNotes(fired map[int][]period.Month) []string {
	set := map[stats.RuleSet]string{stats.WesternElectric: "Western Electric rules 1–4", stats.Nelson: "Nelson rules 1–8"}[r.chart.Rules]
	if len(fired) == 0 {
		return []string{fmt.Sprintf("Signals (%s): none; the months vary as the chart expects.", set)}
	}
	notes := []string{fmt.Sprintf("Signals (%s), each marked on the month that completes its pattern:", set)}
	for n := 1; n <= analysis.RuleCount(r.chart.Rules); n++ {
		if months, ok := fired[n]; ok {
			names := make([]string, len(months))
			for i, m := range months {
				names[i] = m.String()
			}
			notes = append(notes, fmt.Sprintf("rule %d, %s: %s.", n, analysis.RuleDescription(r.chart.Rules, n), strings.Join(names, ", ")))
		}
	}
	return notes
}

func signalling(c analysis.ControlChart) int {
	n := 0
	for _, m := range c.Months {
		if len(m.Signals) > 0 {
			n++
		}
	}
	return n
}

// charted counts the months with a point: those with purchases.
func charted(c analysis.ControlChart) int {
	n := 0
	for _, m := range c.Months {
		if m.Transactions > 0 {
			n++
		}
	}
	return n
}

func countText(n, of int) string { return fmt.Sprintf("%d of %d", n, of) }

// ruleList writes rule numbers: "rule 1", "rules 1, 4".
func ruleList(rules []int) string {
	s := make([]string, len(rules))
	for i, n := range rules {
		s[i] = strconv.Itoa(n)
	}
	if len(s) == 1 {
		return "rule " + s[0]
	}
	return "rules " + strings.Join(s, ", ")
}
