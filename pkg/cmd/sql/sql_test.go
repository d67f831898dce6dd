package sql

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/cmdutil/cmdtest"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/output"
	"github.com/nollmission/nollmission/pkg/warehouse"
)

// TestSQLRun checks the shape of the output in every dialect: one query per
// kind mapped, in flag order, each after its comment line and ended by a
// semicolon, each the warehouse package's query for the mapping.
func TestSQLRun(t *testing.T) {
	wc := warehouse.Config{
		Transactions: &warehouse.Mapping{Table: "purchases", Period: "created_at", PeriodType: warehouse.PeriodTimestamptz},
		Surveys:      &warehouse.Mapping{Table: "answers", Period: "on", PeriodType: warehouse.PeriodDate, Score: "score"},
	}
	for _, d := range warehouse.Dialects {
		t.Run(string(d), func(t *testing.T) {
			ios, out, _ := cmdtest.Streams()
			if err := sqlRun(&Options{IO: ios, Dialect: d, Warehouse: wc, Timezone: "Europe/Oslo"}); err != nil {
				t.Fatal(err)
			}
			txQuery, _ := warehouse.Query(d, input.Transactions, *wc.Transactions, "Europe/Oslo")
			svQuery, _ := warehouse.Query(d, input.Surveys, *wc.Surveys, "Europe/Oslo")
			want := "-- transactions (warehouse.transactions): count rows by month of Europe/Oslo\n" +
				strings.TrimSuffix(txQuery, "\n") + ";\n\n" +
				"-- surveys (warehouse.surveys): count rows by month of Europe/Oslo\n" +
				strings.TrimSuffix(svQuery, "\n") + ";\n"
			if out.String() != want {
				t.Errorf("got\n%s\nwant\n%s", out, want)
			}
		})
	}
}

func TestSQLRunWithoutMappings(t *testing.T) {
	ios, out, _ := cmdtest.Streams()
	err := sqlRun(&Options{IO: ios, Dialect: warehouse.Postgres, Timezone: "UTC"})
	var ee *exit.Error
	if !errors.As(err, &ee) || ee.Code != exit.Usage || out.Len() != 0 {
		t.Errorf("err %v, output %q; want a usage error and no output", err, out)
	}
}

// TestSQLRunJSON: -o json holds, in every dialect, the dialect, the zone
// and each kind's query in flag order, its sql the text that the SQL
// output prints after the query's comment line, semicolon included: the
// SQL output is the JSON's queries, each after its comment line.
func TestSQLRunJSON(t *testing.T) {
	wc := warehouse.Config{
		Complaints: &warehouse.Mapping{Table: "complaints", Period: "received_at", PeriodType: warehouse.PeriodTimestamp, NaiveTimezone: "UTC", Channel: "channel"},
		Surveys:    &warehouse.Mapping{Query: "SELECT on, score FROM answers -- a comment;\n", Period: "on", PeriodType: warehouse.PeriodDate, Score: "score"},
	}
	for _, d := range warehouse.Dialects {
		t.Run(string(d), func(t *testing.T) {
			run := func(format output.Format) string {
				ios, out, _ := cmdtest.Streams()
				if err := sqlRun(&Options{IO: ios, Dialect: d, Warehouse: wc, Timezone: "Europe/Oslo", Format: format}); err != nil {
					t.Fatal(err)
				}
				return out.String()
			}
			var doc struct {
				SchemaVersion int    `json:"schema_version"`
				Command       string `json:"command"`
				Dialect       string `json:"dialect"`
				Timezone      string `json:"timezone"`
				Queries       []struct {
					Kind string `json:"kind"`
					SQL  string `json:"sql"`
				} `json:"queries"`
			}
			text := run(output.FormatJSON)
			dec := json.NewDecoder(strings.NewReader(text))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&doc); err != nil {
				t.Fatalf("%v:\n%s", err, text)
			}
			if doc.SchemaVersion != output.SchemaVersion || doc.Command != "sql" || doc.Dialect != string(d) || doc.Timezone != "Europe/Oslo" ||
				len(doc.Queries) != 2 || doc.Queries[0].Kind != "complaints" || doc.Queries[1].Kind != "surveys" {
				t.Fatalf("document:\n%s", text)
			}
			var sqlText strings.Builder
			for i, q := range doc.Queries {
				kind := input.Complaints
				m := wc.Complaints
				if i == 1 {
					kind, m = input.Surveys, wc.Surveys
				}
				want, _ := warehouse.Query(d, kind, *m, "Europe/Oslo")
				if want = strings.TrimSuffix(want, "\n") + ";"; q.SQL != want {
					t.Errorf("%s: sql\n%s\nwant\n%s", q.Kind, q.SQL, want)
				}
				if i > 0 {
					sqlText.WriteString("\n")
				}
				sqlText.WriteString("-- " + q.Kind + " (warehouse." + q.Kind + "): count rows by month of Europe/Oslo\n" + q.SQL + "\n")
			}
			if got := run(formatSQL); got != sqlText.String() {
				t.Errorf("-o sql:\n%s\nwant the JSON's queries after their comment lines:\n%s", got, sqlText.String())
			}
		})
	}
}
