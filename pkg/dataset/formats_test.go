package dataset

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/period"
)

// TestFormatsGiveTheSameDataset loads the same rows as CSV, as an Excel
// workbook and as Parquet (testdata/formats): every count, month and key is
// the same; only the inputs list tells the formats apart.
func TestFormatsGiveTheSameDataset(t *testing.T) {
	b, err := period.NewBucketer("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	load := func(ext string) *Dataset {
		t.Helper()
		d, err := Load(map[input.Kind][]input.Source{
			input.Transactions: {input.FileSource(filepath.Join("../../testdata/formats", "transactions"+ext))},
			input.Complaints:   {input.FileSource(filepath.Join("../../testdata/formats", "complaints"+ext))},
		}, input.Config{Bucketer: b, Country: "SE"})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	csv := load(".csv")
	if got := ByMonth(csv, input.Complaints, "SE")[period.MonthOf(2019, 1)]; got != 3 {
		t.Fatalf("SE complaints in 2019-01: %d, want 3", got)
	}
	for _, format := range []string{"xlsx", "parquet"} {
		d := load("." + format)
		// By name: the numbers of the dictionaries follow the order rows
		// come in.
		got, want := canonical(d), canonical(csv)
		if !reflect.DeepEqual(got.Cells, want.Cells) || !reflect.DeepEqual(got.Seen, want.Seen) || got.Totals != want.Totals {
			t.Errorf("%s: counts %+v\nCSV: %+v", format, got.Cells, want.Cells)
		}
		for _, in := range d.Inputs {
			if in.Format != format || in.Rows != 5 {
				t.Errorf("%s: input %+v", format, in)
			}
		}
	}
}
