package published

import (
	"errors"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/period"
)

func source(content string) input.Source {
	return input.Source{Name: "published.csv", Open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(content)), nil
	}}
}

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in        string
		want      string // exact value as a fraction
		precision int
	}{
		{"33", "33/1", 0},
		{"33.0", "33/1", 1},
		{"33,0", "33/1", 1}, // decimal comma
		{"84.05", "1681/20", 2},
		{"010", "10/1", 0}, // decimal, not octal
		{"0", "0/1", 0},
		{"999967", "999967/1", 0},
		{"5.0", "5/1", 1},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, precision, err := ParseDecimal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want || precision != tt.precision {
				t.Errorf("ParseDecimal(%q) = %s, %d decimals; want %s, %d", tt.in, got, precision, tt.want, tt.precision)
			}
		})
	}
}

func TestParseDecimalRefuses(t *testing.T) {
	tests := []struct{ in, reason string }{
		{"", "empty value"},
		{"-1", "negative"},
		{"-abc", "not a decimal number"},
		{"+1", "not a decimal number"},
		{"33.", "not a decimal number"},
		{".5", "not a decimal number"},
		{"1e3", "not a decimal number"},
		{"84.0%", "not a decimal number"},
		{"1,234.5", "not a decimal number"},
		{"1 234", "not a decimal number"},
		{"0x10", "not a decimal number"},
		{"1/2", "not a decimal number"},
		{"abc", "not a decimal number"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, _, err := ParseDecimal(tt.in)
			if err == nil || err.Error() != tt.reason {
				t.Errorf("ParseDecimal(%q) = %v, %v; want the error %q", tt.in, got, err, tt.reason)
			}
		})
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in, want string
		isYear   bool
	}{
		{"2019-03", "2019-03", false},
		{"2019", "2019", true},
		{"2020-12", "2020-12", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParsePeriod(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if p.String() != tt.want || p.IsYear != tt.isYear {
				t.Errorf("ParsePeriod(%q) = %s (year %v), want %s (year %v)", tt.in, p, p.IsYear, tt.want, tt.isYear)
			}
		})
	}
	refused := []struct{ in, reason string }{
		{"2019-13", "month 13 does not exist"},
		{"2019-00", "month 00 does not exist"},
		{"2019-3", "not a month or a year"},
		{"19", "not a month or a year"},
		{"2019/03", "not a month or a year"},
		{"2019-03-01", "not a month or a year"},
		{"2019-Q1", "not a month or a year"},
		{"", "empty period"},
	}
	for _, tt := range refused {
		t.Run("refuses "+tt.in, func(t *testing.T) {
			if p, err := ParsePeriod(tt.in); err == nil || err.Error() != tt.reason {
				t.Errorf("ParsePeriod(%q) = %s, %v; want the error %q", tt.in, p, err, tt.reason)
			}
		})
	}
}

func TestRead(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []Figure // File is always published.csv; Value compared with Text
	}{
		{"full columns", "metric,period,value,country,channel\nrate,2019-01,46,SE,\ncomplaints,2019-12,58,se,external\n",
			[]Figure{
				{Line: 2, Metric: "rate", Period: Period{Month: period.MonthOf(2019, 1), Year: 2019}, Text: "46", Precision: 0, Country: "SE"},
				{Line: 3, Metric: "complaints", Period: Period{Month: period.MonthOf(2019, 12), Year: 2019}, Text: "58", Country: "SE", Channel: "external"},
			}},
		{"required columns only, any order, case and spaces", " Value ,PERIOD,Metric\n33.0,2019,rate\n",
			[]Figure{{Line: 2, Metric: "rate", Period: Period{Year: 2019, IsYear: true}, Text: "33.0", Precision: 1}}},
		{"other columns ignored", "metric,period,value,source\nrate,2019,33,press release\n",
			[]Figure{{Line: 2, Metric: "rate", Period: Period{Year: 2019, IsYear: true}, Text: "33"}}},
		{"Swedish Excel: BOM, semicolons, decimal comma, CRLF", "\uFEFFmetric;period;value\r\ncsat_percent;2020-01;84,0\r\n",
			[]Figure{{Line: 2, Metric: "csat_percent", Period: Period{Month: period.MonthOf(2020, 1), Year: 2020}, Text: "84,0", Precision: 1}}},
		{"tabs", "metric\tperiod\tvalue\nrate\t2019-05\t39\n",
			[]Figure{{Line: 2, Metric: "rate", Period: Period{Month: period.MonthOf(2019, 5), Year: 2019}, Text: "39"}}},
		{"quoted decimal comma in a comma file", "metric,period,value\ndsat_percent,2020-04,\"5,0\"\n",
			[]Figure{{Line: 2, Metric: "dsat_percent", Period: Period{Month: period.MonthOf(2020, 4), Year: 2020}, Text: "5,0", Precision: 1}}},
		{"unknown metric is read (verify judges it)", "metric,period,value\nNPS,2019,12\n",
			[]Figure{{Line: 2, Metric: "nps", Period: Period{Year: 2019, IsYear: true}, Text: "12"}}},
		{"physical lines after a multi-line field", "metric,period,value,channel\nrate,2019-01,46,\"a\nb\"\nrate,2019-02,43,\n",
			[]Figure{
				{Line: 2, Metric: "rate", Period: Period{Month: period.MonthOf(2019, 1), Year: 2019}, Text: "46", Channel: "a\nb"},
				{Line: 4, Metric: "rate", Period: Period{Month: period.MonthOf(2019, 2), Year: 2019}, Text: "43"},
			}},
		{"Windows-1252 channel", "metric;period;value;channel\ncomplaints;2019-12;9;Allm\xe4nna reklamationsn\xe4mnden\n",
			[]Figure{{Line: 2, Metric: "complaints", Period: Period{Month: period.MonthOf(2019, 12), Year: 2019}, Text: "9", Channel: "Allmänna reklamationsnämnden"}}},
		{"Excel sep= line and padding rows", "sep=;\nmetric;period;value;;\nrate;2019;33;;\n;;;;\n",
			[]Figure{{Line: 3, Metric: "rate", Period: Period{Year: 2019, IsYear: true}, Text: "33"}}},
		{"header only: no figures", "metric,period,value\n", []Figure{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(source(tt.content))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("read %d figures, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				wantValue, _, err := ParseDecimal(strings.Replace(w.Text, ",", ".", 1))
				if err != nil {
					t.Fatal(err)
				}
				if g.File != "published.csv" || g.Line != w.Line || g.Metric != w.Metric || g.Period != w.Period ||
					g.Text != w.Text || g.Precision != w.Precision || g.Country != w.Country || g.Channel != w.Channel ||
					g.Value.Cmp(wantValue) != 0 {
					t.Errorf("figure %d = %+v (value %s)\n      want %+v (value %s)", i, g, g.Value, w, wantValue)
				}
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, content string
		want          string // the whole message: file, line, column, value, reason
	}{
		{"empty value", "metric,period,value\nrate,2019-01,46\nrate,2019-02,\n",
			`published.csv:3: column 3 (value): "": empty value`},
		{"value with a sign", "metric,period,value\nrate,2019-01,-46\n",
			`published.csv:2: column 3 (value): "-46": negative`},
		{"percent sign", "metric;period;value\ncsat_percent;2020-01;84,0 %\n",
			`published.csv:2: column 3 (value): "84,0 %": not a decimal number`},
		{"bad period", "period,metric,value\n2019-13,rate,46\n",
			`published.csv:2: column 1 (period): "2019-13": month 13 does not exist`},
		{"quarter", "metric,period,value\nrate,2019-Q1,46\n",
			`published.csv:2: column 2 (period): "2019-Q1": not a month or a year`},
		{"empty metric", "metric,period,value\n,2019-01,46\n",
			`published.csv:2: column 1 (metric): "": empty metric`},
		{"unquoted decimal comma in a comma file", "metric,period,value\ncsat_percent,2020-01,84,0\n",
			`published.csv:2: the row has 4 fields, the header has 3`},
		{"missing value column", "metric,period,figure\nrate,2019,33\n",
			`published.csv:1: no value column; the header has: metric, period, figure`},
		{"repeated column", "metric,period,value,Value\nrate,2019,33,34\n",
			`published.csv:1: column 4: "Value": column value is also column 3`},
		// A country as the data's country column reads it: a figure for
		// UK was a mismatch saying the data has no rows for UK, where the
		// data can only hold GB.
		{"UK for GB", "metric,period,value,country\ncomplaints,2019-01,3,uk\n",
			`published.csv:2: column 4 (country): "uk": not an ISO 3166 country code`},
		{"a country's name", "metric,period,value,country\nrate,2019-01,33,Sverige\n",
			`published.csv:2: column 4 (country): "Sverige": not a two-letter country code`},
		{"empty file", "",
			`published.csv: the file is empty`},
		// Values verify's report prints: nothing that could drive the
		// terminal it is shown on.
		{"escape sequence in a channel", "metric,period,value,country,channel\ncomplaints,2019-01,5,SE,\x1b]0;pwned\x07kundservice\n",
			`published.csv:2: column 5 (channel): "\x1b]0;pwned\akundservice": a control character (U+001B ESC) in the value`},
		{"escape sequence in a country", "metric,period,value,country\nrate,2019-01,33,S\x1b[31mE\n",
			`published.csv:2: column 4 (country): "S\x1b[31mE": a control character (U+001B ESC) in the value`},
		{"C1 control in a metric", "metric,period,value\nra\u009bte,2019-01,1\n",
			`published.csv:2: column 1 (metric): "ra\u009bte": a control character (U+009B CSI) in the value`},
		// Quoting errors come from pkg/input's reader, which words them:
		// only the file and line the quote opens on are checked here.
		{"unterminated quote", "metric,period,value\nrate,2019,\"33\nrate,2018,40\n",
			`published.csv:2: `},
		{"line after a multi-line field", "metric,period,value,channel\nrate,2019-01,46,\"a\nb\"\nrate,2019-02,4x,\n",
			`published.csv:4: column 3 (value): "4x": not a decimal number`},
		// A stray quote: from a stream its column, not its value
		// (TestReadBareQuote reads a file).
		{"bare quote", "metric,period,value\nrate,2019-01,4\"6\n",
			`published.csv:2: column 3 (value): a quote inside an unquoted field, at byte 15 of the line`},
		{"bare quote in the header", "metric,per\"iod,value\nrate,2019-01,46\n",
			`published.csv:1: column 2: a quote inside an unquoted field, at byte 11 of the line`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(source(tt.content))
			var de *input.DataError
			if !errors.As(err, &de) {
				t.Fatalf("error = %v, want a DataError", err)
			}
			if got := err.Error(); got != tt.want && !(strings.HasSuffix(tt.want, ": ") && strings.HasPrefix(got, tt.want)) {
				t.Errorf("error = %s\n           want %s", err, tt.want)
			}
			if de.Hint == "" {
				t.Errorf("no hint for %s", err)
			}
		})
	}
}

// TestReadBareQuote: a stray quote in a figures file is refused with its
// column, its name and the field as written, the file read again for it.
func TestReadBareQuote(t *testing.T) {
	path := filepath.Join(t.TempDir(), "published.csv")
	if err := os.WriteFile(path, []byte("metric;period;value;channel\r\nrate;2019-01;\"4;6\";\"a\r\nb\"\r\nrate;2019-02;4\"6;x\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Read(input.Source{Name: "published.csv", Open: func() (io.ReadCloser, error) { return os.Open(path) }})
	want := `published.csv:4: column 3 (value): "4\"6": a quote inside an unquoted field`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\n want %s", err, want)
	}
}

func TestReadOpenError(t *testing.T) {
	src := input.Source{Name: "missing.csv", Open: func() (io.ReadCloser, error) { return nil, errors.New("no such file") }}
	_, err := Read(src)
	if err == nil || err.Error() != "missing.csv: cannot read: no such file" {
		t.Errorf("error = %v, want missing.csv: cannot read: no such file", err)
	}
}

// The exact value of a figure is the decimal as written.
func TestValueIsExact(t *testing.T) {
	figs, err := Read(source("metric,period,value\ncsat_percent,2020-05,85.0\ndsat_percent,2020-05,\"5,3\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if figs[0].Value.Cmp(big.NewRat(85, 1)) != 0 || figs[1].Value.Cmp(big.NewRat(53, 10)) != 0 {
		t.Errorf("values = %s, %s; want 85, 53/10", figs[0].Value, figs[1].Value)
	}
}

// TestReadPerMetric reads the shape the programme publishes its tables in:
// a period column and a column per metric, each non-empty cell a figure
// with its own line and column.
func TestReadPerMetric(t *testing.T) {
	month := func(y, m int) Period { return Period{Month: period.MonthOf(y, m), Year: y} }
	year := func(y int) Period { return Period{Year: y, IsYear: true} }
	tests := []struct {
		name    string
		content string
		want    []Figure // File is always published.csv; Value compared with Text
	}{
		{"complaints_per_million.csv: months and years", "period,rate\n2018-12,22\n2018,40\n2019-01,46\n",
			[]Figure{
				{Line: 2, Column: 2, ValueName: "rate", Metric: "rate", Period: month(2018, 12), Text: "22"},
				{Line: 3, Column: 2, ValueName: "rate", Metric: "rate", Period: year(2018), Text: "40"},
				{Line: 4, Column: 2, ValueName: "rate", Metric: "rate", Period: month(2019, 1), Text: "46"},
			}},
		{"external_complaints.csv: the authority is the channel", "month,authority,complaints\n2019-12,konsumentverket,28\n2019-12,arn,9\n",
			[]Figure{
				{Line: 2, Column: 3, ValueName: "complaints", Metric: "complaints", Period: month(2019, 12), Text: "28", Channel: "konsumentverket"},
				{Line: 3, Column: 3, ValueName: "complaints", Metric: "complaints", Period: month(2019, 12), Text: "9", Channel: "arn"},
			}},
		{"external_complaints_published_totals.csv: no channel", "month,complaints\n2019-12,58\n",
			[]Figure{{Line: 2, Column: 2, ValueName: "complaints", Metric: "complaints", Period: month(2019, 12), Text: "58"}}},
		{"csat_dsat.csv: two figures a row", "month,csat_percent,dsat_percent\n2020-01,84.0,4.4\n2020-02,86.3,3.7\n",
			[]Figure{
				{Line: 2, Column: 2, ValueName: "csat_percent", Metric: "csat_percent", Period: month(2020, 1), Text: "84.0", Precision: 1},
				{Line: 2, Column: 3, ValueName: "dsat_percent", Metric: "dsat_percent", Period: month(2020, 1), Text: "4.4", Precision: 1},
				{Line: 3, Column: 2, ValueName: "csat_percent", Metric: "csat_percent", Period: month(2020, 2), Text: "86.3", Precision: 1},
				{Line: 3, Column: 3, ValueName: "dsat_percent", Metric: "dsat_percent", Period: month(2020, 2), Text: "3.7", Precision: 1},
			}},
		{"a year column, case and spaces, any order", " RATE ,Year,Transactions\n33,2019,61948651\n",
			[]Figure{
				{Line: 2, Column: 1, ValueName: "rate", Metric: "rate", Period: year(2019), Text: "33"},
				{Line: 2, Column: 3, ValueName: "transactions", Metric: "transactions", Period: year(2019), Text: "61948651"},
			}},
		{"country and channel columns", "month,country,channel,complaints\n2019-12,se,external,52\n2019-12,,IMY,6\n",
			[]Figure{
				{Line: 2, Column: 4, ValueName: "complaints", Metric: "complaints", Period: month(2019, 12), Text: "52", Country: "SE", Channel: "external"},
				{Line: 3, Column: 4, ValueName: "complaints", Metric: "complaints", Period: month(2019, 12), Text: "6", Channel: "IMY"},
			}},
		// The published tables have gaps: an empty cell is a figure not
		// published, and a row of empty cells publishes nothing.
		{"gaps", "month,csat_percent,dsat_percent\n2020-01,84.0,\n2020-02,, \n2020-03,,3.7\n",
			[]Figure{
				{Line: 2, Column: 2, ValueName: "csat_percent", Metric: "csat_percent", Period: month(2020, 1), Text: "84.0", Precision: 1},
				{Line: 4, Column: 3, ValueName: "dsat_percent", Metric: "dsat_percent", Period: month(2020, 3), Text: "3.7", Precision: 1},
			}},
		{"Excel sep= line", "sep=;\nperiod;rate\n2019;33\n",
			[]Figure{{Line: 3, Column: 2, ValueName: "rate", Metric: "rate", Period: year(2019), Text: "33"}}},
		{"Swedish Excel: semicolons, decimal comma, padding columns and rows", "\uFEFFmonth;csat_percent;dsat_percent;;\r\n2020-01;84,0;4,4;;\r\n;;;;\r\n",
			[]Figure{
				{Line: 2, Column: 2, ValueName: "csat_percent", Metric: "csat_percent", Period: month(2020, 1), Text: "84,0", Precision: 1},
				{Line: 2, Column: 3, ValueName: "dsat_percent", Metric: "dsat_percent", Period: month(2020, 1), Text: "4,4", Precision: 1},
			}},
		{"physical lines after a multi-line field", "month,channel,complaints\n2019-01,\"a\nb\",5\n2019-02,arn,3\n",
			[]Figure{
				{Line: 3, Column: 3, ValueName: "complaints", Metric: "complaints", Period: month(2019, 1), Text: "5", Channel: "a\nb"},
				{Line: 4, Column: 3, ValueName: "complaints", Metric: "complaints", Period: month(2019, 2), Text: "3", Channel: "arn"},
			}},
		{"header only: no figures", "period,rate\n", []Figure{}},
		{"every cell empty: no figures", "month,csat_percent,dsat_percent\n2020-01,,\n2020-02,,\n", []Figure{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(source(tt.content))
			if err != nil {
				t.Fatal(err)
			}
			if got == nil || len(got) != len(tt.want) {
				t.Fatalf("read %d figures (nil %v), want %d: %+v", len(got), got == nil, len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				wantValue, _, err := ParseDecimal(strings.Replace(w.Text, ",", ".", 1))
				if err != nil {
					t.Fatal(err)
				}
				if g.File != "published.csv" || g.Line != w.Line || g.Column != w.Column || g.ValueName != w.ValueName ||
					g.Metric != w.Metric || g.Period != w.Period || g.Text != w.Text || g.Precision != w.Precision ||
					g.Country != w.Country || g.Channel != w.Channel || g.Value.Cmp(wantValue) != 0 {
					t.Errorf("figure %d = %+v (value %s)\n      want %+v (value %s)", i, g, g.Value, w, wantValue)
				}
			}
		})
	}
}

// TestReadLongShapeColumn: a file of one figure a row names its value
// column value, the column an error about the value names.
func TestReadLongShapeColumn(t *testing.T) {
	figs, err := Read(source("period,metric,country,value\n2019,rate,SE,33\n"))
	if err != nil {
		t.Fatal(err)
	}
	if f := figs[0]; f.Column != 4 || f.ValueName != ColValue || f.Line != 2 {
		t.Errorf("figure at line %d, column %d (%s); want line 2, column 4 (value)", f.Line, f.Column, f.ValueName)
	}
}

// TestReadLongShapeAuthority: in the long shape too, an authority column is
// the channel (it was ignored: one authority's complaints were checked
// against every channel's); beside a channel column, or a column named after
// a metric beside the metric column (never checked), it is refused.
func TestReadLongShapeAuthority(t *testing.T) {
	figs, err := Read(source("metric,period,value,authority\ncomplaints,2019-12,9,arn\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) != 1 || figs[0].Channel != "arn" {
		t.Errorf("figures %+v, want one of channel arn", figs)
	}
	for _, tt := range []struct{ content, want string }{
		{"metric,period,value,authority,channel\ncomplaints,2019-12,9,arn,\n",
			`published.csv:1: column 4: "authority": columns channel and authority both name the channel`},
		{"metric,period,value,Rate\nrate,2019-12,24,99\n",
			`published.csv:1: column 4: "Rate": a column named after a metric beside the metric column, whose figures would not be checked`},
	} {
		if _, err := Read(source(tt.content)); err == nil || err.Error() != tt.want {
			t.Errorf("%q: error %v, want %s", tt.content, err, tt.want)
		}
	}
}

// TestReadPerMetricErrors: every refusal names file, line, column and value,
// with a hint. A column that names no metric is refused, not ignored: a
// misspelt metric would check nothing and pass.
func TestReadPerMetricErrors(t *testing.T) {
	const known = "rate, satisfied_per_million, transactions, complaints, csat_percent, dsat_percent"
	tests := []struct {
		name, content string
		want          string // the whole message
		hint          string // a part of the hint
	}{
		{"misspelt metric", "month,csat,dsat_percent\n2020-01,84.0,4.4\n",
			`published.csv:1: column 2: "csat": no metric of that name: verify knows ` + known, "name each column of figures after its metric"},
		{"a column as a page heads it", "month;CSAT %;DSAT %\n2020-01;84,0;4,4\n",
			`published.csv:1: column 2: "CSAT %": no metric of that name: verify knows ` + known, "or write one figure a row: metric,period,value,country,channel"},
		{"a value column without a metric column", "period,value\n2019,33\n",
			`published.csv:1: column 2: "value": no metric of that name: verify knows ` + known, "metric,period,value"},
		{"the programme's targets", "year,baseline,target,actual\n2019,40,36,33\n",
			`published.csv:1: column 2: "baseline": no metric of that name: verify knows ` + known, "delete the column"},
		{"rate --layout wide -o csv", "year,Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec,full_year,months_covered\n2019,46,43,39,30,39,40,43,23,30,31,17,24,33,12\n",
			`published.csv:1: column 2: "Jan": a column of the layout rate and csat --layout wide write (a row per year, a month a column), which verify does not read`,
			"verify reads one figure a row (metric,period,value,country,channel) or a period column and a column per metric (period,rate or month,authority,complaints): a row per month (2019-03) or year (2019), not a column per month"},
		{"csat --layout wide -o csv", "year,measure,Jan,Feb\n2020,CSAT,84.0,86.3\n",
			`published.csv:1: column 3: "Jan": a column of the layout rate and csat --layout wide write (a row per year, a month a column), which verify does not read`, "verify reads one figure a row"},
		{"a full-year column", "year,rate,full_year\n2019,33,33\n",
			`published.csv:1: column 3: "full_year": a column of the layout rate and csat --layout wide write (a row per year, a month a column), which verify does not read`, "verify reads"},
		{"two period columns", "period,rate,Month\n2019-01,46,2019-01\n",
			`published.csv:1: column 3: "Month": columns period and month both name the period`, "keep one period column"},
		{"no period column", "rate,country\n46,SE\n",
			`published.csv:1: no period column (period, month or year); the header has: rate, country`, "period, month or year"},
		{"a Swedish period column", "månad,rate\n2019-01,46\n",
			`published.csv:1: column 1: "månad": no metric of that name: verify knows ` + known, "period, month or year"},
		{"no metric column", "month,authority\n2019-01,arn\n",
			`published.csv:1: no metric column; the header has: month, authority`, "the metrics are " + known},
		{"channel and authority", "month,channel,complaints,Authority\n2019-01,,5,arn\n",
			`published.csv:1: column 4: "Authority": columns channel and authority both name the channel`, "keep one"},
		{"repeated metric", "month,rate,Rate\n2019-01,46,46\n",
			`published.csv:1: column 3: "Rate": column rate is also column 2`, "keep one column of each name"},
		{"bad value", "month,csat_percent,dsat_percent\n2020-01,84.0,4.4\n2020-02,86.3,3.7 %\n",
			`published.csv:3: column 3 (dsat_percent): "3.7 %": not a decimal number`, "without spaces, signs, % or thousands separators"},
		{"negative value", "period,rate\n2019,-33\n",
			`published.csv:2: column 2 (rate): "-33": negative`, "write the value as published"},
		{"unquoted decimal comma in a comma file", "month,csat_percent\n2020-01,84,0\n",
			`published.csv:2: the row has 3 fields, the header has 2`, "quote a value with a decimal comma"},
		{"bad month", "month,complaints\n2019-13,5\n",
			`published.csv:2: column 1 (month): "2019-13": month 13 does not exist`, "want a month (2019-03) or a year (2019)"},
		{"empty period", "year,rate\n,33\n",
			`published.csv:2: column 1 (year): "": empty period`, "want a month (2019-03) or a year (2019)"},
		{"a country's name", "month,country,rate\n2019-01,Sverige,46\n",
			`published.csv:2: column 2 (country): "Sverige": not a two-letter country code`, "or leave the country empty for --country's"},
		{"a value under no name", "month,rate,\n2019-01,46,47\n",
			`published.csv:2: column 3: "47": a value in a column without a name`, "name the column after the metric it holds"},
		{"escape sequence in an authority", "month,authority,complaints\n2019-01,\x1b[31marn,5\n",
			`published.csv:2: column 2 (authority): "\x1b[31marn": a control character (U+001B ESC) in the value`, "control character"},
		{"line after a multi-line field", "month,channel,complaints\n2019-01,\"a\nb\",4x\n",
			`published.csv:3: column 3 (complaints): "4x": not a decimal number`, "write the value as published"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			figs, err := Read(source(tt.content))
			var de *input.DataError
			if !errors.As(err, &de) {
				t.Fatalf("error = %v (figures %+v), want a DataError", err, figs)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %s\n           want %s", err, tt.want)
			}
			if !strings.Contains(de.Hint, tt.hint) {
				t.Errorf("hint = %q, want it to say %q", de.Hint, tt.hint)
			}
		})
	}
}

// TestMetrics: IsMetric knows exactly Metrics, and they are lower case (a
// header is read in lower case).
func TestMetrics(t *testing.T) {
	for _, m := range Metrics {
		if !IsMetric(m) || m != strings.ToLower(m) {
			t.Errorf("metric %q: IsMetric %v", m, IsMetric(m))
		}
	}
	for _, name := range []string{"", "csat", "value", "period", "Rate", "complaints_per_million"} {
		if IsMetric(name) {
			t.Errorf("IsMetric(%q) = true", name)
		}
	}
}
