// Package progress implements `nollmission progress`: each target year's
// baseline, target, actual rate, reductions, attainment and status, and for
// a year in progress the complaint budget, the projection and the rate the
// rest of the year must hold.
package progress

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/output"
	"github.com/nollmission/nollmission/pkg/period"
)

// Options are the parsed flags of one run.
type Options struct {
	IO     *cmdutil.IOStreams
	Data   load.Options
	Format output.Format
	Year   int // 0: every target year
	// Override is the target of --baseline and --target for Year; nil without them.
	Override *analysis.TargetOverride
	FailOn   []metrics.Status
	// Targets are the configured targets and where they come from; the
	// defaults (the embedded sample's) apply to the sample data only.
	Targets       []metrics.Target
	TargetsSource config.Source
	TargetsFile   string
	Decimals      int // decimals of rates in the table, CSV and Markdown views
}

// NewCmdProgress builds the command; runF replaces progressRun in tests of the flag layer.
func NewCmdProgress(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	var baseline, target string
	var failOn []string
	cmd := &cobra.Command{
		Use:   "progress",
		Short: "Progress toward each year's target: attainment, status, budget and the rate still needed",
		Long: `For each year with a target: the baseline, the target, the actual
purchase-weighted rate (year to date when months are missing), the target and
achieved reductions of the baseline, attainment = (baseline − actual) ÷
(baseline − target), satisfied per million, and a status: met or missed for a
finished year, on_track or off_track for a year in progress (compared exactly:
actual ≤ target).

For a year in progress also: the expected purchases of the missing months
(the same months last year times this year's growth so far, or, without last
year, this year's monthly average), the complaint budget (target × expected
purchases ÷ 1,000,000), used and left, the year-end projection at the current
rate, and the rate the remaining months must hold (or: cannot be met). Then
the probability that the year meets its target, if the remaining months'
complaints are Poisson with mean = the year-to-date rate × the expected
remaining purchases ÷ 1,000,000: P(X ≤ ⌊budget − complaints used⌋), 0 when
the budget is spent; and the burn rate, the year-to-date rate ÷ the target,
as SLO tools show an error budget's burn (above 1 spends the budget faster
than the year allows).

Targets come from the config file (targets: a list of {year, baseline,
target}; baseline may be previous_year, and reduction: 10% may replace
target), or for one year from --year with --baseline and --target. The
embedded sample carries the programme's targets: 2019 40 → 36, 2020 33 → 28.`,
		Example: `  nollmission progress
  nollmission progress --year 2020 --fail-on off_track,missed
  nollmission progress --year 2020 --baseline previous_year --target 15%
  nollmission progress --config nollmission.yaml -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Data, err = f.Common(cmd); err != nil {
				return err
			}
			opts.Data.OnlyCountry = true
			if opts.Targets, opts.TargetsSource, err = f.Config.Targets(); err != nil {
				return err
			}
			opts.TargetsFile, _ = f.Config.File()
			if runF != nil {
				return runF(opts)
			}
			return progressRun(opts)
		},
	}
	f.AddCheck(cmd, func() error {
		var err error
		opts.Override, err = parseOverride(opts.Year, baseline, target)
		opts.FailOn = make([]metrics.Status, len(failOn))
		for i, s := range failOn {
			opts.FailOn[i] = metrics.Status(s)
		}
		return err
	})
	cmdutil.AddYearFlag(cmd, &opts.Year)
	cmdutil.CheckedStringVar(cmd.Flags(), &baseline, "baseline", "", checkBaseline,
		"baseline rate for --year, or previous_year (default: the configured baseline, else previous_year)")
	cmdutil.CheckedStringVar(cmd.Flags(), &target, "target", "", checkTarget,
		"target rate for --year, or a reduction of the baseline such as 10% (default: the configured one)")
	statuses := make([]string, len(metrics.Statuses))
	for i, s := range metrics.Statuses {
		statuses[i] = string(s)
	}
	cmdutil.ChoiceListVar(cmd.Flags(), &failOn, "fail-on", statuses, "exit 1 when a year shown has one of these statuses: met, missed, on_track, off_track")
	cmdutil.AddDecimalsFlag(cmd, &opts.Decimals, 0, "rates")
	cmdutil.AddOutputFlag(cmd, &opts.Format)
	cmdutil.Reads(cmd, input.Transactions, input.Complaints)
	return cmd
}

// checkBaseline and checkTarget refuse what --baseline and --target cannot
// read ("" is unset); parseOverride reads them.
func checkBaseline(s string) error {
	if s == "" {
		return nil
	}
	_, err := config.ParseBaseline(s)
	return err
}

func checkTarget(s string) error {
	if s == "" {
		return nil
	}
	_, _, err := config.ParseTargetValue(s)
	return err
}

// parseOverride reads --baseline and --target, which their flags have
// checked, and checks them together with --year.
func parseOverride(year int, baseline, target string) (*analysis.TargetOverride, error) {
	// The values may come from the config file or the environment too,
	// which write into the flags; empty is unset.
	if baseline == "" && target == "" {
		return nil, nil
	}
	flags := []string{"baseline", "target", "year"}
	if year == 0 {
		return nil, cmdutil.SettingsErrorf(flags, "add --year: nollmission progress --year 2020 --baseline 33 --target 28",
			"--baseline and --target set the target of one year")
	}
	o := &analysis.TargetOverride{}
	if baseline != "" {
		o.BaselineSet = true
		o.Baseline, _ = config.ParseBaseline(baseline)
	}
	if target != "" {
		o.TargetSet = true
		o.Rate, o.Reduction, _ = config.ParseTargetValue(target)
	}
	if o.Baseline != nil && o.Rate != nil && o.Rate.Cmp(o.Baseline) >= 0 {
		return nil, cmdutil.SettingsErrorf(flags, "a target is a lower rate than its baseline",
			"--target %s is not below --baseline %s", target, baseline)
	}
	return o, nil
}

func progressRun(opts *Options) error {
	ds, err := load.Dataset(opts.IO.In, opts.IO.ErrOut, opts.Data, "progress", input.Transactions, input.Complaints)
	if err != nil {
		return err
	}
	if err := analysis.CheckCountry(ds, opts.Data.Country, input.Transactions, input.Complaints); err != nil {
		return err
	}
	targets, from, err := opts.targets(ds.Sample)
	if err != nil {
		return err
	}
	months := analysis.RatesOf(ds, opts.Data.Country).Rates()
	r := result{opts: opts, inputs: ds.Inputs, targetsFrom: from}
	for _, t := range targets {
		p, err := metrics.ComputeProgress(t, months)
		if err != nil {
			return exit.UsageError(from.hint, "%v", err)
		}
		r.years = append(r.years, p)
	}
	if err := output.Write(opts.IO.Out, opts.Format, r); err != nil {
		return err
	}
	var failed []string
	for _, p := range r.years {
		if slices.Contains(opts.FailOn, p.Status) {
			failed = append(failed, fmt.Sprintf("%d is %s", p.Actual.Year, p.Status))
		}
	}
	if len(failed) > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "nollmission: progress: %s (--fail-on %s)\n", strings.Join(failed, ", "), joinStatuses(opts.FailOn))
		return exit.ErrCheckFailed
	}
	return nil
}

func joinStatuses(s []metrics.Status) string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = string(v)
	}
	return strings.Join(out, ",")
}

// targetsSource says where the targets shown came from, for the output and
// for the hint of a bad target.
type targetsSource struct {
	name string // "file", "flag" or "default"
	note string
	hint string
}

// targets picks the targets to show: the configured ones (the sample's only
// with the sample data), narrowed to --year, with --baseline and --target
// on top.
func (o *Options) targets(sampleData bool) ([]metrics.Target, targetsSource, error) {
	configured := o.Targets
	src := targetsSource{name: string(o.TargetsSource)}
	switch o.TargetsSource {
	case config.SourceFile:
		src.note = "Targets from " + o.TargetsFile + "."
		src.hint = "check the targets in " + o.TargetsFile
	default:
		src.note = "Targets: the programme's, which come with the embedded sample."
		src.hint = "set the targets in the config file, or pass --year, --baseline and --target"
		if !sampleData {
			configured = nil // the sample's targets do not fit other data
		}
	}
	if o.Override != nil {
		src = targetsSource{name: string(config.SourceFlag), note: "Target from --baseline and --target.", hint: "check --baseline and --target"}
	}
	targets, err := analysis.ChooseTargets(configured, o.Year, o.Override)
	var te *analysis.TargetError
	if errors.As(err, &te) {
		return nil, src, exit.UsageError(targetHint(te), "%v", err)
	}
	return targets, src, err
}

// targetHint is how to fix a choice of targets that cannot be made.
func targetHint(e *analysis.TargetError) string {
	switch e.Problem {
	case analysis.NoTargetToComplete:
		return fmt.Sprintf("add --target: nollmission progress --year %d --target 28", e.Year)
	case analysis.TargetNotBelowBaseline:
		return "a target is a lower rate than its baseline"
	case analysis.NoTargetForYear:
		return fmt.Sprintf("the targets are for %s; add one for %d or pass --baseline and --target", e.YearList(), e.Year)
	}
	return "add targets to nollmission.yaml (see the README), or pass --year, --baseline and --target"
}

// result holds one run's figures for every output format.
type result struct {
	opts        *Options
	inputs      []input.FileStats
	targetsFrom targetsSource
	years       []metrics.Progress
}

type jsonYear struct {
	Year          int   `json:"year"`
	MonthsCovered int   `json:"months_covered"`
	YearToDate    bool  `json:"year_to_date"`
	Transactions  int64 `json:"transactions"`
	Complaints    int64 `json:"complaints"`
	// Baseline is the configured rate, or the previous year's computed one
	// (baseline_source previous_year).
	Baseline                 *float64      `json:"baseline"`
	BaselineSource           string        `json:"baseline_source"`
	Target                   *float64      `json:"target"`
	Actual                   *float64      `json:"actual"`
	TargetReductionPercent   *float64      `json:"target_reduction_percent"`
	AchievedReductionPercent *float64      `json:"achieved_reduction_percent"`
	AttainmentPercent        *float64      `json:"attainment_percent"`
	SatisfiedPerMillion      *float64      `json:"satisfied_per_million"`
	Status                   string        `json:"status"`
	Forecast                 *jsonForecast `json:"forecast"` // null for a finished year
}

type jsonForecast struct {
	MissingMonths []period.Month `json:"missing_months"`
	// ExpectedMethod is last_year_scaled or this_year_average.
	ExpectedMethod                string   `json:"expected_transactions_method"`
	Growth                        *float64 `json:"growth"`
	ExpectedRemainingTransactions *float64 `json:"expected_remaining_transactions"`
	ExpectedFullYearTransactions  *float64 `json:"expected_full_year_transactions"`
	ComplaintBudget               *float64 `json:"complaint_budget"`
	ComplaintsUsed                int64    `json:"complaints_used"`
	ComplaintsLeft                *float64 `json:"complaints_left"`
	ProjectedComplaints           *float64 `json:"projected_complaints"`
	ProjectedRate                 *float64 `json:"projected_rate"`
	RequiredRate                  *float64 `json:"required_rate"` // null when the target cannot be met
	CanBeMet                      bool     `json:"can_be_met"`
	// ProbabilityMet is the chance the year ends at or below its target if
	// the rest of it is Poisson at the current rate; BurnRate is the
	// year-to-date rate ÷ the target.
	ProbabilityMet *float64 `json:"probability_met"`
	BurnRate       *float64 `json:"burn_rate"`
}

type jsonDoc struct {
	cmdutil.JSONHeader
	TargetsSource string     `json:"targets_source"` // file, flag or default (the sample's)
	Years         []jsonYear `json:"years"`
}

func (r result) JSON() any {
	doc := jsonDoc{
		JSONHeader:    cmdutil.NewJSONHeader("progress", r.opts.Data.Country, r.opts.Data.Timezone, r.opts.Year, r.inputs),
		TargetsSource: r.targetsFrom.name,
		Years:         make([]jsonYear, len(r.years)),
	}
	for i, p := range r.years {
		y := jsonYear{
			Year: p.Actual.Year, MonthsCovered: p.Actual.MonthsCovered, YearToDate: p.Actual.YearToDate(),
			Transactions: p.Actual.Transactions, Complaints: p.Actual.Complaints,
			Baseline: decimal.Float(p.Baseline), BaselineSource: "configured",
			Target: decimal.Float(p.Target), Actual: decimal.Float(p.Actual.Rate),
			TargetReductionPercent:   decimal.Float(p.TargetReductionPercent),
			AchievedReductionPercent: decimal.Float(p.AchievedReductionPercent),
			AttainmentPercent:        decimal.Float(p.AttainmentPercent),
			SatisfiedPerMillion:      decimal.Float(p.SatisfiedPerMillion),
			Status:                   string(p.Status),
		}
		if p.BaselineIsPreviousYear {
			y.BaselineSource = config.PreviousYear
		}
		if f := p.Forecast; f != nil {
			y.Forecast = &jsonForecast{
				MissingMonths: f.MissingMonths, ExpectedMethod: string(f.Method), Growth: decimal.Float(f.Growth),
				ExpectedRemainingTransactions: decimal.Float(f.ExpectedRemainingTransactions),
				ExpectedFullYearTransactions:  decimal.Float(f.ExpectedFullYearTransactions),
				ComplaintBudget:               decimal.Float(f.Budget), ComplaintsUsed: f.Used, ComplaintsLeft: decimal.Float(f.Left),
				ProjectedComplaints: decimal.Float(f.ProjectedComplaints), ProjectedRate: decimal.Float(f.ProjectedRate),
				RequiredRate: decimal.Float(f.RequiredRate), CanBeMet: f.CanBeMet(),
			}
			if o, ok := analysis.OutlookOf(p); ok {
				y.Forecast.ProbabilityMet = output.FiniteFloat(o.ProbabilityMet, true)
				y.Forecast.BurnRate = decimal.Float(o.BurnRate)
			}
		}
		doc.Years[i] = y
	}
	return doc
}

// table shows one column per year and one row per figure: the figures of a
// year in progress are rows that a finished year leaves empty.
func (r result) Table() *output.Table {
	d := r.opts.Decimals
	t := &output.Table{Columns: []output.Column{{Name: "figure"}}}
	for _, p := range r.years {
		t.Columns = append(t.Columns, output.Column{Name: output.YearLabel(p.Actual.Year, p.Actual.MonthsCovered), Align: output.Right})
	}
	row := func(label string, cell func(p metrics.Progress) string) {
		cells := []string{label}
		for _, p := range r.years {
			cells = append(cells, cell(p))
		}
		t.Rows = append(t.Rows, cells)
	}
	inProgress := slices.ContainsFunc(r.years, func(p metrics.Progress) bool { return p.Forecast != nil })
	forecastRow := func(label string, cell func(f *metrics.Forecast) string) {
		if !inProgress {
			return // every year shown is finished
		}
		row(label, func(p metrics.Progress) string {
			if p.Forecast == nil {
				return ""
			}
			return cell(p.Forecast)
		})
	}
	rate := func(x *big.Rat) string { return output.Figure(x, d) }
	percent := func(x *big.Rat) string { return output.Figure(x, 1) + " %" }
	count := func(x *big.Rat) string { return output.Figure(x, 0) }

	row("months covered", func(p metrics.Progress) string { return fmt.Sprintf("%d of 12", p.Actual.MonthsCovered) })
	row("transactions", func(p metrics.Progress) string { return output.Count(p.Actual.Transactions) })
	row("complaints", func(p metrics.Progress) string { return output.Count(p.Actual.Complaints) })
	// A baseline or target as configured (40.5, 36.25) is shown as written,
	// not rounded to the rates' decimals: 40.5 → 36.25 shown as 41 → 36
	// contradicts the reductions beside it. A computed one (the previous
	// year's rate, a reduction of it) that no short decimal writes is a rate.
	given := func(x *big.Rat) string {
		if n, exact := x.FloatPrec(); exact && n > d && decimal.Exact(x) {
			return decimal.Short(x)
		}
		return rate(x)
	}
	row("baseline (complaints per million)", func(p metrics.Progress) string {
		if p.BaselineIsPreviousYear {
			return fmt.Sprintf("%s (%d's rate)", rate(p.Baseline), p.Actual.Year-1)
		}
		return given(p.Baseline)
	})
	row("target", func(p metrics.Progress) string { return given(p.Target) })
	row("actual", func(p metrics.Progress) string { return rate(p.Actual.Rate) })
	row("satisfied per million", func(p metrics.Progress) string { return rate(p.SatisfiedPerMillion) })
	row("target reduction", func(p metrics.Progress) string { return percent(p.TargetReductionPercent) })
	row("achieved reduction", func(p metrics.Progress) string { return percent(p.AchievedReductionPercent) })
	row("attainment", func(p metrics.Progress) string { return percent(p.AttainmentPercent) })
	row("status", func(p metrics.Progress) string { return string(p.Status) })
	forecastRow("expected transactions (missing months)", func(f *metrics.Forecast) string { return count(f.ExpectedRemainingTransactions) })
	forecastRow("estimated from", func(f *metrics.Forecast) string {
		if f.Method == metrics.LastYearScaled {
			return fmt.Sprintf("last year × growth %s", output.Figure(f.Growth, 3))
		}
		return "this year's monthly average"
	})
	forecastRow("expected transactions (full year)", func(f *metrics.Forecast) string { return count(f.ExpectedFullYearTransactions) })
	// The budget, what is left of it and the rate the rest may hold are
	// bounds: shown rounded down, so that holding what is shown meets the
	// target (41.66 per million shown as 42 would miss it).
	bound := func(x *big.Rat, decimals int) string { return output.Figure(decimal.Down(x, decimals), decimals) }
	forecastRow("complaint budget", func(f *metrics.Forecast) string { return bound(f.Budget, 0) })
	forecastRow("complaints used", func(f *metrics.Forecast) string { return output.Count(f.Used) })
	forecastRow("complaints left", func(f *metrics.Forecast) string { return bound(f.Left, 0) })
	forecastRow("projected complaints (year end)", func(f *metrics.Forecast) string { return count(f.ProjectedComplaints) })
	forecastRow("projected rate (year end)", func(f *metrics.Forecast) string { return rate(f.ProjectedRate) })
	forecastRow("rate required for the rest", func(f *metrics.Forecast) string {
		if !f.CanBeMet() {
			return "cannot be met"
		}
		return bound(f.RequiredRate, d)
	})
	outlookRow := func(label string, cell func(o analysis.Outlook, f *metrics.Forecast) string) {
		if !inProgress {
			return
		}
		row(label, func(p metrics.Progress) string {
			if o, ok := analysis.OutlookOf(p); ok {
				return cell(o, p.Forecast)
			}
			return ""
		})
	}
	outlookRow("probability of meeting the target", func(o analysis.Outlook, f *metrics.Forecast) string {
		return probability(o.ProbabilityMet, f.Left.Sign() < 0, o.ExpectedRemainingComplaints.Sign() == 0)
	})
	outlookRow("burn rate (actual ÷ target)", func(o analysis.Outlook, _ *metrics.Forecast) string { return output.Figure(o.BurnRate, 2) })

	t.Notes = []string{
		fmt.Sprintf("Country %s, calendar months in %s. Actual is Σ complaints ÷ Σ transactions × 1,000,000 (weighted by purchases), year to date when months are missing.", r.opts.Data.Country, r.opts.Data.Timezone),
		"Reductions are of the baseline; attainment = (baseline − actual) ÷ (baseline − target), 100 % or more meets the target. Figures are rounded half away from zero.",
	}
	for _, p := range r.years {
		if f := p.Forecast; f != nil {
			t.Notes = append(t.Notes, forecastNote(p, f))
		}
	}
	t.Notes = append(t.Notes, r.targetsFrom.note)
	return t
}

func forecastNote(p metrics.Progress, f *metrics.Forecast) string {
	from := fmt.Sprintf("the same months of %d times %d's growth so far (%s)", p.Actual.Year-1, p.Actual.Year, decimal.Fixed(f.Growth, 3))
	if f.Method == metrics.ThisYearAverage {
		from = fmt.Sprintf("%d's monthly average so far (%d lacks months)", p.Actual.Year, p.Actual.Year-1)
	}
	return fmt.Sprintf("%d: %s missing; their transactions are estimated from %s. Budget = target × expected full-year transactions ÷ 1,000,000; it, the complaints left and the rate required are rounded down, so that holding them meets the target; the projection holds the current rate. "+
		"The probability takes the rest of the year's complaints as Poisson at the current rate: P(X ≤ ⌊budget − used⌋); a burn rate above 1 spends the budget faster than the year allows.",
		p.Actual.Year, monthRange(f.MissingMonths), from)
}

// probability writes a probability in percent with one decimal: "80.7 %".
// Only a certainty is 0 % (the budget is spent) or 100 % (nothing more is
// expected and the budget is not spent); a float that reached 0 or 1 is
// "< 0.1 %" or "> 99.9 %".
func probability(p float64, spent, nothingExpected bool) string {
	switch {
	case spent:
		return "0 %"
	case nothingExpected:
		return "100 %"
	case p < 0.0005:
		return "< 0.1 %"
	case p > 0.9995:
		return "> 99.9 %"
	}
	return output.FloatFigure(100*p, 1) + " %"
}

// monthRange writes months as "2020-07 to 2020-12" when they run on, else as a list.
func monthRange(months []period.Month) string {
	if len(months) == 1 {
		return months[0].String()
	}
	if int(months[len(months)-1]-months[0]) == len(months)-1 {
		return months[0].String() + " to " + months[len(months)-1].String()
	}
	names := make([]string, len(months))
	for i, m := range months {
		names[i] = m.String()
	}
	return strings.Join(names, ", ")
}
