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
		{"2019-03-14T10:00:00+1", `"+1" is not a UTC offset`},
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
		if got := DaysFromCivil(tt.y, tt.m, tt.d); got != tt.want {
			t.Errorf("DaysFromCivil(%d-%d-%d) = %d, want %d", tt.y, tt.m, tt.d, got, tt.want)
		}
	}
}

// TestMonthAgreesWithTimePackage checks the hand parsing, the shortcut for
// days away from the month's ends and the month table against time.Format
// and time.In, on timestamps spread over every day and offset of three
// years (DST changes included) in zones east and west of UTC, written in the
// forms of the exports, in upper and lower case.
func TestMonthAgreesWithTimePackage(t *testing.T) {
	offsets := []int{0, 3600, 7200, -5 * 3600, 14 * 3600, -12 * 3600, 5*3600 + 1800, 18*3600 + 59*60, -(18*3600 + 59*60), -(9*3600 + 30*60)}
	layouts := []struct {
		layout     string
		wholeHours bool // the layout drops an offset's minutes
		utcOnly    bool // the layout names UTC: the time is written in UTC
	}{
		{layout: "2006-01-02T15:04:05Z07:00"},
		{layout: "2006-01-02T15:04:05-0700"},
		{layout: "2006-01-02 15:04:05.000 -0700"},      // Snowflake
		{layout: "2006-01-02 15:04:05.0000000 -07:00"}, // SQL Server
		{layout: "2006-01-02 15:04:05.999999-07", wholeHours: true},
		{layout: "2006-01-02 15:04:05 -07", wholeHours: true},
		{layout: "2006-01-02 15:04:05 UTC", utcOnly: true}, // BigQuery
		{layout: "2006-01-02 15:04:05.999999999 GMT", utcOnly: true},
		{layout: "2006-01-02 15:04Z07:00"},
		{layout: "2006-01-02T15:04:05.000000000Z07:00"},
	}
	for _, zone := range []string{"Europe/Stockholm", "America/New_York", "Pacific/Kiritimati", "Asia/Kolkata"} {
		b, err := NewBucketer(zone)
		if err != nil {
			t.Fatal(err)
		}
		loc := b.Location()
		start := time.Date(2018, 12, 25, 0, 0, 0, 0, time.UTC)
		// Every 7h13m and 1.5 s for three years: every hour of the day,
		// every day, fractions of a second.
		for i := 0; i < 3*365*24*60/433; i++ {
			at := start.Add(time.Duration(i) * (433*time.Minute + 1500*time.Millisecond))
			l := layouts[i%len(layouts)]
			offset := offsets[i/len(layouts)%len(offsets)] // every pair of layout and offset
			switch {
			case l.utcOnly:
				offset = 0
			case l.wholeHours:
				offset -= offset % 3600
			}
			if strings.HasPrefix(l.layout, "2006-01-02 15:04Z") {
				at = at.Truncate(time.Minute)
			}
			cell := at.In(time.FixedZone("", offset)).Format(l.layout)
			want := at.In(loc).Format("2006-01")
			for _, c := range []string{cell, strings.ToLower(cell)} {
				got, f, err := b.Parse(c)
				if err != nil || got.String() != want || f != FormInstant {
					t.Fatalf("%s: Parse(%q) = %v, %v, %v; want %s (%s)", zone, c, got, f, err, want, at.UTC())
				}
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

// boundaryInstants are instants near Stockholm's month ends and daylight
// saving changes, with the Stockholm month each falls in.
var boundaryInstants = []struct {
	utc  string // YYYY-MM-DD hh:mm:ss in UTC
	want string
}{
	{"2019-01-31 22:30:00", "2019-01"}, // 23:30 local
	{"2019-01-31 23:30:00", "2019-02"}, // 00:30 local on Feb 1
	{"2019-03-31 00:30:00", "2019-03"}, // 01:30 CET, before the clocks go forward at 01:00Z
	{"2019-03-31 01:30:00", "2019-03"}, // 03:30 CEST
	{"2019-06-30 21:30:00", "2019-06"}, // 23:30 CEST
	{"2019-06-30 22:30:00", "2019-07"}, // 00:30 CEST on Jul 1
	{"2019-10-27 00:30:00", "2019-10"}, // 02:30 CEST, the first of the repeated hour
	{"2019-10-27 01:30:00", "2019-10"}, // 02:30 CET, the second
	{"2019-12-31 22:30:00", "2019-12"},
	{"2019-12-31 23:30:00", "2020-01"},
}

// TestExportForms reads the exact instants of common exports, as each
// writes them.
func TestExportForms(t *testing.T) {
	b := stockholm(t)
	tests := []struct{ producer, in, want string }{
		{"Snowflake TIMESTAMP_TZ", "2019-01-31 23:30:00.000 +0000", "2019-02"},
		{"SQL Server datetimeoffset", "2019-01-31 23:30:00.0000000 +00:00", "2019-02"},
		{"BigQuery TIMESTAMP", "2019-01-31 23:30:00 UTC", "2019-02"},
		{"BigQuery TIMESTAMP, fraction", "2019-01-31 23:30:00.123456 UTC", "2019-02"},
		{"PostgreSQL timestamptz", "2019-10-27 01:24:45.236+00", "2019-10"},
		{"pandas", "2019-01-31 23:30:00+00:00", "2019-02"},
		{"Spark", "2019-01-31T23:30:00.000Z", "2019-02"},
		{"GMT", "2019-01-31 23:30:00 GMT", "2019-02"},
		{"UTC without a space", "2019-01-31 23:30:00UTC", "2019-02"},
		{"lower-case utc", "2019-01-31 23:30:00 utc", "2019-02"},
		{"Z after a space", "2019-01-31 23:30:00 Z", "2019-02"},
		{"no seconds", "2019-01-31 23:30 UTC", "2019-02"},
		{"no seconds, space offset", "2019-01-31 23:30 +0000", "2019-02"},
		{"minus zero", "2019-01-31 23:30:00-00:00", "2019-02"},
		{"west, space, hours", "2019-01-31 18:30:00 -05", "2019-02"},
		{"west, hhmm", "2019-01-31 17:30:00-0500", "2019-01"},
		{"east, half hour", "2019-02-01 04:29:59 +0530", "2019-01"},
		{"east, half hour, after", "2019-02-01 04:30:00 +05:30", "2019-02"},
	}
	for _, tt := range tests {
		m, f, err := b.Parse(tt.in)
		if err != nil || m.String() != tt.want || f != FormInstant {
			t.Errorf("%s: Parse(%q) = %v, %v, %v; want %s, an instant", tt.producer, tt.in, m, f, err, tt.want)
		}
	}
}

// TestInstantFormsAtBoundaries writes every boundary instant in every zone
// form, separator and case, with 0 to 9 fraction digits.
func TestInstantFormsAtBoundaries(t *testing.T) {
	b := stockholm(t)
	zones := []struct {
		offset time.Duration // of the written wall time
		suffix []string
	}{
		{0, []string{"Z", "z", " Z", "+00", " +00", "+0000", " +0000", "+00:00", " +00:00", "-00:00", " UTC", "UTC", " utc", " GMT", "gmt"}},
		{-5 * time.Hour, []string{"-05", " -05", "-0500", " -0500", "-05:00", " -05:00"}},
		{5*time.Hour + 30*time.Minute, []string{"+0530", " +05:30"}},
		{-(9*time.Hour + 30*time.Minute), []string{"-0930", " -09:30"}}, // Pacific/Marquesas
		{14 * time.Hour, []string{"+14", " +1400"}},                     // Pacific/Kiritimati
	}
	n := 0
	for _, in := range boundaryInstants {
		at, err := time.Parse(time.DateTime, in.utc)
		if err != nil {
			t.Fatal(err)
		}
		for _, z := range zones {
			wall := at.Add(z.offset) // the wall time that the offset names
			for _, sep := range []string{"T", "t", " "} {
				for digits := 0; digits <= 9; digits++ {
					frac := ""
					if digits > 0 {
						frac = "." + "123456789"[:digits]
					}
					for _, suffix := range z.suffix {
						cell := wall.Format("2006-01-02") + sep + wall.Format("15:04:05") + frac + suffix
						m, f, err := b.Parse(cell)
						if err != nil || m.String() != in.want || f != FormInstant {
							t.Errorf("Parse(%q) = %v, %v, %v; want %s (%sZ), an instant", cell, m, f, err, in.want, in.utc)
						}
						n++
					}
				}
			}
		}
	}
	if n < 5000 {
		t.Fatalf("only %d cells tried", n)
	}
}

func TestBadZones(t *testing.T) {
	b := stockholm(t)
	tests := []struct{ in, reason string }{
		{"2019-01-31 23:30:00 CET", `"CET" is a time zone name`},
		{"2019-01-31 23:30:00 CEST", `"CEST" is a time zone name`},
		{"2019-01-31 23:30:00 Europe/Stockholm", `"Europe/Stockholm" is a time zone name`},
		{"2019-01-31 23:30:00 UTC+1", `"UTC+1" is ambiguous`},
		{"2019-01-31 23:30:00 GMT-05:00", `"GMT-05:00" is ambiguous`},
		{"2019-01-31 23:30:00 +1", `"+1" is not a UTC offset`},
		{"2019-01-31 23:30:00 +01:0", `"+01:0" is not a UTC offset`},
		{"2019-01-31 23:30:00 +01:00:00", `"+01:00:00" is not a UTC offset`},
		{"2019-01-31 23:30:00+19:00", `"+19:00" is not a UTC offset`},
		{"2019-01-31 23:30:00 +0060", `"+0060" is not a UTC offset`},
		{"2019-01-31 23:30:00  +0000", "not a month, date or timestamp"}, // two spaces
		{"2019-01-31 23:30:00 ", "not a month, date or timestamp"},
		{"2019-01-31 23:30:00Zulu", "not a month, date or timestamp"},
		{"2019-01-31 23:30:00 UT", `"UT" is a time zone name`},
		{"2019-01-31 23:30:00 utcx", "not a month, date or timestamp"},
		{"2019-01-31 23:30:00.+0000", "not a month, date or timestamp"},
		{"2019-01-31 23:30:00 Z+01:00", "not a month, date or timestamp"},
		{"2019-01-31 23:30:00abc", "not a month, date or timestamp"},
		{"2019-01-31 23:30:00 +00 UTC", `"+00 UTC" is not a UTC offset`},
		{"2019-01-31_23:30:00Z", "not a month, date or timestamp"},
	}
	for _, tt := range tests {
		_, f, err := b.Parse(tt.in)
		if err == nil || f != 0 || !strings.Contains(err.Error(), tt.reason) {
			t.Errorf("Parse(%q) = form %v, error %v; want it to contain %q", tt.in, f, err, tt.reason)
		}
	}
}

func bucketerWith(t testing.TB, zone, naive string) *Bucketer {
	t.Helper()
	b, err := NewBucketerWith(zone, Options{NaiveZone: naive})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestNaiveZone writes the boundary instants without an offset: as UTC wall
// time, with the naive zone UTC, they land where the instants do; with the
// default naive zone (the reporting zone) they are Stockholm wall time.
func TestNaiveZone(t *testing.T) {
	naiveUTC := bucketerWith(t, "Europe/Stockholm", "UTC")
	local := stockholm(t)
	for _, in := range boundaryInstants {
		for _, sep := range []string{"T", "t", " "} {
			for digits := 0; digits <= 9; digits++ {
				frac := ""
				if digits > 0 {
					frac = "." + "987654321"[:digits]
				}
				cell := in.utc[:10] + sep + in.utc[11:] + frac
				m, f, err := naiveUTC.Parse(cell)
				if err != nil || m.String() != in.want || f != FormNaive {
					t.Errorf("naive UTC: Parse(%q) = %v, %v, %v; want %s, naive", cell, m, f, err, in.want)
				}
				// As Stockholm wall time, the month is the one written.
				m, f, err = local.Parse(cell)
				if err != nil || m.String() != in.utc[:7] || f != FormNaive {
					t.Errorf("naive Stockholm: Parse(%q) = %v, %v, %v; want %s, naive", cell, m, f, err, in.utc[:7])
				}
			}
		}
		// Without seconds, through the general parser.
		cell := in.utc[:16]
		if m, f, err := naiveUTC.Parse(cell); err != nil || m.String() != in.want || f != FormNaive {
			t.Errorf("naive UTC: Parse(%q) = %v, %v, %v; want %s, naive", cell, m, f, err, in.want)
		}
	}
	tests := []struct {
		zone, naive, in, want string
	}{
		{"Europe/Stockholm", "", "2019-01-31 23:30:00", "2019-01"},
		{"Europe/Stockholm", "Europe/Stockholm", "2019-01-31 23:30:00", "2019-01"},
		{"Europe/Stockholm", "UTC", "2019-01-31 22:59:59", "2019-01"},
		{"Europe/Stockholm", "UTC", "2019-01-31 23:00:00", "2019-02"},
		{"Europe/Stockholm", "Etc/UTC", "2019-06-30 22:00:00", "2019-07"},
		// Wall time in Stockholm reported in UTC: a day's first hour goes
		// back to the previous day, and month.
		{"UTC", "Europe/Stockholm", "2019-02-01 00:59:59", "2019-01"},
		{"UTC", "Europe/Stockholm", "2019-02-01 01:00:00", "2019-02"},
		{"UTC", "Europe/Stockholm", "2019-07-01 01:59:59", "2019-06"},
		{"UTC", "Europe/Stockholm", "2019-07-01 02:00:00", "2019-07"},
		// Dates and months are never shifted.
		{"UTC", "Europe/Stockholm", "2019-02-01", "2019-02"},
		{"UTC", "Europe/Stockholm", "2019-02", "2019-02"},
		{"Europe/Stockholm", "America/New_York", "2019-01-31", "2019-01"},
		// An offset wins over the naive zone.
		{"UTC", "Europe/Stockholm", "2019-02-01 00:30:00Z", "2019-02"},
		{"Europe/Stockholm", "America/New_York", "2019-01-31 23:30:00+01:00", "2019-01"},
		// New York wall time in Stockholm: six hours later in winter.
		{"Europe/Stockholm", "America/New_York", "2019-01-31 17:59:59", "2019-01"},
		{"Europe/Stockholm", "America/New_York", "2019-01-31 18:00:00", "2019-02"},
		{"Europe/Stockholm", "America/New_York", "2019-01-31T18:00", "2019-02"},
		// Outside the precomputed table, through the time package.
		{"Europe/Stockholm", "UTC", "2250-01-31 23:30:00", "2250-02"},
		{"Europe/Stockholm", "UTC", "1850-06-30 23:30:00", "1850-07"},
		{"UTC", "Europe/Stockholm", "1850-07-01 00:30:00", "1850-06"},
		// Wall times the naive zone skips or repeats, read by PostgreSQL's
		// rule (TestNaiveWallTimesInChanges has the instants), where that
		// decides the month. East of UTC: Sydney skips 02:00-03:00 on
		// 2017-10-01, and 02:30 takes the offset before the change (+10,
		// 16:30Z: Oct 1 00:30 in Perth)...
		{"Australia/Perth", "Australia/Sydney", "2017-10-01 01:59:59", "2017-09"},
		{"Australia/Perth", "Australia/Sydney", "2017-10-01 02:30:00", "2017-10"},
		{"Australia/Perth", "Australia/Sydney", "2017-10-01 03:00:00", "2017-10"},
		// ...and repeats 02:00-03:00 on 2018-04-01, and 02:30 is the
		// later (+10, 16:30Z: Apr 1 00:30 in Perth).
		{"Australia/Perth", "Australia/Sydney", "2018-04-01 01:59:59", "2018-03"},
		{"Australia/Perth", "Australia/Sydney", "2018-04-01 02:30:00", "2018-04"},
		// West of UTC the same: New York skipped 02:00-03:00 on
		// 1990-04-01, and 02:30 takes the offset before the change (-5,
		// 07:30Z: Apr 1 00:30 in Phoenix; time.Date took -4, March)...
		{"America/Phoenix", "America/New_York", "1990-04-01 01:59:59", "1990-03"},
		{"America/Phoenix", "America/New_York", "1990-04-01 02:30:00", "1990-04"},
		{"America/Phoenix", "America/New_York", "1990-04-01 03:00:00", "1990-04"},
		// ...and repeated 01:00-02:00 on 2009-11-01, and 01:30 is the later
		// (-5, 06:30Z: Nov 1 00:30 in Regina; time.Date took the first).
		{"America/Regina", "America/New_York", "2009-11-01 00:59:59", "2009-10"},
		{"America/Regina", "America/New_York", "2009-11-01 01:00:00", "2009-11"},
		{"America/Regina", "America/New_York", "2009-11-01 01:30:00", "2009-11"},
		{"America/Regina", "America/New_York", "2009-11-01 02:00:00", "2009-11"},
		// At midnight on the 1st: Asuncion skipped 00:00-01:00 on
		// 2017-10-01 (La Paz is -4 all year: 04:30Z is 00:30 there)...
		{"America/La_Paz", "America/Asuncion", "2017-09-30 23:59:59", "2017-09"},
		{"America/La_Paz", "America/Asuncion", "2017-10-01 00:00:00", "2017-10"},
		{"America/La_Paz", "America/Asuncion", "2017-10-01 00:30:00", "2017-10"},
		{"America/La_Paz", "America/Asuncion", "2017-10-01 01:00:00", "2017-10"},
		{"America/La_Paz", "America/Asuncion", "2023-10-01 00:30:00", "2023-10"},
		// ...Goose Bay went back from 00:01 on 2009-11-01 to 23:01 on
		// October 31st (Halifax changed at 02:00)...
		{"America/Halifax", "America/Goose_Bay", "2009-10-31 23:00:59", "2009-10"},
		{"America/Halifax", "America/Goose_Bay", "2009-10-31 23:01:00", "2009-11"},
		{"America/Halifax", "America/Goose_Bay", "2009-10-31 23:30:00", "2009-11"},
		{"America/Halifax", "America/Goose_Bay", "2009-11-01 00:00:59", "2009-11"},
		// ...and Havana from 01:00 on 2020-11-01 to 00:00 (Bogota is -5).
		{"America/Bogota", "America/Havana", "2020-10-31 23:59:59", "2020-10"},
		{"America/Bogota", "America/Havana", "2020-11-01 00:00:00", "2020-11"},
		{"America/Bogota", "America/Havana", "2020-11-01 00:30:00", "2020-11"},
		{"America/Bogota", "America/Havana", "2020-11-01 00:59:59", "2020-11"},
		// A skipped wall time lands after the gap, in the next month when
		// the gap ends there, in the naive zone's own months too:
		// Singapore went from 23:29:59 on 1981-12-31 to 00:00...
		{"Asia/Singapore", "", "1981-12-31 23:29:59", "1981-12"},
		{"Asia/Singapore", "", "1981-12-31 23:30:00", "1982-01"},
		{"Asia/Singapore", "", "1981-12-31T23:45", "1982-01"},
		{"Asia/Singapore", "Asia/Singapore", "1981-12-31 23:59:59.5", "1982-01"},
		{"Asia/Singapore", "", "1982-01-01 00:00:00", "1982-01"},
		{"Asia/Kuala_Lumpur", "Asia/Singapore", "1981-12-31 23:45:00", "1982-01"},
		// ...Kiritimati skipped 1994-12-31, Berlin 23:00-00:00 on
		// 1916-04-30, and Rome ten minutes to 1893-11-01, before the table.
		{"Pacific/Kiritimati", "", "1994-12-30 23:59:59", "1994-12"},
		{"Pacific/Kiritimati", "", "1994-12-31 00:00:00", "1995-01"},
		{"Pacific/Kiritimati", "", "1994-12-31 12:00:00", "1995-01"},
		{"Europe/Berlin", "", "1916-04-30 22:59:59", "1916-04"},
		{"Europe/Berlin", "", "1916-04-30 23:30:00", "1916-05"},
		{"Europe/Rome", "", "1893-10-31 23:49:55", "1893-10"},
		{"Europe/Rome", "", "1893-10-31 23:55:00", "1893-11"},
		// Repeated wall times stay in their month (the later is the same
		// wall time): Goose Bay's 23:30 on 2009-10-31.
		{"America/Goose_Bay", "", "2009-10-31 23:30:00", "2009-10"},
	}
	for _, tt := range tests {
		b := bucketerWith(t, tt.zone, tt.naive)
		m, err := b.Month(tt.in)
		if err != nil || m.String() != tt.want {
			t.Errorf("%s, naive %q: Month(%q) = %v, %v; want %s", tt.zone, tt.naive, tt.in, m, err, tt.want)
		}
	}
	if _, err := NewBucketerWith("UTC", Options{NaiveZone: "Mars/Olympus"}); err == nil || !strings.Contains(err.Error(), `naive time zone: unknown time zone "Mars/Olympus"`) {
		t.Errorf("unknown naive zone: %v", err)
	}
	if got := local.NaiveLocation().String(); got != "Europe/Stockholm" {
		t.Errorf("default naive zone %s, want the reporting zone", got)
	}
}

// TestNaiveAgreesWithTimePackage checks the naive zone's offset table and
// the month table against the rule found by brute force with the time
// package (ruleInstant, then time.In), on wall times every 19 minutes for a
// year and a half (so every hour that a daylight saving change skips or
// repeats) and around the ends of the table, for pairs of zones east and
// west of UTC.
func TestNaiveAgreesWithTimePackage(t *testing.T) {
	pairs := []struct{ zone, naive string }{
		{"Europe/Stockholm", "UTC"},
		{"Europe/Stockholm", "America/New_York"},
		{"UTC", "Europe/Stockholm"},
		{"Australia/Perth", "Australia/Sydney"},
		{"America/Regina", "America/New_York"},
		{"Asia/Kolkata", "Pacific/Kiritimati"},
		{"Pacific/Kiritimati", "Pacific/Pago_Pago"},
		{"Europe/Stockholm", "Europe/Stockholm"},
		{"Pacific/Kiritimati", "Pacific/Kiritimati"},
		{"Asia/Singapore", "Asia/Singapore"},
	}
	spans := []struct {
		from, to time.Time
		step     time.Duration
	}{
		{time.Date(2018, 3, 20, 0, 0, 0, 0, time.UTC), time.Date(2019, 11, 10, 0, 0, 0, 0, time.UTC), 19 * time.Minute},
		{time.Date(1899, 12, 20, 0, 0, 0, 0, time.UTC), time.Date(1900, 1, 10, 0, 0, 0, 0, time.UTC), 37 * time.Minute},
		{time.Date(2200, 12, 20, 0, 0, 0, 0, time.UTC), time.Date(2201, 1, 10, 0, 0, 0, 0, time.UTC), 37 * time.Minute},
		// Kiritimati skipped 1994-12-31; Singapore 23:30-00:00 on 1981-12-31.
		{time.Date(1994, 12, 29, 0, 0, 0, 0, time.UTC), time.Date(1995, 1, 2, 0, 0, 0, 0, time.UTC), 7 * time.Minute},
		{time.Date(1981, 12, 31, 20, 0, 0, 0, time.UTC), time.Date(1982, 1, 1, 2, 0, 0, 0, time.UTC), time.Minute + 1},
	}
	layouts := []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05.000", "2006-01-02t15:04:05.123456789", "2006-01-02 15:04"}
	for _, p := range pairs {
		b := bucketerWith(t, p.zone, p.naive)
		loc, naive := b.Location(), b.NaiveLocation()
		n := 0
		for _, span := range spans {
			for w := span.from; w.Before(span.to); w = w.Add(span.step) {
				cell := w.Format(layouts[n%len(layouts)])
				n++
				wall := w.Truncate(time.Minute)
				if len(cell) > 16 {
					wall = w.Truncate(time.Second)
				}
				want := time.Unix(ruleInstant(naive, wall.Unix()), 0).In(loc).Format("2006-01")
				got, f, err := b.Parse(cell)
				if err != nil || got.String() != want || f != FormNaive {
					t.Fatalf("%s, naive %s: Parse(%q) = %v, %v, %v; want %s", p.zone, p.naive, cell, got, f, err, want)
				}
			}
		}
	}
}

// TestMonthOfInstant checks the month table and the guess that replaces a
// search, against the time package: every 59 minutes for three years,
// around the ends of the table, and every 7 days and 1 second over the whole
// table, where the guess drifts most.
func TestMonthOfInstant(t *testing.T) {
	for _, zone := range []string{"Europe/Stockholm", "America/New_York", "Pacific/Kiritimati", "UTC"} {
		b, err := NewBucketer(zone)
		if err != nil {
			t.Fatal(err)
		}
		check := func(u int64) {
			want := time.Unix(u, 0).In(b.Location()).Format("2006-01")
			if got := b.MonthOfInstant(u).String(); got != want {
				t.Fatalf("%s: MonthOfInstant(%d) = %s, want %s", zone, u, got, want)
			}
		}
		for u := time.Date(2018, 12, 1, 0, 0, 0, 0, time.UTC).Unix(); u < time.Date(2021, 12, 1, 0, 0, 0, 0, time.UTC).Unix(); u += 59 * 60 {
			check(u)
		}
		for u := b.starts[0] - 86400; u < b.starts[len(b.starts)-1]+86400; u += 7*86400 + 1 {
			check(u)
		}
		for _, edge := range []int64{b.starts[0], b.starts[len(b.starts)-1]} {
			for u := edge - 3*86400; u < edge+3*86400; u += 1799 {
				check(u)
			}
		}
	}
}

// TestNaiveOffsetTable checks that the table answers in months without a
// change (so that naive UTC costs what an offset costs) and holds the one
// change of a month with one, so that no month of a zone with daylight
// saving is left to the time package.
func TestNaiveOffsetTable(t *testing.T) {
	index := func(y, m int) int { return int(MonthOf(y, m) - MonthOf(tableFirstYear, 1)) }
	sto := bucketerWith(t, "UTC", "Europe/Stockholm")
	change := func(at string, before, after int32) *zoneChange {
		u, err := time.Parse(time.RFC3339, at)
		if err != nil {
			t.Fatal(err)
		}
		return &zoneChange{u.Unix(), before, after}
	}
	for _, tt := range []struct {
		y, m   int
		want   int32
		change *zoneChange
	}{
		{2019, 1, 3600, nil}, {2019, 2, 3600, nil}, {2019, 3, 0, change("2019-03-31T01:00:00Z", 3600, 7200)},
		// April starts a day after the change, behind every reading.
		{2019, 4, 7200, nil}, {2019, 9, 7200, nil},
		{2019, 10, 0, change("2019-10-27T01:00:00Z", 7200, 3600)}, {2019, 11, 3600, nil},
	} {
		got := sto.naiveOffsets[index(tt.y, tt.m)]
		switch {
		case tt.change == nil && got != tt.want:
			t.Errorf("Stockholm %d-%02d: offset %d, want %d", tt.y, tt.m, got, tt.want)
		case tt.change != nil && (got > firstChange || got == offsetVaries):
			t.Errorf("Stockholm %d-%02d: %d, want a change", tt.y, tt.m, got)
		case tt.change != nil && sto.naiveChanges[firstChange-got] != *tt.change:
			t.Errorf("Stockholm %d-%02d: change %+v, want %+v", tt.y, tt.m, sto.naiveChanges[firstChange-got], *tt.change)
		}
	}
	// Since 1980 Stockholm changes twice a year, every change in a month
	// of its own.
	for i := index(1980, 1); i < index(2200, 12); i++ {
		if sto.naiveOffsets[i] == offsetVaries {
			t.Errorf("Stockholm %v: left to wallOffset", MonthOf(tableFirstYear, 1)+Month(i))
		}
	}
	utc := bucketerWith(t, "Europe/Stockholm", "UTC")
	for i, off := range utc.naiveOffsets {
		if off != 0 {
			t.Fatalf("UTC: month %v has offset %d", MonthOf(tableFirstYear, 1)+Month(i), off)
		}
	}
	if local := stockholm(t); local.naiveOffsets != nil || !local.naiveLocal {
		t.Error("the default naive zone builds a table")
	}
}

// TestLoadZone: the names Go's zone data opens that a database or another
// machine reads otherwise are refused; IANA names load.
func TestLoadZone(t *testing.T) {
	for _, name := range []string{"Europe/Stockholm", "UTC", "America/Asuncion", "Etc/GMT-1"} {
		if _, err := LoadZone(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, want := range map[string]string{
		"":                       `"" is not an IANA time zone name`,
		"Local":                  `"Local" is not an IANA time zone name`,
		"localtime":              `"localtime" is not an IANA time zone name`,
		"right/UTC":              `"right/UTC" counts leap seconds, which databases apply and files do not: name the zone without right/ (UTC)`,
		"right/Europe/Stockholm": `name the zone without right/ (Europe/Stockholm)`,
		"posix/Europe/Stockholm": `"posix/Europe/Stockholm" is a copy of Europe/Stockholm under another name: name that`,
		"Factory":                `"Factory" is not a time zone of a place`,
		"Mars/Olympus":           `unknown time zone "Mars/Olympus"`,
	} {
		if _, err := LoadZone(name); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %s", name, err, want)
		}
		if _, err := NewBucketer(name); err == nil {
			t.Errorf("NewBucketer(%q) took it", name)
		}
	}
}
