package input

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/period"
)

func TestParseColumnMap(t *testing.T) {
	m, err := ParseColumnMap([]string{"period=created_at", " Count = f0_ ", "complaints.channel=Kanal", "complaints.count=none", "surveys.score=betyg", "transactions.country=None"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		kind Kind
		want map[Role]string
	}{
		{Transactions, map[Role]string{RolePeriod: "created_at", RoleCount: "f0_", RoleCountry: NoColumn}},
		// The kind's own setting wins over the one for every kind.
		{Complaints, map[Role]string{RolePeriod: "created_at", RoleCount: NoColumn, RoleChannel: "Kanal"}},
		{Surveys, map[Role]string{RolePeriod: "created_at", RoleCount: "f0_", RoleScore: "betyg"}},
	}
	for _, tt := range tests {
		if got := m.For(tt.kind); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("For(%s) = %v, want %v", tt.kind, got, tt.want)
		}
	}
	// channel for every kind applies to complaints only.
	m, err = ParseColumnMap([]string{"channel=kanal"})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.For(Transactions); len(got) != 0 {
		t.Errorf("transactions get %v", got)
	}

	bad := []struct{ items, want string }{
		{"period", `"period" is not ROLE=COLUMN`},
		{"period=", `"period=" is not ROLE=COLUMN`},
		{"amount=belopp", `unknown role "amount" (want period, country, count, channel, category, score)`},
		{"purchases.count=n", `unknown kind "purchases"`},
		{"transactions.channel=kanal", `transactions files have no channel column (their roles: period, country, count)`},
		{"channel=none", `only the count (each row one event) and the country (every row --country's) can be none`},
		{"count=a|count=b", `count is mapped twice, to a and to b`},
	}
	for _, tt := range bad {
		_, err := ParseColumnMap(strings.Split(tt.items, "|"))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseColumnMap(%s) = %v, want an error with %q", tt.items, err, tt.want)
		}
	}
}

func TestParseHeaders(t *testing.T) {
	h, err := ParseHeaders([]string{"timestamp, country", "complaints=date,channel", `surveys="a,b",score`})
	if err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[Kind][]string{
		Transactions: {"timestamp", "country"},
		Complaints:   {"date", "channel"},
		Surveys:      {"a,b", "score"},
	} {
		if got := h.For(kind); !reflect.DeepEqual(got, want) {
			t.Errorf("For(%s) = %q, want %q", kind, got, want)
		}
	}
	if h, _ := ParseHeaders(nil); h.For(Transactions) != nil {
		t.Error("no setting gives a header")
	}
	for _, bad := range [][]string{{"a,b", "c,d"}, {"complaints=a", "complaints=b"}, {`"a`}, {"transactions="}} {
		if _, err := ParseHeaders(bad); err == nil {
			t.Errorf("ParseHeaders(%q) accepted", bad)
		}
	}
}

// readWithConfig reads content as kind with cfg, by the general reader and
// (ReadSummed) the fast path, and fails when they differ.
func readWithConfig(t *testing.T, kind Kind, content string, cfg Config) ([]Row, FileStats, error) {
	t.Helper()
	compareReaders(t, "in.csv", []byte(content), kind, cfg)
	var rows []Row
	stats, err := Read(stringSource("in.csv", content), kind, cfg, func(r *Row) error {
		rows = append(rows, *r)
		return nil
	})
	return rows, stats, err
}

func withColumns(t *testing.T, items ...string) Config {
	t.Helper()
	cfg := testConfig(t)
	m, err := ParseColumnMap(items)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Columns = m
	return cfg
}

func withHeaders(t *testing.T, cfg Config, items ...string) Config {
	t.Helper()
	h, err := ParseHeaders(items)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Headers = h
	return cfg
}

func TestColumnsSetting(t *testing.T) {
	feb, mar := period.MonthOf(2019, 2), period.MonthOf(2019, 3)
	tests := []struct {
		name    string
		kind    Kind
		cfg     Config
		content string
		want    []Row
	}{
		{"SELECT * export", Transactions, withColumns(t, "period=created_at"),
			"id,created_at,amount,country\n7,2019-01-31T23:30:00Z,100,SE\n",
			[]Row{{Month: feb, Country: "SE", Channel: "unspecified", Count: 1}}},
		{"BigQuery f0_", Transactions, withColumns(t, "transactions.count=f0_"),
			"month,country,f0_\n2019-03,SE,4286139\n",
			[]Row{{Month: mar, Country: "SE", Channel: "unspecified", Count: 4286139}}},
		{"mapped wins over an accepted name", Complaints, withColumns(t, "period=received_at", "channel=Kanal"),
			"date,received_at,kanal,channel\n2019-01-01,2019-03-01,imy,fax\n",
			[]Row{{Month: mar, Country: "SE", Channel: "datainspektionen", Category: "", Count: 1}}},
		{"case and spaces of the name", Transactions, withColumns(t, "count=Count(1)"),
			"month, COUNT(1) \n2019-03,5\n",
			[]Row{{Month: mar, Country: "SE", Channel: "unspecified", Count: 5}}},
		{"country=Ctry", Transactions, withColumns(t, "transactions.country=Ctry"),
			"month,ctry,transactions\n2019-03,NO,5\n",
			[]Row{{Month: mar, Country: "NO", Channel: "unspecified", Count: 5}}},
		{"country=none", Transactions, withColumns(t, "country=none"),
			"month,ctry,transactions\n2019-03,NO,5\n",
			[]Row{{Month: mar, Country: "SE", Channel: "unspecified", Count: 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, _, err := readWithConfig(t, tt.kind, tt.content, tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rows, tt.want) {
				t.Errorf("rows %+v, want %+v", rows, tt.want)
			}
		})
	}
}

// TestCountryNames: the country column under the names exports and
// Swedish sheets give it is read as the country.
func TestCountryNames(t *testing.T) {
	mar := period.MonthOf(2019, 3)
	for _, name := range []string{"country", "Land", "landskod", "country_code", "CountryCode", " Country Code "} {
		t.Run(name, func(t *testing.T) {
			rows, _, err := readWithConfig(t, Complaints, "month,"+name+",complaints\n2019-03,no,5\n2019-03,DK,7\n", testConfig(t))
			if err != nil {
				t.Fatal(err)
			}
			want := []Row{{Month: mar, Country: "NO", Channel: "unspecified", Count: 5}, {Month: mar, Country: "DK", Channel: "unspecified", Count: 7}}
			if !reflect.DeepEqual(rows, want) {
				t.Errorf("rows %+v, want %+v", rows, want)
			}
		})
	}
	// country is the country beside another name.
	rows, _, err := readWithConfig(t, Transactions, "month,land,country\n2019-03,NO,FI\n", testConfig(t))
	if err != nil || len(rows) != 1 || rows[0].Country != "FI" {
		t.Errorf("land beside country: %+v, %v", rows, err)
	}
}

func TestHeaderSetting(t *testing.T) {
	cfg := withHeaders(t, testConfig(t), "complaints=timestamp,country,channel", "timestamp,country")
	// PostgreSQL's COPY … CSV: no header line; +00 is UTC.
	rows, stats, err := readWithConfig(t, Transactions, "2019-01-31 23:30:00+00,se\n\n2019-12-31 23:30:00.5+00,SE\n", cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{Month: period.MonthOf(2019, 2), Country: "SE", Channel: "unspecified", Count: 1},
		{Month: period.MonthOf(2020, 1), Country: "SE", Channel: "unspecified", Count: 1},
	}
	if !reflect.DeepEqual(rows, want) || stats.Rows != 2 {
		t.Errorf("rows %+v (%d), want %+v", rows, stats.Rows, want)
	}
	rows, _, err = readWithConfig(t, Complaints, "2019-03-31T01:30:00Z,NO,arn\n", cfg)
	if err != nil || len(rows) != 1 || rows[0].Channel != "arn" || rows[0].Country != "NO" {
		t.Errorf("complaints: %+v, %v", rows, err)
	}
	// A workbook without a header row: rows as wide as the header given.
	book := workbook(t, false, sheet{name: "Blad1", rows: [][]any{{"2019-03", "SE", 5}, {"2019-04", "SE"}}})
	cfg = withHeaders(t, withColumns(t, "count=none"), "month,country,-")
	rows, _, err = readRows(t, bytesSource("tx.xlsx", book), Transactions, cfg)
	if err != nil || len(rows) != 2 || rows[1].Month != period.MonthOf(2019, 4) {
		t.Errorf("workbook: %+v, %v", rows, err)
	}
}

func withDelimiter(cfg Config, d rune) Config {
	cfg.Delimiter = d
	return cfg
}

func TestFirstRowChecks(t *testing.T) {
	tests := []struct {
		name    string
		kind    Kind
		cfg     Config
		content string
		want    string // the whole error message
		hint    string // a part of the hint
	}{
		{"headerless PostgreSQL COPY", Transactions, testConfig(t),
			"2019-10-27 01:24:45.236+00,se\n",
			`in.csv:1: column 1: "2019-10-27 01:24:45.236+00": the first line is data, not a header: this value is a period`,
			"--header timestamp,country (or transactions=timestamp,country"},
		{"headerless Redshift UNLOAD, id first", Complaints, withDelimiter(testConfig(t), '|'),
			"17|2019-01-31 23:30:00|SE|kundservice\n",
			`in.csv:1: column 2: "2019-01-31 23:30:00": the first line is data, not a header: this value is a period`,
			"--header -,timestamp,country,channel (or complaints=-,timestamp,country,channel"},
		{"headerless count rows", Transactions, testConfig(t),
			"2019-01,SE,4286139\n",
			`in.csv:1: column 1: "2019-01": the first line is data, not a header: this value is a period`,
			"--header month,country,count "},
		{"a wide table is not data", Transactions, testConfig(t),
			"country,2019-01,2019-02\nSE,1,2\n",
			`in.csv:1: no period column; the header has: country, 2019-01, 2019-02`, "--columns period=NAME"},
		{"header line, though --header", Transactions, withHeaders(t, testConfig(t), "timestamp,country"),
			"timestamp,country\n2019-01-01T00:00:00Z,SE\n",
			`in.csv:1: column 1 (timestamp): "timestamp": the first line is a header, not data, though --header says transactions files have none`,
			"drop --header for transactions files"},
		{"header given lacks the period", Transactions, withHeaders(t, testConfig(t), "when,country"),
			"2019-01-01,SE\n",
			`in.csv: the header given by --header: no period column; the header has: when, country`, "name it timestamp"},
		{"rows wider than the header given", Transactions, withHeaders(t, testConfig(t), "date"),
			"2019-01-01,SE\n",
			`in.csv:1: column 2: "SE": the row has 2 fields, the header given by --header has 1`, "--delimiter"},
		{"mapped column missing", Transactions, withColumns(t, "count=f0_"),
			"month,country,n\n2019-01,SE,5\n",
			`in.csv:1: no column f0_, which the columns setting reads as the count; the header has: month, country, n`,
			"transactions.count=NAME"},
		{"count=none, but a count column", Complaints, withColumns(t, "count=none"),
			"month,complaints\n2019-01,5\n",
			`in.csv:1: column 2 (complaints): "complaints": a count column, though the columns setting says complaints files have none (count=none)`,
			"transactions.count=none"},
		{"one column in two roles", Transactions, withColumns(t, "count=country"),
			"month,country\n2019-01,5\n",
			`in.csv:1: column 2 (country): "country": the column is read as both the country and the count`, "--columns"},
		{"BigQuery f0_ as events", Transactions, testConfig(t),
			"month,country,f0_\n2019-01,SE,4286139\n",
			`in.csv:2: column 3 (f0_): "4286139": the period is a month and f0_ holds a whole number, but no column is read as the count: each row would count as one event`,
			"pass --columns transactions.count=f0_; if each row really is one event, pass --columns transactions.count=none"},
		{"Spark count(1)", Complaints, testConfig(t),
			"month,channel,count(1)\n2019-01,imy,113\n",
			`in.csv:2: column 3 (count(1)): "113": the period is a month and count(1) holds a whole number, but no column is read as the count: each row would count as one event`,
			"--columns 'complaints.count=count(1)'"},
		{"DuckDB count_star() and antal", Surveys, testConfig(t),
			"month,score,count_star(),antal\n2020-01,5,24310,3\n",
			`in.csv:2: column 3 (count_star()): "24310": the period is a month and count_star() and antal hold whole numbers, but no column is read as the count: each row would count as one event`,
			"surveys.count=count_star()"},
		// Counts as spreadsheets show them are numbers all the same.
		{"grouped with spaces", Complaints, withDelimiter(testConfig(t), ';'),
			"month;country;antal\r\n2019-01;SE;1 113\r\n",
			`in.csv:2: column 3 (antal): "1 113": the period is a month and antal holds a number, but no column is read as the count: each row would count as one event`,
			"pass --columns complaints.count=antal; if each row really is one event, pass --columns complaints.count=none"},
		{"a thousands separator, quoted", Complaints, testConfig(t),
			"month,country,antal\n2019-01,SE,\"1,113\"\n",
			`in.csv:2: column 3 (antal): "1,113": the period is a month and antal holds a number, but no column is read as the count: each row would count as one event`,
			"--columns complaints.count=antal"},
		{"a decimal comma", Complaints, testConfig(t),
			"month;country;antal\n2019-01;SE;113,00\n",
			`in.csv:2: column 3 (antal): "113,00": the period is a month and antal holds a number, but no column is read as the count: each row would count as one event`,
			"--columns complaints.count=antal"},
		{"no-break spaces", Transactions, testConfig(t),
			"month,country,antal\n2019-01,SE,4\u00a0286\u00a0139\n",
			"in.csv:2: column 3 (antal): \"4\\u00a0286\\u00a0139\": the period is a month and antal holds a number, but no column is read as the count: each row would count as one event",
			"--columns transactions.count=antal"},
		{"no-break spaces in Windows-1252", Complaints, testConfig(t),
			"month;land;antal\r\n2019-01;SE;4\xa0286\xa0139\r\n",
			"in.csv:2: column 3 (antal): \"4\\u00a0286\\u00a0139\": the period is a month and antal holds a number, but no column is read as the count: each row would count as one event",
			"--columns complaints.count=antal"},
		{"a decimal point", Transactions, testConfig(t),
			"month,country,antal\n2019-01,SE,4286139.00\n",
			`in.csv:2: column 3 (antal): "4286139.00": the period is a month and antal holds a number, but no column is read as the count: each row would count as one event`,
			"--columns transactions.count=antal"},
		{"E-notation", Transactions, testConfig(t),
			"month,country,antal\n2019-01,SE,4.29E+06\n",
			`in.csv:2: column 3 (antal): "4.29E+06": the period is a month and antal holds a number, but no column is read as the count: each row would count as one event`,
			"--columns transactions.count=antal"},
		// An empty count in the first row: the first value decides.
		{"the first count empty", Complaints, testConfig(t),
			"month,country,antal\n2019-01,SE,\n2019-02,SE,\n2019-03,SE,113\n",
			`in.csv:4: column 3 (antal): "113": the period is a month and antal holds a whole number, but no column is read as the count: each row would count as one event`,
			"--columns complaints.count=antal"},
		// A count named as warehouses name one, whatever the period.
		{"BigQuery f0_ by date", Complaints, testConfig(t),
			"date,country,channel,f0_\n2019-01-01,SE,arn,3\n2019-01-02,SE,kundservice,5\n",
			`in.csv:2: column 4 (f0_): "3": f0_ is a warehouse's name for a count and holds a whole number, but no column is read as the count: each row would count as one event`,
			"pass --columns complaints.count=f0_; if each row really is one event, pass --columns complaints.count=none"},
		{"DuckDB count_star() by date", Transactions, testConfig(t),
			"date,country,count_star()\n2019-01-01,SE,4286\n",
			`in.csv:2: column 3 (count_star()): "4286": count_star() is a warehouse's name for a count and holds a whole number, but no column is read as the count: each row would count as one event`,
			"--columns 'transactions.count=count_star()'"},
		{"COUNT(*) and antal by timestamp", Surveys, testConfig(t),
			"timestamp,score,COUNT(*),Antal\n2020-01-01T10:00:00Z,5,,\n2020-01-01T11:00:00Z,4,2,1 113\n",
			`in.csv:3: column 3 (COUNT(*)): "2": COUNT(*) and Antal are warehouses' names for a count and hold numbers, but no column is read as the count: each row would count as one event`,
			"--columns 'surveys.count=COUNT(*)'"},
		// A country column under another name.
		{"ctry", Transactions, testConfig(t),
			"month,ctry,transactions\n2019-01,NO,5\n2019-01,DK,7\n",
			`in.csv:2: column 2 (ctry): "NO": ctry holds country codes, but no column is read as the country: every row would count for SE`,
			"if ctry is the country, pass --columns transactions.country=ctry; if it is not, pass --columns transactions.country=none (every row is --country's)"},
		{"kundland, the first empty", Complaints, testConfig(t),
			"date,channel,Kundland\n2019-01-01,arn,\n2019-01-02,arn,FI\n2019-01-03,arn,\n",
			`in.csv:3: column 3 (Kundland): "FI": Kundland holds country codes, but no column is read as the country: every row would count for SE`,
			"--columns complaints.country=Kundland"},
		{"country=none, but a country column", Transactions, withColumns(t, "country=none"),
			"month,Country\n2019-01,SE\n",
			`in.csv:1: column 2 (country): "Country": a country column, though the columns setting says transactions files have none (country=none)`,
			"drop country=none"},
		{"epoch seconds undeclared", Transactions, testConfig(t),
			"timestamp,country\n1548977400,SE\n",
			`in.csv:2: column 1 (timestamp): "1548977400": not a month, date or timestamp; if the digits count seconds or milliseconds since 1970, declare the period format epoch-s or epoch-ms`,
			"pass --period-format epoch-s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readWithConfig(t, tt.kind, tt.content, tt.cfg)
			var de *DataError
			if !errors.As(err, &de) {
				t.Fatalf("error = %v, want a DataError", err)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %s\n           want %s", err, tt.want)
			}
			if !strings.Contains(de.Hint, tt.hint) {
				t.Errorf("hint %q lacks %q", de.Hint, tt.hint)
			}
		})
	}
}

// TestCountCheckLetsEventsThrough: events with ids, dates or amounts, a
// pandas index, and count=none are read as events.
func TestCountCheckLetsEventsThrough(t *testing.T) {
	tests := []struct {
		name    string
		kind    Kind
		cfg     Config
		content string
		rows    int
	}{
		{"a date and an amount", Transactions, testConfig(t), "date,country,amount\n2019-01-05,SE,100\n2019-01-06,SE,7\n", 2},
		{"a month and an id", Complaints, testConfig(t), "id,month,channel\n17,2019-01,imy\n", 1},
		{"a month and a customerId", Complaints, testConfig(t), "customerId,month\n17,2019-01\n", 1},
		{"pandas' index", Transactions, testConfig(t), ",month,country\n0,2019-01,SE\n1,2019-01,SE\n", 2},
		{"count=none", Transactions, withColumns(t, "transactions.count=none"), "month,country,f0_\n2019-01,SE,1\n2019-02,SE,1\n", 2},
		{"a count column", Transactions, testConfig(t), "month,country,transactions,f0_\n2019-01,SE,5,6\n", 1},
		{"a month, then whole numbers", Transactions, testConfig(t), "timestamp,n\n2019-01-01T00:00:00Z,5\n2019-01,5\n", 2},
		{"a postcode and a version", Complaints, testConfig(t), "month,postnr,version\n2019-01,123 45,1.2.3\n", 1},
		{"text after empty values", Transactions, testConfig(t), "month,country,note\n2019-01,SE,\n2019-01,SE,late\n2019-01,SE,7\n", 3},
		{"a count name by date, count=none", Complaints, withColumns(t, "count=none"), "date,f0_\n2019-01-01,3\n", 1},
		{"codes, then a word", Transactions, testConfig(t), "month,ctry\n2019-01,NO\n2019-01,Norge\n", 2},
		{"lower-case codes", Transactions, testConfig(t), "month,språk\n2019-01,sv\n", 1},
		{"codes that are no country", Transactions, testConfig(t), "month,status\n2019-01,OK\n2019-02,EU\n", 2},
		{"country=none", Transactions, withColumns(t, "transactions.country=none"), "month,ctry\n2019-01,NO\n2019-01,DK\n", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, _, err := readWithConfig(t, tt.kind, tt.content, tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tt.rows {
				t.Errorf("%d rows, want %d", len(rows), tt.rows)
			}
		})
	}
}

// TestNaiveCounts: the timestamps without an offset are counted, by both
// paths, with those at midnight apart.
func TestNaiveCounts(t *testing.T) {
	withBlockSize(t, 64)
	content := "timestamp,country\n" +
		"2019-01-31 23:30:00,SE\n" + // naive
		"2019-01-31T23:30:00Z,SE\n" + // an instant
		"2019-02-01 00:00:00,SE\n" + // naive, at midnight
		"2019-02-01 00:00:00.000,SE\n" + // naive, at midnight
		"2019-02-01,SE\n" + // a date
		strings.Repeat("2019-02-14 12:00,SE\n", 20) // naive
	_, stats, err := readWithConfig(t, Transactions, content, testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	if stats.NaiveTimestamps != 23 || stats.NaiveAtMidnight != 2 || !stats.NaiveWithTime() {
		t.Errorf("stats %+v, want 23 naive, 2 at midnight", stats)
	}
	_, stats, _ = readWithConfig(t, Transactions, "timestamp\n2019-02-01 00:00:00\n2019-03-01 00:00\n", testConfig(t))
	if stats.NaiveTimestamps != 2 || stats.NaiveWithTime() {
		t.Errorf("midnights only: %+v", stats)
	}
}

// TestNaiveZoneMovesMonths: naive UTC read with the naive zone UTC lands in
// the months of the same instants written with Z.
func TestNaiveZoneMovesMonths(t *testing.T) {
	utc, err := period.NewBucketerWith("Europe/Stockholm", period.Options{NaiveZone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t)
	cfg.Bucketer = utc
	instants := []string{"2019-01-31 23:30:00", "2019-03-31 00:30:00", "2019-03-31 01:30:00", "2019-10-27 00:30:00", "2019-10-27 01:30:00", "2019-12-31 23:30:00"}
	naive := "timestamp\n" + strings.Join(instants, "\n") + "\n"
	withZ := "timestamp\n" + strings.ReplaceAll(strings.Join(instants, "Z\n"), " ", "T") + "Z\n"
	a, _, err := readWithConfig(t, Transactions, naive, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := readWithConfig(t, Transactions, withZ, testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("naive UTC reads as %+v, the instants as %+v", a, b)
	}
	want := []period.Month{period.MonthOf(2019, 2), period.MonthOf(2019, 3), period.MonthOf(2019, 3), period.MonthOf(2019, 10), period.MonthOf(2019, 10), period.MonthOf(2020, 1)}
	for i, r := range a {
		if r.Month != want[i] {
			t.Errorf("%s UTC is in %s, want %s", instants[i], r.Month, want[i])
		}
	}
}

func TestParquetRefusesHeader(t *testing.T) {
	file := parquetFile(t, 2, instantRecord{millis("2019-01-31T23:30:00Z") * 1000})
	cfg := withHeaders(t, testConfig(t), "timestamp")
	_, _, err := readRows(t, bytesSource("tx.parquet", file), Transactions, cfg)
	if err == nil || !strings.Contains(err.Error(), "a Parquet file names its columns itself: timestamp") {
		t.Errorf("error = %v", err)
	}
}

// FuzzParseSettings: any --columns or --header value is read or refused,
// never a panic, and what is read reads back the same from its items.
func FuzzParseSettings(f *testing.F) {
	for _, s := range []string{"period=created_at,transactions.count=f0_", "count=none", "complaints=date,channel", `"a,b",c`, "x.y=z", "=", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		items := strings.Split(s, ",")
		if m, err := ParseColumnMap(items); err == nil {
			again, err := ParseColumnMap(m.Items())
			if err != nil {
				t.Fatalf("items %q of %q do not read back: %v", m.Items(), s, err)
			}
			for _, k := range Kinds {
				if !reflect.DeepEqual(m.For(k), again.For(k)) {
					t.Fatalf("%q: %v, read back %v", s, m.For(k), again.For(k))
				}
			}
		}
		if h, err := ParseHeaders([]string{s}); err == nil {
			again, err := ParseHeaders(h.Items())
			if err != nil {
				t.Fatalf("items %q of %q do not read back: %v", h.Items(), s, err)
			}
			for _, k := range Kinds {
				if !reflect.DeepEqual(h.For(k), again.For(k)) {
					t.Fatalf("%q: %q, read back %q", s, h.For(k), again.For(k))
				}
			}
		}
	})
}

// TestFirstRowsWindow: the checks of the first rows read on while a column
// is in doubt, up to firstRowsWindow rows from its first value, and a
// column empty through the window stays watched to its first value (a
// count, or codes for a window of rows from the first, are refused as in
// the first rows); the rows after them are summed by the fast path as the
// general reader reads them, the fast path leaving a row with a value in a
// watched column to the general reader and going on after it.
func TestFirstRowsWindow(t *testing.T) {
	withBlockSize(t, 64)
	rows := func(n int, row string) string { return strings.Repeat(row, n) }
	tests := []struct {
		name    string
		content string
		rows    int
		err     string // "": read
	}{
		{"empty, then text", "month,country,note\n" + rows(5, "2019-01,SE,\n") + "2019-02,SE,late\n" + rows(300, "2019-03,SE,\n"), 306, ""},
		{"empty, then a count", "month,country,note\n" + rows(5, "2019-01,SE,\n") + "2019-02,SE,7\n" + rows(300, "2019-03,SE,\n"),
			0, `in.csv:7: column 3 (note): "7": the period is a month and note holds a whole number`},
		{"empty through the window, then a count", "month,country,note\n" + rows(firstRowsWindow, "2019-01,SE,\n") + "2019-02,SE,7\n" + rows(300, "2019-03,SE,\n"),
			0, `in.csv:102: column 3 (note): "7": the period is a month and note holds a whole number`},
		{"empty far beyond the window, then a count", "month,country,note\n" + rows(2000, "2019-01,SE,\n") + "2019-02,SE, 7\n" + rows(300, "2019-03,SE,\n"),
			0, `in.csv:2002: column 3 (note): " 7": the period is a month and note holds a whole number`},
		{"empty beyond the window, then text, then a count", "month,country,note\n" + rows(500, "2019-01,SE,\n") + "2019-02,SE,late\n" + rows(300, "2019-03,SE,\n") + "2019-03,SE,7\n" + rows(300, "2019-03,SE,\n"), 1102, ""},
		{"empty beyond the window, then blanks", "month,country,note\n" + rows(500, "2019-01,SE,\n") + rows(3, "2019-02,SE, \t\n") + rows(300, "2019-03,SE,\n"), 803, ""},
		{"empty beyond the window, then codes", "month,ctry\n" + rows(500, "2019-01,\n") + rows(300, "2019-01,NO\n"),
			0, `in.csv:502: column 2 (ctry): "NO": ctry holds country codes`},
		{"empty beyond the window, then codes to the end", "month,ctry\n" + rows(500, "2019-01,\n") + rows(20, "2019-01,NO\n"),
			0, `in.csv:502: column 2 (ctry): "NO": ctry holds country codes`},
		{"empty beyond the window, then codes, then a word", "month,ctry\n" + rows(500, "2019-01,\n") + rows(50, "2019-01,NO\n") + "2019-01,Norge\n" + rows(300, "2019-02,NO\n"), 851, ""},
		{"timestamps, a count column empty beyond the window, then a count", "timestamp,country,f0_\n" + rows(300, "2019-01-05T10:00:00Z,SE,\n") + "2019-01-05T10:00:00Z,SE,12\n",
			0, `in.csv:302: column 3 (f0_): "12": f0_ is a warehouse's name for a count`},
		{"codes through the window", "month,ctry\n2019-01,\n" + rows(300, "2019-01,NO\n"),
			0, `in.csv:3: column 2 (ctry): "NO": ctry holds country codes`},
		{"codes, then a word", "month,ctry\n" + rows(firstRowsWindow-1, "2019-01,NO\n") + "2019-01,Norge\n" + rows(300, "2019-02,NO\n"), firstRowsWindow + 300, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, stats, err := readWithConfig(t, Transactions, tt.content, testConfig(t))
			// As a file on disk, whose blocks the fast path reads at their
			// offsets, and with CRLF line ends: as the general reader reads it.
			for _, content := range []string{tt.content, strings.ReplaceAll(tt.content, "\n", "\r\n")} {
				want := readOutcome(Read, "in.csv", []byte(content), Transactions, testConfig(t))
				fast := outcome{sums: map[sumKey]int64{}}
				fast.stats, fast.err = ReadSummed(fileSourceOf(t, "in.csv", content), Transactions, testConfig(t), func(r *Row) error {
					fast.sums[sumKey{r.Month, r.Country, r.Channel, r.Category, r.Score}] += r.Count
					return nil
				})
				if !sameError(want.err, fast.err) || want.stats != fast.stats || !reflect.DeepEqual(want.sums, fast.sums) {
					t.Fatalf("from a file, the fast path reads %+v, the general reader %+v", fast, want)
				}
			}
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("error = %v, want %s…", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.rows || stats.Rows != int64(tt.rows) {
				t.Errorf("%d rows (stats %d), want %d", len(got), stats.Rows, tt.rows)
			}
		})
	}
}
