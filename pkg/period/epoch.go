package period

import (
	"errors"
	"fmt"
)

// PeriodFormat declares how period cells of digits only are read: epoch
// times are read only when declared, as digits alone could as well be a
// typo'd date, an order number or a count.
type PeriodFormat uint8

// The period formats.
const (
	// FormatAuto reads months, dates and timestamps, told by their form;
	// digits alone are refused.
	FormatAuto PeriodFormat = iota
	// FormatEpochSeconds also reads digits as seconds since
	// 1970-01-01T00:00:00Z, with an optional sign and decimals.
	FormatEpochSeconds
	// FormatEpochMillis also reads digits as milliseconds since then.
	FormatEpochMillis
)

// PeriodFormats names the period formats, for hints.
const PeriodFormats = "auto, epoch-s or epoch-ms"

// ParsePeriodFormat reads a period format by its name: auto, epoch-s or
// epoch-ms.
func ParsePeriodFormat(s string) (PeriodFormat, error) {
	switch s {
	case "auto":
		return FormatAuto, nil
	case "epoch-s":
		return FormatEpochSeconds, nil
	case "epoch-ms":
		return FormatEpochMillis, nil
	}
	return 0, fmt.Errorf("unknown period format %q (want %s)", s, PeriodFormats)
}

// String is the name ParsePeriodFormat reads.
func (f PeriodFormat) String() string {
	switch f {
	case FormatAuto:
		return "auto"
	case FormatEpochSeconds:
		return "epoch-s"
	case FormatEpochMillis:
		return "epoch-ms"
	}
	return fmt.Sprintf("PeriodFormat(%d)", uint8(f))
}

// MarshalText writes the name, for configuration files and JSON.
func (f PeriodFormat) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// UnmarshalText reads the name.
func (f *PeriodFormat) UnmarshalText(b []byte) error {
	v, err := ParsePeriodFormat(string(b))
	if err != nil {
		return err
	}
	*f = v
	return nil
}

// ErrEpochNotDeclared refuses digits alone when no epoch format is declared:
// they may be epoch time, but are never taken as such unasked.
var ErrEpochNotDeclared = errors.New("not a month, date or timestamp; if the digits count seconds or milliseconds since 1970, declare the period format epoch-s or epoch-ms")

var (
	errNotEpoch        = errors.New("not a month, date, timestamp or epoch time (digits, an optional - and decimals)")
	errEpochSecondsFar = errors.New("the month falls outside the years 0001 to 9999 when the digits count seconds since 1970; if they count milliseconds, declare the period format epoch-ms")
)

// mayBeEpoch reports whether s is 9 to 13 digits: seconds or milliseconds
// since 1970 between 1973 and 2286.
func mayBeEpoch(s string) bool {
	return len(s) >= 9 && len(s) <= 13 && allDigits(s)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i]-'0' > 9 {
			return false
		}
	}
	return true
}

// Unix seconds a day beyond the years 0001 to 9999, so that every instant
// in them goes through, and later ones cannot overflow.
const (
	minEpochSecond = -62135596800 - 86400 // 0001-01-01T00:00:00Z, less a day
	maxEpochSecond = 253402300800 + 86400 // 10000-01-01T00:00:00Z, plus a day
)

// epoch reads [-]digits[.digits] as seconds or milliseconds since
// 1970-01-01T00:00:00Z, as declared; a fraction moves the instant down to its
// second, as for any timestamp.
func (b *Bucketer) epoch(s string) (Month, error) {
	neg := len(s) > 1 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	i, n, significant := 0, int64(0), 0
	for ; i < len(s) && s[i]-'0' <= 9; i++ {
		if n > 0 || s[i] != '0' {
			significant++
			if significant <= 15 { // more is beyond year 9999 even in milliseconds
				n = n*10 + int64(s[i]-'0')
			}
		}
	}
	if i == 0 {
		return 0, errNotEpoch
	}
	fraction := false // a fraction other than zero
	if i < len(s) {
		if s[i] != '.' || i+1 == len(s) {
			return 0, errNotEpoch
		}
		for _, c := range []byte(s[i+1:]) {
			if c-'0' > 9 {
				return 0, errNotEpoch
			}
			fraction = fraction || c != '0'
		}
	}
	if significant > 15 {
		return 0, b.epochRangeError()
	}
	if neg {
		n = -n
		if fraction {
			n-- // the floor: -1.5 s is in the second that starts at -2
		}
	}
	u := n
	if b.format == FormatEpochMillis {
		u = n / 1000
		if n%1000 < 0 {
			u-- // the floor again
		}
	}
	if u < minEpochSecond || u > maxEpochSecond {
		return 0, b.epochRangeError()
	}
	return b.MonthOfInstant(u), nil
}

func (b *Bucketer) epochRangeError() error {
	if b.format == FormatEpochSeconds {
		return errEpochSecondsFar
	}
	return errYearRange
}
