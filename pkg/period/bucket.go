package period

import (
	"errors"
	"fmt"
	"math"
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

// Bucketer puts period cells into calendar months of one time zone, the
// reporting zone. Instants are placed by a table of the zone's month-start
// instants, which handles daylight saving without a time.Time per row.
//
// Months and dates are calendar periods: they are never shifted. Timestamps
// without an offset are wall time in the naive zone (see Options) and are
// converted from it by PostgreSQL's rule (wallOffset), which the generated
// SQL follows too: a wall time that the naive zone skips (at a daylight
// saving change) takes the offset in force before the change, so it lands
// after the gap (02:30 on 2018-03-11 in New York is 03:30 EDT, 07:30Z), and
// one that it repeats is the later of the two instants (01:30 on 2018-11-04
// in New York is 01:30 EST, 06:30Z).
type Bucketer struct {
	loc    *time.Location
	starts []int64 // starts[i] = unix second at which month tableFirst+i begins in loc (zoneWalk)
	// firstDays[i] is the day (from 1970-01-01) of the 1st of month
	// tableFirst+i, so that a timestamp's day is an addition.
	firstDays []int32
	// backs are the instants after a month's start whose local date is
	// still in the month before, which the starts cannot tell: none in
	// nearly every zone (see zoneWalk.back).
	backs []backSpan

	naive *time.Location
	// naiveLocal: the naive zone is the reporting zone, so a naive wall
	// time is local already and its month is the one written, but for the
	// wall times in skippedAhead.
	naiveLocal bool
	// skippedAhead are the wall times that the reporting zone's clocks
	// skipped and the rule moves into the month after the one written
	// (wallOffset: a skipped wall time lands after the gap, later by its
	// length), when the naive zone is the reporting zone: Singapore went
	// from 23:29:59 on 1981-12-31 to 00:00 on 1982-01-01, so 23:45 is
	// 00:15 in January; Kiritimati skipped 1994-12-31. In tzdata 2025b
	// none after 1994, none at all in most zones.
	skippedAhead []wallSpan
	// naiveOffsets[i] is the naive zone's offset (seconds east of UTC) at
	// every wall time of month tableFirst+i; or, in a month with one change
	// of offset that wallOffset may meet, changeCode(k), the change being
	// naiveChanges[k]; or offsetVaries with more (wallOffset decides).
	naiveOffsets []int32
	naiveChanges []zoneChange

	format PeriodFormat
}

// lookupMargin bounds how far from a wall time (read as UTC) the instant
// lies, in seconds: more than any offset of the tz database.
const lookupMargin = 18 * 3600

// ruleLookback is how far before a wall time (read as UTC) wallOffset, as
// PostgreSQL, starts to look for a change of offset.
const ruleLookback = 86400

// offsetVaries marks a month in which the naive zone's offset changes more
// than once, for wallOffset; values from it up to firstChange are codes of
// a month with one change (changeCode), and above it offsets (under 18
// hours).
const (
	offsetVaries = math.MinInt32
	firstChange  = -1 << 24
)

// changeCode is the naiveOffsets entry of a month whose change of offset is
// naiveChanges[k].
func changeCode(k int) int32 { return int32(firstChange - k) }

// zoneChange is a change of a zone's offset: at the unix second at, from
// before to after (seconds east of UTC).
type zoneChange struct {
	at            int64
	before, after int32
}

// Options are the settings of a Bucketer besides its reporting zone.
type Options struct {
	// NaiveZone is the IANA zone whose wall time timestamps without an
	// offset are written in; "" means the reporting zone (such a timestamp
	// is then local time, and its month is the one written). Warehouses
	// often write UTC wall time without an offset.
	NaiveZone string
	// Format declares whether cells of digits only are epoch times (they
	// are never guessed).
	Format PeriodFormat
}

// NewBucketer builds the month table for the named IANA zone; timestamps
// without an offset are local time in it.
func NewBucketer(zone string) (*Bucketer, error) {
	return NewBucketerWith(zone, Options{})
}

// NewBucketerWith builds the month table for the named IANA reporting zone,
// with options.
func NewBucketerWith(zone string, o Options) (*Bucketer, error) {
	loc, err := LoadZone(zone)
	if err != nil {
		return nil, err
	}
	if o.Format > FormatEpochMillis {
		return nil, fmt.Errorf("unknown period format %d", o.Format)
	}
	b := &Bucketer{loc: loc, naive: loc, naiveLocal: true, format: o.Format}
	first := MonthOf(tableFirstYear, 1)
	n := (tableLastYear-tableFirstYear+1)*12 + 1
	b.starts = make([]int64, n)
	b.firstDays = make([]int32, n)
	for i := range b.starts {
		m := first + Month(i)
		b.firstDays[i] = int32(DaysFromCivil(m.Year(), m.Number(), 1))
	}
	z := newZoneWalk(loc, int64(b.firstDays[0])*86400-2*86400)
	local := o.NaiveZone == "" || o.NaiveZone == zone
	if local {
		z.skips = []wallSpan{}
	}
	for i, day := range b.firstDays {
		b.starts[i] = z.dayStart(int64(day))
		if from, to, ok := z.back(int64(day)); ok {
			b.backs = append(b.backs, backSpan{from, to, first + Month(i) - 1})
		}
	}
	b.skippedAhead = skippedAhead(z.skips)
	if !local {
		naive, err := LoadZone(o.NaiveZone)
		if err != nil {
			return nil, fmt.Errorf("naive time zone: %w", err)
		}
		b.naive, b.naiveLocal = naive, false
		b.naiveOffsets, b.naiveChanges = naiveOffsets(naive, b.firstDays)
	}
	return b, nil
}

// wallSpan is a span of wall times [from, to), seconds from 1970-01-01 00:00
// on the wall clock, read in month.
type wallSpan struct {
	from, to int64
	month    Month
}

// skippedAhead finds, among the spans of wall times a zone skipped (their
// month unset), the wall times that land in the month after the one
// written: a skipped wall time w is read with the offset before the change
// (wallOffset), so its instant's wall time is w plus the span's length.
func skippedAhead(skips []wallSpan) []wallSpan {
	var ahead []wallSpan
	for _, s := range skips {
		t := time.Unix(s.from, 0).UTC()
		next := MonthOf(t.Year(), int(t.Month())) + 1
		nextStart := DaysFromCivil(next.Year(), next.Number(), 1) * 86400
		if from, to := max(s.from, nextStart-(s.to-s.from)), min(s.to, nextStart); from < to {
			ahead = append(ahead, wallSpan{from, to, next})
		}
	}
	return ahead
}

// zoneWalk finds the instants at which days begin in a zone, for days in
// increasing order, by walking the zone's periods of one offset forward: a
// lookup a change of offset, none a day between them.
//
// A day begins at the first instant whose local date is that day or later:
// its midnight when it has one (the first of two when the clocks go back
// over it), or the change of offset that skips it (Asuncion went from
// 23:59:59 on 2017-09-30 to 01:00 on October 1st). time.Date does not do
// it: for a midnight that does not exist it may return the instant an hour
// before the change, still in the day before, and for one that happens
// twice, either.
type zoneWalk struct {
	loc *time.Location
	// lo is an instant whose local date is before every day asked for yet,
	// in the period [lo, end) of offset off; end is 0 with last set when
	// the period goes on forever.
	lo, end int64
	off     int64
	last    bool
	// skips, when not nil, collects the wall times each change of offset
	// forward skipped (wallSpan, month unset).
	skips []wallSpan
}

// newZoneWalk starts a walk at the unix second lo, whose local date must be
// before every day that dayStart is asked for (two days before the first
// is: no offset of the tz database is a day).
func newZoneWalk(loc *time.Location, lo int64) *zoneWalk {
	z := &zoneWalk{loc: loc}
	z.enter(lo)
	return z
}

// enter moves the walk to the period of offset that contains the unix
// second u, from u on.
func (z *zoneWalk) enter(u int64) {
	t := time.Unix(u, 0).In(z.loc)
	_, off := t.Zone()
	_, end := t.ZoneBounds()
	if z.skips != nil && int64(off) > z.off {
		// The walk enters each period at the end of the one before.
		z.skips = append(z.skips, wallSpan{from: u + z.off, to: u + int64(off)})
	}
	z.lo, z.off, z.last = u, int64(off), end.IsZero()
	if z.last {
		return
	}
	z.end = end.Unix()
	if z.end <= u {
		// Past a zone's last transition the time package computes the
		// periods from its rule, a year of UTC at a time, and ends a leap
		// year's last period at 365 days (December 31, 00:00 UTC), which
		// it gives again as the end for every second of that day. The
		// offset holds until its next year begins, at the next UTC
		// midnight (no rule of the tz database changes in December).
		z.end = (floorDiv(u, 86400) + 1) * 86400
	}
}

// floorDiv is a/b rounded down, for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// dayStart returns the unix second at which the day (from 1970-01-01)
// begins in the zone: the first instant whose local date is that day or
// later. Days must be asked for in increasing order.
func (z *zoneWalk) dayStart(day int64) int64 {
	midnight := day * 86400 // local midnight as if UTC
	for {
		// Local time rises with the instant through a period of one
		// offset: midnight, if the period has it, is at midnight-off.
		u := max(midnight-z.off, z.lo) // lo: the change skipped midnight
		if z.last || u < z.end {
			z.lo = u
			return u
		}
		z.enter(z.end)
	}
}

// back finds whether the local date goes back before the day (from
// 1970-01-01) soon after it began: when the clocks go back over midnight
// after it (Goose Bay went from 00:01 on 2009-11-01 to 23:01 on October
// 31st, St. John's too; Phoenix on 1944-01-01 and 1944-10-01), the instants
// [from, to) are of the day before again. It is asked right after dayStart
// for the same day, and costs a lookup only for a change of offset within
// two days of it.
func (z *zoneWalk) back(day int64) (from, to int64, ok bool) {
	midnight := day * 86400
	for !z.last && z.end < midnight+2*86400 {
		z.enter(z.end) // lo stays before the next day asked for: a month on
		if z.lo+z.off < midnight {
			to = midnight - z.off
			if !z.last {
				to = min(to, z.end)
			}
			return z.lo, to, true
		}
	}
	return 0, 0, false
}

// backSpan is a span of instants [from, to) after the start of month+1 whose
// local date is in month.
type backSpan struct {
	from, to int64
	month    Month
}

// naiveOffsets finds, for each wall month of the table, the zone's offset if
// wallOffset gives it for every wall time of the month: if it holds from 18
// hours before the month to 18 hours after it (an instant is at most an
// offset, under 16 hours in the tz database, from its wall time read as
// UTC), and the offset changes at most once in the 6 hours before that
// (wallOffset looks for a change from a day before the wall time on, and
// one change there is behind both readings; with two it would read the
// wall time with the offset between them, as PostgreSQL does). A month
// with one change from a day before it to 18 hours after it gets the
// change's code (changeCode), and the change is appended to changes; a
// month with more is left to wallOffset.
//
// The periods' bounds (ZoneBounds) are what wallOffset looks at, some of
// them no change of offset (a new abbreviation; the time package's ends of
// a year past the last transition, see zoneWalk.enter): wallOffset reads
// the offset before such a bound if it comes first, and does not look
// further, so a month with one before a change is left to it.
func naiveOffsets(zone *time.Location, firstDays []int32) (offsets []int32, changes []zoneChange) {
	offsets = make([]int32, len(firstDays))
	for i, day := range firstDays {
		m := MonthOf(tableFirstYear, 1) + Month(i)
		start := int64(day)*86400 - ruleLookback
		from := int64(day)*86400 - lookupMargin
		to := (int64(day)+int64(DaysIn(m.Year(), m.Number())))*86400 + lookupMargin
		// The changes after start, up to two, and whether a bound that is
		// no change comes before the first.
		_, offset := time.Unix(start, 0).In(zone).Zone()
		var found []zoneChange
		boundFirst := false
		for u, off := start, offset; len(found) < 2; {
			_, end := time.Unix(u, 0).In(zone).ZoneBounds()
			if end.IsZero() {
				break
			}
			next := end.Unix()
			if next <= u {
				next = (floorDiv(u, 86400) + 1) * 86400
			}
			if next >= to {
				break
			}
			_, after := time.Unix(next, 0).In(zone).Zone()
			if after != off {
				found = append(found, zoneChange{next, int32(off), int32(after)})
			} else if len(found) == 0 {
				boundFirst = true
			}
			u, off = next, after
		}
		switch {
		case len(found) == 0:
			offsets[i] = int32(offset)
		case len(found) > 1 || boundFirst:
			offsets[i] = offsetVaries
		case found[0].at <= from:
			offsets[i] = found[0].after // behind every reading
		default:
			offsets[i] = changeCode(len(changes))
			changes = append(changes, found[0])
		}
	}
	return offsets, changes
}

// naiveOffset returns the naive zone's offset at the wall time w, seconds
// from 1970-01-01 00:00 on the same wall clock, in month i of the table (or
// outside it): wallOffset's, from the table where it can.
func (b *Bucketer) naiveOffset(i Month, w int64) int64 {
	if uint(i) < uint(len(b.naiveOffsets)) {
		off := b.naiveOffsets[i]
		if off > firstChange {
			return int64(off)
		}
		if off != offsetVaries {
			// The month's one change: wallOffset meets it if it comes
			// after w-1 day, else the next change comes after the month.
			c := b.naiveChanges[firstChange-off]
			if c.at <= w-ruleLookback {
				return int64(c.after)
			}
			return readAcross(w, c)
		}
	}
	return wallOffset(b.naive, w)
}

// localMonth returns the month of the wall time w, seconds from 1970-01-01
// 00:00 on the wall clock, in month i of the table (or outside it), when
// the naive zone is the reporting zone: the month written, or the next for
// a wall time the clocks skipped into it (skippedAhead; outside the table,
// wallOffset's instant's).
func (b *Bucketer) localMonth(i Month, w int64) Month {
	if uint(i) >= uint(len(b.starts)-1) {
		return b.monthNear(w-wallOffset(b.loc, w), i)
	}
	for _, s := range b.skippedAhead {
		if s.from <= w && w < s.to {
			return s.month
		}
	}
	return MonthOf(tableFirstYear, 1) + i
}

// NaiveInWrittenMonth reports whether every timestamp without an offset on
// the date y-mo-d falls in the month written, so that a reader may take it
// without converting: on the 3rd to the 26th whatever the zones, and when
// the naive zone is the reporting zone on every date of the table but those
// with wall times the clocks skipped into the next month (skippedAhead).
func (b *Bucketer) NaiveInWrittenMonth(y, mo, d int) bool {
	switch {
	case d > 2 && d < 27:
		return true
	case !b.naiveLocal:
		return false
	case d < 27:
		return true // skipped wall times move forward, not back
	case y < tableFirstYear || y > tableLastYear:
		return false
	}
	day := DaysFromCivil(y, mo, d) * 86400
	for _, s := range b.skippedAhead {
		if s.from < day+86400 && day < s.to {
			return false
		}
	}
	return true
}

// wallOffset returns the offset (seconds east of UTC) at which the wall time
// w of zone, seconds from 1970-01-01 00:00 on the same wall clock, is read:
// w minus it is the instant. It is PostgreSQL's rule, in its own steps
// (DetermineTimeZoneOffsetInternal, src/backend/utils/adt/datetime.c), on
// the zone as Go has it: take the first change of offset after the instant
// w-1 day (read as UTC), with the offsets before and after it; if w read
// with both is before the change, or with both after it, that reading; else
// w is in the change: skipped (the clocks went forward) or repeated (back).
// A skipped wall time takes the offset before the change, and lands after
// it; a repeated one the offset after, the later of its two instants.
// PostgreSQL documents the rule ("Handling of Invalid or Ambiguous
// Timestamps", https://www.postgresql.org/docs/current/datetime-invalid-input.html),
// and DuckDB (ICU) follows it. time.Date does not: in a change it leaves
// the choice open, and takes a skipped time back west of UTC.
func wallOffset(zone *time.Location, w int64) int64 {
	prev := w - ruleLookback
	t := time.Unix(prev, 0).In(zone)
	_, before := t.Zone()
	_, end := t.ZoneBounds()
	if end.IsZero() {
		return int64(before) // no change after prev
	}
	change := end.Unix()
	if change <= prev {
		// Past a zone's last transition the time package ends a leap
		// year's last period at December 31, 00:00 UTC, again for every
		// second of that day (see zoneWalk.enter): the offset holds to the
		// next UTC midnight, and no rule changes it in December.
		return int64(before)
	}
	_, after := time.Unix(change, 0).In(zone).Zone()
	return readAcross(w, zoneChange{change, int32(before), int32(after)})
}

// readAcross is the offset at which wallOffset reads the wall time w, given
// the first change c after w-1 day.
func readAcross(w int64, c zoneChange) int64 {
	before, after := int64(c.before), int64(c.after)
	readBefore, readAfter := w-before, w-after
	switch {
	case readBefore < c.at && readAfter < c.at:
		return before
	case readBefore > c.at && readAfter >= c.at:
		return after
	case readBefore > readAfter: // skipped: forward
		return before
	}
	return after // repeated: the later instant
}

// Format is the declared period format.
func (b *Bucketer) Format() PeriodFormat { return b.format }

// NaiveLocation is the zone whose wall time timestamps without an offset are
// in.
func (b *Bucketer) NaiveLocation() *time.Location { return b.naive }

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
	case b.format != FormatAuto && (len(s) < 5 || s[4] != '-'):
		// Declared epoch times; months, dates and timestamps are still
		// told by the '-' after their year.
		m, err = b.epoch(s)
		f = FormEpoch
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
		if err == errNotPeriod && b.format == FormatAuto && mayBeEpoch(s) {
			err = ErrEpochNotDeclared
		}
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

// LooksLikePeriod reports whether s has the shape of a period cell, valid or
// not: four digits, a '-' and a digit (2019-03, 2019-02-30, 2019-1), or
// digits that the period format reads as epoch time, or that it would name
// as undeclared epoch time. A reader tells by it a file without a header,
// whose first line is data: no column name has that shape.
func (b *Bucketer) LooksLikePeriod(s string) bool {
	if len(s) >= 6 && s[4] == '-' && s[5]-'0' <= 9 && allDigits(s[:4]) {
		return true
	}
	if b.format == FormatAuto {
		return mayBeEpoch(s)
	}
	_, err := b.epoch(s)
	return err != errNotEpoch
}

// MonthOfInstant returns the reporting month that contains the unix second u.
func (b *Bucketer) MonthOfInstant(u int64) Month {
	// Months of the average length from the table's start miss by at most
	// a few days: monthNear's guess, in place of a search.
	return b.monthNear(u, Month((u-b.starts[0])/averageMonth))
}

// MonthSpan returns the reporting month of the unix second u, as
// MonthOfInstant does, and instants [start, end) around u that are all in
// that month (the month's, or only u outside the table), so that a caller
// can place the instants that follow by a comparison.
func (b *Bucketer) MonthSpan(u int64) (m Month, start, end int64) {
	last := len(b.starts) - 1
	if u < b.starts[0] || u >= b.starts[last] {
		return b.MonthOfInstant(u), u, u + 1
	}
	i := b.index(u, Month((u-b.starts[0])/averageMonth))
	start, end = b.starts[i], b.starts[i+1]
	for _, s := range b.backs {
		switch {
		case s.to <= start || s.from >= end:
		case u >= s.to:
			start = s.to
		case u >= s.from:
			return s.month, s.from, s.to
		default:
			end = s.from
		}
	}
	return MonthOf(tableFirstYear, 1) + Month(i), start, end
}

// averageMonth is the length in seconds of the average Gregorian month.
const averageMonth = 146097 * 86400 / (400 * 12)

// monthNear finds the month of u from a guess, the month written in the
// cell as an index into starts: offsets move an instant across at most one
// month boundary, so a comparison or two settle it, without a search.
func (b *Bucketer) monthNear(u int64, guess Month) Month {
	last := len(b.starts) - 1
	if u < b.starts[0] || u >= b.starts[last] {
		t := time.Unix(u, 0).In(b.loc)
		return MonthOf(t.Year(), int(t.Month()))
	}
	i := b.index(u, guess)
	if b.backs != nil {
		for _, s := range b.backs {
			if s.from <= u && u < s.to {
				return s.month
			}
		}
	}
	return MonthOf(tableFirstYear, 1) + Month(i)
}

// index finds the month of the table in whose starts u falls,
// starts[i] <= u < starts[i+1], from a guess; u is inside the table.
func (b *Bucketer) index(u int64, guess Month) int {
	i := min(max(int(guess), 0), len(b.starts)-2)
	for b.starts[i] > u {
		i--
	}
	for b.starts[i+1] <= u {
		i++
	}
	return i
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
	if d < 1 || d > DaysIn(y, m) {
		return 0, 0, 0, fmt.Errorf("%s does not exist (%s %d has %d days)", s, time.Month(m), y, DaysIn(y, m))
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

// DaysIn is the number of days of month m of year y.
func DaysIn(y, m int) int {
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

// DaysFromCivil counts days since 1970-01-01 in the proleptic Gregorian
// calendar (H. Hinnant's algorithm), avoiding a time.Date per row.
func DaysFromCivil(y, m, d int) int64 {
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
