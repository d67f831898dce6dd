package rate

import (
	"fmt"
	"strconv"

	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/locale"
	"github.com/nollmission/nollmission/pkg/output"
)

// view is the report in the layout and language asked for (cmdutil.View).
func (r result) view() output.Report {
	return cmdutil.View(r, wide{r}, r.opts.Layout, r.opts.Lang, catalog)
}

// catalog translates the long table into Swedish.
var catalog = locale.NewCatalog(map[string]string{
	"month":                  "månad",
	"transactions":           "transaktioner",
	"complaints":             "klagomål",
	"complaints per million": "klagomål per miljon köp",
	"satisfied per million":  "nöjda per miljon",
	"Full year = Σ complaints ÷ Σ transactions × 1,000,000, weighted by purchases; the unweighted mean of the monthly rates is a contrast, not the full-year figure.": "Helår = Σ klagomål ÷ Σ transaktioner × 1 000 000, viktat efter köp; det oviktade medelvärdet av månaderna är en jämförelse, inte helårssiffran.",
}, append(append(locale.YearLabelPatterns, locale.IntervalPatterns...),
	locale.Pattern{Re: `(\d+(?:\.\d+)? %) CI: the exact Poisson \(Garwood\) interval of the rate, as R's poisson\.test\(complaints, transactions / 1e6\); the range of rates that Poisson noise alone makes plausible\.`,
		Repl: "$1 KI: talets exakta Poissonintervall (Garwood), som R:s poisson.test(complaints, transactions / 1e6); de tal som enbart Poissonbrus gör rimliga."},
	locale.Pattern{Re: `(\d{4}) mean of monthly rates \(unweighted\)`, Repl: "$1 medelvärde av månaderna (oviktat)"},
	locale.Pattern{Re: `Country (\S+); calendar months in (\S+); rates rounded half away from zero\.`, Repl: "Land $1; kalendermånader i $2; talen avrundas med hälften bort från noll."},
)...)

// wide is the published layout: a row per year, a column per month, then
// the purchase-weighted full year.
type wide struct{ r result }

func (w wide) JSON() any { return w.r.JSON() }

func (w wide) Table() *output.Table { return w.table(w.r.opts.Lang, false) }

// Records is the same grid for CSV: English names, plain numbers, the year
// as a number and the months it covers in a column of its own.
func (w wide) Records() *output.Table { return w.table(locale.English, true) }

// wideTexts are the wide table's words.
type wideTexts struct {
	Year, FullYear string
	// Weighting is the footnote on the full year: a format taking the
	// country's name.
	Weighting string
	// Rates is a format taking the time zone.
	Rates string
}

var wideText = locale.Texts[wideTexts]{
	locale.English: {
		Year: "Year", FullYear: "Full year*",
		Weighting: "*Based on all purchases and complaints in %s over the year (Σ complaints ÷ Σ purchases × 1,000,000). Note that this is not the same as a monthly average: months have different numbers of purchases and so cannot be weighted alike.",
		Rates:     "Complaints per million purchases; calendar months in %s; rounded half away from zero.",
	},
	locale.Swedish: {
		Year: "År", FullYear: "Helår*",
		Weighting: "*Baserat på samtliga transaktioner och klagomål i %s på helår (Σ klagomål ÷ Σ köp × 1 000 000). Märk väl att det inte är samma sak som ett månatligt snitt eftersom olika månader har olika många transaktioner och därför inte kan viktas likadant.",
		Rates:     "Klagomål per miljon köp; kalendermånader i %s; avrundat med hälften bort från noll.",
	},
}

func (w wide) table(lang locale.Lang, records bool) *output.Table {
	tx := wideText.In(lang)
	d := w.r.opts.Decimals
	t := &output.Table{Columns: append(append([]output.Column{{Name: tx.Year}}, lang.MonthColumns()...),
		output.Column{Name: tx.FullYear, Align: output.Right})}
	if records {
		t.Columns[0].Name = "year"
		t.Columns[len(t.Columns)-1].Name = "full_year"
		t.Columns = append(t.Columns, output.Column{Name: "months_covered", Align: output.Right})
	}
	for _, y := range w.r.years {
		label := strconv.Itoa(y.Year)
		if !records && y.YearToDate() {
			label = lang.YearLabel(y.Year, y.MonthsCovered)
		}
		row := make([]string, 0, len(t.Columns))
		row = append(row, label)
		cells := make([]string, 12) // a month without data stays blank, as published
		for _, m := range w.r.months {
			if m.Month.Year() == y.Year {
				cells[m.Month.Number()-1] = lang.Number(output.Figure(m.Rate, d))
			}
		}
		row = append(row, cells...)
		row = append(row, lang.Number(output.Figure(y.Rate, d)))
		if records {
			row = append(row, strconv.Itoa(y.MonthsCovered))
		}
		t.Rows = append(t.Rows, row)
	}
	t.Notes = []string{
		fmt.Sprintf(tx.Weighting, lang.Country(w.r.opts.Data.Country)),
		fmt.Sprintf(tx.Rates, w.r.opts.Data.Timezone),
	}
	return t
}
