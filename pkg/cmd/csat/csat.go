// Package csat implements `nollmission csat`: the share of satisfied,
// neutral and dissatisfied survey answers per month and for the year, and the
// best-in-class verdict.
package csat

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/exit"
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
	IO           *cmdutil.IOStreams
	Data         load.Options
	Format       output.Format
	Year         int // 0: every year in the data
	Definition   metrics.CSATDefinition
	MinResponses int64 // fewer answers than this is a small sample
	Decimals     int   // decimals of percentages in the table, CSV and Markdown views
	// CI is the level of the CSAT and DSAT intervals; unset: none.
	CI       cmdutil.CILevel
	CIMethod CIMethod
	Lang     locale.Lang    // language of the table and Markdown views
	Layout   cmdutil.Layout // long: a row per month; wide: the published shape
}

// CIMethod is how the intervals of the shares are computed.
type CIMethod int

const (
	// Wilson is the Wilson score interval, as R's prop.test(x, n, correct = FALSE).
	Wilson CIMethod = iota
	// ClopperPearson is the exact interval, as R's binom.test(x, n).
	ClopperPearson
)

// NewCmdCSAT builds the command; runF replaces csatRun in tests of the flag layer.
func NewCmdCSAT(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	def := metrics.DefaultCSATDefinition()
	opts := &Options{IO: f.IOStreams}
	csatThreshold := percentFlag{value: def.CSATThreshold}
	dsatThreshold := percentFlag{value: def.DSATThreshold}
	cmd := &cobra.Command{
		Use:   "csat",
		Short: "Customer satisfaction (CSAT, neutral, DSAT) per month and for the year, and the best-in-class verdict",
		Long: `The share of survey answers (scores 1 to 5) that are satisfied (CSAT, 4 or 5
by default), neutral (2 or 3) and dissatisfied (DSAT, 1), per calendar month
of the reporting time zone and for the full year, weighted by answers.

Each month and year is judged against the COPC best-in-class level: CSAT
above 85 % and DSAT below 5 %, compared exactly, before rounding. The scores,
the thresholds and whether reaching a threshold is enough are settings; the
output states the definition it used. A month with fewer answers than
--min-responses is flagged as a small sample.

--ci 95 adds each CSAT and DSAT share's confidence interval (Wilson's by
default, as R's prop.test(x, n, correct = FALSE); --ci-method
clopper-pearson for the exact one, as R's binom.test). A best-in-class
verdict whose whole intervals clear both thresholds says "with 95 %
confidence".`,
		Example: `  nollmission csat --year 2020
  nollmission csat --surveys answers.csv -o json
  nollmission csat --satisfied-scores 5 --dissatisfied-scores 1,2 --inclusive-thresholds
  nollmission csat --year 2020 --ci 95 --ci-method clopper-pearson`,
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
			return csatRun(opts)
		},
	}
	// The definition's own check (a score both satisfied and
	// dissatisfied, a group without scores); each flag has refused a bad
	// value of its own already.
	f.AddCheck(cmd, func() error {
		d := def
		d.Satisfied, d.Dissatisfied = slices.Sorted(slices.Values(def.Satisfied)), slices.Sorted(slices.Values(def.Dissatisfied))
		d.CSATThreshold, d.DSATThreshold = csatThreshold.value, dsatThreshold.value
		if err := d.Validate(); err != nil {
			return cmdutil.SettingsErrorf([]string{flagSatisfied, flagDissatisfied},
				"each score from 1 to 5 is satisfied, dissatisfied or neither, e.g. --satisfied-scores 4,5 --dissatisfied-scores 1", "%v", err)
		}
		opts.Definition = d
		return nil
	})
	cmdutil.AddYearFlag(cmd, &opts.Year)
	fl := cmd.Flags()
	cmdutil.ScoresVar(fl, &def.Satisfied, flagSatisfied, def.Satisfied, "scores counted as satisfied (CSAT)")
	cmdutil.ScoresVar(fl, &def.Dissatisfied, flagDissatisfied, def.Dissatisfied, "scores counted as dissatisfied (DSAT); the other scores are neutral")
	fl.Var(&csatThreshold, "csat-threshold", "best in class needs CSAT above this `percent`")
	fl.Var(&dsatThreshold, "dsat-threshold", "best in class needs DSAT below this `percent`")
	fl.BoolVar(&def.Inclusive, "inclusive-thresholds", false, "reaching a threshold is enough: CSAT ≥ and DSAT ≤ instead of > and <")
	cmdutil.MinInt64Var(fl, &opts.MinResponses, "min-responses", 100, 0, "flag a month with fewer answers as a small sample")
	cmdutil.AddDecimalsFlag(cmd, &opts.Decimals, 1, "percentages")
	cmdutil.AddCIFlag(cmd, &opts.CI, "", "add the CSAT and DSAT shares' confidence intervals at this `level` in percent, such as 95")
	fl.Var((*ciMethodValue)(&opts.CIMethod), "ci-method", "interval of the shares with --ci: wilson or clopper-pearson")
	cmdutil.AddOutputFlag(cmd, &opts.Format)
	cmdutil.AddLayoutFlag(cmd, &opts.Layout)
	cmdutil.AddLangFlag(cmd, &opts.Lang)
	cmdutil.Reads(cmd, input.Surveys)
	return cmd
}

// The flags of the scores.
const (
	flagSatisfied    = "satisfied-scores"
	flagDissatisfied = "dissatisfied-scores"
)

// percentFlag is a threshold flag read exactly: "85.5" is 171/2, not a float.
type percentFlag struct {
	value *big.Rat
}

var decimalPattern = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

func (p *percentFlag) Set(s string) error {
	s = strings.TrimSuffix(strings.TrimSpace(s), "%")
	r, ok := new(big.Rat).SetString(s)
	if !decimalPattern.MatchString(s) || !ok || r.Cmp(big.NewRat(100, 1)) > 0 {
		return fmt.Errorf("%q is not a percentage from 0 to 100, such as 85 or 84.5", s)
	}
	p.value = r
	return nil
}

func (p *percentFlag) String() string { return decimal.Short(p.value) }
func (p *percentFlag) Type() string   { return "percent" }

// ciMethodValue is --ci-method; it refuses an unknown method wherever it is set.
type ciMethodValue CIMethod

var ciMethodFlags = map[CIMethod]string{Wilson: "wilson", ClopperPearson: "clopper-pearson"}

func (m *ciMethodValue) String() string { return ciMethodFlags[CIMethod(*m)] }
func (m *ciMethodValue) Type() string   { return "method" }
func (m *ciMethodValue) Choices() []string {
	return []string{"wilson", "clopper-pearson"} // for shell completion
}

func (m *ciMethodValue) Set(s string) error {
	for method, name := range ciMethodFlags {
		if strings.EqualFold(strings.TrimSpace(s), name) {
			*m = ciMethodValue(method)
			return nil
		}
	}
	return fmt.Errorf("%q is not an interval method: use wilson or clopper-pearson", s)
}

// ciMethodNames name the methods in the JSON and the notes.
var ciMethodNames = map[CIMethod]string{Wilson: "Wilson score", ClopperPearson: "exact Clopper–Pearson"}

// ciMethodCalls are the R calls each method reproduces.
var ciMethodCalls = map[CIMethod]string{Wilson: "prop.test(x, n, correct = FALSE)", ClopperPearson: "binom.test(x, n)"}

func csatRun(opts *Options) error {
	ds, err := load.Dataset(opts.IO.In, opts.IO.ErrOut, opts.Data, "csat", input.Surveys)
	if err != nil {
		return err
	}
	if err := analysis.CheckCountry(ds, opts.Data.Country, input.Surveys); err != nil {
		return err
	}
	series, err := analysis.SurveysOf(ds, opts.Data.Country).InYear(opts.Year)
	if err != nil {
		return err
	}
	months, years, err := series.Figures(opts.Definition)
	if err != nil {
		return exit.InputError(err)
	}
	r := result{opts: opts, inputs: ds.Inputs, months: months, years: years}
	return output.Write(opts.IO.Out, opts.Format, r.view())
}

// result holds one run's figures for every output format.
type result struct {
	opts   *Options
	inputs []input.FileStats
	months []metrics.MonthSurvey
	years  []metrics.YearSurvey
}

// jsonFigures are the figures of one month or year.
type jsonFigures struct {
	Responses        int64            `json:"responses"`
	Satisfied        int64            `json:"satisfied"`
	Neutral          int64            `json:"neutral"`
	Dissatisfied     int64            `json:"dissatisfied"`
	ResponsesByScore map[string]int64 `json:"responses_by_score"`
	CSATPercent      *float64         `json:"csat_percent"`
	// The intervals, in percent, with --ci only; null without answers.
	CSATCILow      *output.NullableNumber `json:"csat_ci_low,omitempty"`
	CSATCIHigh     *output.NullableNumber `json:"csat_ci_high,omitempty"`
	NeutralPercent *float64               `json:"neutral_percent"`
	DSATPercent    *float64               `json:"dsat_percent"`
	DSATCILow      *output.NullableNumber `json:"dsat_ci_low,omitempty"`
	DSATCIHigh     *output.NullableNumber `json:"dsat_ci_high,omitempty"`
	BestInClass    *bool                  `json:"best_in_class"` // null: no answers to judge
	// BestInClassWithConfidence, with --ci only: the whole CSAT and DSAT
	// intervals clear their thresholds (null without answers).
	BestInClassWithConfidence *nullableBool `json:"best_in_class_with_confidence,omitempty"`
	FailedThresholds          []string      `json:"failed_thresholds"`
	SmallSample               bool          `json:"small_sample"`
}

type jsonMonth struct {
	Month period.Month `json:"month"`
	jsonFigures
}

type jsonYear struct {
	Year          int  `json:"year"`
	MonthsCovered int  `json:"months_covered"`
	YearToDate    bool `json:"year_to_date"`
	jsonFigures
}

type jsonDefinition struct {
	SatisfiedScores    []int    `json:"satisfied_scores"`
	NeutralScores      []int    `json:"neutral_scores"`
	DissatisfiedScores []int    `json:"dissatisfied_scores"`
	CSATThreshold      *float64 `json:"csat_threshold"`
	DSATThreshold      *float64 `json:"dsat_threshold"`
	// Strict is the COPC's CSAT > and DSAT <; false is ≥ and ≤.
	Strict          bool   `json:"strict"`
	BestInClassRule string `json:"best_in_class_rule"`
	MinResponses    int64  `json:"min_responses"`
}

type jsonDoc struct {
	cmdutil.JSONHeader
	Definition jsonDefinition `json:"definition"`
	// CILevel (0.95) and CIMethod are there with --ci only.
	CILevel  *float64    `json:"ci_level,omitempty"`
	CIMethod string      `json:"ci_method,omitempty"`
	Months   []jsonMonth `json:"months"`
	Years    []jsonYear  `json:"years"`
	FullYear *jsonYear   `json:"full_year"` // null without data
	// BestInClass is the full year's verdict; null without data.
	BestInClass *bool `json:"best_in_class"`
	// BestInClassWithConfidence is the full year's, with --ci.
	BestInClassWithConfidence *nullableBool `json:"best_in_class_with_confidence,omitempty"`
}

// nullableBool is a field that is absent unless asked for (nil with
// omitempty) and null when undefined.
type nullableBool struct{ value *bool }

func (b nullableBool) MarshalJSON() ([]byte, error) { return json.Marshal(b.value) }

func (b *nullableBool) UnmarshalJSON(data []byte) error { return json.Unmarshal(data, &b.value) }

func (r result) figures(f metrics.SurveyFigures) jsonFigures {
	out := jsonFigures{
		Responses: f.Responses, Satisfied: f.Satisfied, Neutral: f.Neutral, Dissatisfied: f.Dissatisfied,
		ResponsesByScore: map[string]int64{},
		CSATPercent:      decimal.Float(f.CSATPercent),
		NeutralPercent:   decimal.Float(f.NeutralPercent),
		DSATPercent:      decimal.Float(f.DSATPercent),
		FailedThresholds: f.Verdict.Failed(),
		SmallSample:      r.small(f),
	}
	for s := metrics.MinScore; s <= metrics.MaxScore; s++ {
		out.ResponsesByScore[strconv.Itoa(s)] = f.Scores.Of(s)
	}
	if f.Verdict.Defined {
		best := f.Verdict.BestInClass()
		out.BestInClass = &best
	}
	if r.opts.CI.IsSet() {
		ci := r.intervals(f)
		out.CSATCILow, out.CSATCIHigh = output.Number(ci.csat.Low, ci.ok), output.Number(ci.csat.High, ci.ok)
		out.DSATCILow, out.DSATCIHigh = output.Number(ci.dsat.Low, ci.ok), output.Number(ci.dsat.High, ci.ok)
		out.BestInClassWithConfidence = &nullableBool{}
		if ci.ok {
			confident := ci.bestInClass
			out.BestInClassWithConfidence.value = &confident
		}
	}
	return out
}

// shareIntervals are a month's or year's CSAT and DSAT intervals, in percent.
type shareIntervals struct {
	ok         bool // false without answers
	csat, dsat stats.Interval
	// bestInClass: the whole CSAT interval is above its threshold and the
	// whole DSAT interval below its own (or at them, when inclusive).
	bestInClass bool
}

func (r result) intervals(f metrics.SurveyFigures) shareIntervals {
	interval := stats.WilsonInterval
	if r.opts.CIMethod == ClopperPearson {
		interval = stats.ClopperPearsonInterval
	}
	level := r.opts.CI.Fraction()
	csat, ok1 := interval(f.Satisfied, f.Responses, level)
	dsat, ok2 := interval(f.Dissatisfied, f.Responses, level)
	if !ok1 || !ok2 {
		return shareIntervals{}
	}
	percent := func(iv stats.Interval) stats.Interval { return stats.Interval{Low: 100 * iv.Low, High: 100 * iv.High} }
	out := shareIntervals{ok: true, csat: percent(csat), dsat: percent(dsat)}
	def := r.opts.Definition
	csatThreshold, _ := def.CSATThreshold.Float64()
	dsatThreshold, _ := def.DSATThreshold.Float64()
	if def.Inclusive {
		out.bestInClass = out.csat.Low >= csatThreshold && out.dsat.High <= dsatThreshold
	} else {
		out.bestInClass = out.csat.Low > csatThreshold && out.dsat.High < dsatThreshold
	}
	return out
}

// small tells whether the answers are too few to read much into.
func (r result) small(f metrics.SurveyFigures) bool { return f.Responses < r.opts.MinResponses }

func (r result) JSON() any {
	def := r.opts.Definition
	doc := jsonDoc{
		JSONHeader: cmdutil.NewJSONHeader("csat", r.opts.Data.Country, r.opts.Data.Timezone, r.opts.Year, r.inputs),
		Definition: jsonDefinition{
			SatisfiedScores:    def.Satisfied,
			NeutralScores:      nonNil(def.Neutral()),
			DissatisfiedScores: def.Dissatisfied,
			CSATThreshold:      decimal.Float(def.CSATThreshold),
			DSATThreshold:      decimal.Float(def.DSATThreshold),
			Strict:             !def.Inclusive,
			BestInClassRule:    rule(def),
			MinResponses:       r.opts.MinResponses,
		},
		Months: make([]jsonMonth, len(r.months)),
		Years:  make([]jsonYear, len(r.years)),
	}
	if r.opts.CI.IsSet() {
		level := r.opts.CI.Fraction()
		doc.CILevel, doc.CIMethod = &level, ciMethodNames[r.opts.CIMethod]
	}
	for i, m := range r.months {
		doc.Months[i] = jsonMonth{Month: m.Month, jsonFigures: r.figures(m.SurveyFigures)}
	}
	for i, y := range r.years {
		doc.Years[i] = jsonYear{Year: y.Year, MonthsCovered: y.MonthsCovered, YearToDate: y.YearToDate(),
			jsonFigures: r.figures(y.SurveyFigures)}
	}
	// The contract's full_year and best_in_class: --year's, else the
	// data's latest year's (its year and year_to_date say which).
	if len(doc.Years) > 0 {
		doc.FullYear = &doc.Years[len(doc.Years)-1]
		doc.BestInClass = doc.FullYear.BestInClass
		doc.BestInClassWithConfidence = doc.FullYear.BestInClassWithConfidence
	}
	return doc
}

func nonNil(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}

// rule states the best-in-class test: "CSAT > 85 % and DSAT < 5 %".
func rule(def metrics.CSATDefinition) string {
	above, below := ">", "<"
	if def.Inclusive {
		above, below = "≥", "≤"
	}
	return fmt.Sprintf("CSAT %s %s %% and DSAT %s %s %%", above, decimal.Short(def.CSATThreshold), below, decimal.Short(def.DSATThreshold))
}

func (r result) Table() *output.Table {
	d := r.opts.Decimals
	t := &output.Table{Columns: []output.Column{
		{Name: "month"},
		{Name: "responses", Align: output.Right},
		{Name: "CSAT %", Align: output.Right},
		{Name: "neutral %", Align: output.Right},
		{Name: "DSAT %", Align: output.Right},
		{Name: "best in class"},
		{Name: "note"},
	}}
	row := func(label string, f metrics.SurveyFigures) []string {
		note := ""
		if r.small(f) {
			note = "small sample"
		}
		cells := []string{label, strconv.FormatInt(f.Responses, 10),
			output.Figure(f.CSATPercent, d), output.Figure(f.NeutralPercent, d), output.Figure(f.DSATPercent, d), verdict(f.Verdict), note}
		return r.withCI(cells, f)
	}
	for _, m := range r.months {
		t.Rows = append(t.Rows, row(m.Month.String(), m.SurveyFigures))
	}
	for _, y := range r.years {
		label := output.YearLabel(y.Year, y.MonthsCovered)
		t.Summary = append(t.Summary, row(label, y.SurveyFigures))
	}
	def := r.opts.Definition
	t.Notes = []string{
		fmt.Sprintf("Country %s, calendar months in %s. CSAT = answers scoring %s, neutral = %s, DSAT = %s, each a share of all answers 1–5;",
			r.opts.Data.Country, r.opts.Data.Timezone, scoreList(def.Satisfied), scoreList(def.Neutral()), scoreList(def.Dissatisfied)),
		fmt.Sprintf("the full year is weighted by answers. Best in class: %s, compared before rounding; \"no\" names the threshold missed.",
			rule(def)),
		"Percentages are rounded half away from zero.",
	}
	if r.opts.MinResponses > 0 {
		t.Notes[2] = fmt.Sprintf("A small sample has fewer than %d answers. %s", r.opts.MinResponses, t.Notes[2])
	}
	if r.opts.CI.IsSet() {
		t.Columns = r.withCIColumns(t.Columns)
		t.Notes = append(t.Notes, fmt.Sprintf("%s CI: the %s interval of each share, as R's %s; \"yes, with %s confidence\": the whole CSAT interval and the whole DSAT interval clear their thresholds.",
			r.opts.CI.Label(), ciMethodNames[r.opts.CIMethod], ciMethodCalls[r.opts.CIMethod], r.opts.CI.Label()))
	}
	return t
}

// The interval columns follow the shares they bound: CSAT % and DSAT %.
const (
	csatCIColumn = 3
	dsatCIColumn = 6 // after the CSAT interval is in
)

// withCI adds the interval cells, and the confidence to a "yes", with --ci only.
func (r result) withCI(cells []string, f metrics.SurveyFigures) []string {
	if !r.opts.CI.IsSet() {
		return cells
	}
	ci := r.intervals(f)
	d := r.opts.Decimals
	if ci.ok && ci.bestInClass && f.Verdict.BestInClass() {
		cells[5] += fmt.Sprintf(", with %s confidence", r.opts.CI.Label())
	}
	cells = slices.Insert(cells, csatCIColumn, output.Interval(ci.csat.Low, ci.csat.High, ci.ok, d))
	return slices.Insert(cells, dsatCIColumn, output.Interval(ci.dsat.Low, ci.dsat.High, ci.ok, d))
}

func (r result) withCIColumns(cols []output.Column) []output.Column {
	cols = slices.Insert(cols, csatCIColumn, output.Column{Name: "CSAT " + r.opts.CI.Label() + " CI", Align: output.Right})
	return slices.Insert(cols, dsatCIColumn, output.Column{Name: "DSAT " + r.opts.CI.Label() + " CI", Align: output.Right})
}

// verdict is the best-in-class cell: yes, or no and the thresholds missed.
func verdict(v metrics.Verdict) string {
	if !v.Defined {
		return output.Undefined
	}
	if v.BestInClass() {
		return "yes"
	}
	failed := v.Failed()
	for i, f := range failed {
		failed[i] = strings.ToUpper(f) // the JSON's "csat" is the table's CSAT
	}
	return "no: " + strings.Join(failed, " and ")
}

// scoreList writes scores for people: "1", "4 or 5", "1, 2 or 3", "none".
func scoreList(scores []int) string {
	if len(scores) == 0 {
		return "none"
	}
	s := make([]string, len(scores))
	for i, n := range scores {
		s[i] = strconv.Itoa(n)
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}
