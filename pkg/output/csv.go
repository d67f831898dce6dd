package output

import (
	"encoding/csv"
	"io"
	"strings"
)

func writeCSV(w io.Writer, t *Table) error {
	cw := csv.NewWriter(w)
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = Neutralize(c.Name)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, row := range t.Rows {
		if err := cw.Write(csvRow(row)); err != nil {
			return err
		}
	}
	if t.Stream != nil {
		var err error
		for row := range t.Stream {
			if err = cw.Write(csvRow(row)); err != nil {
				break
			}
		}
		if err != nil {
			return err
		}
	}
	for _, row := range t.Summary {
		if err := cw.Write(csvRow(row)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvRow leaves undefined figures empty, which spreadsheets read as blank,
// and neutralises text that a spreadsheet would run as a formula.
func csvRow(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		if c != Undefined {
			out[i] = Neutralize(c)
		}
	}
	return out
}

// formulaStart are the first characters that make a spreadsheet read a
// cell as a formula (OWASP, CSV injection).
const formulaStart = "=+-@\t\r"

// Neutralize makes a cell safe to open in a spreadsheet, as OWASP advises
// against CSV injection: text that begins with = + - @, a tab or a carriage
// return gets a leading ' so that it is read as text. Numbers (-3, -0.5,
// +2.5 %) stay numbers. Excel in a semicolon locale (Swedish) also splits an
// unquoted cell at ';' and a tab, so each part after one is treated the
// same way: "a;=1+1" becomes "a;'=1+1".
func Neutralize(cell string) string {
	if !strings.ContainsAny(cell, formulaStart) {
		return cell
	}
	var b strings.Builder
	rest := cell
	for first := true; ; first = false {
		end := strings.IndexAny(rest, ";\t")
		part := rest
		if end >= 0 {
			part = rest[:end]
		}
		// The cell's start is judged on the whole cell (a leading tab too),
		// each later part on its own.
		if first && risky(cell) || !first && risky(part) {
			b.WriteByte('\'')
		}
		b.WriteString(part)
		if end < 0 {
			return b.String()
		}
		b.WriteByte(rest[end])
		rest = rest[end+1:]
	}
}

func risky(s string) bool {
	return s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 && !isNumber(s)
}

// isNumber tells a number as the commands write it, and as a spreadsheet
// reads it: an optional sign, digits, an optional fraction (. or ,) and an
// optional percent sign.
func isNumber(s string) bool {
	s = strings.TrimSuffix(strings.TrimSuffix(s, "%"), " ")
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	if !hasFrac {
		whole, frac, hasFrac = strings.Cut(s, ",")
	}
	return digitsOnly(whole) && (!hasFrac || digitsOnly(frac))
}

func digitsOnly(s string) bool {
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
