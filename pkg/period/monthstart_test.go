package period

import (
	"testing"
	"time"
)

// TestMonthStartsWhereMidnightChanges places instants around month starts
// at which a zone's clocks change at midnight. The months expected are the
// local dates GNU date gives from the system's tzdata, independently of Go:
// TZ=America/Asuncion date -d 2017-10-01T03:30:00Z prints
// 2017-09-30 23:30:00 -0400, so that instant is September. time.Date, which
// built the table, put a midnight that does not exist an hour early (the
// hour before it went to the next month) and one that happens twice at its
// second time (the hour between them went to the month before).
func TestMonthStartsWhereMidnightChanges(t *testing.T) {
	for _, tt := range []struct {
		zone, cell, want string
		local            string // TZ=zone date -d cell '+%F %T %z'
	}{
		// Clocks forward at midnight: 23:59:59 is followed by 01:00.
		{"America/Asuncion", "2017-09-30T23:30:00-04:00", "2017-09", "2017-09-30 23:30:00 -0400"},
		{"America/Asuncion", "2017-10-01T03:59:59Z", "2017-09", "2017-09-30 23:59:59 -0400"},
		{"America/Asuncion", "2017-10-01T04:00:00Z", "2017-10", "2017-10-01 01:00:00 -0300"},
		{"America/Asuncion", "2017-10-01T01:30:00-03:00", "2017-10", "2017-10-01 01:30:00 -0300"},
		{"America/Asuncion", "2023-10-01T03:30:00Z", "2023-09", "2023-09-30 23:30:00 -0400"},
		{"America/Asuncion", "1972-10-01T03:30:00Z", "1972-09", "1972-09-30 23:30:00 -0400"},
		{"America/Havana", "2012-03-31T23:30:00-05:00", "2012-03", "2012-03-31 23:30:00 -0500"},
		{"America/Havana", "2012-04-01T05:00:00Z", "2012-04", "2012-04-01 01:00:00 -0400"},
		{"America/Havana", "2001-04-01T04:30:00Z", "2001-03", "2001-03-31 23:30:00 -0500"},
		{"America/Argentina/Buenos_Aires", "1988-12-01T02:30:00Z", "1988-11", "1988-11-30 23:30:00 -0300"},
		{"America/Lima", "1994-01-01T04:30:00Z", "1993-12", "1993-12-31 23:30:00 -0500"},
		// Clocks back at 01:00 on the 1st: midnight happens twice, and the
		// month begins at the first.
		{"Europe/Rome", "1972-09-30T21:59:59Z", "1972-09", "1972-09-30 23:59:59 +0200"},
		{"Europe/Rome", "1972-09-30T22:00:00Z", "1972-10", "1972-10-01 00:00:00 +0200"},
		{"Europe/Rome", "1972-09-30T22:30:00Z", "1972-10", "1972-10-01 00:30:00 +0200"},
		{"Asia/Gaza", "2004-09-30T21:30:00Z", "2004-10", "2004-10-01 00:30:00 +0300"},
		// Clocks back over midnight, from 00:01 on the 1st to 23:01 on the
		// last day: the month begins at the first midnight, and 23:01 to
		// 23:59 the second time are the month before again.
		{"America/Goose_Bay", "2009-11-01T02:59:59Z", "2009-10", "2009-10-31 23:59:59 -0300"},
		{"America/Goose_Bay", "2009-11-01T03:00:30Z", "2009-11", "2009-11-01 00:00:30 -0300"},
		{"America/Goose_Bay", "2009-11-01T03:01:00Z", "2009-10", "2009-10-31 23:01:00 -0400"},
		{"America/Goose_Bay", "2009-11-01T03:30:00Z", "2009-10", "2009-10-31 23:30:00 -0400"},
		{"America/Goose_Bay", "2009-11-01T03:59:59Z", "2009-10", "2009-10-31 23:59:59 -0400"},
		{"America/Goose_Bay", "2009-11-01T04:00:00Z", "2009-11", "2009-11-01 00:00:00 -0400"},
		{"America/Phoenix", "1944-01-01T06:00:30Z", "1944-01", "1944-01-01 00:00:30 -0600"},
		{"America/Phoenix", "1944-01-01T06:30:00Z", "1943-12", "1943-12-31 23:30:00 -0700"},
		{"America/Phoenix", "1944-01-01T07:00:00Z", "1944-01", "1944-01-01 00:00:00 -0700"},
		// A date is its day, whatever the zone does at its midnight.
		{"America/Asuncion", "2017-10-01", "2017-10", ""},
		{"America/Asuncion", "2017-09-30", "2017-09", ""},
		// Timestamps without an offset are local time: their month is the
		// one written.
		{"America/Asuncion", "2017-09-30 23:30:00", "2017-09", ""},
	} {
		b, err := NewBucketer(tt.zone)
		if err != nil {
			t.Fatal(err)
		}
		got, err := b.Month(tt.cell)
		if err != nil || got.String() != tt.want {
			t.Errorf("%s: Month(%q) = %v, %v; want %s (%s)", tt.zone, tt.cell, got, err, tt.want, tt.local)
		}
		if tt.local == "" {
			continue
		}
		// The instant's own span agrees, and the time package's local time
		// is the one date printed.
		at, err := time.Parse(time.RFC3339, tt.cell)
		if err != nil {
			t.Fatal(err)
		}
		if l := at.In(b.Location()).Format("2006-01-02 15:04:05 -0700"); l != tt.local {
			t.Fatalf("%s: %s is %s in the time package, %s by date", tt.zone, tt.cell, l, tt.local)
		}
		m, start, end := b.MonthSpan(at.Unix())
		if m.String() != tt.want || at.Unix() < start || at.Unix() >= end {
			t.Errorf("%s: MonthSpan(%s) = %v [%d, %d), want %s around %d", tt.zone, tt.cell, m, start, end, tt.want, at.Unix())
		}
	}
}

// TestMonthStartsScan checks every month start of zones whose clocks have
// changed at midnight, 1970 to 2037, and of zones whose later years come
// from their rule, to 2200, against the time package's local date of each
// instant, found by stepping and not by time.Date: the start's local date
// is the 1st of its month, a second before it is the month before, and
// every quarter of an hour from two days before the start to two days after
// is in the month of its local date, the start's second and the second
// before it too, by MonthOfInstant and MonthSpan alike.
func TestMonthStartsScan(t *testing.T) {
	for _, tt := range []struct {
		zone      string
		from, to  int
		midnights int // month starts at which midnight does not exist or happens twice
	}{
		{"America/Asuncion", 1970, 2037, 23},
		{"America/Havana", 1970, 2037, 7},
		{"America/Santiago", 1970, 2037, 0},
		{"America/Sao_Paulo", 1970, 2037, 0},
		{"Asia/Beirut", 1970, 2037, 13},
		{"Asia/Amman", 1970, 2037, 11},
		{"America/Argentina/Buenos_Aires", 1970, 2037, 1},
		{"America/Lima", 1970, 2037, 4},
		{"Europe/Rome", 1970, 2037, 3},
		{"America/Goose_Bay", 1970, 2037, 1},
		{"America/Phoenix", 1940, 1950, 2},
		// Past 2037 the time package computes a year of the rule at a time.
		{"Europe/Stockholm", 2030, 2200, 0},
		{"America/New_York", 2030, 2200, 0},
		{"Australia/Sydney", 2030, 2200, 0},
	} {
		b, err := NewBucketer(tt.zone)
		if err != nil {
			t.Fatal(err)
		}
		loc := b.Location()
		month := func(u int64) string { return time.Unix(u, 0).In(loc).Format("2006-01") }
		midnights := 0
		for m := MonthOf(tt.from, 1); m <= MonthOf(tt.to, 12); m++ {
			s := b.starts[m-MonthOf(tableFirstYear, 1)]
			if l := time.Unix(s, 0).In(loc); l.Format("2006-01-02") != m.String()+"-01" {
				t.Fatalf("%s %v: starts at %s", tt.zone, m, l)
			}
			if l := month(s - 1); l != (m - 1).String() {
				t.Fatalf("%s %v: a second before its start is %s", tt.zone, m, l)
			}
			atMidnight := func(u int64) bool {
				l := time.Unix(u, 0).In(loc)
				return l.Format("2006-01-02 15:04:05") == m.String()+"-01 00:00:00"
			}
			if !atMidnight(s) || atMidnight(s+3600) {
				midnights++ // no midnight, or its second time an hour after the first
			}
			for _, u := range []int64{s - 1, s} {
				if got := b.MonthOfInstant(u).String(); got != month(u) {
					t.Fatalf("%s: MonthOfInstant(%d) = %s, want %s", tt.zone, u, got, month(u))
				}
			}
			for u := s - 2*86400; u < s+2*86400; u += 900 {
				want := month(u)
				if got := b.MonthOfInstant(u).String(); got != want {
					t.Fatalf("%s: MonthOfInstant(%d) = %s, want %s", tt.zone, u, got, want)
				}
				got, start, end := b.MonthSpan(u)
				if got.String() != want || u < start || u >= end || month(start) != want || month(end-1) != want {
					t.Fatalf("%s: MonthSpan(%d) = %s [%d, %d), want %s", tt.zone, u, got, start, end, want)
				}
			}
		}
		if midnights != tt.midnights {
			t.Errorf("%s: %d month starts without a midnight or with two, want %d", tt.zone, midnights, tt.midnights)
		}
	}
}
