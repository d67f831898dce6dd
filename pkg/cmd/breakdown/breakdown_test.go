package breakdown

import (
	"bytes"
	"encoding/csv"
	"errors"
	"maps"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/cmdutil/cmdtest"
	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/locale"
	"github.com/nollmission/nollmission/pkg/output"
)

const published = "../../../testdata/published/"

// readCSV reads a whole CSV file into header-keyed records.
func readCSV(t *testing.T, r *csv.Reader) []map[string]string {
	t.Helper()
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

func readFile(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readCSV(t, csv.NewReader(f))
}

// externalCells runs `breakdown --external -o csv` on the embedded sample
// and returns its cells by row label, year and month ("2019-03").
func externalCells(t *testing.T) map[string]map[string]string {
	t.Helper()
	ios, out, _ := cmdtest.Streams()
	opts := &Options{
		IO:       ios,
		Data:     load.Options{Country: config.DefaultCountry, Timezone: config.DefaultTimezone},
		Format:   output.FormatCSV,
		By:       analysis.ByChannel,
		External: true,
		Decimals: 1,
	}
	if err := breakdownRun(opts); err != nil {
		t.Fatal(err)
	}
	cells := map[string]map[string]string{}
	for _, row := range readCSV(t, csv.NewReader(out)) {
		label := row["authority"]
		if cells[label] == nil {
			cells[label] = map[string]string{}
		}
		for i, name := range locale.English.MonthAbbrs() {
			cells[label][row["year"]+"-"+twoDigits(i+1)] = row[name]
		}
	}
	return cells
}

func twoDigits(n int) string { return strconv.Itoa(100 + n)[1:] }

// The sample's --external table is the published table of external
// complaints, authority by authority, month by month, and has nothing else.
func TestExternalTableEqualsPublished(t *testing.T) {
	cells := externalCells(t)
	want := readFile(t, published+"external_complaints.csv")
	seen := 0
	for _, p := range want {
		if got := cells[p["authority"]][p["month"]]; got != p["complaints"] {
			t.Errorf("%s %s: the table says %q, published %s", p["authority"], p["month"], got, p["complaints"])
		}
		seen++
	}
	// Every other cell of the authority rows is empty: no month the
	// published table lacks.
	filled := 0
	for label, months := range cells {
		if label == "total per month" {
			continue
		}
		for _, v := range months {
			if v != "" {
				filled++
			}
		}
	}
	if filled != seen {
		t.Errorf("the authority rows have %d figures, the published table %d", filled, seen)
	}
	if len(cells) != 5 {
		t.Errorf("rows %v, want the four authorities and the total", slices.Sorted(maps.Keys(cells)))
	}
}

// The total row is the sum of the four authorities. The published total row
// agrees for every month but 2019-12, where it says 58 while its rows add up
// to 28 + 6 + 9 + 9 = 52.
func TestExternalTotalIsComputed(t *testing.T) {
	cells := externalCells(t)["total per month"]
	for _, p := range readFile(t, published+"external_complaints_published_totals.csv") {
		want := p["complaints"]
		if p["month"] == "2019-12" {
			if want != "58" {
				t.Fatalf("published total for 2019-12 is %s; the known misprint is 58", want)
			}
			want = "52"
		}
		if got := cells[p["month"]]; got != want {
			t.Errorf("total %s = %q, want %s", p["month"], got, want)
		}
	}
}

// The flag layer parses and validates, and hands the options on.
func TestNewCmdBreakdownFlags(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantBy   analysis.Grouping
		wantExt  bool
		wantYear int
		wantCode int // 0: valid
	}{
		{name: "default is channel", args: nil, wantBy: analysis.ByChannel},
		{name: "by category", args: []string{"--by", "category"}, wantBy: analysis.ByCategory},
		{name: "by is case-insensitive", args: []string{"--by", " Country "}, wantBy: analysis.ByCountry},
		{name: "external", args: []string{"--external", "--year", "2019"}, wantBy: analysis.ByChannel, wantExt: true, wantYear: 2019},
		{name: "unknown grouping", args: []string{"--by", "month"}, wantCode: exit.Usage},
		{name: "external needs channel", args: []string{"--by", "category", "--external"}, wantCode: exit.Usage},
		{name: "bad year", args: []string{"--year", "19"}, wantCode: exit.Usage},
		{name: "bad decimals", args: []string{"--decimals", "-1"}, wantCode: exit.Usage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _ := cmdtest.Streams()
			f := &cmdutil.Factory{IOStreams: ios, Config: config.New()}
			var got *Options
			cmd := NewCmdBreakdown(f, func(o *Options) error { got = o; return nil })
			cmdutil.AddDataFlags(cmd)
			cmd.SetFlagErrorFunc(cmdutil.FlagError) // as root does
			cmd.SetArgs(tt.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.Execute()
			if tt.wantCode != 0 {
				var ee *exit.Error
				if !errors.As(err, &ee) || ee.Code != tt.wantCode {
					t.Fatalf("err = %v, want exit code %d", err, tt.wantCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.By != tt.wantBy || got.External != tt.wantExt || got.Year != tt.wantYear {
				t.Errorf("options by=%s external=%v year=%d, want %s %v %d", got.By, got.External, got.Year, tt.wantBy, tt.wantExt, tt.wantYear)
			}
		})
	}
}

// TestCheckLabels: a key named as a column the view adds beside the keys
// is refused in the views that would show the two under one name, with
// exit 2; JSON and the keys that cannot clash pass.
func TestCheckLabels(t *testing.T) {
	tests := []struct {
		name   string
		by     analysis.Grouping
		format output.Format
		keys   []string
		folded int
		want   string // the error; "" for none
	}{
		{"a category named total", analysis.ByCategory, output.FormatTable, []string{"total", "refunds"}, 0, ""},
		{"the total's label, table", analysis.ByCategory, output.FormatTable, []string{"refunds", "all categories"}, 0,
			`a category is named "all categories", the label of the total: -o table could not tell the two apart`},
		{"the total's label, CSV", analysis.ByCategory, output.FormatCSV, []string{"all categories"}, 0,
			`a category is named "all categories", the label of the total: -o csv could not tell the two apart`},
		{"the total's label, Markdown", analysis.ByCategory, output.FormatMarkdown, []string{"all categories"}, 0,
			`a category is named "all categories", the label of the total: -o markdown could not tell the two apart`},
		{"the total's label, JSON", analysis.ByCategory, output.FormatJSON, []string{"all categories"}, 0, ""},
		{"other's label, folded", analysis.ByCategory, output.FormatTable, []string{"refunds", "other categories"}, 3,
			`a category is named "other categories", the label of the column that sums all but the 20 largest: -o table could not tell the two apart`},
		{"other's label, nothing folded", analysis.ByCategory, output.FormatTable, []string{"refunds", "other categories"}, 0, ""},
		{"another grouping's label", analysis.ByCategory, output.FormatCSV, []string{"all countries", "external"}, 0, ""},
		{"countries", analysis.ByCountry, output.FormatCSV, []string{"NO", "SE"}, 0, ""},
		{"channels", analysis.ByChannel, output.FormatCSV, []string{"arn", "unspecified"}, 0, ""},
	}
	for _, tt := range tests {
		r := &result{opts: &Options{By: tt.by, Format: tt.format}, b: &analysis.Breakdown{Keys: tt.keys, Folded: tt.folded}}
		err := r.checkLabels()
		if tt.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		var ee *exit.Error
		if !errors.As(err, &ee) || ee.Code != exit.Usage || err.Error() != tt.want {
			t.Errorf("%s: %v, want exit 2 and %s", tt.name, err, tt.want)
		}
	}
}
