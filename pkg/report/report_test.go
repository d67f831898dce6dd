package report

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/dataset"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/locale"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/period"
	"github.com/nollmission/nollmission/pkg/published"
	"github.com/nollmission/nollmission/pkg/stats"
)

func TestTextsComplete(t *testing.T) {
	if err := allTexts.Complete(); err != nil {
		t.Error(err)
	}
	for _, l := range locale.Langs {
		tx := allTexts.In(l)
		for _, s := range metrics.Statuses {
			if tx.Status[string(s)] == "" {
				t.Errorf("%s: no word for status %s", l, s)
			}
		}
	}
}

// TestStillNeeded: one month left is "the remaining month", not "the 1
// remaining months", in either language.
func TestStillNeeded(t *testing.T) {
	for _, tt := range []struct {
		lang   locale.Lang
		months int
		want   string
	}{
		{locale.English, 1, "2019: for the target, the remaining month must hold at most 68.9 complaints per million purchases."},
		{locale.English, 3, "2019: for the target, the 3 remaining months must hold at most 68.9 complaints per million purchases."},
		{locale.Swedish, 1, "2019: för att nå målet får den återstående månaden ha högst 68.9 klagomål per miljon köp."},
		{locale.Swedish, 3, "2019: för att nå målet får de 3 återstående månaderna ha högst 68.9 klagomål per miljon köp."},
	} {
		if got := allTexts.In(tt.lang).stillNeeded(2019, tt.months, "68.9"); got != tt.want {
			t.Errorf("%s, %d months: %q, want %q", tt.lang, tt.months, got, tt.want)
		}
	}
}

// counts makes a rate series: purchases and complaints per month from
// January of year.
func counts(year int, tx, cp []int64) analysis.RateSeries {
	s := analysis.RateSeries{Country: "SE"}
	for i := range tx {
		s.Months = append(s.Months, metrics.MonthCounts{Month: period.MonthOf(year, 1) + period.Month(i), Transactions: tx[i], Complaints: cp[i]})
	}
	return s
}

// TestBreakdownFoldsPastTenKeys: a breakdown of twelve categories made as
// the chart command makes it (MostKeys: MaxKeys) is charted as the nine
// largest and "other", nothing lost; ten categories are charted whole.
func TestBreakdownFoldsPastTenKeys(t *testing.T) {
	bucketer, err := period.NewBucketer("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	breakdown := func(keys int) *analysis.Breakdown {
		// Key "a" has 1 complaint, "b" 2, and so on.
		rows := "month,country,category,complaints\n"
		for i := range keys {
			rows += fmt.Sprintf("2019-03,SE,%c,%d\n", 'a'+i, i+1)
		}
		src := input.Source{Name: "complaints.csv", Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(rows)), nil }}
		ds, err := dataset.Load(map[input.Kind][]input.Source{input.Complaints: {src}}, input.Config{Bucketer: bucketer, Country: "SE"})
		if err != nil {
			t.Fatal(err)
		}
		b, err := analysis.BreakdownOf(ds, analysis.BreakdownSpec{By: analysis.ByCategory, Country: "SE", MostKeys: MaxKeys})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tt := range []struct {
		lang  locale.Lang
		other string
	}{{locale.English, "Other"}, {locale.Swedish, "Övriga"}} {
		c, err := BreakdownChart(tt.lang, "SE", breakdown(12))
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Parts) != MaxKeys {
			t.Fatalf("%d parts, want %d", len(c.Parts), MaxKeys)
		}
		last := c.Parts[MaxKeys-1]
		if last.Key != tt.other || last.Counts[0] != 1+2+3 {
			t.Errorf("folded part %q = %v, want %s with 6", last.Key, last.Counts, tt.other)
		}
		if c.Parts[0].Key != "l" || c.Parts[8].Key != "d" {
			t.Errorf("kept keys out of order (largest first): %q … %q", c.Parts[0].Key, c.Parts[8].Key)
		}
		var total int64
		for _, p := range c.Parts {
			total += p.Counts[0]
		}
		if total != 78 {
			t.Errorf("the stack adds up to %d, want 78: nothing may be lost in folding", total)
		}
		whole, err := BreakdownChart(tt.lang, "SE", breakdown(MaxKeys))
		if err != nil {
			t.Fatal(err)
		}
		if len(whole.Parts) != MaxKeys || whole.Parts[MaxKeys-1].Key != "a" {
			t.Errorf("%d keys charted as %d parts, the last %q; want every key", MaxKeys, len(whole.Parts), whole.Parts[len(whole.Parts)-1].Key)
		}
	}
}

func TestRateLinesOf(t *testing.T) {
	// 2019: 12 months at 40 per million; 2020: 3 months at 20.
	tx := make([]int64, 15)
	cp := make([]int64, 15)
	for i := range tx {
		tx[i], cp[i] = 1_000_000, 40
		if i >= 12 {
			cp[i] = 20
		}
	}
	months := counts(2019, tx, cp).Rates()
	targets := []metrics.Target{
		{Year: 2019, Baseline: big.NewRat(50, 1), Rate: big.NewRat(45, 1)},
		{Year: 2020, Reduction: big.NewRat(1, 4)}, // baseline: 2019's 40, so 30
	}
	all := RateLinesOf(months, targets, 0)
	if all.FullYear == nil || all.FullYear.Year != 2019 {
		t.Errorf("every year: the full-year line is the latest complete year, got %+v", all.FullYear)
	}
	if all.Target == nil || all.Target.Year != 2020 || all.Target.Rate.Cmp(big.NewRat(30, 1)) != 0 {
		t.Errorf("every year: the target line is 2020's 30, got %+v", all.Target)
	}
	y2020 := RateLinesOf(months, targets, 2020)
	if y2020.FullYear == nil || y2020.FullYear.Year != 2020 || !y2020.FullYear.YearToDate() {
		t.Errorf("2020: the year-to-date line, got %+v", y2020.FullYear)
	}
	c, err := RateChart(locale.Swedish, "SE", months[12:], y2020)
	if err != nil {
		t.Fatal(err)
	}
	if c.FullYear.Label != "2020 hittills i år: 20" || c.Target.Label != "Mål 2020: 30" {
		t.Errorf("labels %q, %q", c.FullYear.Label, c.Target.Label)
	}
	if c.Years != nil || c.Months[0] != "Jan" || len(c.Months) != 3 {
		t.Errorf("one year's months: %q %q", c.Months, c.Years)
	}
	if none := RateLinesOf(months, targets, 2018); none.Target != nil || none.FullYear != nil {
		t.Errorf("a year without data has no lines: %+v", none)
	}
}

// TestPublishedMismatchIsMarked: a published figure that does not match
// carries its note in its cell and is listed; matching figures carry none;
// the rounding is the published precision. Every row is checked, as verify
// checks it: a second row of a figure does not hide the first one's
// mismatch, and a published full-year figure does not match a year with
// months missing (a year to date is no full-year figure).
func TestPublishedMismatchIsMarked(t *testing.T) {
	// Two months: 167 ÷ 5,000,000 = 33.4 and 55 ÷ 2,000,000 = 27.5 per
	// million; the year, weighted by purchases, 222 ÷ 7,000,000 = 31.7.
	rates := counts(2019, []int64{5_000_000, 2_000_000}, []int64{167, 55})
	fig := func(metricName, p, value string) published.Figure { return publishedFigure(t, metricName, p, value) }
	in := Input{Lang: locale.Swedish, Country: "SE", Timezone: "Europe/Stockholm", Rates: rates,
		Published: []published.Figure{
			fig("rate", "2019-01", "33"),   // 33.4 → 33: matches
			fig("rate", "2019-02", "27"),   // 27.5 → 28: does not
			fig("rate", "2019-03", "12"),   // no data for March
			fig("rate", "2019-01", "33.4"), // one decimal, matches too
			fig("rate", "2019-03", "34"),   // March again: not in the page either
			fig("rate", "2019-01", "34"),   // was hidden by the rows around it
			fig("rate", "2019-01", "33"),
			fig("rate", "2019", "32"), // 31.7 → 32, but 2019 has 2 of 12 months
			fig("transactions", "2019-01", "5000000"),
		},
		PublishedFiles: []string{"pub.csv"}}
	page, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	cells := map[string]Cell{}
	var pub *Section
	for i, s := range page.Sections {
		for _, tb := range s.Tables {
			for _, r := range tb.Rows {
				for _, c := range r.Cells {
					if c.Metric != "" {
						cells[c.Metric+" "+c.Period] = c
					}
				}
			}
		}
		if s.ID == "published" {
			pub = &page.Sections[i]
		}
	}
	if c := cells["rate 2019-01"]; c.Text != "33" || c.Note != "publicerat 34" {
		t.Errorf("January: %+v", c)
	}
	if c := cells["rate 2019"]; c.Text != "32" || c.Note != "publicerat 32; bara hittills i år (2 av 12 månader), ingen helårssiffra" {
		t.Errorf("the year to date: %+v", c)
	}
	if c := cells["rate 2019-02"]; c.Text != "28" || c.Note != "publicerat 27" {
		t.Errorf("February: %+v", c)
	}
	if c, ok := cells["rate 2019-03"]; ok {
		t.Errorf("March has no data and no cell figure: %+v", c)
	}
	if pub == nil {
		t.Fatal("no published section")
	}
	if !strings.Contains(pub.Intro[0], "3 av 6 publicerade") || len(pub.List) != 3 ||
		!strings.Contains(pub.List[0], "2019-01: publicerat 34") || !strings.Contains(pub.List[1], "2019-02: publicerat 27") ||
		!strings.Contains(pub.List[2], "2019: publicerat 32; bara hittills i år") {
		t.Errorf("published section: %q %q", pub.Intro, pub.List)
	}
	if len(pub.Notes) != 1 || !strings.HasPrefix(pub.Notes[0], "3 siffror") {
		t.Errorf("figures not in the page: %q", pub.Notes)
	}
}

// publishedFigure is a figure as the published-figures reader reads it.
func publishedFigure(t *testing.T, metricName, p, value string) published.Figure {
	t.Helper()
	per, err := published.ParsePeriod(p)
	if err != nil {
		t.Fatal(err)
	}
	v, prec, err := published.ParseDecimal(value)
	if err != nil {
		t.Fatal(err)
	}
	return published.Figure{Metric: metricName, Period: per, Value: v, Precision: prec, Text: value}
}

// TestPublishedCounts: the published section's words for none, one and
// many figures of the files in the page, and for one left out.
func TestPublishedCounts(t *testing.T) {
	rates := counts(2019, []int64{5_000_000, 2_000_000}, []int64{167, 55}) // 33.4, 27.5
	fig := func(p, value string) published.Figure { return publishedFigure(t, "rate", p, value) }
	tests := []struct {
		name         string
		figures      []published.Figure
		intro, notes string
	}{
		{"none in the page", []published.Figure{fig("2031-01", "5"), fig("2031-02", "5")},
			"No figure of pub.csv is in this page: nollmission verify checks them.", ""},
		{"one, one left out", []published.Figure{fig("2019-01", "33"), fig("2031-01", "5")},
			"The one published figure in this page matches the data (pub.csv).", "1 figure of the file is not in this page."},
		{"two, two left out", []published.Figure{fig("2019-01", "33"), fig("2019-02", "28"), fig("2031-01", "5"), fig("2031-02", "5")},
			"All 2 published figures in this page match the data (pub.csv).", "2 figures of the file are not in this page."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := Build(Input{Lang: locale.English, Country: "SE", Timezone: "Europe/Stockholm", Rates: rates,
				Published: tt.figures, PublishedFiles: []string{"pub.csv"}})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range page.Sections {
				if s.ID != "published" {
					continue
				}
				if got := strings.Join(s.Intro, " "); got != tt.intro {
					t.Errorf("intro %q, want %q", got, tt.intro)
				}
				if got := strings.Join(s.Notes, " "); got != tt.notes {
					t.Errorf("notes %q, want %q", got, tt.notes)
				}
				return
			}
			t.Error("no published section")
		})
	}
}

// A month the series lacks is on the control chart unplotted, and the
// chart is the one of the whole span with that month at no purchases: the
// same centre, limits and signals (stats.Signals skips unplotted months).
func TestControlOfLaysGapsOut(t *testing.T) {
	full := counts(2019, []int64{900_000, 950_000, 0, 1_000_000, 980_000, 1_020_000, 990_000, 1_010_000, 1_000_000, 995_000},
		[]int64{36, 40, 0, 35, 38, 90, 37, 36, 39, 41})
	gappy := full
	gappy.Months = append(append([]metrics.MonthCounts{}, full.Months[:2]...), full.Months[3:]...) // no March
	got, err := ControlOf(gappy)
	if err != nil {
		t.Fatal(err)
	}
	points := make([]stats.Point, len(full.Months))
	for i, m := range full.Months {
		points[i] = stats.Point{Complaints: m.Complaints, Purchases: m.Transactions}
	}
	want, err := stats.ControlChart(points, stats.LaneyUPrime)
	if err != nil {
		t.Fatal(err)
	}
	wantSignals, err := stats.Signals(want.Points, stats.WesternElectric)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Months) != 10 || got.Months[2] != period.MonthOf(2019, 3) || got.Chart.Points[2].Plotted {
		t.Fatalf("months %v, March plotted %v: want January to October, March not plotted", got.Months, got.Chart.Points[2].Plotted)
	}
	if got.Chart.Center != want.Center || got.Chart.SigmaZ != want.SigmaZ {
		t.Errorf("centre %v, σz %v; want %v, %v", got.Chart.Center, got.Chart.SigmaZ, want.Center, want.SigmaZ)
	}
	for i := range want.Points {
		if got.Chart.Points[i] != want.Points[i] || fmt.Sprint(got.Signals[i]) != fmt.Sprint(wantSignals[i]) {
			t.Errorf("month %d: %+v %v; want %+v %v", i+1, got.Chart.Points[i], got.Signals[i], want.Points[i], wantSignals[i])
		}
	}
	if fmt.Sprint(got.Signals[5]) != "[1]" {
		t.Errorf("June (90 complaints): signals %v, want rule 1", got.Signals[5])
	}
}

// TestNoChannel: complaints none of which has a channel (the file has no
// channel column) give a page all the same: the main measure from every
// complaint, and in place of the authorities' table and the chart by
// channel a note on why and how to get them, in either language.
func TestNoChannel(t *testing.T) {
	bucketer, err := period.NewBucketer("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	source := func(name, rows string) []input.Source {
		return []input.Source{{Name: name, Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(rows)), nil }}}
	}
	ds, err := dataset.Load(map[input.Kind][]input.Source{
		input.Transactions: source("tx.csv", "month,transactions\n2019-01,2000000\n2019-02,1000000\n"),
		input.Complaints:   source("complaints.csv", "month,complaints\n2019-01,65\n2019-02,41\n"),
	}, input.Config{Bucketer: bucketer, Country: "SE"})
	if err != nil {
		t.Fatal(err)
	}
	// What the command is told: no figures per channel.
	var nc *analysis.NoChannelError
	if _, err := analysis.BreakdownOf(ds, analysis.BreakdownSpec{By: analysis.ByChannel, Country: "SE", WithTransactions: true, AllAuthorities: true}); !errors.As(err, &nc) {
		t.Fatalf("breakdown by channel: %v, want a *NoChannelError", err)
	}
	for _, tt := range []struct {
		lang     locale.Lang
		year     int
		why, fix string
	}{
		{locale.English, 0,
			"None of the complaints has a channel, so the complaints per authority and the chart by channel are left out; the main measure above counts every complaint.",
			"To show them, give the complaints files a column named channel, or map the column that holds the channel (--columns channel=COLUMN)."},
		{locale.English, 2019,
			"None of the complaints of 2019 has a channel, so the complaints per authority and the chart by channel are left out; the main measure above counts every complaint.",
			"To show them, give the complaints files a column named channel, or map the column that holds the channel (--columns channel=COLUMN)."},
		{locale.Swedish, 0,
			"Inget av klagomålen har någon kanal, så klagomålen per myndighet och diagrammet per kanal är utelämnade; huvudmåttet ovan räknar alla klagomål.",
			"Ge klagomålsfilerna en kolumn som heter channel, eller ange vilken kolumn som har kanalen (--columns channel=KOLUMN), så visas de."},
		{locale.Swedish, 2019,
			"Inget av klagomålen från 2019 har någon kanal, så klagomålen per myndighet och diagrammet per kanal är utelämnade; huvudmåttet ovan räknar alla klagomål.",
			"Ge klagomålsfilerna en kolumn som heter channel, eller ange vilken kolumn som har kanalen (--columns channel=KOLUMN), så visas de."},
	} {
		name := fmt.Sprintf("%s %d", tt.lang, tt.year)
		page, err := Build(Input{Lang: tt.lang, Country: "SE", Timezone: "Europe/Stockholm", Year: tt.year,
			Rates: analysis.RatesOf(ds, "SE"), CSAT: metrics.DefaultCSATDefinition(), NoChannel: true})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sections := map[string]Section{}
		for _, s := range page.Sections {
			sections[s.ID] = s
		}
		// The main measure: 65 of 2,000,000 is 32.5 per million, rounded
		// half away from zero; the year is weighted by purchases, 106 of
		// 3,000,000 (35.3), not the mean of 33 and 41.
		rates := map[string]string{}
		for _, r := range sections["main"].Tables[0].Rows {
			for _, c := range r.Cells {
				if c.Metric == published.MetricRate {
					rates[c.Period] = c.Text
				}
			}
		}
		if rates["2019-01"] != "33" || rates["2019-02"] != "41" || rates["2019"] != "35" {
			t.Errorf("%s: rates %v, want 2019-01 33, 2019-02 41, 2019 35", name, rates)
		}
		if len(sections["charts"].Figures) != 2 {
			t.Errorf("%s: %d charts of the rate, want the rate and the control chart", name, len(sections["charts"].Figures))
		}
		ext, ok := sections["external"]
		if !ok {
			t.Fatalf("%s: no external section", name)
		}
		if len(ext.Tables) != 0 || len(ext.Figures) != 0 {
			t.Errorf("%s: the external section has %d tables and %d charts, want none", name, len(ext.Tables), len(ext.Figures))
		}
		if len(ext.Intro) != 2 || ext.Intro[0] != tt.why || ext.Intro[1] != tt.fix {
			t.Errorf("%s: the external section says\n%q\nwant\n%q", name, ext.Intro, []string{tt.why, tt.fix})
		}
		// How it was computed says nothing of a total row the page does
		// not have, nor of CSAT without surveys.
		tx := allTexts.In(tt.lang)
		for _, line := range sections["method"].Intro {
			if line == tx.MethodExternal || line == tx.MethodSurveys {
				t.Errorf("%s: the method section says %q", name, line)
			}
		}
		for _, s := range page.Sections {
			for _, tb := range s.Tables {
				for _, r := range tb.Rows {
					for _, c := range r.Cells {
						if c.Metric == published.MetricComplaints {
							t.Errorf("%s: section %s has a complaints cell %+v", name, s.ID, c)
						}
					}
				}
			}
		}
	}
}
