package csat

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/locale"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/output"
)

// view is the report in the layout and language asked for (cmdutil.View).
func (r result) view() output.Report {
	return cmdutil.View(r, wide{r}, r.opts.Layout, r.opts.Lang, catalog)
}

// catalog translates the long table into Swedish.
var catalog = locale.NewCatalog(map[string]string{
	"month":             "månad",
	"responses":         "svar",
	"CSAT %":            "CSAT %",
	"neutral %":         "neutrala %",
	"DSAT %":            "DSAT %",
	"best in class":     "världsklass",
	"note":              "anmärkning",
	"yes":               "ja",
	"no: CSAT":          "nej: CSAT",
	"no: DSAT":          "nej: DSAT",
	"no: CSAT and DSAT": "nej: CSAT och DSAT",
	"small sample":      "litet urval",
	"Percentages are rounded half away from zero.": "Procenttalen avrundas med hälften bort från noll.",
}, append(append(locale.YearLabelPatterns, locale.IntervalPatterns...),
	locale.Pattern{Re: `Country (\S+), calendar months in (\S+)\. CSAT = answers scoring (.+), neutral = (.+), DSAT = (.+), each a share of all answers 1–5;`,
		Func: func(g []string) string {
			return fmt.Sprintf("Land %s, kalendermånader i %s. CSAT = svar med betyg %s, neutrala = %s, DSAT = %s, var och en som andel av alla svar 1–5;",
				g[1], g[2], swedishScores(g[3]), swedishScores(g[4]), swedishScores(g[5]))
		}},
	locale.Pattern{Re: `the full year is weighted by answers\. Best in class: CSAT (.) (\S+) % and DSAT (.) (\S+) %, compared before rounding; "no" names the threshold missed\.`,
		Repl: `helåret viktas efter antal svar. Världsklass: CSAT $1 $2 % och DSAT $3 $4 %, jämfört före avrundning; "nej" anger vilken gräns som inte nåddes.`},
	locale.Pattern{Re: `(\d+(?:\.\d+)? %) CI: the (Wilson score|exact Clopper–Pearson) interval of each share, as R's (.+); "yes, with \d+(?:\.\d+)? % confidence": the whole CSAT interval and the whole DSAT interval clear their thresholds\.`,
		Func: func(g []string) string {
			method := map[string]string{"Wilson score": "Wilson", "exact Clopper–Pearson": "det exakta Clopper–Pearson-"}[g[2]]
			return fmt.Sprintf("%s KI: %sintervallet för varje andel, som R:s %s; \"ja, med %s säkerhet\": hela CSAT-intervallet och hela DSAT-intervallet klarar sina gränser.", g[1], method, g[3], g[1])
		}},
	locale.Pattern{Re: `A small sample has fewer than (\d+) answers\. Percentages are rounded half away from zero\.`,
		Repl: "Ett litet urval har färre än $1 svar. Procenttalen avrundas med hälften bort från noll."},
)...)

// swedishScores translates what scoreList writes: "4 or 5" is "4 eller
// 5", "none" is "inget".
func swedishScores(list string) string {
	if list == "none" {
		return "inget"
	}
	return strings.Replace(list, " or ", " eller ", 1)
}

// wide is the published layout: for each year a CSAT and a DSAT row, a
// column per month, then the full year (weighted by answers).
type wide struct{ r result }

func (w wide) JSON() any { return w.r.JSON() }

func (w wide) Table() *output.Table { return w.table(w.r.opts.Lang, false) }

// Records is the same grid for CSV: English names, plain numbers without a
// percent sign, the year as a number and the months it covers.
func (w wide) Records() *output.Table { return w.table(locale.English, true) }

// wideTexts are the wide table's words.
type wideTexts struct {
	Year, FullYear string
	// Shares is a format taking the time zone, the satisfied, neutral and
	// dissatisfied scores.
	Shares string
	// BestInClass is a format taking the rule ("CSAT > 85 % and DSAT < 5 %")
	// and the verdicts of the years.
	BestInClass string
	// Verdict is a format taking a year's label and its verdict.
	Verdict           string
	Yes, No, And, Or  string
	NoAnswers, None   string
	FullYearWeighting string
}

var wideText = locale.Texts[wideTexts]{
	locale.English: {
		Year: "Year", FullYear: "Full year",
		Shares:            "CSAT = share of answers scoring %[2]s, DSAT = share scoring %[4]s (%[3]s is neutral, in neither); calendar months in %[1]s.",
		BestInClass:       "Best in class (COPC): %s, compared before rounding. %s",
		Verdict:           "%s: %s",
		Yes:               "yes",
		No:                "no",
		And:               "and",
		Or:                "or",
		NoAnswers:         "no answers",
		None:              "none",
		FullYearWeighting: "The full year is weighted by answers, not the mean of the months; percentages are rounded half away from zero.",
	},
	locale.Swedish: {
		Year: "År", FullYear: "Helår",
		Shares:            "CSAT = andel svar med betyg %[2]s, DSAT = andel med betyg %[4]s (%[3]s är neutralt och ingår inte i CSAT/DSAT); kalendermånader i %[1]s.",
		BestInClass:       "Världsklass enligt COPC: %s, jämfört före avrundning. %s",
		Verdict:           "%s: %s",
		Yes:               "ja",
		No:                "nej",
		And:               "och",
		Or:                "eller",
		NoAnswers:         "inga svar",
		None:              "inget",
		FullYearWeighting: "Helåret viktas efter antal svar och är inte ett snitt av månaderna; procenttalen avrundas med hälften bort från noll.",
	},
}

func (w wide) table(lang locale.Lang, records bool) *output.Table {
	tx := wideText.In(lang)
	d := w.r.opts.Decimals
	t := &output.Table{Columns: append(append([]output.Column{{Name: tx.Year}, {Name: ""}}, lang.MonthColumns()...),
		output.Column{Name: tx.FullYear, Align: output.Right})}
	percent := func(p *big.Rat) string {
		if p == nil {
			return output.Undefined // no answers: a dash, or a blank cell in CSV
		}
		return lang.Percent(decimal.Fixed(p, d))
	}
	if records {
		t.Columns[0].Name = "year"
		t.Columns[1].Name = "measure"
		t.Columns[len(t.Columns)-1].Name = "full_year"
		t.Columns = append(t.Columns, output.Column{Name: "months_covered", Align: output.Right})
		percent = func(p *big.Rat) string { return output.Figure(p, d) }
	}
	var verdicts []string
	for _, y := range w.r.years {
		label := strconv.Itoa(y.Year)
		if !records && y.YearToDate() {
			label = lang.YearLabel(y.Year, y.MonthsCovered)
		}
		for _, measure := range []string{"CSAT", "DSAT"} {
			value := func(f metrics.SurveyFigures) string {
				if measure == "DSAT" {
					return percent(f.DSATPercent)
				}
				return percent(f.CSATPercent)
			}
			cells := make([]string, 12) // a month without answers stays blank, as published
			for _, m := range w.r.months {
				if m.Month.Year() == y.Year {
					cells[m.Month.Number()-1] = value(m.SurveyFigures)
				}
			}
			row := append(append([]string{label, measure}, cells...), value(y.SurveyFigures))
			if records {
				row = append(row, strconv.Itoa(y.MonthsCovered))
			}
			t.Rows = append(t.Rows, row)
		}
		verdicts = append(verdicts, fmt.Sprintf(tx.Verdict, lang.YearLabel(y.Year, y.MonthsCovered), w.verdict(y.Verdict, tx)))
	}
	def := w.r.opts.Definition
	t.Notes = []string{
		fmt.Sprintf(tx.Shares, w.r.opts.Data.Timezone, scores(def.Satisfied, tx), scores(def.Neutral(), tx), scores(def.Dissatisfied, tx)),
		fmt.Sprintf(tx.BestInClass, w.rule(lang, tx), strings.Join(verdicts, "; ")+"."),
		tx.FullYearWeighting,
	}
	return t
}

// verdict is a year's best-in-class verdict: yes, or no and what missed.
func (w wide) verdict(v metrics.Verdict, tx wideTexts) string {
	switch {
	case !v.Defined:
		return tx.NoAnswers
	case v.BestInClass():
		return tx.Yes
	}
	failed := v.Failed()
	for i, f := range failed {
		failed[i] = strings.ToUpper(f)
	}
	return tx.No + " (" + strings.Join(failed, " "+tx.And+" ") + ")"
}

// rule is the best-in-class test in the language: "CSAT > 85 % and DSAT < 5 %".
func (w wide) rule(lang locale.Lang, tx wideTexts) string {
	def := w.r.opts.Definition
	above, below := ">", "<"
	if def.Inclusive {
		above, below = "≥", "≤"
	}
	return fmt.Sprintf("CSAT %s %s %s DSAT %s %s", above, lang.Percent(decimal.Short(def.CSATThreshold)), tx.And, below, lang.Percent(decimal.Short(def.DSATThreshold)))
}

// scores lists scores in the language: "4 or 5", "4 eller 5".
func scores(s []int, tx wideTexts) string {
	if len(s) == 0 {
		return tx.None
	}
	list := scoreList(s)
	return strings.Replace(list, " or ", " "+tx.Or+" ", 1)
}
