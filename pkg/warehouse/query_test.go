package warehouse

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/input"
)

var update = flag.Bool("update", false, "rewrite testdata/query from the generated queries")

// Names with every character that ends or escapes something somewhere:
// both quotes, a backtick, a backslash, a semicolon and a dot.
const hostile = "we\"ird`; x.y'\\"

func TestQuoting(t *testing.T) {
	tests := []struct {
		d          Dialect
		ident, str string
	}{
		{Postgres, `"we""ird` + "`" + `; x.y'\"`, `'we"ird` + "`" + `; x.y''\'`},
		{Redshift, `"we""ird` + "`" + `; x.y'\"`, `'we"ird` + "`" + `; x.y''\\'`},
		{DuckDB, `"we""ird` + "`" + `; x.y'\"`, `'we"ird` + "`" + `; x.y''\'`},
		{Snowflake, `"we""ird` + "`" + `; x.y'\"`, `'we"ird` + "`" + `; x.y''\\'`},
		{BigQuery, "`we\"ird\\`; x.y'\\\\`", `'we"ird` + "`" + `; x.y\'\\'`},
		{Spark, "`we\"ird``; x.y'\\`", `'we"ird` + "`" + `; x.y\'\\'`},
	}
	for _, tt := range tests {
		e := engines[tt.d]
		if got := e.ident(hostile); got != tt.ident {
			t.Errorf("%s identifier: got %s, want %s", tt.d, got, tt.ident)
		}
		if got := e.str(hostile); got != tt.str {
			t.Errorf("%s string: got %s, want %s", tt.d, got, tt.str)
		}
	}
}

// goldenCases are the queries kept under testdata/query/<dialect>: every
// kind with every period type, and a count column, a user query without
// country, and hostile names.
func goldenCases() []struct {
	name string
	kind input.Kind
	m    Mapping
} {
	var cases []struct {
		name string
		kind input.Kind
		m    Mapping
	}
	add := func(name string, kind input.Kind, m Mapping) {
		cases = append(cases, struct {
			name string
			kind input.Kind
			m    Mapping
		}{name, kind, m})
	}
	for _, k := range input.Kinds {
		for _, p := range PeriodTypes {
			m := Mapping{Table: "analytics." + k.String(), Period: "happened_at", PeriodType: p, Country: "country"}
			switch k {
			case input.Complaints:
				m.Channel, m.Category = "channel", "category"
			case input.Surveys:
				m.Score = "score"
			}
			add(k.String()+"-"+string(p), k, m)
		}
	}
	add("transactions-count", input.Transactions, Mapping{Table: "daily_sales", Period: "day", PeriodType: PeriodDate, Country: "country", Count: "purchases"})
	add("complaints-query", input.Complaints, Mapping{Query: "SELECT * FROM crm.cases -- only complaints\nWHERE kind = 'complaint';",
		Period: "opened", PeriodType: PeriodTimestamp, NaiveTimezone: "America/New_York", Channel: "source"})
	add("surveys-hostile", input.Surveys, Mapping{Table: `sch"ema.ta` + "`" + `ble;`, Period: hostile, PeriodType: PeriodTimestamptz,
		Country: "land.kod", Score: "betyg; DROP TABLE x", Count: `n"`})
	return cases
}

func TestQueryGolden(t *testing.T) {
	for _, d := range Dialects {
		for _, c := range goldenCases() {
			t.Run(string(d)+"/"+c.name, func(t *testing.T) {
				got, err := Query(d, c.kind, c.m, "Europe/Stockholm")
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", "query", string(d), c.name+".sql")
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update to write it)", err)
				}
				if got != string(want) {
					t.Errorf("%s differs from the generated query:\n%s", path, got)
				}
			})
		}
	}
}

// A zone name is checked, not only quoted: nothing that is not an IANA
// name reaches the SQL, whatever the dialect.
func TestQueryRefusesZones(t *testing.T) {
	m := Mapping{Table: "purchases", Period: "created_at", PeriodType: PeriodTimestamp, Country: "country"}
	zones := []string{
		"", "Local", "Europe/Stockholm'; DROP TABLE purchases; --", `Europe/Stock"holm`, "Europe/Stockholm\\",
		"Europe/Stockholm`", "Europe.Stockholm", "../../etc/passwd", "Europe/Stockholm ", "Mars/Olympus", "+01:00",
	}
	for _, d := range Dialects {
		for _, z := range zones {
			if q, err := Query(d, input.Transactions, m, z); err == nil {
				t.Errorf("%s: reporting zone %q accepted:\n%s", d, z, q)
			} else if want := fmt.Sprintf("reporting time zone %q is not an IANA time zone name such as Europe/Stockholm", z); err.Error() != want {
				t.Errorf("%s: zone %q: got %v, want %s", d, z, err, want)
			}
			m.NaiveTimezone = z
			if z == "" {
				continue // an empty naive zone is the default, UTC
			}
			if q, err := Query(d, input.Transactions, m, "Europe/Stockholm"); err == nil {
				t.Errorf("%s: naive zone %q accepted:\n%s", d, z, q)
			} else if !strings.HasPrefix(err.Error(), "warehouse.transactions.naive_timezone: ") {
				t.Errorf("%s: naive zone %q: %v", d, z, err)
			}
			m.NaiveTimezone = ""
		}
	}
}

func TestQueryRefusesBadMappingAndDialect(t *testing.T) {
	if _, err := Query(Postgres, input.Surveys, Mapping{Table: "answers", Period: "at", PeriodType: PeriodDate}, "Europe/Stockholm"); err == nil ||
		err.Error() != "warehouse.surveys.score: missing: survey data needs the column of scores 1 to 5" {
		t.Errorf("survey mapping without score: %v", err)
	}
	if _, err := Query("mysql", input.Transactions, Mapping{Table: "t", Period: "at", PeriodType: PeriodDate}, "Europe/Stockholm"); err == nil ||
		err.Error() != `unknown dialect "mysql": want one of postgres, redshift, duckdb, bigquery, snowflake, spark` {
		t.Errorf("unknown dialect: %v", err)
	}
}

func TestProbe(t *testing.T) {
	tests := []struct {
		d    Dialect
		m    Mapping
		want string
	}{
		{Postgres, Mapping{Table: "analytics.Purchases", Period: `created "at"`},
			"SELECT \"created \"\"at\"\"\"\nFROM \"analytics\".\"Purchases\"\nLIMIT 0\n"},
		{Redshift, Mapping{Query: "SELECT at FROM p -- live rows;\n;", Period: "at"},
			"SELECT \"at\"\nFROM (\nSELECT at FROM p -- live rows;\n) AS \"source\"\nLIMIT 0\n"}, // the ; in the comment is the comment's
		{BigQuery, Mapping{Table: "proj.ds.t", Period: "at"},
			"SELECT `at`\nFROM `proj`.`ds`.`t`\nLIMIT 0\n"},
		{Postgres, Mapping{Table: "t", Period: "at", Count: `n "x"`},
			"SELECT \"at\", \"n \"\"x\"\"\"\nFROM \"t\"\nLIMIT 0\n"},
	}
	for _, tt := range tests {
		got, err := Probe(tt.d, tt.m)
		if err != nil || got != tt.want {
			t.Errorf("Probe(%s, %+v) = %q, %v; want %q", tt.d, tt.m, got, err, tt.want)
		}
	}
	if _, err := Probe("oracle", Mapping{Table: "t", Period: "at"}); err == nil {
		t.Error("an unknown dialect gives a probe")
	}
	if _, err := Probe(Postgres, Mapping{Table: "t"}); err == nil {
		t.Error("a mapping without a period gives a probe")
	}
}
