package input

import (
	"strconv"
	"strings"
)

// parseCount reads a count strictly as a decimal integer ≥ 0: "010" is ten
// (not octal eight), and an empty, signed, fractional or oversized value is
// refused with the reason, never read as zero.
func parseCount(cell string) (int64, string) {
	s := strings.TrimSpace(cell)
	switch {
	case s == "":
		return 0, "empty count"
	case s[0] == '-' && allDigits(s[1:]) && strings.Trim(s[1:], "0") == "":
		return 0, "a zero with a minus sign, which a count is written without" // not negative
	case s[0] == '-' && allDigits(s[1:]):
		return 0, "negative count"
	case allDigits(s):
	case zeroFraction(s):
		// 2.0 is whole: said so, where "not a whole number" was false. Still
		// refused: 2.000 is two thousand where the point groups digits.
		return 0, wholeWithFraction
	case numberAsShown(s) != "":
		return 0, numberAsShown(s)
	case strings.ContainsAny(s, ".,") && allDigits(strings.NewReplacer(".", "", ",", "").Replace(s)):
		return 0, "not a whole number"
	default:
		return 0, "not a number"
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, "too large (the largest count is 9223372036854775807)"
	}
	return n, ""
}

// What numberAsShown says of a number as a spreadsheet shows it. A grouped
// count is refused, never read: 1,113 is 1113 in one locale and 1.113 in
// another, and 4.29E+06 has lost its last digits.
const (
	notWhole          = "not a whole number"
	wholeWithFraction = "a whole number with a decimal part, which a count is written without"
	eNotation         = "in E-notation, which can drop digits"
	thousandsOrComma  = "a thousands separator or a decimal comma"
	thousandsOrPoint  = "a thousands separator or a decimal point"
	groupedWith       = "digits grouped with "
	groupedCountsHint = "export the counts as plain digits, without grouping or E-notation, such as 4286139 (in Excel, the number format 0 before saving as CSV; or give the .xlsx, whose cells are read as stored)"
)

// countHint is the hint for a count refused for reason (parseCount's).
func countHint(reason string) string {
	switch {
	case reason == eNotation, reason == thousandsOrComma, reason == thousandsOrPoint, strings.HasPrefix(reason, groupedWith):
		return groupedCountsHint
	}
	if reason == wholeWithFraction {
		return "write the count without its decimal part (2, not 2.0): export the column as an integer (a database's numeric or double column: cast it to bigint)"
	}
	return "counts are whole numbers of 0 or more, such as 12 (010 is ten)"
}

// numberAsShown tells a number written as spreadsheets and reports show
// them, "cells as shown": digits grouped by threes with a space (also a
// no-break, narrow or thin space), an apostrophe, a comma or a point; a
// decimal part; E-notation. It says what the number has that a count has
// not, or "" for plain digits and for anything that is no such number (a
// postcode "123 45" and a version "1.2.3" are not).
func numberAsShown(s string) string {
	if i := strings.IndexAny(s, "eE"); i > 0 {
		mantissa, exponent := s[:i], strings.TrimLeft(s[i+1:], "+-")
		if len(s)-i-1-len(exponent) > 1 || !allDigits(exponent) {
			return ""
		}
		if whole, fraction, ok := strings.Cut(strings.Replace(mantissa, ",", ".", 1), "."); allDigits(whole) && (!ok || allDigits(fraction)) {
			return eNotation
		}
		return ""
	}
	// The runs of digits and the one separator between each two.
	var runs []int // lengths
	var seps []rune
	n := 0
	for _, r := range s {
		if '0' <= r && r <= '9' {
			n++
			continue
		}
		if n == 0 || separatorClass(r) == "" {
			return ""
		}
		runs, seps, n = append(runs, n), append(seps, r), 0
	}
	if n == 0 || len(seps) == 0 {
		return ""
	}
	runs = append(runs, n)
	last := seps[len(seps)-1]
	if len(seps) == 1 && (last == ',' || last == '.') {
		if runs[0] <= 3 && runs[1] == 3 {
			return map[rune]string{',': thousandsOrComma, '.': thousandsOrPoint}[last]
		}
		return notWhole
	}
	// The groups: every separator but a last comma or point of another
	// class (4 286 139,00; 4,286,139.00), which is a decimal part.
	groups := seps
	class := separatorClass(seps[0])
	if (last == ',' || last == '.') && separatorClass(last) != class {
		groups, runs = seps[:len(seps)-1], runs[:len(runs)-1]
	}
	if runs[0] > 3 {
		return ""
	}
	for i, r := range groups {
		if separatorClass(r) != class || runs[i+1] != 3 {
			return ""
		}
	}
	return groupedWith + class
}

// separatorClass names the digit-group separators: spaces of every width
// count as one.
func separatorClass(r rune) string {
	switch r {
	case ' ', '\u00a0', '\u202f', '\u2009', '\u2007':
		return "spaces"
	case ',':
		return "commas"
	case '.':
		return "points"
	case '\'', '\u2019':
		return "apostrophes"
	}
	return ""
}

// parseScore reads a survey score: a whole number from 1 to 5.
func parseScore(cell string) (int, bool) {
	s := strings.TrimLeft(strings.TrimSpace(cell), "0")
	if len(s) != 1 || s[0] < '1' || s[0] > '5' {
		return 0, false
	}
	return int(s[0] - '0'), true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// zeroFraction tells a whole number written with a decimal part of zeros
// of fewer than three digits (2.0, 113,00), which is no grouping of
// thousands.
func zeroFraction(s string) bool {
	i := strings.IndexAny(s, ".,")
	if i <= 0 || !allDigits(s[:i]) {
		return false
	}
	frac := s[i+1:]
	return len(frac) > 0 && len(frac) < 3 && strings.Trim(frac, "0") == ""
}
