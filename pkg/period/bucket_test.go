package period

import (
	"strings"
	"testing"
	"time"
)

func stockholm(t *testing.T) *Bucketer {
	t.Helper()
	b, err := NewBucketer("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMonthBucketing(t *testing.T) {
	b := stockholm(t)
	tests := []struct {
		in   string
		want string
	}{
		// Months and dates are local already.
		{"2019-03", "2019-03"},
		{"2019-03-14", "2019-03"},
		{"2020-02-29", "2020-02"},
		// Local timestamps (no offset) are local already, T or space.
		{"2019-01-31T23:59:59", "2019-01"},
		{"2019-01-31 23:59:59", "2019-01"},
		{"2019-02-01 00:00", "2019-02"},
		{"2019-01-31T23:59:59.999999", "2019-01"},
		// Stockholm is UTC+1 in winter: 23:00Z on the last day is midnight.
		{"2019-01-31T22:59:59Z", "2019-01"},
		{"2019-01-31T23:00:00Z", "2019-02"},
		{"2019-01-31T23:30:00Z", "2019-02"},
		{"2019-01-31T23:30:00.5z", "2019-02"},
		{"2019-02-01T00:59:59+01:00", "2019-02"},
		{"2019-01-31T23:59:59+01:00", "2019-01"},
		{"2019-02-01T00:00:00+0100", "2019-02"},
		{"2019-01-31 23:30:00+00", "2019-02"}, // PostgreSQL's timestamptz text
		{"2019-02-01 00:30:00+01", "2019-02"},
		{"2019-02-01 00:30:00+02", "2019-01"},
		// UTC+2 offsets (summer time elsewhere, or Helsinki).
		{"2019-02-01T00:30:00+02:00", "2019-01"},
		{"2019-02-01T01:00:00+02:00", "2019-02"},
		// West of UTC: 18:00 at -05:00 on Jan 31 is Feb 1 00:00 in Stockholm.
		{"2019-01-31T17:59:59-05:00", "2019-01"},
		{"2019-01-31T18:00:00-05:00", "2019-02"},
		// Summer time (UTC+2): the month ends at 22:00Z.
		{"2019-06-30T21:59:59Z", "2019-06"},
		{"2019-06-30T22:00:00Z", "2019-07"},
		{"2019-07-01T00:00:00+02:00", "2019-07"},
		{"2019-06-30T23:59:59+01:00", "2019-07"},
		// DST change days: 2019-03-31 (clocks forward 02:00→03:00) and
		// 2019-10-27 (clocks back 03:00→02:00) stay in their month.
		{"2019-03-31T00:59:59Z", "2019-03"},
		{"2019-03-31T01:00:00Z", "2019-03"},
		{"2019-03-31T21:59:59Z", "2019-03"},
		{"2019-03-31T22:00:00Z", "2019-04"},
		{"2019-10-27T00:30:00Z", "2019-10"},
		{"2019-10-27T01:30:00Z", "2019-10"},
		{"2019-10-31T22:59:59Z", "2019-10"},
		{"2019-10-31T23:00:00Z", "2019-11"},
		// The year boundary.
		{"2019-12-31T23:00:00Z", "2020-01"},
		{"2019-12-31T22:59:59Z", "2019-12"},
		// Outside the precomputed table, through the time package.
		{"2250-01-31T23:30:00Z", "2250-02"},
		{"1850-06-30T23:30:00Z", "1850-07"},
	}
	for _, tt := range tests {
		got, err := b.Month(tt.in)
		if err != nil {
			t.Errorf("Month(%q): %v", tt.in, err)
			continue
		}
		if got.String() != tt.want {
			t.Errorf("Month(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestMonthBucketingOtherZone(t *testing.T) {
	b, err := NewBucketer("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	got, err := b.Month("2019-02-01T04:59:59Z")
	if err != nil || got.String() != "2019-01" {
		t.Fatalf("got %v, %v; want 2019-01", got, err)
	}
	if _, err := NewBucketer("Mars/Olympus"); err == nil {
		t.Fatal("unknown zone accepted")
	}
}

func TestBadPeriods(t *testing.T) {
	b := stockholm(t)
	tests := []struct {
		in, reason string
	}{
		{"2019-13", "month 13 does not exist"},
		{"2019-00", "month 00 does not exist"},
		{"2019-02-30", "2019-02-30 does not exist (February 2019 has 28 days)"},
		{"2019-13-01", "month 13 does not exist"},
		{"2019-04-31T10:00:00Z", "2019-04-31 does not exist"},
		{"2019-03-14T24:00:00", "24:00:00 is not a time of day"},
		{"2019-03-14T10:00:00+25:00", "is not a UTC offset"},
		{"2019-3-14", "not a month, date or timestamp"},
		{"14/03/2019", "not a month, date or timestamp"},
		{"2019", "not a month, date or timestamp"},
		{"", "not a month, date or timestamp"},
		{"2019-03-14X10:00:00", "not a month, date or timestamp"},
		{"2019-03-14T10:00:00+1", "not a month, date or timestamp"},
		{"9999-12-31T23:30:00Z", "outside the years 0001 to 9999"},
		{"0000-01-01T00:00:00+14:00", "outside the years 0001 to 9999"},
		{"0000-06", "outside the years 0001 to 9999"},
		{"2019-03-14T10:00:00.Z", "not a month, date or timestamp"},
		{"２０１９-03", "not a month, date or timestamp"},
	}
	for _, tt := range tests {
		_, err := b.Month(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.reason) {
			t.Errorf("Month(%q) error = %v, want it to contain %q", tt.in, err, tt.reason)
		}
	}
}

func TestMonthArithmetic(t *testing.T) {
	m := MonthOf(2019, 12)
	if m.Year() != 2019 || m.Number() != 12 || (m+1).String() != "2020-01" {
		t.Fatalf("month arithmetic: %v %v %v", m.Year(), m.Number(), m+1)
	}
	if y, err := ParseYear("2019"); err != nil || y != 2019 {
		t.Fatalf("ParseYear: %v %v", y, err)
	}
	for _, bad := range []string{"19", "+2019", "20190"} {
		if _, err := ParseYear(bad); err == nil {
			t.Errorf("ParseYear(%q) accepted", bad)
		}
	}
}

func TestDaysFromCivil(t *testing.T) {
	for _, tt := range []struct {
		y, m, d int
		want    int64
	}{{1970, 1, 1, 0}, {2000, 3, 1, 11017}, {1969, 12, 31, -1}, {2019, 1, 31, 17927}} {
		if got := daysFromCivil(tt.y, tt.m, tt.d); got != tt.want {
			t.Errorf("daysFromCivil(%d-%d-%d) = %d, want %d", tt.y, tt.m, tt.d, got, tt.want)
		}
	}
}

// TestMonthAgreesWithTimePackage checks the hand parsing, the shortcut for
// days away from the month's ends and the month table against time.Parse
// and time.In, on timestamps spread over every day and offset of three
// years (DST changes included) in zones east and west of UTC.
func TestMonthAgreesWithTimePackage(t *testing.T) {
	offsets := []string{"Z", "+01:00", "+02:00", "-05:00", "+14:00", "-12:00", "+05:30", "+18:59", "-18:59", "+0100"}
	for _, zone := range []string{"Europe/Stockholm", "America/New_York", "Pacific/Kiritimati", "Asia/Kolkata"} {
		b, err := NewBucketer(zone)
		if err != nil {
			t.Fatal(err)
		}
		loc := b.Location()
		start := time.Date(2018, 12, 25, 0, 0, 0, 0, time.UTC)
		// Every 7h13m for three years: every hour of the day, every day.
		for i := 0; i < 3*365*24*60/433; i++ {
			at := start.Add(time.Duration(i) * 433 * time.Minute)
			cell := at.Format("2006-01-02T15:04:05") + offsets[i%len(offsets)]
			layout := "2006-01-02T15:04:05Z07:00"
			if strings.HasSuffix(cell, "0100") && !strings.HasSuffix(cell, ":00") {
				layout = "2006-01-02T15:04:05Z0700"
			}
			ref, err := time.Parse(layout, cell)
			if err != nil {
				t.Fatal(err)
			}
			want := ref.In(loc).Format("2006-01")
			got, err := b.Month(cell)
			if err != nil || got.String() != want {
				t.Fatalf("%s: Month(%q) = %v, %v; want %s", zone, cell, got, err, want)
			}
		}
	}
}

func TestParseForm(t *testing.T) {
	b := stockholm(t)
	tests := []struct {
		in   string
		want Form
	}{
		{"2019-03", FormMonth},
		{"2019-03-14", FormDate},
		{"2019-03-14 09:30", FormNaive},
		{"2019-03-14T09:30:00.123", FormNaive},
		{"2019-01-31T23:30:00Z", FormInstant},
		{"2019-03-14T09:30+01:00", FormInstant},
		{"2019-01-31 23:30:00+00", FormInstant},
	}
	for _, tt := range tests {
		m, f, err := b.Parse(tt.in)
		if err != nil || f != tt.want {
			t.Errorf("Parse(%q) = %v, %v, %v; want form %v", tt.in, m, f, err, tt.want)
		}
		if m2, err := b.Month(tt.in); m2 != m || err != nil {
			t.Errorf("Month(%q) = %v, %v; Parse gave %v", tt.in, m2, err, m)
		}
	}
	if _, f, err := b.Parse("2019-13"); err == nil || f != 0 {
		t.Errorf("Parse(2019-13) = form %v, %v; want no form and an error", f, err)
	}
}
