package warehouse

import (
	"testing"
	"time"
)

// TestDayAroundFollowsTheRule reads wall times at and around every change
// of offset from 1900 to 2050, in zones east and west of UTC, the way the
// bigquery, snowflake and spark queries do (dayAround), with engines that
// read a skipped or repeated wall time by other rules: Go's time.Date,
// which west of UTC takes a skipped time back and a repeated one as the
// earlier instant, and Java's LocalDateTime.atZone (Spark), which takes a
// repeated one as the earlier instant everywhere. The result must be
// PostgreSQL's rule all the same (found by brute force): the engine is only
// asked about wall times a day away, which the zone has once. The tests on
// PostgreSQL and DuckDB run the same reading in their SQL
// (checkNaiveChanges).
func TestDayAroundFollowsTheRule(t *testing.T) {
	const day = 86400
	for _, zone := range []string{"America/New_York", "America/Asuncion", "America/Goose_Bay", "America/Havana",
		"Europe/Stockholm", "Australia/Lord_Howe", "Europe/Moscow", "Asia/Singapore", "America/Santiago"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		goDate := func(wall int64) int64 {
			w := time.Unix(wall, 0).UTC()
			return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, loc).Unix()
		}
		java := func(wall int64) int64 {
			first, _ := readings(loc, wall)
			return first
		}
		wallOf := func(u int64) int64 {
			_, off := time.Unix(u, 0).In(loc).Zone()
			return u + int64(off)
		}
		n, engineErrs := 0, map[string]int{}
		from, to := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2050, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		for u := from; u < to; {
			tt := time.Unix(u, 0).In(loc)
			_, before := tt.Zone()
			_, end := tt.ZoneBounds()
			if end.IsZero() || end.Unix() <= u {
				break
			}
			u = end.Unix()
			_, after := end.In(loc).Zone()
			lo, hi := u+int64(min(before, after)), u+int64(max(before, after))
			for _, w := range []int64{lo - 1, lo, (lo + hi) / 2, hi - 1, hi} {
				_, want := readings(loc, w)
				for name, engine := range map[string]func(int64) int64{"time.Date": goDate, "atZone": java} {
					// dayAround, its parts as the queries write them.
					later, earlier := engine(w+day)-day, engine(w-day)+day
					got := earlier
					if wallOf(later) == w {
						got = later
					}
					if got != want {
						t.Fatalf("%s %s, engine %s: %s, want %s", zone, time.Unix(w, 0).UTC().Format(time.DateTime), name,
							time.Unix(got, 0).UTC().Format(time.RFC3339), time.Unix(want, 0).UTC().Format(time.RFC3339))
					}
					if engine(w) != want {
						engineErrs[name]++
					}
				}
				n++
			}
		}
		t.Logf("%s: %d wall times; read by the engine alone, %v otherwise", zone, n, engineErrs)
	}
}

// readings finds the instants whose wall time in loc is w (seconds from
// 1970-01-01 on the wall clock), by brute force over the periods of one
// offset around it: the first and the last, the last being PostgreSQL's;
// when there is none (the clocks skipped w), both are w read with the
// offset of the last period whose wall times are all before w, as
// PostgreSQL and Java read it.
func readings(loc *time.Location, w int64) (first, last int64) {
	var offBefore int64
	found := false
	for u, stop := w-2*86400, w+2*86400; u < stop; {
		t := time.Unix(u, 0).In(loc)
		_, off := t.Zone()
		end := stop
		if _, e := t.ZoneBounds(); !e.IsZero() && e.Unix() > u {
			end = min(e.Unix(), stop)
		}
		if o := int64(off); u+o <= w && w < end+o {
			if !found {
				first = w - o
			}
			last, found = w-o, true
		} else if end+o <= w {
			offBefore = o
		}
		u = end
	}
	if !found {
		first, last = w-offBefore, w-offBefore
	}
	return first, last
}
