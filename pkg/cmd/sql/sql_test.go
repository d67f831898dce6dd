package sql

import (
	"errors"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/cmdutil/cmdtest"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
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
