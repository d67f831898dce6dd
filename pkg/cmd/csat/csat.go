// Package csat implements `nollmission csat`: the share of satisfied,
// neutral and dissatisfied survey answers per month and for the year, and the
// best-in-class verdict.
package csat

import (
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
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/output"
	"github.com/nollmission/nollmission/pkg/period"
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
}

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
--min-responses is flagged as a small sample.`,
		Example: `  nollmission csat --year 2020
  nollmission csat --surveys answers.csv -o json
  nollmission csat --satisfied-scores 5 --dissatisfied-scores 1,2 --inclusive-thresholds`,
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
	cmdutil.AddOutputFlag(cmd, &opts.Format)
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
	return output.Write(opts.IO.Out, opts.Format, r)
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
	NeutralPercent   *float64         `json:"neutral_percent"`
	DSATPercent      *float64         `json:"dsat_percent"`
	BestInClass      *bool            `json:"best_in_class"` // null: no answers to judge
	FailedThresholds []string         `json:"failed_thresholds"`
	SmallSample      bool             `json:"small_sample"`
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
	Months     []jsonMonth    `json:"months"`
	Years      []jsonYear     `json:"years"`
	FullYear   *jsonYear      `json:"full_year,omitempty"`
	// BestInClass is the full year's verdict, with --year.
	BestInClass *bool `json:"best_in_class,omitempty"`
}

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
	for i, m := range r.months {
		doc.Months[i] = jsonMonth{Month: m.Month, jsonFigures: r.figures(m.SurveyFigures)}
	}
	for i, y := range r.years {
		doc.Years[i] = jsonYear{Year: y.Year, MonthsCovered: y.MonthsCovered, YearToDate: y.YearToDate(),
			jsonFigures: r.figures(y.SurveyFigures)}
	}
	if r.opts.Year != 0 {
		doc.FullYear = &doc.Years[0]
		doc.BestInClass = doc.FullYear.BestInClass
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
		return []string{label, strconv.FormatInt(f.Responses, 10),
			output.Figure(f.CSATPercent, d), output.Figure(f.NeutralPercent, d), output.Figure(f.DSATPercent, d), verdict(f.Verdict), note}
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
	return t
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
