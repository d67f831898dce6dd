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
	case s[0] == '-' && allDigits(s[1:]):
		return 0, "negative count"
	case strings.ContainsAny(s, ".,") && allDigits(strings.NewReplacer(".", "", ",", "").Replace(s)):
		return 0, "not a whole number"
	case !allDigits(s):
		return 0, "not a number"
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, "too large (the largest count is 9223372036854775807)"
	}
	return n, ""
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
