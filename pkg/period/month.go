// Package period turns the period cells of an export (a month, a date, a
// timestamp with or without an offset, or declared epoch time) into calendar
// months of the reporting time zone.
package period

import (
	"fmt"
	"strconv"
)

// Month is a calendar month, counted from year 0 (year*12 + month-1), so that
// months sort, subtract and index arrays as plain integers.
type Month int32

// MonthOf returns the month of year y, m (1–12).
func MonthOf(y, m int) Month { return Month(y*12 + m - 1) }

// Year returns the calendar year.
func (m Month) Year() int { return int(m) / 12 }

// Number returns the month of the year, 1–12.
func (m Month) Number() int { return int(m)%12 + 1 }

// String formats the month as 2019-03.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year(), m.Number()) }

// MarshalText makes months appear as "2019-03" in JSON.
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// ParseMonth parses "2019-03".
func ParseMonth(s string) (Month, error) {
	if len(s) != 7 || s[4] != '-' {
		return 0, errNotPeriod
	}
	y, ok1 := digits4(s)
	m, ok2 := digits2(s, 5)
	if !ok1 || !ok2 {
		return 0, errNotPeriod
	}
	if m < 1 || m > 12 {
		return 0, fmt.Errorf("month %02d does not exist", m)
	}
	return MonthOf(y, m), nil
}

// ParseYear parses a four-digit year such as "2019".
func ParseYear(s string) (int, error) {
	y, ok := digits(s)
	if !ok || len(s) != 4 {
		return 0, fmt.Errorf("%q is not a year (want YYYY)", s)
	}
	return y, nil
}

// digits parses a run of ASCII digits; strconv would also take signs.
func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// UnmarshalText reads "2019-03", so that JSON documents read back.
func (m *Month) UnmarshalText(b []byte) error {
	v, err := ParseMonth(string(b))
	if err != nil {
		return fmt.Errorf("%q: %w", b, err)
	}
	*m = v
	return nil
}
