package period

import (
	"errors"
	"fmt"
	"sort"
	"strings"
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

// timestamp parses YYYY-MM-DD[Tt ]hh:mm[:ss[.frac]][zone], where zone is
// what parseZone reads.
func (b *Bucketer) timestamp(s string) (Month, Form, error) {
	y, mo, d, err := parseDate(s[:10])
	if err != nil {
		return 0, 0, err
	}
	if s[10] != 'T' && s[10] != 't' && s[10] != ' ' {
		return 0, 0, errNotPeriod
	}
	rest := s[11:]
	hh, ok1 := digits2(rest, 0)
	mm, ok2 := digits2(rest, 3)
	if !ok1 || !ok2 || rest[2] != ':' {
		return 0, 0, errNotPeriod
	}
	rest = rest[5:]
	ss := 0
	if len(rest) >= 3 && rest[0] == ':' {
		var ok bool
		if ss, ok = digits2(rest, 1); !ok {
			return 0, 0, errNotPeriod
		}
		rest = rest[3:]
		if len(rest) > 0 && (rest[0] == '.' || rest[0] == ',') {
			j := 1
			for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
				j++
			}
			if j == 1 {
				return 0, 0, errNotPeriod
			}
			rest = rest[j:] // fractions never change the month: drop them
		}
	}
	if hh > 23 || mm > 59 || ss > 59 {
		return 0, 0, fmt.Errorf("%02d:%02d:%02d is not a time of day", hh, mm, ss)
	}
	if rest == "" {
		return MonthOf(y, mo), FormNaive, nil // no offset: local time already
	}
	offset, err := parseZone(rest)
	if err != nil {
		return 0, 0, err
	}
	if d > 2 && d < 27 {
		// Away from the month's ends: the written offset (at most 18:59)
		// and the zone's (under 16 hours, even in the local mean times of
		// the 1800s) put the local time less than two days from the
		// written one, so in the same month, whatever the zone.
		return MonthOf(y, mo), FormInstant, nil
	}
	u := daysFromCivil(y, mo, d)*86400 + int64(hh*3600+mm*60+ss) - offset
	return b.monthNear(u, MonthOf(y, mo)-MonthOf(tableFirstYear, 1)), FormInstant, nil
}

// usualTimestamp parses the layout of nearly every export,
// YYYY-MM-DD[Tt ]hh:mm:ss[.frac][zone], in straight-line code (it runs
// once a row; Z and ±hh:mm are written out here, other zones go through
// parseZone). It returns false for anything else, valid or not: timestamp
// parses every form, and names the error.
func (b *Bucketer) usualTimestamp(s string) (Month, Form, bool) {
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':' ||
		(s[10] != 'T' && s[10] != ' ' && s[10] != 't') {
		return 0, 0, false
	}
	y0, y1, y2, y3 := s[0]-'0', s[1]-'0', s[2]-'0', s[3]-'0'
	mo0, mo1, d0, d1 := s[5]-'0', s[6]-'0', s[8]-'0', s[9]-'0'
	h0, h1, mi0, mi1, s0, s1 := s[11]-'0', s[12]-'0', s[14]-'0', s[15]-'0', s[17]-'0', s[18]-'0'
	// Bytes below '0' wrap around: one comparison a digit.
	if y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || mo0 > 9 || mo1 > 9 || d0 > 9 || d1 > 9 ||
		h0 > 9 || h1 > 9 || mi0 > 9 || mi1 > 9 || s0 > 9 || s1 > 9 {
		return 0, 0, false
	}
	y := int(y0)*1000 + int(y1)*100 + int(y2)*10 + int(y3)
	mo, d := int(mo0)*10+int(mo1), int(d0)*10+int(d1)
	hh, mm, ss := int(h0)*10+int(h1), int(mi0)*10+int(mi1), int(s0)*10+int(s1)
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || hh > 23 || mm > 59 || ss > 59 {
		return 0, 0, false
	}
	rest := s[19:]
	if rest != "" && (rest[0] == '.' || rest[0] == ',') {
		j := 1
		for j < len(rest) && rest[j]-'0' <= 9 {
			j++
		}
		if j == 1 {
			return 0, 0, false
		}
		rest = rest[j:]
	}
	var offset int64
	switch {
	case rest == "":
		return MonthOf(y, mo), FormNaive, true // local time already
	case rest == "Z" || rest == "z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh0, oh1, om0, om1 := rest[1]-'0', rest[2]-'0', rest[4]-'0', rest[5]-'0'
		if oh0 > 9 || oh1 > 9 || om0 > 9 || om1 > 9 {
			return 0, 0, false
		}
		oh, om := int(oh0)*10+int(oh1), int(om0)*10+int(om1)
		if oh > 18 || om > 59 {
			return 0, 0, false
		}
		offset = int64(oh*3600 + om*60)
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		var err error
		if offset, err = parseZone(rest); err != nil {
			return 0, 0, false
		}
	}
	if d > 2 && d < 27 {
		return MonthOf(y, mo), FormInstant, true // see timestamp
	}
	i := MonthOf(y, mo) - MonthOf(tableFirstYear, 1)
	var days int64
	if uint(i) < uint(len(b.firstDays)) {
		days = int64(b.firstDays[i]) + int64(d-1)
	} else {
		days = daysFromCivil(y, mo, d)
	}
	return b.monthNear(days*86400+int64(hh*3600+mm*60+ss)-offset, i), FormInstant, true
}

// parseZone parses what follows the time of day of an exact instant, as
// exports write it: Z, UTC or GMT, or an offset ±hh, ±hhmm or ±hh:mm, each
// directly or after one space (Snowflake, SQL Server and BigQuery put a space
// before it). It returns seconds east of UTC.
func parseZone(s string) (int64, error) {
	z := s
	if len(z) > 1 && z[0] == ' ' {
		z = z[1:]
	}
	switch {
	case z == "Z" || z == "z":
		return 0, nil
	case z[0] == '+' || z[0] == '-':
		return parseOffset(z)
	case len(z) == 3 && isUTCName(z):
		return 0, nil
	case len(z) > 3 && isUTCName(z) && (z[3] == '+' || z[3] == '-'):
		// POSIX TZ strings count west (UTC+1 is an hour behind), people
		// east: either reading could be meant.
		return 0, fmt.Errorf("%q is ambiguous (an offset after %s is read east or west by different programs): want the offset alone, such as +01:00", z, strings.ToUpper(z[:3]))
	case isZoneName(z):
		return 0, fmt.Errorf("%q is a time zone name, which is not read (abbreviations such as CST or IST name several zones): want Z, UTC or an offset such as +01:00", z)
	}
	return 0, errNotPeriod
}

// isUTCName reports whether s starts with UTC or GMT, in any case.
func isUTCName(s string) bool {
	if len(s) < 3 {
		return false
	}
	a, b, c := s[0]|0x20, s[1]|0x20, s[2]|0x20 // ASCII lower case
	return a == 'u' && b == 't' && c == 'c' || a == 'g' && b == 'm' && c == 't'
}

// isZoneName reports whether s looks like a zone abbreviation (CET, CEST)
// or an IANA name (Europe/Stockholm) rather than stray text.
func isZoneName(s string) bool {
	slash := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'A' && c <= 'Z':
		case (c >= 'a' && c <= 'z' || c == '_') && i > 0:
		case c == '/' && i > 0:
			slash = true
		default:
			return false
		}
	}
	return slash || len(s) >= 2 && len(s) <= 5 && strings.ToUpper(s) == s
}

// parseOffset parses ±hh:mm, ±hhmm or ±hh into seconds east of UTC.
func parseOffset(s string) (int64, error) {
	hh, ok1 := digits2(s, 1)
	mm, ok2 := 0, true // ±hh, as PostgreSQL writes whole-hour offsets
	switch {
	case len(s) == 6 && s[3] == ':':
		mm, ok2 = digits2(s, 4)
	case len(s) == 5:
		mm, ok2 = digits2(s, 3)
	case len(s) != 3:
		ok2 = false
	}
	if !ok1 || !ok2 || hh > 18 || mm > 59 {
		return 0, fmt.Errorf("%q is not a UTC offset (want ±hh:mm, ±hhmm or ±hh, at most 18 hours)", s)
	}
	off := int64(hh*3600 + mm*60)
	if s[0] == '-' {
		off = -off
	}
	return off, nil
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
