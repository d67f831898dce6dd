package input

import (
	"encoding/binary"
	"math/bits"

	"github.com/nollmission/nollmission/pkg/period"
)

// monthCache puts the period cells of the fast path in months exactly as
// Bucketer.Month does, with less work a row for the layouts of nearly every
// export: a date (2019-03-14) and a timestamp
// YYYY-MM-DD[Tt ]hh:mm:ss[.frac][Z|±hh:mm]. It remembers the last date it
// read (rows come in time order: thousands share a date) and the last month
// an instant near a month's end fell in, with that month's instants, so
// that a row costs a comparison where the Bucketer would look the instant up.
// Anything else, and whatever it is unsure of, is left to the Bucketer
// (ok false): every error is the Bucketer's.
//
// One belongs to each worker: it is not safe for concurrent use.
type monthCache struct {
	b *period.Bucketer

	// The date last read: its first 8 and next 2 bytes, and what they are.
	date8      uint64
	date2      uint16
	dateValid  bool
	written    period.Month // the month as written
	days       int64        // days from 1970-01-01 to the date
	insideDays bool         // the 3rd to the 26th: the month is the written one, whatever the offset
	// naiveWritten: a timestamp without an offset on the date is in the
	// month written (Bucketer.NaiveInWrittenMonth).
	naiveWritten bool

	// The last offset (±hh:mm) read, its six bytes; 0 before any.
	offset uint64

	// naive tells that the cell last read is a timestamp without an offset,
	// and midnight that it is at 00:00:00 (the reader counts them); set
	// only when it is: the caller clears it.
	naive, midnight bool

	// The month the last instant near a month's end fell in, and its
	// instants [start, end).
	near       period.Month
	start, end int64
}

func newMonthCache(b *period.Bucketer) *monthCache {
	return &monthCache{b: b, start: 1, end: 0}
}

// The months a period may fall in, as the Bucketer bounds them.
const (
	firstPeriodMonth = period.Month(1 * 12)       // 0001-01
	lastPeriodMonth  = period.Month(9999*12 + 11) // 9999-12
)

// datePattern and timePattern are the fixed bytes of a date's first eight
// bytes (YYYY-MM-) and of hh:mm:ss, read as little-endian words: a digit
// is any byte d with d^'0' <= 9.
const (
	datePattern = 0x2d30302d30303030 // "0000-00-"
	timePattern = 0x30303a30303a3030 // "00:00:00"
	// The bytes to add after the XOR so that a byte that is not what it
	// must be carries into its high bit: 0x76 takes 10 and more (not a
	// digit) over 0x7f, 0x7f takes anything but 0 (not the separator).
	dateCarry = 0x7f76767f76767676
	timeCarry = 0x76767f76767f7676
)

// fixedDigits tells whether the eight bytes w are pattern's digits and
// separators (see datePattern), and returns them XORed with it: the digits'
// values, and zeros.
func fixedDigits(w, pattern, carry uint64) (uint64, bool) {
	x := w ^ pattern
	return x, ((x&lowBits)+carry|x)&highBits == 0
}

// notDigits has the high bit set of each byte of x, bytes XORed with '0',
// that was not a digit (the value 10 and more carries into it).
func notDigits(x uint64) uint64 { return ((x & lowBits) + ones*0x76 | x) & highBits }

// month reads the period cell that starts s, up to the delimiter delim or
// the end of s. It returns the month and the cell's length when the cell is
// a date or a timestamp in the usual layout and the byte after it (if any)
// is not part of it; the caller checks that the cell ends there.
func (c *monthCache) month(s []byte, delim byte) (period.Month, int, bool) {
	if len(s) < 28 {
		return c.shortMonth(s, delim)
	}
	// The date, the time and what follows are read as words: s has room.
	d8, d2 := binary.LittleEndian.Uint64(s), binary.LittleEndian.Uint16(s[8:])
	if d8 != c.date8 || d2 != c.date2 || !c.dateValid {
		if !c.readDate(d8, d2) {
			return 0, 0, false
		}
	}
	if t := s[10]; t != 'T' && t != ' ' && t != 't' {
		return c.written, 10, true // a date: a calendar day, never shifted
	}
	x, ok := fixedDigits(binary.LittleEndian.Uint64(s[11:]), timePattern, timeCarry)
	// Minutes and seconds up to 59: their tens (bytes 3 and 6) up to 5.
	if !ok || (x+tensCarry)&tensBits != 0 || x&0xff*10+x>>8&0xff > 23 {
		return 0, 0, false
	}
	n := 19
	if f := s[19]; f == '.' || f == ',' && delim != ',' {
		// The digits of the fraction, eight at a time: the first byte that
		// is not one has its high bit set in others.
		others := notDigits(binary.LittleEndian.Uint64(s[20:]) ^ ones*'0')
		if others == 0 {
			return c.longMonth(s, delim)
		}
		digits := bits.TrailingZeros64(others) >> 3
		if digits == 0 {
			return 0, 0, false
		}
		n = 20 + digits // fractions never change the month
	}
	if n+6 > len(s) {
		return c.longMonth(s, delim)
	}
	switch z := s[n]; {
	case (z == '+' || z == '-') && c.insideDays:
		// An offset (at most 18:59) moves the instant less than a day:
		// the written month is the reporting zone's too. The offset of
		// the row before is most likely this row's: it was checked.
		offset := uint64(binary.LittleEndian.Uint32(s[n:])) | uint64(binary.LittleEndian.Uint16(s[n+4:]))<<32
		if offset != c.offset {
			oh0, oh1, om0, om1 := s[n+1]-'0', s[n+2]-'0', s[n+4]-'0', s[n+5]-'0'
			if s[n+3] != ':' || oh0 > 9 || oh1 > 9 || om0 > 5 || om1 > 9 || oh0*10+oh1 > 18 {
				return 0, 0, false
			}
			c.offset = offset
		}
		return c.written, n + 6, true
	case (z == 'Z' || z == 'z') && c.insideDays:
		return c.written, n + 1, true
	}
	return c.zone(s, n, x, delim)
}

// Minutes' and seconds' tens (bytes 3 and 6 of hh:mm:ss) above 5 carry into
// their high bits.
const (
	tensCarry = 0x00_7a_00_00_7a_00_00_00
	tensBits  = 0x00_80_00_00_80_00_00_00
)

// zone reads what follows the time of day (at s[n], with 6 bytes of room)
// and returns the month; x is the time's digits (fixedDigits).
func (c *monthCache) zone(s []byte, n int, x uint64, delim byte) (period.Month, int, bool) {
	var offset int64
	switch z := s[n]; {
	case z == delim || z == '\n' || z == '\r':
		// Without an offset: wall time of the naive zone.
		if c.naiveWritten {
			c.sawNaive(s[:n], x)
			return c.written, n, true
		}
		return 0, 0, false // the Bucketer converts it
	case z == 'Z' || z == 'z':
		n++
	case (z == '+' || z == '-') && s[n+3] == ':':
		oh0, oh1, om0, om1 := s[n+1]-'0', s[n+2]-'0', s[n+4]-'0', s[n+5]-'0'
		if oh0 > 9 || oh1 > 9 || om0 > 5 || om1 > 9 || oh0*10+oh1 > 18 {
			return 0, 0, false
		}
		if c.insideDays {
			return c.written, n + 6, true
		}
		offset = int64(oh0)*36000 + int64(oh1)*3600 + int64(om0)*600 + int64(om1)*60
		if z == '-' {
			offset = -offset
		}
		n += 6
	default:
		return 0, 0, false
	}
	if c.insideDays {
		// An offset (at most 18:59) moves the instant less than a day: the
		// written month is the reporting zone's too.
		return c.written, n, true
	}
	hh, mm, ss := int64(x&0xff)*10+int64(x>>8&0xff), int64(x>>24&0xff)*10+int64(x>>32&0xff), int64(x>>48&0xff)*10+int64(x>>56)
	m, ok := c.instant(c.days*86400 + hh*3600 + mm*60 + ss - offset)
	return m, n, ok
}

// sawNaive notes that the cell is a timestamp without an offset; x is its
// time's digits (fixedDigits): all zero at 00:00:00.
func (c *monthCache) sawNaive(cell []byte, x uint64) {
	c.naive, c.midnight = true, x == 0 && atMidnight(text(cell))
}

// instant returns the reporting month of the unix second u.
func (c *monthCache) instant(u int64) (period.Month, bool) {
	if c.start <= u && u < c.end {
		return c.near, true
	}
	// The Bucketer's own span: a month's start is where its table has it
	// (time.Date can put a midnight that does not exist an hour early).
	m, start, end := c.b.MonthSpan(u)
	if m < firstPeriodMonth || m > lastPeriodMonth {
		return 0, false
	}
	c.near, c.start, c.end = m, start, end
	return m, true
}

// shortMonth is month for a cell too near the end of s to be read a word
// at a time; longMonth for a fraction of more than seven digits. They read
// a byte at a time, in the same layouts.
func (c *monthCache) shortMonth(s []byte, delim byte) (period.Month, int, bool) {
	if len(s) < 10 {
		return 0, 0, false
	}
	return c.longMonth(s, delim)
}

func (c *monthCache) longMonth(s []byte, delim byte) (period.Month, int, bool) {
	d8, d2 := binary.LittleEndian.Uint64(s), binary.LittleEndian.Uint16(s[8:])
	if d8 != c.date8 || d2 != c.date2 || !c.dateValid {
		if !c.readDate(d8, d2) {
			return 0, 0, false
		}
	}
	if len(s) == 10 || s[10] != 'T' && s[10] != ' ' && s[10] != 't' {
		return c.written, 10, true // a date: a calendar day, never shifted
	}
	if len(s) < 19 {
		return 0, 0, false
	}
	x, ok := fixedDigits(binary.LittleEndian.Uint64(s[11:]), timePattern, timeCarry)
	if !ok || (x+tensCarry)&tensBits != 0 || x&0xff*10+x>>8&0xff > 23 {
		return 0, 0, false
	}
	n := 19
	if n < len(s) && (s[n] == '.' || s[n] == ',' && delim != ',') {
		j := n + 1
		for j < len(s) && s[j]-'0' <= 9 {
			j++
		}
		if j == n+1 {
			return 0, 0, false
		}
		n = j // fractions never change the month
	}
	if n == len(s) {
		if c.naiveWritten {
			c.sawNaive(s[:n], x)
			return c.written, n, true
		}
		return 0, 0, false
	}
	if n+6 > len(s) {
		// Room for Z, or for no zone at all.
		switch z := s[n]; {
		case z == delim || z == '\n' || z == '\r':
			if c.naiveWritten {
				c.sawNaive(s[:n], x)
				return c.written, n, true
			}
		case (z == 'Z' || z == 'z') && c.insideDays:
			return c.written, n + 1, true
		case z == 'Z' || z == 'z':
			hh, mm, ss := int64(x&0xff)*10+int64(x>>8&0xff), int64(x>>24&0xff)*10+int64(x>>32&0xff), int64(x>>48&0xff)*10+int64(x>>56)
			m, ok := c.instant(c.days*86400 + hh*3600 + mm*60 + ss)
			return m, n + 1, ok
		}
		return 0, 0, false
	}
	return c.zone(s, n, x, delim)
}

// readDate reads the date YYYY-MM-DD of a period cell, from its first 8 and
// next 2 bytes, into the cache; false when they are not a date of the years
// 0001 to 9999.
func (c *monthCache) readDate(d8 uint64, d2 uint16) bool {
	c.dateValid = false
	x, ok := fixedDigits(d8, datePattern, dateCarry)
	d0, d1 := byte(d2)-'0', byte(d2>>8)-'0'
	if !ok || d0 > 9 || d1 > 9 {
		return false
	}
	y := int(x&0xff)*1000 + int(x>>8&0xff)*100 + int(x>>16&0xff)*10 + int(x>>24&0xff)
	mo := int(x>>40&0xff)*10 + int(x>>48&0xff)
	d := int(d0)*10 + int(d1)
	if y == 0 || mo < 1 || mo > 12 || d < 1 || d > period.DaysIn(y, mo) {
		return false
	}
	c.date8, c.date2, c.dateValid = d8, d2, true
	c.written = period.MonthOf(y, mo)
	c.days = period.DaysFromCivil(y, mo, d)
	c.insideDays = d > 2 && d < 27
	c.naiveWritten = c.b.NaiveInWrittenMonth(y, mo, d)
	return true
}
