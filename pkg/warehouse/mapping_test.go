package warehouse

import (
	"errors"
	"strings"
	"testing"

	"github.com/spf13/viper"

	"github.com/nollmission/nollmission/pkg/input"
)

func TestValidate(t *testing.T) {
	tx := Mapping{Table: "analytics.purchases", Period: "created_at", PeriodType: PeriodTimestamptz, Country: "country"}
	with := func(m Mapping, change func(*Mapping)) Mapping { change(&m); return m }
	tests := []struct {
		name    string
		kind    input.Kind
		m       Mapping
		wantErr string // "" when valid
		wantKey string
	}{
		{name: "transactions", kind: input.Transactions, m: tx},
		{name: "three-part table", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.Table = "my-project.analytics.purchases" })},
		{name: "query", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.Table = ""; m.Query = "SELECT * FROM purchases;" })},
		{name: "naive zone beside an instant, as in the issue's example", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.NaiveTimezone = "UTC" })},
		{name: "naive timestamp in a named zone", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.PeriodType = PeriodTimestamp; m.NaiveTimezone = "America/New_York" })},
		{name: "complaints", kind: input.Complaints, m: with(tx, func(m *Mapping) { m.Channel = "channel"; m.Category = "category"; m.Count = "n" })},
		{name: "surveys", kind: input.Surveys, m: with(tx, func(m *Mapping) { m.Score = "score"; m.PeriodType = PeriodDate })},
		{name: "odd but real column names", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.Period = `created "at"; --`; m.Country = "land.kod" })},

		{name: "no source", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.Table = "" }),
			wantKey: "warehouse.transactions.table", wantErr: "warehouse.transactions.table: missing: give table (such as analytics.purchases) or query (a SELECT)"},
		{name: "table and query", kind: input.Complaints, m: with(tx, func(m *Mapping) { m.Query = "SELECT 1" }),
			wantKey: "warehouse.complaints.query", wantErr: "warehouse.complaints.query: table and query are both given: give one of them"},
		{name: "query of a semicolon", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.Table = ""; m.Query = " ; " }),
			wantKey: "warehouse.transactions.query", wantErr: `warehouse.transactions.query: " ; " is empty`},
		{name: "empty table part", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.Table = "analytics..purchases" }),
			wantKey: "warehouse.transactions.table", wantErr: `warehouse.transactions.table: "analytics..purchases" has an empty part`},
		{name: "four table parts", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.Table = "a.b.c.d" }),
			wantKey: "warehouse.transactions.table", wantErr: `warehouse.transactions.table: "a.b.c.d" has 4 dotted parts; at most 3 (database.schema.table)`},
		{name: "no period", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.Period = "" }),
			wantKey: "warehouse.transactions.period", wantErr: "warehouse.transactions.period: missing: name the column of each row's date or time"},
		{name: "newline in a column", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.Period = "created\nat" }),
			wantKey: "warehouse.transactions.period", wantErr: `warehouse.transactions.period: "created\nat" holds a control character`},
		{name: "space around a column", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.Country = "country " }),
			wantKey: "warehouse.transactions.country", wantErr: `warehouse.transactions.country: "country " starts or ends with a space`},
		{name: "not UTF-8", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.Country = "land\xff" }),
			wantKey: "warehouse.transactions.country", wantErr: `warehouse.transactions.country: "land\xff" is not valid UTF-8`},
		{name: "no period type", kind: input.Surveys, m: with(tx, func(m *Mapping) { m.PeriodType = "" }),
			wantKey: "warehouse.surveys.period_type", wantErr: "warehouse.surveys.period_type: missing: one of timestamptz, timestamp, date"},
		{name: "bad period type", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.PeriodType = "timestamp with tz" }),
			wantKey: "warehouse.transactions.period_type", wantErr: `warehouse.transactions.period_type: "timestamp with tz" is not one of timestamptz, timestamp, date`},
		{name: "unknown naive zone of an instant", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.NaiveTimezone = "Mars/Olympus" }),
			wantKey: "warehouse.transactions.naive_timezone", wantErr: `warehouse.transactions.naive_timezone: "Mars/Olympus" is not an IANA time zone name such as Europe/Stockholm`},
		{name: "unknown naive zone", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.PeriodType = PeriodTimestamp; m.NaiveTimezone = "Europe/Stockhlm" }),
			wantKey: "warehouse.transactions.naive_timezone", wantErr: `warehouse.transactions.naive_timezone: "Europe/Stockhlm" is not an IANA time zone name such as Europe/Stockholm`},
		{name: "channel of purchases", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.Channel = "channel" }),
			wantKey: "warehouse.transactions.channel", wantErr: `warehouse.transactions.channel: "channel" is given, but transactions data has no channel`},
		{name: "score of complaints", kind: input.Complaints, m: with(tx, func(m *Mapping) { m.Score = "score" }),
			wantKey: "warehouse.complaints.score", wantErr: `warehouse.complaints.score: "score" is given, but complaints data has no score`},
		{name: "surveys without score", kind: input.Surveys, m: tx,
			wantKey: "warehouse.surveys.score", wantErr: "warehouse.surveys.score: missing: survey data needs the column of scores 1 to 5"},
		{name: "empty first part of a table", kind: input.Transactions, m: with(tx, func(m *Mapping) { m.Table = ".purchases" }),
			wantKey: "warehouse.transactions.table", wantErr: `warehouse.transactions.table: ".purchases" has an empty part`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.m.Validate(tt.kind)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate accepted %+v, want %q", tt.m, tt.wantErr)
			}
			if err.Error() != tt.wantErr {
				t.Errorf("Validate:\n got %s\nwant %s", err, tt.wantErr)
			}
			var me *MappingError
			if !errors.As(err, &me) || me.Key != tt.wantKey {
				t.Errorf("error %#v, want a *MappingError for key %s", err, tt.wantKey)
			}
		})
	}
}

// The mapstructure tags are the config file's keys: viper decodes the
// warehouse section of the example into Config.
func TestConfigDecodesFromYAML(t *testing.T) {
	const yaml = `
warehouse:
  transactions:
    table: purchases
    period: created_at
    period_type: timestamptz
    naive_timezone: UTC
    country: country
  complaints:
    query: SELECT * FROM complaints WHERE NOT test
    period: received_at
    period_type: timestamp
    naive_timezone: Europe/Stockholm
    country: country
    channel: channel
    category: category
    count: n
  surveys:
    table: analytics.answers
    period: answered_on
    period_type: date
    score: score
`
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(strings.NewReader(yaml)); err != nil {
		t.Fatal(err)
	}
	var got Config
	if err := v.UnmarshalKey("warehouse", &got); err != nil {
		t.Fatal(err)
	}
	want := Config{
		Transactions: &Mapping{Table: "purchases", Period: "created_at", PeriodType: PeriodTimestamptz, NaiveTimezone: "UTC", Country: "country"},
		Complaints: &Mapping{Query: "SELECT * FROM complaints WHERE NOT test", Period: "received_at", PeriodType: PeriodTimestamp,
			NaiveTimezone: "Europe/Stockholm", Country: "country", Channel: "channel", Category: "category", Count: "n"},
		Surveys: &Mapping{Table: "analytics.answers", Period: "answered_on", PeriodType: PeriodDate, Score: "score"},
	}
	for _, k := range input.Kinds {
		if g, w := got.Mapping(k), want.Mapping(k); g == nil || *g != *w {
			t.Errorf("%s: got %+v, want %+v", k, g, *w)
		}
	}
	if err := got.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestParseDialect(t *testing.T) {
	for _, d := range Dialects {
		got, err := ParseDialect(string(d))
		if err != nil || got != d {
			t.Errorf("ParseDialect(%q) = %q, %v", d, got, err)
		}
	}
	_, err := ParseDialect("mysql")
	const want = `unknown dialect "mysql": want one of postgres, redshift, duckdb, bigquery, snowflake, spark`
	if err == nil || err.Error() != want {
		t.Errorf("ParseDialect(mysql): %v, want %s", err, want)
	}
}

// TestCleanQuery checks that semicolons a query ends with are dropped,
// with comments after them, and only where every engine's reading of the
// text agrees that they are outside strings and comments: "SELECT …; --
// comment" was kept whole, and the engine refused the subquery.
func TestCleanQuery(t *testing.T) {
	tests := []struct{ query, want string }{
		{"SELECT 1", "SELECT 1"},
		{"  SELECT 1 ;; \n", "SELECT 1"},
		{"SELECT 1; -- last year", "SELECT 1 -- last year"},
		{"SELECT 1; -- a\n-- b\n", "SELECT 1 -- a\n-- b"},
		{"SELECT 1 /* x */ ; /* y */", "SELECT 1 /* x */  /* y */"},
		// Nested comments: PostgreSQL's reading and the others' disagree.
		{"SELECT 1; /* outer /* inner */ still */", "SELECT 1; /* outer /* inner */ still */"},
		{"SELECT 1; /* outer /* inner */", "SELECT 1; /* outer /* inner */"},
		{"SELECT 1 -- ;", "SELECT 1 -- ;"},
		{"SELECT 1 -- a; -- b", "SELECT 1 -- a; -- b"},
		// Inside a string, an identifier or a comment: kept.
		{"SELECT a FROM t WHERE note <> ';--'", "SELECT a FROM t WHERE note <> ';--'"},
		{`SELECT "x;" FROM t`, `SELECT "x;" FROM t`},
		{"SELECT 1 /* ; */", "SELECT 1 /* ; */"},
		{"SELECT $$;--$$ AS x", "SELECT $$;--$$ AS x"},
		{"SELECT $q$ ; $q$ AS x;", "SELECT $q$ ; $q$ AS x"},
		{"SELECT 'it''s'; -- ok", "SELECT 'it''s' -- ok"},
		// A backslash before a quote: PostgreSQL's string ends there, the
		// other engines' does not; they disagree, so nothing is dropped.
		{`SELECT 'a\'; -- b'`, `SELECT 'a\'; -- b'`},
		// Unterminated: left for the engine to refuse.
		{"SELECT 'x;", "SELECT 'x;"},
		{"SELECT 1; /* open", "SELECT 1; /* open"},
		// More than one statement: left for the engine to refuse.
		{"SELECT 1; DELETE FROM t", "SELECT 1; DELETE FROM t"},
		{" ; -- nothing", "-- nothing"},
	}
	for _, tt := range tests {
		if got := cleanQuery(tt.query); got != tt.want {
			t.Errorf("cleanQuery(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}
