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
			y := []int{1, 1899, 1900, 1969, 1970, 2019, 2020, 2200, 2201, 9999, 0}[rng.IntN(11)]
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
