package verify

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/output"
	"github.com/nollmission/nollmission/pkg/published"
)

// result holds one run's checks for every output format.
type result struct {
	opts   *Options
	files  []publishedFile
	inputs []input.FileStats
	sample bool
	checks []check // mismatches first
}

func (r result) mismatches() int {
	n := 0
	for _, c := range r.checks {
		if !c.ok {
			n++
		}
	}
	return n
}

// shown are the checks the report lists.
func (r result) shown() []check {
	if !r.opts.OnlyMismatches {
		return r.checks
	}
	return r.checks[:r.mismatches()] // mismatches come first
}

type jsonCheck struct {
	Metric  string           `json:"metric"`
	Period  published.Period `json:"period"`
	Country string           `json:"country"`
	Channel *string          `json:"channel"`
	// Published is the value as published; PublishedText as written, whose
	// decimals are the precision it is compared at.
	Published     *float64 `json:"published"`
	PublishedText string   `json:"published_text"`
	Precision     int      `json:"precision"`
	// Computed is exact (unrounded); ComputedRounded is at the published
	// precision, as text so that 33.0 keeps its decimal; null when the data
	// cannot produce the figure.
	Computed        *float64         `json:"computed"`
	ComputedRounded *string          `json:"computed_rounded"`
	Difference      *float64         `json:"difference"` // computed_rounded − published
	Counts          map[string]int64 `json:"counts"`
	OK              bool             `json:"ok"`
	Reason          *string          `json:"reason"`
	File            string           `json:"file"`
	Line            int              `json:"line"`
}

type jsonDoc struct {
	cmdutil.JSONHeader
	Tolerance      *float64        `json:"tolerance"`
	PublishedFiles []publishedFile `json:"published_files"`
	Checked        int             `json:"checked"`
	Matches        int             `json:"matches"`
	Mismatches     int             `json:"mismatches"`
	OnlyMismatches bool            `json:"only_mismatches"`
	Checks         []jsonCheck     `json:"checks"`
}

func (r result) JSON() any {
	shown := r.shown()
	doc := jsonDoc{
		JSONHeader:     cmdutil.NewJSONHeader("verify", r.opts.Data.Country, r.opts.Data.Timezone, 0, r.inputs),
		Tolerance:      decimal.Float(r.opts.Tolerance),
		PublishedFiles: r.files,
		Checked:        len(r.checks),
		Mismatches:     r.mismatches(),
		Matches:        len(r.checks) - r.mismatches(),
		OnlyMismatches: r.opts.OnlyMismatches,
		Checks:         make([]jsonCheck, len(shown)),
	}
	for i, c := range shown {
		j := jsonCheck{
			Metric: c.fig.Metric, Period: c.fig.Period, Country: c.country,
			Published: decimal.Float(c.fig.Value), PublishedText: c.fig.Text, Precision: c.fig.Precision,
			Computed: decimal.Float(c.computed.value), Difference: decimal.Float(c.diff),
			Counts: c.computed.counts, OK: c.ok, File: c.fig.File, Line: c.fig.Line,
		}
		if c.fig.Channel != "" {
			j.Channel = &c.fig.Channel
		}
		if c.rounded != nil {
			s := decimal.Fixed(c.rounded, c.fig.Precision)
			j.ComputedRounded = &s
		}
		if c.reason != "" {
			j.Reason = &c.reason
		}
		doc.Checks[i] = j
	}
	return doc
}

func (r result) Table() *output.Table {
	t := &output.Table{Columns: []output.Column{
		{Name: "metric"},
		{Name: "period"},
		{Name: "country"},
		{Name: "channel"},
		{Name: "published", Align: output.Right},
		{Name: "computed", Align: output.Right},
		{Name: "exactly", Align: output.Right},
		{Name: "result"},
		{Name: "reason"},
	}}
	for _, c := range r.shown() {
		computed, exactly := output.Undefined, output.Undefined
		if c.rounded != nil {
			computed = decimal.Fixed(c.rounded, c.fig.Precision)
			exactly = exact(c.computed.value)
		}
		verdict := "ok"
		if !c.ok {
			verdict = "MISMATCH"
		}
		t.Rows = append(t.Rows, []string{c.fig.Metric, c.fig.Period.String(), c.country, c.fig.Channel,
			c.fig.Text, computed, exactly, verdict, c.reason})
	}
	data := "the data files"
	switch {
	case r.sample:
		data = "the embedded sample"
	case r.opts.Data.FromDatabase():
		data = "the database"
	}
	paths := make([]string, len(r.files))
	for i, f := range r.files {
		paths[i] = f.Path
	}
	mismatches := r.mismatches()
	doNot := "do not"
	if mismatches == 1 {
		doNot = "does not"
	}
	t.Notes = []string{
		fmt.Sprintf("%d published figures (%s) checked against %s: %d match, %d %s.",
			len(r.checks), strings.Join(paths, ", "), data, len(r.checks)-mismatches, mismatches, doNot),
		fmt.Sprintf("Each figure is recomputed exactly and rounded half away from zero to the decimals it was published with (33 whole, 33.0 to one decimal); tolerance %s.",
			decimal.Short(r.opts.Tolerance)),
	}
	if r.opts.OnlyMismatches {
		t.Notes = append(t.Notes, "Only the mismatches are listed (--only-mismatches).")
	}
	return t
}

// exact shows a computed figure exactly when it has at most six decimals,
// else to six decimals, marked as approximate.
func exact(r *big.Rat) string {
	if decimal.Exact(r) {
		return decimal.Short(r)
	}
	return "≈" + decimal.Fixed(r, decimal.MaxDecimals)
}
