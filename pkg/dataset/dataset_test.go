package dataset

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/period"
)

func load(t *testing.T, kind input.Kind, files ...string) (*Dataset, error) {
	t.Helper()
	b, err := period.NewBucketer("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	var srcs []input.Source
	for i, content := range files {
		content := content
		srcs = append(srcs, input.Source{Name: "f" + string(rune('0'+i)) + ".csv",
			Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }})
	}
	return Load(map[input.Kind][]input.Source{kind: srcs}, input.Config{Bucketer: b, Country: "SE"})
}

func TestSumsAcrossFilesAndCountries(t *testing.T) {
	d, err := load(t, input.Complaints,
		"month,country,channel,complaints\n2019-01,SE,IMY,2\n2019-01,NO,arn,5\n",
		"date,channel\n2019-01-03,datainspektionen\n2019-02-01,kundservice\n")
	if err != nil {
		t.Fatal(err)
	}
	byChannel := Sum(d, input.Complaints, "SE", func(k Key) string { return k.Channel })
	if byChannel["datainspektionen"] != 3 || byChannel["customer_service"] != 1 || byChannel["arn"] != 0 {
		t.Errorf("by channel = %v", byChannel)
	}
	all := ByMonth(d, input.Complaints, "")
	if all[period.MonthOf(2019, 1)] != 8 {
		t.Errorf("every country, January = %d, want 8", all[period.MonthOf(2019, 1)])
	}
	if got := d.Months("SE", input.Complaints); len(got) != 2 {
		t.Errorf("months = %v", got)
	}
	if !d.Has(input.Complaints) || d.Has(input.Transactions) || len(d.Inputs) != 2 || d.Inputs[1].Rows != 2 {
		t.Errorf("inputs = %+v", d.Inputs)
	}
}

// TestTotalsCannotOverflow: the row of a later file that takes the kind's
// sum beyond int64 is named with its line and column.
func TestTotalsCannotOverflow(t *testing.T) {
	_, err := load(t, input.Transactions,
		"month,transactions\n2019-01,9223372036854775807\n",
		"month,transactions\n2020-01,1\n")
	if err == nil || err.Error() != `f1.csv:2: column 2 (transactions): "1": the counts add up beyond 9223372036854775807 here` {
		t.Fatalf("error = %v", err)
	}
}

// TestOnlyCountry checks that a dataset kept for one country has that
// country's months only, and still knows every country and its counts.
func TestOnlyCountry(t *testing.T) {
	b, err := period.NewBucketer("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	text := "month,country,transactions\n2019-01,SE,10\n2019-02,NO,5\n2019-02,NO,2\n2019-03,DK,0\n"
	src := input.Source{Name: "tx.csv", Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(text)), nil }}
	d, err := Load(map[input.Kind][]input.Source{input.Transactions: {src}}, input.Config{Bucketer: b, Country: "SE"}, OnlyCountry("SE"))
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Months("", input.Transactions); !slices.Equal(got, []period.Month{period.MonthOf(2019, 1)}) {
		t.Errorf("months kept = %v, want 2019-01 only", got)
	}
	if got := ByMonth(d, input.Transactions, "NO"); len(got) != 0 {
		t.Errorf("NO kept: %v", got)
	}
	if got := d.Countries(input.Transactions); !slices.Equal(got, []string{"DK", "NO", "SE"}) {
		t.Errorf("countries = %v", got)
	}
	if got := d.Seen(input.Transactions); !maps.Equal(got, map[string]int64{"DK": 0, "NO": 7, "SE": 10}) {
		t.Errorf("seen = %v", got)
	}
	if got := d.Countries(input.Complaints); len(got) != 0 {
		t.Errorf("countries with complaints = %v", got)
	}
}

// TestSortedAndKeys checks the order of Sorted (by name, whatever the
// order the names came in) and that Key names a cell's fields.
func TestSortedAndKeys(t *testing.T) {
	// The second file has no category column: its category is "".
	d, err := load(t, input.Complaints,
		"month,country,channel,category,complaints\n2019-02,SE,arn,b,1\n2019-01,SE,arn,b,2\n2019-01,NO,fi,a,3\n2019-01,SE,arn,a,4\n",
		"month,country,channel,complaints\n2019-01,SE,arn,5\n")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range d.Sorted(input.Complaints, nil) {
		k := d.Key(c.Cell)
		got = append(got, fmt.Sprintf("%s %s %s %q %d", k.Month, k.Country, k.Channel, k.Category, c.Count))
	}
	want := []string{
		`2019-01 NO finansinspektionen "a" 3`,
		`2019-01 SE arn "" 5`,
		`2019-01 SE arn "a" 4`,
		`2019-01 SE arn "b" 2`,
		`2019-02 SE arn "b" 1`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("sorted:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Renamed, "" sorts as "z", after b.
	got = got[:0]
	for _, c := range d.Sorted(input.Complaints, func(s string) string { return cmp.Or(s, "z") }) {
		got = append(got, d.Key(c.Cell).Category)
	}
	if !slices.Equal(got, []string{"a", "a", "b", "", "b"}) {
		t.Errorf("renamed order = %q", got)
	}
}
