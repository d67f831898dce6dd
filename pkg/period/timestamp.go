package period

import (
	"fmt"
	"strings"
)

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
	i := MonthOf(y, mo) - MonthOf(tableFirstYear, 1)
	w := DaysFromCivil(y, mo, d)*86400 + int64(hh*3600+mm*60+ss)
	if rest == "" {
		switch {
		case d > 2 && d < 27:
			return MonthOf(y, mo), FormNaive, nil // see usualTimestamp
		case b.naiveLocal:
			return b.localMonth(i, w), FormNaive, nil
		}
		return b.monthNear(w-b.naiveOffset(i, w), i), FormNaive, nil
	}
	offset, err := parseZone(rest)
	if err != nil {
		return 0, 0, err
	}
	if d > 2 && d < 27 {
		return MonthOf(y, mo), FormInstant, nil // see usualTimestamp
	}
	return b.monthNear(w-offset, i), FormInstant, nil
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
	if mo < 1 || mo > 12 || d < 1 || d > DaysIn(y, mo) || hh > 23 || mm > 59 || ss > 59 {
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
	form := FormInstant
	switch {
	case rest == "":
		if b.naiveLocal && (d < 27 || b.skippedAhead == nil && y >= tableFirstYear && y <= tableLastYear) {
			return MonthOf(y, mo), FormNaive, true // local time already
		}
		form = FormNaive
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
		// Away from the month's ends: the written offset (at most 18:59),
		// the naive zone's and the reporting zone's (under 16 hours, even
		// in the local mean times of the 1800s) put the local time less
		// than two days from the written one, so in the same month.
		return MonthOf(y, mo), form, true
	}
	i := MonthOf(y, mo) - MonthOf(tableFirstYear, 1)
	var days int64
	if uint(i) < uint(len(b.firstDays)) {
		days = int64(b.firstDays[i]) + int64(d-1)
	} else {
		days = DaysFromCivil(y, mo, d)
	}
	w := days*86400 + int64(hh*3600+mm*60+ss) // the wall time as if UTC
	if form == FormNaive {
		if b.naiveLocal {
			return b.localMonth(i, w), form, true
		}
		offset = b.naiveOffset(i, w)
	}
	return b.monthNear(w-offset, i), form, true
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
		return 0, fmt.Errorf("%q is not a UTC offset (want ±hh:mm, ±hhmm or ±hh, with hours up to 18)", s)
	}
	off := int64(hh*3600 + mm*60)
	if s[0] == '-' {
		off = -off
	}
	return off, nil
}
