package input

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/nollmission/nollmission/pkg/period"
)

// monthCacheAgrees fails when the cache reads a cell otherwise than the
// Bucketer: whenever it gives a month for the bytes up to a delimiter or a
// line's end, the Bucketer gives the same month for them. It tells whether
// the cache read the cell (else the Bucketer does, and nothing is compared).
func monthCacheAgrees(t *testing.T, c *monthCache, cell string, next byte) bool {
	t.Helper()
	line := []byte(cell + string(next) + "rest")
	m, n, ok := c.month(line, ',')
	if !ok {
		return false
	}
	if line[n] != ',' && line[n] != '\n' && line[n] != '\r' {
		return false // the cell does not end there: the caller reads it otherwise
	}
	want, err := c.b.Month(string(line[:n]))
	if err != nil || want != m {
		t.Fatalf("%q: the cache gives %v, the Bucketer %v, %v", line[:n], m, want, err)
	}
	return true
}

func bucketers(t testing.TB) map[string]*period.Bucketer {
	out := map[string]*period.Bucketer{}
	for _, z := range []struct{ zone, naive string }{
		{"Europe/Stockholm", ""}, {"America/New_York", "UTC"}, {"Asia/Kolkata", "Europe/Stockholm"}, {"Pacific/Chatham", ""},
		// Clocks forward at midnight on the 1st (October 2017, 2023), and
		// back over midnight after it (November 2009).
		{"America/Asuncion", ""}, {"America/Goose_Bay", "UTC"},
		// Wall times skipped into the next month (Singapore, 1981-12-31
		// 23:30-00:00), a skip at midnight on the 1st read from another
		// zone (Asuncion, October 2017), and a repeat over midnight.
		{"Asia/Singapore", ""}, {"America/La_Paz", "America/Asuncion"}, {"America/Halifax", "America/Goose_Bay"},
	} {
		b, err := period.NewBucketerWith(z.zone, period.Options{NaiveZone: z.naive})
		if err != nil {
			t.Fatal(err)
		}
		out[z.zone+" naive "+z.naive] = b
	}
	return out
}

// TestMonthCacheAgreesWithBucketer reads timestamps near every month's
// ends and daylight saving changes, in every layout the cache reads and
// some it leaves, one after another as rows come (the cache remembers the
// date and the month), in zones east and west of UTC.
func TestMonthCacheAgreesWithBucketer(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	zones := []string{"Z", "z", "+01:00", "+02:00", "-05:00", "+13:45", "-18:59", "+18:59", "+19:00", "+01:60", "", " UTC", "+0100", "+01"}
	seps := []string{"T", "t", " ", "x"}
	fracs := []string{"", ".5", ".123456789", ",25", ".", "..5"}
	for name, b := range bucketers(t) {
		c := newMonthCache(b)
		// The layouts of nearly every export: the cache reads them itself.
		for _, cell := range []string{"2019-03-14T09:30:00+01:00", "2019-01-31T23:30:00Z", "2019-03-14", "2019-03-14 09:30:00.123456-05:00"} {
			if !monthCacheAgrees(t, c, cell, ',') {
				t.Errorf("%s: the cache leaves %q to the Bucketer", name, cell)
			}
		}
		read := 0
		for range 200_000 {
			y := []int{1, 1899, 1900, 1969, 1970, 1981, 2009, 2017, 2019, 2020, 2023, 2200, 2201, 9999, 0}[rng.IntN(15)]
			mo := 1 + rng.IntN(12)
			d := []int{1, 2, 3, 26, 27, 28, 29, 30, 31, 0, 32}[rng.IntN(11)]
			hh, mm, ss := rng.IntN(25), rng.IntN(61), rng.IntN(61)
			if rng.IntN(2) == 0 {
				hh, mm = []int{0, 1, 2, 3, 22, 23}[rng.IntN(6)], []int{0, 30, 59}[rng.IntN(3)]
			}
			var cell string
			switch rng.IntN(10) {
			case 0:
				cell = fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
			case 1:
				cell = fmt.Sprintf("%04d-%02d", y, mo)
			default:
				cell = fmt.Sprintf("%04d-%02d-%02d%s%02d:%02d:%02d%s%s", y, mo, d, seps[rng.IntN(len(seps))], hh, mm, ss,
					fracs[rng.IntN(len(fracs))], zones[rng.IntN(len(zones))])
			}
			if monthCacheAgrees(t, c, cell, ",\n\r "[rng.IntN(4)]) {
				read++
			}
		}
		// About half the cells are in a layout it reads and end at a
		// delimiter; most of those it reads.
		if read < 20_000 {
			t.Errorf("%s: the cache read %d of 200,000 cells; the comparison says little", name, read)
		}
		t.Logf("%s: agreed on the %d cells the cache read", name, read)
	}
}

// TestMonthCacheAtMidnightChanges reads rows in turn across month starts at
// which the clocks change at midnight: the month the cache keeps from one
// row must end where the Bucketer's does. The months are the local dates
// GNU date gives (TZ=America/Asuncion date -d 2017-10-01T03:30:00Z:
// 2017-09-30 23:30:00 -0400); the cache took a month's bounds from
// time.Date, an hour early in Asuncion, and put the second row in October.
func TestMonthCacheAtMidnightChanges(t *testing.T) {
	for _, tt := range []struct {
		zone  string
		cells []string // rows in turn
		want  []string
	}{
		{"America/Asuncion", // 23:59:59 is followed by 01:00 on October 1st
			[]string{"2017-10-01T04:30:00Z", "2017-10-01T03:30:00Z", "2017-09-30T23:59:59-04:00", "2017-10-01T01:00:00-03:00"},
			[]string{"2017-10", "2017-09", "2017-09", "2017-10"}},
		{"America/Asuncion",
			[]string{"2017-09-30T23:30:00-04:00", "2017-10-01T01:30:00-03:00", "2017-10-01T03:59:59Z"},
			[]string{"2017-09", "2017-10", "2017-09"}},
		{"America/Havana", // 2012-03-31 23:59:59 CST is followed by 01:00 CDT
			[]string{"2012-04-01T05:30:00Z", "2012-03-31T23:30:00-05:00"},
			[]string{"2012-04", "2012-03"}},
		{"Europe/Rome", // 1972-10-01 01:00 CEST went back to 00:00 CET
			[]string{"1972-09-30T21:30:00Z", "1972-09-30T22:30:00Z"},
			[]string{"1972-09", "1972-10"}},
		{"America/Goose_Bay", // 2009-11-01 00:01 ADT went back to 23:01 AST on October 31st
			[]string{"2009-11-01T05:00:00Z", "2009-11-01T03:00:30Z", "2009-11-01T03:30:00Z", "2009-11-01T04:00:00Z", "2009-11-01T03:30:00Z"},
			[]string{"2009-11", "2009-11", "2009-10", "2009-11", "2009-10"}},
	} {
		b, err := period.NewBucketer(tt.zone)
		if err != nil {
			t.Fatal(err)
		}
		c := newMonthCache(b)
		for i, cell := range tt.cells {
			m, n, ok := c.month([]byte(cell+",rest of the row, long enough"), ',')
			if !ok || n != len(cell) || m.String() != tt.want[i] {
				t.Errorf("%s: row %d, %s: the cache gives %v (%d bytes, %v), want %s", tt.zone, i+1, cell, m, n, ok, tt.want[i])
			}
			if m, err := b.Month(cell); err != nil || m.String() != tt.want[i] {
				t.Errorf("%s: %s: the Bucketer gives %v, %v, want %s", tt.zone, cell, m, err, tt.want[i])
			}
		}
	}
}

// TestMonthCacheNaiveInChanges reads timestamps without an offset that the
// naive zone skipped or repeated, in turn as rows come: the fast path takes
// the month written only where the rule keeps it there, and the month is
// PostgreSQL's (see period.TestNaiveWallTimesInChanges).
func TestMonthCacheNaiveInChanges(t *testing.T) {
	for _, tt := range []struct {
		zone, naive string
		cells       []string // rows in turn
		want        []string
	}{
		{"America/La_Paz", "America/Asuncion", // 00:00-01:00 skipped on 2017-10-01
			[]string{"2017-09-30 23:59:59", "2017-10-01 00:00:00", "2017-10-01 00:30:00", "2017-10-01 00:30:00.25", "2017-10-01 01:00:00"},
			[]string{"2017-09", "2017-10", "2017-10", "2017-10", "2017-10"}},
		{"America/Halifax", "America/Goose_Bay", // 23:01-00:01 repeated on 2009-11-01
			[]string{"2009-10-31 23:00:59", "2009-10-31 23:30:00", "2009-11-01 00:00:59"},
			[]string{"2009-10", "2009-11", "2009-11"}},
		{"Asia/Singapore", "", // 23:30-00:00 skipped on 1981-12-31, into January
			[]string{"1981-12-31 23:29:59", "1981-12-31 23:30:00", "1981-12-31 23:59:59.999", "1982-01-01 00:00:00", "1981-12-30 23:45:00"},
			[]string{"1981-12", "1982-01", "1982-01", "1982-01", "1981-12"}},
	} {
		b, err := period.NewBucketerWith(tt.zone, period.Options{NaiveZone: tt.naive})
		if err != nil {
			t.Fatal(err)
		}
		c := newMonthCache(b)
		for i, cell := range tt.cells {
			m, n, ok := c.month([]byte(cell+",rest of the row, long enough"), ',')
			if ok && (n != len(cell) || m.String() != tt.want[i]) {
				t.Errorf("%s naive %q: row %d, %s: the cache gives %v (%d bytes)", tt.zone, tt.naive, i+1, cell, m, n)
			}
			if m, err := b.Month(cell); err != nil || m.String() != tt.want[i] {
				t.Errorf("%s naive %q: %s: the Bucketer gives %v, %v, want %s", tt.zone, tt.naive, cell, m, err, tt.want[i])
			}
		}
	}
}

// FuzzMonthCache compares the cache with the Bucketer on any cell.
func FuzzMonthCache(f *testing.F) {
	for _, s := range []string{"2019-03-14T09:30:00.123+01:00", "2019-01-31T23:30:00Z", "2019-03-14", "2019-03-31 02:30:00", "9999-12-31T23:30:00-01:00", "0001-01-01T00:00:00+01:00"} {
		f.Add(s, byte(','))
	}
	bs := bucketers(f)
	f.Fuzz(func(t *testing.T, cell string, next byte) {
		for _, b := range bs {
			c := newMonthCache(b)
			monthCacheAgrees(t, c, cell, next)
			monthCacheAgrees(t, c, cell, next) // from the cache
		}
	})
}
