package csat

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/locale"
	"github.com/nollmission/nollmission/pkg/output"
)

// render runs csat on the sample in a format, layout and language.
func render(t *testing.T, opts *Options) string {
	t.Helper()
	if err := csatRun(opts); err != nil {
		t.Fatal(err)
	}
	return opts.IO.Out.(*bytes.Buffer).String()
}

// TestWideLayoutIsThePublishedTable: the published CSAT and DSAT of each
// month sit in the CSAT and DSAT rows under their month, written as each
// language writes a percentage; CSV has plain numbers.
func TestWideLayoutIsThePublishedTable(t *testing.T) {
	published := readPublished(t)
	months := []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"}
	tests := []struct {
		lang    locale.Lang
		records bool
		cell    func(string) string
	}{
		{locale.English, false, func(s string) string { return s + "%" }},
		{locale.Swedish, false, func(s string) string { return strings.Replace(s, ".", ",", 1) + " %" }},
		{locale.Swedish, true, func(s string) string { return s }},
	}
	for _, tt := range tests {
		opts, _, _ := testOptions(0, output.FormatTable)
		opts.Layout, opts.Lang = cmdutil.LayoutWide, tt.lang
		r := csatRunResult(t, opts)
		w := r.view().(wide)
		tb := w.Table()
		if tt.records {
			tb = w.Records()
		}
		if len(tb.Rows) != 2 || tb.Rows[0][1] != "CSAT" || tb.Rows[1][1] != "DSAT" {
			t.Fatalf("%s records=%v: rows %q", tt.lang, tt.records, tb.Rows)
		}
		checked := 0
		for m, mm := range months {
			want, ok := published["2020-"+mm]
			for i := range 2 {
				w := ""
				if ok {
					w = tt.cell(want[i])
					checked++
				}
				if got := tb.Rows[i][2+m]; got != w {
					t.Errorf("%s records=%v: %s 2020-%s = %q, want %q", tt.lang, tt.records, tb.Rows[i][1], mm, got, w)
				}
			}
		}
		if checked != 10 {
			t.Errorf("checked %d published figures, want 10", checked)
		}
	}
}

// csatRunResult computes csat's figures on the sample as csatRun does.
func csatRunResult(t *testing.T, opts *Options) result {
	t.Helper()
	ds, err := load.Dataset(opts.IO.In, opts.IO.ErrOut, opts.Data, "csat", input.Surveys)
	if err != nil {
		t.Fatal(err)
	}
	series, err := analysis.SurveysOf(ds, "SE").InYear(opts.Year)
	if err != nil {
		t.Fatal(err)
	}
	months, years, err := series.Figures(opts.Definition)
	if err != nil {
		t.Fatal(err)
	}
	return result{opts: opts, inputs: ds.Inputs, months: months, years: years}
}

// TestSwedishLongTable: every text of the long table is translated, in
// every variant of the definition's notes, and numbers take a decimal comma;
// CSV and JSON are the same bytes as in English.
func TestSwedishLongTable(t *testing.T) {
	for _, variant := range []func(*Options){
		func(*Options) {},
		func(o *Options) { o.MinResponses = 0 },
		func(o *Options) { o.MinResponses = 40000 }, // some months are small samples
		func(o *Options) {
			o.Definition.Satisfied, o.Definition.Dissatisfied, o.Definition.Inclusive = []int{5}, []int{1, 2}, true
		},
		func(o *Options) { o.CI = cmdutil.MustCILevel("95") },
		func(o *Options) { o.CI, o.CIMethod = cmdutil.MustCILevel("99.9"), ClopperPearson },
	} {
		opts, _, _ := testOptions(0, output.FormatTable)
		variant(opts)
		opts.Lang = locale.Swedish
		r := csatRunResult(t, opts)
		if _, untranslated := locale.TranslateTable(r.Table(), locale.Swedish, catalog); len(untranslated) > 0 {
			t.Errorf("not translated: %q", untranslated)
		}
	}
	opts, _, _ := testOptions(2020, output.FormatTable)
	opts.Lang = locale.Swedish
	table := render(t, opts)
	for _, want := range []string{"│ 2020-01 ", "84,0", "nej: CSAT", "2020 hittills i år (5 av 12 månader)", "Världsklass: CSAT > 85 % och DSAT < 5 %"} {
		if !strings.Contains(table, want) {
			t.Errorf("Swedish table lacks %q:\n%s", want, table)
		}
	}
	for _, f := range []output.Format{output.FormatCSV, output.FormatJSON} {
		sv, _, _ := testOptions(2020, f)
		sv.Lang = locale.Swedish
		en, _, _ := testOptions(2020, f)
		if a, b := render(t, sv), render(t, en); a != b {
			t.Errorf("%s differs with --lang sv", f)
		}
	}
}

func TestWideTextsComplete(t *testing.T) {
	if err := wideText.Complete(); err != nil {
		t.Error(err)
	}
}
