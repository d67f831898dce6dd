package period

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// Forms lists the accepted period forms, for hints in error messages.
const Forms = "a month (2019-03), a date (2019-03-14) or a timestamp (2019-03-14T09:30:00+01:00)"

// Range of months whose start instants are precomputed; instants outside it
// still work, through the time package.
const (
	tableFirstYear = 1900
	tableLastYear  = 2200
)

// Bucketer puts period cells into calendar months of one time zone. Instants
// with an offset are placed by binary search in a table of the zone's
// month-start instants, which handles daylight saving without a time.Time per
// row.
type Bucketer struct {
	loc    *time.Location
	starts []int64 // starts[i] = unix second at which month tableFirst+i begins in loc
	// firstDays[i] is the day (from 1970-01-01) of the 1st of month
	// tableFirst+i, so that a timestamp's day is an addition.
	firstDays []int32
}

// NewBucketer builds the month table for the named IANA zone.
func NewBucketer(zone string) (*Bucketer, error) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q (want an IANA name such as Europe/Stockholm)", zone)
	}
	first := MonthOf(tableFirstYear, 1)
	n := (tableLastYear-tableFirstYear+1)*12 + 1
	starts := make([]int64, n)
	firstDays := make([]int32, n)
	for i := range starts {
		m := first + Month(i)
		starts[i] = time.Date(m.Year(), time.Month(m.Number()), 1, 0, 0, 0, 0, loc).Unix()
		firstDays[i] = int32(daysFromCivil(m.Year(), m.Number(), 1))
	}
	return &Bucketer{loc: loc, starts: starts, firstDays: firstDays}, nil
}

// Location is the reporting time zone.
func (b *Bucketer) Location() *time.Location { return b.loc }

// Form is the form a period cell was written in, so that a reader can say
// how its values were taken.
type Form uint8

// The forms of a period cell. The zero Form is no form: the cell was refused.
const (
	FormMonth   Form = iota + 1 // 2019-03: a calendar month, never shifted
	FormDate                    // 2019-03-14: a calendar day, never shifted
	FormInstant                 // a timestamp with Z, an offset, UTC or GMT
	FormNaive                   // a timestamp without an offset: wall time in the naive zone
	FormEpoch                   // a count of seconds or milliseconds since 1970, when declared
)

// String names the form, for messages.
func (f Form) String() string {
	switch f {
	case FormMonth:
		return "month"
	case FormDate:
		return "date"
	case FormInstant:
		return "timestamp with an offset"
	case FormNaive:
		return "timestamp without an offset"
	case FormEpoch:
		return "epoch time"
	}
	return "no period"
}

// Month returns the reporting month of a period cell, recognised by its form.
func (b *Bucketer) Month(s string) (Month, error) {
	m, _, err := b.parse(s)
	return m, err
}

// Parse returns the reporting month of a period cell and the form it was
// written in.
func (b *Bucketer) Parse(s string) (Month, Form, error) { return b.parse(s) }

// The months a period may fall in: four-digit years.
const (
	firstMonth = Month(1 * 12)       // 0001-01
	lastMonth  = Month(9999*12 + 11) // 9999-12
)

var errYearRange = errors.New("the month falls outside the years 0001 to 9999")

func (b *Bucketer) parse(s string) (Month, Form, error) {
	var (
		m   Month
		f   Form
		err error
	)
	switch {
	case len(s) == 7:
		m, err = ParseMonth(s)
		f = FormMonth
	case len(s) == 10:
		var y, mo int
		y, mo, _, err = parseDate(s)
		m, f = MonthOf(y, mo), FormDate
	case len(s) >= 16:
		var ok bool
		if m, f, ok = b.usualTimestamp(s); !ok {
			m, f, err = b.timestamp(s)
		}
	default:
		err = errNotPeriod
	}
	if err != nil {
		return 0, 0, err
	}
	if uint32(m-firstMonth) > uint32(lastMonth-firstMonth) {
		// An offset can carry 9999-12-31T23:30Z into year 10000, which no
		// month column could hold.
		return 0, 0, errYearRange
	}
	return m, f, nil
}

var errNotPeriod = errors.New("not a month, date or timestamp")

// MonthOfInstant returns the reporting month that contains the unix second u.
func (b *Bucketer) MonthOfInstant(u int64) Month {
	if u < b.starts[0] || u >= b.starts[len(b.starts)-1] {
		return b.monthNear(u, 0) // outside the table: the time package answers
	}
	// The last start <= u.
	i := sort.Search(len(b.starts), func(i int) bool { return b.starts[i] > u }) - 1
	return MonthOf(tableFirstYear, 1) + Month(i)
}

// monthNear finds the month of u from a guess, the month written in the
// cell as an index into starts: offsets move an instant across at most one
// month boundary, so a comparison or two settle it, without a search.
func (b *Bucketer) monthNear(u int64, guess Month) Month {
	first := MonthOf(tableFirstYear, 1)
	last := len(b.starts) - 1
	if u < b.starts[0] || u >= b.starts[last] {
		t := time.Unix(u, 0).In(b.loc)
		return MonthOf(t.Year(), int(t.Month()))
	}
	// The last start <= u: starts[i] <= u < starts[i+1].
	i := min(max(int(guess), 0), last-1)
	for b.starts[i] > u {
		i--
	}
	for b.starts[i+1] <= u {
		i++
	}
	return first + Month(i)
}

// parseDate parses YYYY-MM-DD and rejects days the calendar does not have.
func parseDate(s string) (y, m, d int, err error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, errNotPeriod
	}
	y, ok1 := digits4(s)
	m, ok2 := digits2(s, 5)
	d, ok3 := digits2(s, 8)
	if !ok1 || !ok2 || !ok3 {
		return 0, 0, 0, errNotPeriod
	}
	if m < 1 || m > 12 {
		return 0, 0, 0, fmt.Errorf("month %02d does not exist", m)
	}
	if d < 1 || d > daysIn(y, m) {
		return 0, 0, 0, fmt.Errorf("%s does not exist (%s %d has %d days)", s, time.Month(m), y, daysIn(y, m))
	}
	return y, m, d, nil
}

func digits2(s string, at int) (int, bool) {
	if at+2 > len(s) {
		return 0, false
	}
	a, b := s[at], s[at+1]
	if a < '0' || a > '9' || b < '0' || b > '9' {
		return 0, false
	}
	return int(a-'0')*10 + int(b-'0'), true
}

// digits4 reads the four ASCII digits that start s, such as a year.
func digits4(s string) (int, bool) {
	if len(s) < 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < 4; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts days since 1970-01-01 in the proleptic Gregorian
// calendar (H. Hinnant's algorithm), avoiding a time.Date per row.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}
