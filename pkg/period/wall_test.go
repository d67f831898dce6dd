package period

import (
	"testing"
	"time"
)

// TestNaiveWallTimesInChanges reads wall times that a zone skips or
// repeats, and the seconds around them, as PostgreSQL 15 reads them: each
// instant is what SELECT CAST('<wall>' AS TIMESTAMP) AT TIME ZONE '<zone>'
// gave on the test server (and DuckDB 1.5.6 too). A skipped wall time takes
// the offset before the change, and lands after it; a repeated one is the
// later instant. time.Date gave the instant an hour earlier in each zone
// west of UTC here.
func TestNaiveWallTimesInChanges(t *testing.T) {
	for _, tt := range []struct {
		zone, wall, instant string
	}{
		// New York skipped 02:00-03:00 on 2018-03-11 (EST to EDT)...
		{"America/New_York", "2018-03-11 01:59:59", "2018-03-11T06:59:59Z"},
		{"America/New_York", "2018-03-11 02:00:00", "2018-03-11T07:00:00Z"},
		{"America/New_York", "2018-03-11 02:30:00", "2018-03-11T07:30:00Z"},
		{"America/New_York", "2018-03-11 03:00:00", "2018-03-11T07:00:00Z"},
		// ...and repeated 01:00-02:00 on 2018-11-04 (EDT, then EST).
		{"America/New_York", "2018-11-04 00:59:59", "2018-11-04T04:59:59Z"},
		{"America/New_York", "2018-11-04 01:00:00", "2018-11-04T06:00:00Z"},
		{"America/New_York", "2018-11-04 01:30:00", "2018-11-04T06:30:00Z"},
		{"America/New_York", "2018-11-04 02:00:00", "2018-11-04T07:00:00Z"},
		// Asuncion skipped 00:00-01:00 on 2017-10-01, and repeated
		// 23:00-00:00 on 2018-03-24.
		{"America/Asuncion", "2017-09-30 23:59:59", "2017-10-01T03:59:59Z"},
		{"America/Asuncion", "2017-10-01 00:00:00", "2017-10-01T04:00:00Z"},
		{"America/Asuncion", "2017-10-01 00:30:00", "2017-10-01T04:30:00Z"},
		{"America/Asuncion", "2017-10-01 01:00:00", "2017-10-01T04:00:00Z"},
		{"America/Asuncion", "2018-03-24 22:59:59", "2018-03-25T01:59:59Z"},
		{"America/Asuncion", "2018-03-24 23:30:00", "2018-03-25T03:30:00Z"},
		{"America/Asuncion", "2018-03-25 00:00:00", "2018-03-25T04:00:00Z"},
		// Goose Bay repeated 23:01-00:01 over midnight on 2009-11-01, and
		// skipped 00:01-01:01 on 2010-03-14.
		{"America/Goose_Bay", "2009-10-31 23:00:59", "2009-11-01T02:00:59Z"},
		{"America/Goose_Bay", "2009-10-31 23:30:00", "2009-11-01T03:30:00Z"},
		{"America/Goose_Bay", "2009-11-01 00:00:59", "2009-11-01T04:00:59Z"},
		{"America/Goose_Bay", "2009-11-01 00:01:00", "2009-11-01T04:01:00Z"},
		{"America/Goose_Bay", "2010-03-14 00:30:00", "2010-03-14T04:30:00Z"},
		// Havana repeated 00:00-01:00 on 2020-11-01.
		{"America/Havana", "2020-10-31 23:59:59", "2020-11-01T03:59:59Z"},
		{"America/Havana", "2020-11-01 00:00:00", "2020-11-01T05:00:00Z"},
		{"America/Havana", "2020-11-01 00:30:00", "2020-11-01T05:30:00Z"},
		// East of UTC, where time.Date agreed: Stockholm skipped 02:00-03:00
		// on 2019-03-31 and repeated it on 2019-10-27.
		{"Europe/Stockholm", "2019-03-31 02:00:00", "2019-03-31T01:00:00Z"},
		{"Europe/Stockholm", "2019-03-31 02:30:00", "2019-03-31T01:30:00Z"},
		{"Europe/Stockholm", "2019-10-27 01:59:59", "2019-10-26T23:59:59Z"},
		{"Europe/Stockholm", "2019-10-27 02:30:00", "2019-10-27T01:30:00Z"},
		{"Europe/Stockholm", "2019-10-27 03:00:00", "2019-10-27T02:00:00Z"},
		// Half an hour at Lord Howe; Moscow from +04 to +03 in 2014, both
		// standard time; Dublin, whose winter time is the one tzdata calls
		// daylight saving.
		{"Australia/Lord_Howe", "2017-10-01 02:15:00", "2017-09-30T15:45:00Z"},
		{"Australia/Lord_Howe", "2018-04-01 01:45:00", "2018-03-31T15:15:00Z"},
		{"Europe/Moscow", "2014-10-26 01:30:00", "2014-10-25T22:30:00Z"},
		{"Europe/Dublin", "2019-03-31 01:30:00", "2019-03-31T01:30:00Z"},
		{"Europe/Dublin", "2019-10-27 01:30:00", "2019-10-27T01:30:00Z"},
		// Whole days skipped: Apia's 2011-12-30 and Kiritimati's
		// 1994-12-31 are read with the offset before (-10).
		{"Pacific/Apia", "2011-12-30 12:00:00", "2011-12-30T22:00:00Z"},
		{"Pacific/Kiritimati", "1994-12-31 12:00:00", "1994-12-31T22:00:00Z"},
		// Singapore skipped 23:30-00:00 on 1981-12-31.
		{"Asia/Singapore", "1981-12-31 23:45:00", "1981-12-31T16:15:00Z"},
	} {
		loc, err := time.LoadLocation(tt.zone)
		if err != nil {
			t.Fatal(err)
		}
		wall, err := time.Parse(time.DateTime, tt.wall)
		if err != nil {
			t.Fatal(err)
		}
		want, err := time.Parse(time.RFC3339, tt.instant)
		if err != nil {
			t.Fatal(err)
		}
		w := wall.Unix()
		if got := time.Unix(w-wallOffset(loc, w), 0).UTC(); !got.Equal(want) {
			t.Errorf("%s %s: %s, want %s", tt.zone, tt.wall, got.Format(time.RFC3339), tt.instant)
		}
		if got := ruleInstant(loc, w); got != want.Unix() {
			t.Errorf("%s %s: the rule by brute force gives %s, the test says %s", tt.zone, tt.wall, time.Unix(got, 0).UTC().Format(time.RFC3339), tt.instant)
		}
		// The Bucketer reads it so, with the month table or without: in
		// UTC its month is the instant's.
		for _, cell := range []string{tt.wall, tt.wall[:10] + "T" + tt.wall[11:] + ".5"} {
			b := bucketerWith(t, "UTC", tt.zone)
			if m, err := b.Month(cell); err != nil || m.String() != tt.instant[:7] {
				t.Errorf("%s naive, UTC: Month(%q) = %v, %v; want %s", tt.zone, cell, m, err, tt.instant[:7])
			}
		}
	}
}

// ruleInstant is the instant of the wall time w (seconds from 1970-01-01
// 00:00 on the same wall clock) of zone by the rule PostgreSQL documents,
// found by brute force with the time package, otherwise than wallOffset:
// of the instants whose wall time is w, the latest; when there is none (the
// clocks skipped w), w read with the offset of the last period of one
// offset whose wall times are all before w.
func ruleInstant(zone *time.Location, w int64) int64 {
	var (
		latest         int64
		found          bool
		offsetBeforeIt int64
	)
	for u, stop := w-2*86400, w+2*86400; u < stop; {
		t := time.Unix(u, 0).In(zone)
		_, off := t.Zone()
		end := stop
		if _, e := t.ZoneBounds(); !e.IsZero() {
			end = min(e.Unix(), stop)
			if end <= u { // the time package past a zone's last transition
				end = (floorDiv(u, 86400) + 1) * 86400
			}
		}
		// This period's wall times are [u+off, end+off).
		if o := int64(off); u+o <= w && w < end+o {
			latest, found = w-o, true
		} else if end+o <= w {
			offsetBeforeIt = o
		}
		u = end
	}
	if found {
		return latest
	}
	return w - offsetBeforeIt
}

// TestNaiveFollowsTheRule reads wall times at and around every change of
// offset from 1890 to 2050 (and a stretch of 2199-2201, past the month
// table) in zones east and west of UTC, with skips and repeats at midnight,
// of half an hour, of whole days and in zones without summer time, and
// checks the instant against ruleInstant, and the month in the reporting
// zone against it.
func TestNaiveFollowsTheRule(t *testing.T) {
	pairs := []struct{ zone, naive string }{
		{"UTC", "America/New_York"},
		{"America/La_Paz", "America/Asuncion"},
		{"America/Halifax", "America/Goose_Bay"},
		{"America/Bogota", "America/Havana"},
		{"America/Sao_Paulo", "America/Santiago"},
		{"Australia/Perth", "Australia/Lord_Howe"},
		{"Asia/Kolkata", "Pacific/Apia"},
		{"Pacific/Kiritimati", "Asia/Singapore"},
		{"UTC", "Europe/Moscow"},
		{"Europe/London", "Europe/Dublin"},
		{"America/New_York", "Europe/Stockholm"},
		{"Europe/Stockholm", "Pacific/Chatham"},
	}
	for _, p := range pairs {
		b := bucketerWith(t, p.zone, p.naive)
		loc, naive := b.Location(), b.NaiveLocation()
		var walls []int64
		for _, span := range [][2]int{{1890, 2050}, {2199, 2202}} {
			from := time.Date(span[0], 1, 1, 0, 0, 0, 0, time.UTC).Unix()
			to := time.Date(span[1], 1, 1, 0, 0, 0, 0, time.UTC).Unix()
			for u := from; u < to; {
				t := time.Unix(u, 0).In(naive)
				_, before := t.Zone()
				_, end := t.ZoneBounds()
				if end.IsZero() {
					break
				}
				u = end.Unix()
				if u <= t.Unix() {
					u = (floorDiv(t.Unix(), 86400) + 1) * 86400
					continue
				}
				_, after := end.In(naive).Zone()
				lo, hi := u+int64(min(before, after)), u+int64(max(before, after))
				for _, w := range []int64{lo - 1, lo, lo + 1, (lo + hi) / 2, hi - 1, hi, hi + 1} {
					walls = append(walls, w)
				}
			}
		}
		if len(walls) < 20 {
			t.Fatalf("%s: %d wall times", p.naive, len(walls))
		}
		for _, w := range walls {
			want := ruleInstant(naive, w)
			if got := w - wallOffset(naive, w); got != want {
				t.Fatalf("%s %s: %s, want %s", p.naive, time.Unix(w, 0).UTC().Format(time.DateTime),
					time.Unix(got, 0).UTC().Format(time.RFC3339), time.Unix(want, 0).UTC().Format(time.RFC3339))
			}
			cell := time.Unix(w, 0).UTC().Format(time.DateTime)
			wantMonth := time.Unix(want, 0).In(loc).Format("2006-01")
			if m, err := b.Month(cell); err != nil || m.String() != wantMonth {
				t.Fatalf("%s, naive %s: Month(%q) = %v, %v; want %s", p.zone, p.naive, cell, m, err, wantMonth)
			}
		}
	}
}

// TestNaiveOffsetTableIsWallOffset checks the month table against wallOffset
// over the whole table, in zones with changes at midnight, of half an hour,
// of whole days, several in a month, and past their last transition:
// around every change of every month that has one, and at each month's
// first and last seconds.
func TestNaiveOffsetTableIsWallOffset(t *testing.T) {
	for _, zone := range []string{"America/New_York", "America/Asuncion", "America/Goose_Bay", "Australia/Lord_Howe",
		"Pacific/Apia", "Europe/Moscow", "Africa/Casablanca", "Asia/Gaza", "America/Santiago", "Europe/Dublin"} {
		b := bucketerWith(t, "UTC", zone)
		kinds := map[string]int{}
		for i, off := range b.naiveOffsets {
			m := MonthOf(tableFirstYear, 1) + Month(i)
			first := int64(b.firstDays[i]) * 86400
			last := first + int64(DaysIn(m.Year(), m.Number()))*86400 - 1
			walls := []int64{first, first + 1, last - 1, last}
			switch {
			case off > firstChange:
				kinds["offset"]++
			case off == offsetVaries:
				kinds["varies"]++
			default:
				kinds["change"]++
				c := b.naiveChanges[firstChange-off]
				for d := int64(-2 * 86400); d <= 2*86400; d += 397 {
					walls = append(walls, c.at+d)
				}
				for _, off := range []int64{int64(c.before), int64(c.after)} {
					for d := int64(-2); d <= 2; d++ {
						walls = append(walls, c.at+off+d)
					}
				}
			}
			for _, w := range walls {
				if w < first || w > last {
					continue
				}
				if got, want := b.naiveOffset(Month(i), w), wallOffset(b.naive, w); got != want {
					t.Fatalf("%s %s: the table reads %d, wallOffset %d", zone, time.Unix(w, 0).UTC().Format(time.DateTime), got, want)
				}
			}
		}
		t.Logf("%s: months %v", zone, kinds)
	}
}
