package warehouse

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nollmission/nollmission/pkg/input"
)

// TestCheckZones checks which zones each dialect refuses: CET with
// --database gave 2019-06: 2, 2019-07: 1 where the same rows as CSV gave
// 2019-06: 1, 2019-07: 2 (PostgreSQL read CET as +01:00 all year).
func TestCheckZones(t *testing.T) {
	refused := map[Dialect][]string{
		Postgres: {"CET", "MET", "EET", "WET", "EST", "MST", "HST"},
		Redshift: {"CET", "MET", "EET", "WET", "EST", "MST", "HST"},
		Spark:    {"EST", "MST", "HST"},
	}
	zones := []string{"CET", "MET", "EET", "WET", "EST", "MST", "HST", "UTC", "GMT", "UCT", "Zulu", "Europe/Stockholm", "Europe/Brussels", "America/Phoenix"}
	tz := Mapping{Table: "t", Period: "p", PeriodType: PeriodTimestamptz}
	for _, d := range Dialects {
		for _, zone := range zones {
			want := false
			for _, z := range refused[d] {
				want = want || z == zone
			}
			naive := Mapping{Table: "t", Period: "p", PeriodType: PeriodTimestamp, NaiveTimezone: zone}
			for _, c := range []struct {
				m          Mapping
				reportZone string
				key        string
			}{
				{tz, zone, "--timezone"},
				{naive, "Europe/Stockholm", "warehouse.complaints.naive_timezone"},
			} {
				_, err := Query(d, input.Complaints, c.m, c.reportZone)
				if !want {
					if err != nil {
						t.Errorf("%s, %s %s: %v", d, c.key, zone, err)
					}
					continue
				}
				var me *MappingError
				if !errors.As(err, &me) || me.Key != c.key || me.Value != zone {
					t.Errorf("%s, %s %s: got %v, want a refusal naming %s", d, c.key, zone, err, c.key)
					continue
				}
				city := abbreviations[d][zone]
				if !strings.Contains(me.Hint, city) {
					t.Errorf("%s, %s %s: hint %q does not name %s", d, c.key, zone, me.Hint, city)
				}
				// The city zone is read the same by Go and by the engine,
				// and Go reads it as the zone refused.
				if _, err := Query(d, input.Complaints, c.m, "Europe/Stockholm"); c.key == "--timezone" && err != nil {
					t.Errorf("%s: the city zone is refused too: %v", d, err)
				}
				a, _ := time.LoadLocation(zone)
				b, _ := time.LoadLocation(city)
				for _, at := range []string{"2019-01-15T12:00:00Z", "2019-07-15T12:00:00Z", "1990-07-01T00:00:00Z"} {
					ts, _ := time.Parse(time.RFC3339, at)
					if ts.In(a).Format(time.DateTime) != ts.In(b).Format(time.DateTime) {
						t.Errorf("%s and %s differ in Go at %s", zone, city, at)
					}
				}
			}
		}
	}
	// A naive zone is only checked for a timestamp column.
	if _, err := Query(Postgres, input.Transactions, Mapping{Table: "t", Period: "p", PeriodType: PeriodDate, NaiveTimezone: "CET"}, "UTC"); err != nil {
		t.Errorf("a date column's naive_timezone CET: %v", err)
	}
}
