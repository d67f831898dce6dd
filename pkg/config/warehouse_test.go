package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/warehouse"
)

const issueExample = `
warehouse:
  transactions:
    table: purchases            # or query: SELECT …
    period: created_at
    period_type: timestamptz    # timestamptz | timestamp | date
    naive_timezone: UTC         # for period_type timestamp
    country: country
  complaints:
    table: complaints
    period: received_at
    period_type: timestamptz
    country: country
    channel: channel
    category: category
`

// TestWarehouse decodes the issue's example and a query mapping into
// warehouse.Config, values as written (case kept; keys case-insensitive).
func TestWarehouse(t *testing.T) {
	c, _, err := run(t, map[string]string{"nollmission.yaml": issueExample}, nil, "csat")
	if err != nil {
		t.Fatal(err)
	}
	want := warehouse.Config{
		Transactions: &warehouse.Mapping{Table: "purchases", Period: "created_at", PeriodType: warehouse.PeriodTimestamptz, NaiveTimezone: "UTC", Country: "country"},
		Complaints:   &warehouse.Mapping{Table: "complaints", Period: "received_at", PeriodType: warehouse.PeriodTimestamptz, Country: "country", Channel: "channel", Category: "category"},
	}
	got := c.Warehouse()
	if got.Surveys != nil || *got.Transactions != *want.Transactions || *got.Complaints != *want.Complaints {
		t.Errorf("warehouse = %+v %+v %+v", got.Transactions, got.Complaints, got.Surveys)
	}
	// Each key with its line in the file, which nollmission config shows
	// as it does every other setting's.
	values := c.WarehouseValues()
	keys := make([]string, len(values))
	for i, v := range values {
		keys[i] = fmt.Sprintf("%s=%s@%s", v.Key, v.Value, v.Where)
	}
	wantKeys := []string{
		"warehouse.transactions.table=purchases@nollmission.yaml:4", "warehouse.transactions.period=created_at@nollmission.yaml:5",
		"warehouse.transactions.period_type=timestamptz@nollmission.yaml:6", "warehouse.transactions.naive_timezone=UTC@nollmission.yaml:7",
		"warehouse.transactions.country=country@nollmission.yaml:8",
		"warehouse.complaints.table=complaints@nollmission.yaml:10", "warehouse.complaints.period=received_at@nollmission.yaml:11",
		"warehouse.complaints.period_type=timestamptz@nollmission.yaml:12", "warehouse.complaints.country=country@nollmission.yaml:13",
		"warehouse.complaints.channel=channel@nollmission.yaml:14", "warehouse.complaints.category=category@nollmission.yaml:15",
	}
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("values\n%q\nwant\n%q", keys, wantKeys)
	}

	query := "Warehouse:\n  Surveys:\n    Query: |\n      SELECT answered, \"Score\" FROM nps.answers\n      WHERE NOT test\n    Period: answered\n    PERIOD_TYPE: date\n    score: Score\n    count: n\n"
	c, _, err = run(t, map[string]string{"nollmission.yaml": query}, nil, "csat")
	if err != nil {
		t.Fatal(err)
	}
	s := c.Warehouse().Surveys
	wantSurveys := warehouse.Mapping{Query: "SELECT answered, \"Score\" FROM nps.answers\nWHERE NOT test\n", Period: "answered", PeriodType: warehouse.PeriodDate, Score: "Score", Count: "n"}
	if s == nil || *s != wantSurveys {
		t.Errorf("surveys = %+v, want %+v", s, wantSurveys)
	}

	// No section, or an empty one, maps nothing.
	for _, file := range []string{"country: SE\n", "warehouse:\n"} {
		c, _, err = run(t, map[string]string{"nollmission.yaml": file}, nil, "csat")
		if err != nil {
			t.Fatal(err)
		}
		if w := c.Warehouse(); w != (warehouse.Config{}) || len(c.WarehouseValues()) != 0 {
			t.Errorf("%q: warehouse = %+v", file, w)
		}
	}
}

// TestWarehouseErrors checks that a mistake in the section is a *config.Error
// naming the file and the key, like any other setting's.
func TestWarehouseErrors(t *testing.T) {
	const tx = "warehouse:\n  transactions:\n"
	tests := []struct {
		name, file, wantErr, wantHint string
	}{
		{"misspelt field", tx + "    tabel: purchases\n    period: at\n    period_type: date\n",
			`config file nollmission.yaml: unknown key "warehouse.transactions.tabel"`, `did you mean "warehouse.transactions.table"?`},
		{"field of another kind", tx + "    table: p\n    period: at\n    period_type: date\n    channels: ch\n",
			`unknown key "warehouse.transactions.channels"`, `did you mean "warehouse.transactions.channel"?`},
		{"unknown kind", "warehouse:\n  purchases:\n    table: p\n",
			`unknown key "warehouse.purchases"`, "transactions, complaints and surveys"},
		{"misspelt kind", "warehouse:\n  complaint:\n    table: p\n",
			`unknown key "warehouse.complaint"`, `did you mean "warehouse.complaints"?`},
		{"section as a value", "warehouse: purchases\n",
			"warehouse: want a section (transactions, complaints, surveys), not purchases", "docs/warehouse.md"},
		{"kind as a value", "warehouse:\n  transactions: purchases\n",
			"warehouse.transactions: want a section (table or query, period, period_type, …), not purchases", ""},
		{"empty kind", "warehouse:\n  transactions:\n",
			"warehouse.transactions: want a section (table or query, period, period_type, …), not nothing", ""},
		{"list as a value", tx + "    table: [a, b]\n    period: at\n    period_type: date\n",
			"warehouse.transactions.table: want a name or text, not a list", ""},
		{"empty value", tx + "    table:\n    period: at\n    period_type: date\n",
			"warehouse.transactions.table: want a name or text, not nothing", ""},
		{"missing table", tx + "    period: at\n    period_type: date\n",
			"config file nollmission.yaml: warehouse.transactions.table: missing: give table (such as analytics.purchases) or query (a SELECT)", ""},
		{"bad period type", tx + "    table: p\n    period: at\n    period_type: timestamp_tz\n",
			`warehouse.transactions.period_type: "timestamp_tz" is not one of timestamptz, timestamp, date`, ""},
		{"bad zone", tx + "    table: p\n    period: at\n    period_type: timestamp\n    naive_timezone: CET+1\n",
			`warehouse.transactions.naive_timezone: "CET+1" is not an IANA time zone name`, ""},
		{"score for purchases", tx + "    table: p\n    period: at\n    period_type: date\n    score: s\n",
			`warehouse.transactions.score: "s" is given, but transactions data has no score`, "only surveys have a score"},
		{"surveys without score", "warehouse:\n  surveys:\n    table: s\n    period: at\n    period_type: date\n",
			"warehouse.surveys.score: missing", ""},
		{"table path too long", tx + "    table: a.b.c.d\n    period: at\n    period_type: date\n",
			`warehouse.transactions.table: "a.b.c.d" has 4 dotted parts`, "for anything else use query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := run(t, map[string]string{"nollmission.yaml": tt.file}, nil, "csat")
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T), want a *config.Error", err, err)
			}
			if !strings.Contains(ce.Error(), tt.wantErr) || !strings.Contains(ce.Hint, tt.wantHint) {
				t.Errorf("error %q, hint %q; want %q and %q", ce.Error(), ce.Hint, tt.wantErr, tt.wantHint)
			}
		})
	}
}
