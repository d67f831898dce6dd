package breakdown

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/channel"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/locale"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/output"
	"github.com/nollmission/nollmission/pkg/period"
)

// Labels of the subtotal keys in the table and CSV views.
const (
	totalKey    = "total"
	externalKey = channel.External
)

// shareDecimals: published percentages have one decimal.
const shareDecimals = 1

func (r *result) transactions(t analysis.Tally) *int64 {
	if !r.b.Spec.WithTransactions {
		return nil
	}
	n := t.Transactions
	return &n
}

// --- JSON ---

// jsonKey names the grouping key under its own name; exactly one is set.
type jsonKey struct {
	Channel  string `json:"channel,omitempty"`
	Category string `json:"category,omitempty"`
	Country  string `json:"country,omitempty"`
}

func (r *result) jsonKey(k string) jsonKey {
	switch r.opts.By {
	case analysis.ByCategory:
		return jsonKey{Category: k}
	case analysis.ByCountry:
		return jsonKey{Country: k}
	}
	return jsonKey{Channel: k}
}

// jsonFigures are complaints with the purchases and rate beside them;
// transactions and rate are null without transaction data.
type jsonFigures struct {
	Complaints   int64    `json:"complaints"`
	Transactions *int64   `json:"transactions"`
	Rate         *float64 `json:"rate"`
}

func (r *result) figures(t analysis.Tally) jsonFigures {
	return jsonFigures{Complaints: t.Complaints, Transactions: r.transactions(t), Rate: decimal.Float(r.b.Rate(t))}
}

type jsonRow struct {
	Month period.Month `json:"month"`
	jsonKey
	jsonFigures
}

type jsonMonth struct {
	Month period.Month `json:"month"`
	jsonFigures
	External *jsonFigures `json:"external,omitempty"` // channel grouping only
}

type jsonShare struct {
	jsonKey
	jsonFigures
	SharePercent *float64 `json:"share_percent"` // of the year's complaints
}

// jsonParetoShare is a category's share with its place in the year's ranking.
type jsonParetoShare struct {
	Rank int `json:"rank"`
	jsonShare
	CumulativeSharePercent *float64 `json:"cumulative_share_percent"`
}

type jsonSubtotal struct {
	jsonFigures
	SharePercent *float64 `json:"share_percent"`
}

type jsonYear struct {
	Year          int  `json:"year"`
	MonthsCovered int  `json:"months_covered"`
	YearToDate    bool `json:"year_to_date"`
	jsonFigures
	External *jsonSubtotal `json:"external,omitempty"` // channel grouping only
	// Shares: one per key, in column order; categories in the year's
	// ranking, largest first (jsonShare or jsonParetoShare).
	Shares *output.JSONArray `json:"shares"`
}

type jsonDoc struct {
	cmdutil.JSONHeader
	By     string            `json:"by"`
	Keys   *output.JSONArray `json:"keys"` // string
	Rows   *output.JSONArray `json:"rows"` // jsonRow
	Months []jsonMonth       `json:"months"`
	Years  []jsonYear        `json:"years"`
}

// JSONArrays are the arrays of a key, a row or a share per key, written as
// they are made: a million keys would take gigabytes held whole.
func (d jsonDoc) JSONArrays() []*output.JSONArray {
	arrays := []*output.JSONArray{d.Keys, d.Rows}
	for _, y := range d.Years {
		arrays = append(arrays, y.Shares)
	}
	return arrays
}

// country is the country reported on; "" (every country) when grouping by country.
func (r *result) country() string {
	if r.opts.By == analysis.ByCountry {
		return ""
	}
	return r.opts.Data.Country
}

func (r *result) JSON() any {
	doc := jsonDoc{
		JSONHeader: cmdutil.NewJSONHeader("breakdown", r.country(), r.opts.Data.Timezone, r.opts.Year, r.inputs),
		By:         string(r.opts.By),
		Keys: output.NewJSONArray(func(yield func(any) bool) {
			for _, k := range r.b.Keys {
				if !yield(k) {
					return
				}
			}
		}),
		Months: []jsonMonth{},
		Years:  []jsonYear{},
	}
	// A row per key with data in the month: every channel; the categories
	// and countries with rows that month.
	doc.Rows = output.NewJSONArray(func(yield func(any) bool) {
		for _, m := range r.b.Months {
			for _, c := range m.Cells {
				if !yield(jsonRow{Month: m.Month, jsonKey: r.jsonKey(r.b.Keys[c.Key]), jsonFigures: r.figures(c.Tally)}) {
					return
				}
			}
		}
	})
	for _, m := range r.b.Months {
		jm := jsonMonth{Month: m.Month, jsonFigures: r.figures(m.Total)}
		if r.opts.By == analysis.ByChannel {
			ext := r.figures(m.External)
			jm.External = &ext
		}
		doc.Months = append(doc.Months, jm)
	}
	for _, y := range r.b.Years {
		jy := jsonYear{Year: y.Year, MonthsCovered: y.MonthsCovered, YearToDate: y.MonthsCovered < 12, jsonFigures: r.figures(y.Total)}
		if r.opts.By == analysis.ByChannel {
			jy.External = &jsonSubtotal{jsonFigures: r.figures(y.External),
				SharePercent: decimal.Float(metrics.Ratio(y.External.Complaints, y.Total.Complaints, 100))}
		}
		// A share per key with data in the year; categories in the year's
		// ranking.
		share := func(key int) jsonShare {
			return jsonShare{jsonKey: r.jsonKey(r.b.Keys[key]), jsonFigures: r.figures(y.Tally(key)),
				SharePercent: decimal.Float(y.Share(key).Percent)}
		}
		jy.Shares = output.NewJSONArray(func(yield func(any) bool) {
			if r.opts.By == analysis.ByCategory {
				for _, key := range y.Ranking() {
					s := y.Share(key)
					if !yield(jsonParetoShare{Rank: s.Rank, jsonShare: share(key), CumulativeSharePercent: decimal.Float(s.CumulativePercent)}) {
						return
					}
				}
				return
			}
			for _, c := range y.Cells {
				if !yield(share(c.Key)) {
					return
				}
			}
		})
		doc.Years = append(doc.Years, jy)
	}
	return doc
}

// --- table views ---

// Table is the view for people: a row per month and a column per key, or,
// with --external, the published layout of the authorities.
func (r *result) Table() *output.Table {
	if r.opts.External {
		return r.externalTable()
	}
	return r.wideTable()
}

// Records is the view for spreadsheets and scripts (CSV): one row per
// period and key, or, with --external, the published layout.
func (r *result) Records() *output.Table {
	if r.opts.External {
		return r.externalTable()
	}
	return r.longTable()
}

// subtotals are the columns after the keys: the external subtotal for
// channels, and the total.
func (r *result) subtotals() []string {
	if r.opts.By == analysis.ByChannel {
		return []string{externalKey, totalKey}
	}
	// Categories and countries are free text: "total" could be one of them
	// (an export's own total row), so their total gets a label no key has.
	return []string{r.totalLabel()}
}

// totalLabel names the total column: "total" beside the canonical channels,
// "all categories" or "all countries" beside free-text keys.
func (r *result) totalLabel() string {
	switch r.opts.By {
	case analysis.ByCategory:
		return "all categories"
	case analysis.ByCountry:
		return "all countries"
	}
	return totalKey
}

// checkLabels refuses a key named as a column the views add beside the
// keys (the total, or "other" when the table folds keys): the table would
// have two columns of that name and the CSV two rows of each period, one of
// them the total. A category is free text, so it can be "all categories"
// (countries are codes and channels canonical names: theirs cannot be);
// the total has a label no category has only when no category is named
// so. JSON gives the totals fields of their own, so it can tell them apart.
func (r *result) checkLabels() error {
	if r.opts.Format == output.FormatJSON || r.opts.External {
		return nil
	}
	labels := r.subtotals()
	if r.b.Folded > 0 {
		labels = append(labels, r.otherLabel())
	}
	for _, label := range labels {
		if !slices.Contains(r.b.Keys, label) {
			continue
		}
		what, hint := "the total", "rename it in the export, or use -o json, where the totals are fields of their own"
		if label == r.otherLabel() {
			what = fmt.Sprintf("the column that sums all but the %d largest", maxTableKeys)
			hint = "rename it in the export, or use -o csv or -o json, which list every one"
		}
		return exit.UsageError(hint, "a %s is named %q, the label of %s: -o %s could not tell the two apart", r.opts.By, label, what, r.opts.Format)
	}
	return nil
}

func subtotal(l analysis.Line, name string) analysis.Tally {
	if name == externalKey {
		return l.External
	}
	return l.Total
}

// maxTableKeys is the most categories or countries the table and Markdown
// views give a column: past it, the breakdown keeps the largest and sums
// the rest in an "other" column (CSV and JSON list every key).
const maxTableKeys = 20

// otherLabel names the column of the keys folded together.
func (r *result) otherLabel() string {
	if r.opts.By == analysis.ByCountry {
		return "other countries"
	}
	return "other categories"
}

// wideTable has a row per month and a column per key (or the largest keys
// and "other"), then the subtotals and the purchases; each year closes
// with its totals, shares and rates.
func (r *result) wideTable() *output.Table {
	folded := r.b.Folded > 0
	t := &output.Table{Columns: []output.Column{{Name: "month"}}}
	names := append([]string{}, r.b.Keys...)
	if folded {
		names = append(names, r.otherLabel())
	}
	for _, name := range append(names, r.subtotals()...) {
		t.Columns = append(t.Columns, output.Column{Name: name, Align: output.Right})
	}
	if r.b.Spec.WithTransactions {
		t.Columns = append(t.Columns, output.Column{Name: "transactions", Align: output.Right})
	}
	for _, m := range r.b.Months {
		row := []string{m.Month.String()}
		for k := range r.b.Keys {
			row = append(row, output.Count(m.Tally(k).Complaints))
		}
		if folded {
			row = append(row, output.Count(m.Other.Complaints))
		}
		for _, s := range r.subtotals() {
			row = append(row, output.Count(subtotal(m.Line, s).Complaints))
		}
		if r.b.Spec.WithTransactions {
			row = append(row, output.Count(m.Total.Transactions))
		}
		t.Rows = append(t.Rows, row)
	}
	for _, y := range r.b.Years {
		t.Summary = append(t.Summary, r.yearRows(y)...)
	}
	t.Notes = r.notes()
	if folded {
		what := "categories"
		if r.opts.By == analysis.ByCountry {
			what = "countries"
		}
		t.Notes = append(t.Notes, fmt.Sprintf("The table shows the %d %s with the most complaints of %d; the other %d are summed under %s (CSV and JSON list every one).",
			len(r.b.Keys), what, len(r.b.Keys)+r.b.Folded, r.b.Folded, r.otherLabel()))
	}
	return t
}

// yearRows are a year's summary rows in the wide table.
func (r *result) yearRows(y analysis.BreakdownYear) [][]string {
	label := output.YearLabel(y.Year, y.MonthsCovered)
	width := 3 + len(r.b.Keys) + len(r.subtotals())
	newRow := func(what string) []string {
		row := make([]string, 1, width)
		row[0] = label + " " + what
		return row
	}
	complaints, share := newRow("complaints"), newRow("share %")
	cumulative, rate := newRow("cumulative %"), newRow("per million")
	for k := range r.b.Keys {
		s, kt := y.Share(k), y.Tally(k)
		complaints = append(complaints, output.Count(kt.Complaints))
		share = append(share, output.Figure(s.Percent, shareDecimals))
		cumulative = append(cumulative, figureOrBlank(s.CumulativePercent, s.Rank))
		rate = append(rate, output.Figure(r.b.Rate(kt), r.opts.Decimals))
	}
	if r.b.Folded > 0 {
		o := y.Other
		complaints = append(complaints, output.Count(o.Complaints))
		share = append(share, output.Figure(metrics.Ratio(o.Complaints, y.Total.Complaints, 100), shareDecimals))
		cumulative = append(cumulative, "")
		rate = append(rate, output.Figure(r.b.Rate(o), r.opts.Decimals))
	}
	for _, name := range r.subtotals() {
		st := subtotal(y.Line, name)
		complaints = append(complaints, output.Count(st.Complaints))
		share = append(share, output.Figure(metrics.Ratio(st.Complaints, y.Total.Complaints, 100), shareDecimals))
		cumulative = append(cumulative, "")
		rate = append(rate, output.Figure(r.b.Rate(st), r.opts.Decimals))
	}
	rows := [][]string{complaints, share}
	if r.opts.By == analysis.ByCategory {
		rows = append(rows, cumulative)
	}
	if r.b.Spec.WithTransactions {
		rows = append(rows, rate)
		for i := range rows {
			tx := "" // the year's purchases sit on the complaints row only
			if i == 0 {
				tx = output.Count(y.Total.Transactions)
			}
			rows[i] = append(rows[i], tx)
		}
	}
	return rows
}

// figureOrBlank is a cumulative share, blank for a key the year does not
// rank (no complaints rows in the year).
func figureOrBlank(r *big.Rat, rank int) string {
	if rank == 0 {
		return ""
	}
	return output.Figure(r, shareDecimals)
}

func (r *result) notes() []string {
	where := fmt.Sprintf("Country %s", r.opts.Data.Country)
	if r.opts.By == analysis.ByCountry {
		where = "Every country"
	}
	notes := []string{fmt.Sprintf("%s, calendar months in %s. Share: of the year's complaints.", where, r.opts.Data.Timezone)}
	if r.b.Spec.WithTransactions {
		switch r.opts.By {
		case analysis.ByCountry:
			notes = append(notes, "Per million: the year's complaints ÷ purchases × 1,000,000, each country over its own purchases, the total over all.")
		default:
			notes = append(notes, "Per million: the year's complaints ÷ the year's purchases × 1,000,000 (weighted by purchases).")
		}
	}
	switch r.opts.By {
	case analysis.ByChannel:
		notes = append(notes, "external: the four authorities (konsumentverket, datainspektionen incl. IMY, arn, finansinspektionen).")
	case analysis.ByCategory:
		notes = append(notes, "Categories largest first; the cumulative share runs down each year's own ranking (Pareto).")
	}
	return append(notes, "Percentages and rates are rounded half away from zero.")
}

// longTable is the CSV view: one row per period and key with data in it,
// months first, then each year with its shares (categories in the year's
// ranking).
func (r *result) longTable() *output.Table {
	t := &output.Table{Columns: []output.Column{{Name: "period"}, {Name: string(r.opts.By)},
		{Name: "complaints", Align: output.Right}, {Name: "share_percent", Align: output.Right}}}
	if r.opts.By == analysis.ByCategory {
		t.Columns = append(t.Columns, output.Column{Name: "cumulative_share_percent", Align: output.Right})
	}
	t.Columns = append(t.Columns, output.Column{Name: "transactions", Align: output.Right}, output.Column{Name: "rate", Align: output.Right})

	row := func(period, key string, tl analysis.Tally, share, cumulative *big.Rat) []string {
		out := []string{period, key, output.Count(tl.Complaints), output.Figure(share, shareDecimals)}
		if r.opts.By == analysis.ByCategory {
			out = append(out, output.Figure(cumulative, shareDecimals))
		}
		tx := output.Undefined
		if r.b.Spec.WithTransactions {
			tx = output.Count(tl.Transactions)
		}
		return append(out, tx, output.Figure(r.b.Rate(tl), r.opts.Decimals))
	}
	// A row per period and key: made as the CSV writer writes them, since
	// a million keys would take a gigabyte of strings held at once.
	t.Stream = func(yield func([]string) bool) {
		for _, m := range r.b.Months {
			for _, c := range m.Cells {
				if !yield(row(m.Month.String(), r.b.Keys[c.Key], c.Tally, nil, nil)) {
					return
				}
			}
			for _, s := range r.subtotals() {
				if !yield(row(m.Month.String(), s, subtotal(m.Line, s), nil, nil)) {
					return
				}
			}
		}
		for _, y := range r.b.Years {
			year := strconv.Itoa(y.Year)
			var keys []int
			if r.opts.By == analysis.ByCategory {
				keys = y.Ranking()
			} else {
				for _, c := range y.Cells {
					keys = append(keys, c.Key)
				}
			}
			for _, k := range keys {
				s := y.Share(k)
				if !yield(row(year, r.b.Keys[k], y.Tally(k), s.Percent, s.CumulativePercent)) {
					return
				}
			}
			for _, s := range r.subtotals() {
				st := subtotal(y.Line, s)
				if !yield(row(year, s, st, metrics.Ratio(st.Complaints, y.Total.Complaints, 100), nil)) {
					return
				}
			}
		}
	}
	return t
}

// externalTable is the published "external complaints in absolute numbers"
// layout: a row per authority and year, a column per month, and a total row
// per year that is computed, the sum of the four authorities.
func (r *result) externalTable() *output.Table {
	t := &output.Table{Columns: []output.Column{{Name: "authority"}, {Name: "year"}}}
	t.Columns = append(t.Columns, locale.English.MonthColumns()...) // CSV reads these names too
	// counts[year][month number] for one key index, or the external subtotal (-1).
	grid := func(year, key int) []string {
		row := make([]string, 12)
		for i := range row {
			row[i] = output.Undefined // no data for the month
		}
		for _, m := range r.b.Months {
			if m.Month.Year() == year {
				n := m.External.Complaints
				if key >= 0 {
					n = m.Tally(key).Complaints
				}
				row[m.Month.Number()-1] = output.Count(n)
			}
		}
		return row
	}
	for _, a := range channel.Authorities {
		i := slices.Index(r.b.Keys, a) // --external keeps every authority as a key
		for _, y := range r.b.Years {
			t.Rows = append(t.Rows, append([]string{a, strconv.Itoa(y.Year)}, grid(y.Year, i)...))
		}
	}
	for _, y := range r.b.Years {
		t.Summary = append(t.Summary, append([]string{"total per month", strconv.Itoa(y.Year)}, grid(y.Year, -1)...))
	}
	t.Notes = []string{
		fmt.Sprintf("External complaints in absolute numbers, country %s, calendar months in %s.", r.opts.Data.Country, r.opts.Data.Timezone),
		"datainspektionen includes IMY (its name since 2021). The total is computed: the sum of the four authorities.",
	}
	return t
}
