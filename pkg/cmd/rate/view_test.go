package rate

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/locale"
	"github.com/nollmission/nollmission/pkg/output"
)

// publishedRates reads the programme's rates: period ("2019-03" or "2019") → text.
func publishedRates(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(testdata, "published", "complaints_per_million.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows[1:] {
		out[r[0]] = r[1]
	}
	return out
}

// sampleResult computes rate's figures on the sample.
func sampleResult(t *testing.T, opts *Options) result {
	t.Helper()
	ds, err := load.Dataset(opts.IO.In, opts.IO.ErrOut, opts.Data, "rate", input.Transactions, input.Complaints)
	if err != nil {
		t.Fatal(err)
	}
	series, err := analysis.RatesOf(ds, "SE").InYear(opts.Year)
	if err != nil {
		t.Fatal(err)
	}
	return result{opts: opts, inputs: ds.Inputs, months: series.Rates(), years: series.Years()}
}

// TestWideLayoutIsThePublishedTable: every published rate 2018 – June 2020
// sits in its year's row and month's column (or the full-year column), in
// both languages; CSV has the same grid with plain numbers.
func TestWideLayoutIsThePublishedTable(t *testing.T) {
	published := publishedRates(t)
	months := []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"}
	for _, lang := range locale.Langs {
		t.Run(string(lang), func(t *testing.T) {
			opts, _, _ := sampleOptions(0, output.FormatTable)
			opts.Layout, opts.Lang = cmdutil.LayoutWide, lang
			views := map[string]*output.Table{"table": sampleResult(t, opts).view().Table()}
			if rec, ok := sampleResult(t, opts).view().(output.Recorder); ok {
				views["csv"] = rec.Records()
			} else {
				t.Fatal("the wide view has no CSV grid")
			}
			for name, tb := range views {
				if len(tb.Rows) != 3 || len(tb.Columns) < 14 {
					t.Fatalf("%s: %d rows, %d columns", name, len(tb.Rows), len(tb.Columns))
				}
				checked := 0
				for i, year := range []string{"2018", "2019", "2020"} {
					row := tb.Rows[i]
					if !strings.HasPrefix(row[0], year) {
						t.Errorf("%s: row %d is %q, want %s", name, i, row[0], year)
					}
					for m, mm := range months {
						want, ok := published[year+"-"+mm]
						if !ok {
							want = "" // not published, not in the data: blank, as on the page
						} else {
							checked++
						}
						if row[1+m] != want {
							t.Errorf("%s: %s-%s = %q, want %q", name, year, mm, row[1+m], want)
						}
					}
					if want, ok := published[year]; ok {
						checked++
						if row[13] != want {
							t.Errorf("%s: %s full year = %q, want %q", name, year, row[13], want)
						}
					}
				}
				if checked != 32 {
					t.Errorf("%s: checked %d published rates, want 32", name, checked)
				}
			}
			// The headings people read are in the language; CSV's are not.
			month5, full := views["table"].Columns[5].Name, views["table"].Columns[13].Name
			if lang == locale.Swedish && (month5 != "Maj" || full != "Helår*" || views["table"].Rows[2][0] != "2020 hittills i år (6 av 12 månader)") {
				t.Errorf("Swedish headings: %q, %q, %q", month5, full, views["table"].Rows[2][0])
			}
			csvHead := views["csv"].Columns
			if csvHead[0].Name != "year" || csvHead[5].Name != "May" || csvHead[13].Name != "full_year" || csvHead[14].Name != "months_covered" {
				t.Errorf("CSV header %v", csvHead)
			}
			if got := views["csv"].Rows[2][14]; got != "6" {
				t.Errorf("2020 months covered = %q", got)
			}
		})
	}
}

// TestSwedishDecimalsAndNoEnglishLeft: with decimals, the Swedish views
// write a decimal comma, and every text of the long table is translated
// (a new column or note without a translation fails here); CSV and JSON
// stay as in English.
func TestSwedishDecimalsAndNoEnglishLeft(t *testing.T) {
	for _, year := range []int{0, 2019, 2020} {
		opts, _, _ := sampleOptions(year, output.FormatTable)
		opts.Decimals, opts.Lang = 1, locale.Swedish
		if year == 2019 {
			opts.CI = cmdutil.MustCILevel("99.9") // the interval column and note, and a decimal in the level
		}
		r := sampleResult(t, opts)
		if _, untranslated := locale.TranslateTable(r.Table(), locale.Swedish, catalog); len(untranslated) > 0 {
			t.Errorf("year %d: not translated: %q", year, untranslated)
		}
		var sv, en bytes.Buffer
		if err := output.Write(&sv, output.FormatTable, r.view()); err != nil {
			t.Fatal(err)
		}
		if year == 2019 && !strings.Contains(sv.String(), "│ 2019 helår ") || !strings.Contains(sv.String(), ",") {
			t.Errorf("year %d: Swedish table:\n%s", year, sv.String())
		}
		if strings.Contains(sv.String(), "33.") || year == 2019 && !strings.Contains(sv.String(), "32,8") {
			t.Errorf("year %d: decimal point left in the Swedish table:\n%s", year, sv.String())
		}
		for _, f := range []output.Format{output.FormatCSV, output.FormatJSON} {
			sv.Reset()
			en.Reset()
			english := *opts
			english.Lang = locale.English
			if err := output.Write(&sv, f, r.view()); err != nil {
				t.Fatal(err)
			}
			if err := output.Write(&en, f, result{opts: &english, inputs: r.inputs, months: r.months, years: r.years}); err != nil {
				t.Fatal(err)
			}
			if sv.String() != en.String() {
				t.Errorf("year %d: %s differs with --lang sv", year, f)
			}
		}
	}
}

// TestWideJSONKeepsItsSchema: --layout wide changes no byte of the JSON.
func TestWideJSONKeepsItsSchema(t *testing.T) {
	opts, _, _ := sampleOptions(0, output.FormatJSON)
	r := sampleResult(t, opts)
	var long, wideOut bytes.Buffer
	if err := output.Write(&long, output.FormatJSON, r); err != nil {
		t.Fatal(err)
	}
	opts.Layout, opts.Lang = cmdutil.LayoutWide, locale.Swedish
	if err := output.Write(&wideOut, output.FormatJSON, r.view()); err != nil {
		t.Fatal(err)
	}
	if long.String() != wideOut.String() {
		t.Error("the wide layout changed the JSON")
	}
}

func TestWideTextsComplete(t *testing.T) {
	if err := wideText.Complete(); err != nil {
		t.Error(err)
	}
}
