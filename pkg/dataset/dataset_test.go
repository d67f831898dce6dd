package dataset

import (
	"io"
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

func TestTotalsCannotOverflow(t *testing.T) {
	_, err := load(t, input.Transactions,
		"month,transactions\n2019-01,9223372036854775807\n",
		"month,transactions\n2020-01,1\n")
	if err == nil || !strings.Contains(err.Error(), "f1.csv: the transactions add up beyond 9223372036854775807") {
		t.Fatalf("error = %v", err)
	}
}
