// Package locale is the language layer of the views people read (tables,
// Markdown, HTML, chart text): the language setting, month names, numbers
// with the language's decimal separator, and texts per language. Machine
// formats (JSON, CSV) are never localised: their numbers and names stay as
// they are, whatever the language.
//
// Texts come in two ways. New views declare a struct of their texts and one
// value per language (Texts), so that a missing text is a compile error or a
// failing Complete check, and a Swedish text can word things its own way.
// Tables that a command already builds in English are translated whole by a
// Catalog (TranslateTable), which reports every text it does not know, so
// that a test fails when a new column or note lacks its translation.
// golang.org/x/text's message catalogs were not used: their printer groups
// the digits of every %d (a year would print as "2 019"), and every figure
// here is an exact decimal written by pkg/decimal, not a float to format.
package locale

import (
	"fmt"
	"math/big"
	"reflect"
	"strings"

	"github.com/nollmission/nollmission/pkg/decimal"
)

// Lang is a language of the views people read.
type Lang string

const (
	English Lang = "en"
	Swedish Lang = "sv"
)

// Langs lists the languages, English (the default) first.
var Langs = []Lang{English, Swedish}

// Parse reads a language code: en or sv, in any case.
func Parse(s string) (Lang, error) {
	l := Lang(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range Langs {
		if l == known {
			return l, nil
		}
	}
	return "", fmt.Errorf("%q is not a language: want en or sv", s)
}

var monthAbbr = map[Lang][12]string{
	English: {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	// As the programme's statistics page writes them.
	Swedish: {"Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"},
}

var monthName = map[Lang][12]string{
	English: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	Swedish: {"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"},
}

// MonthAbbr is the short name of month n (1–12): "Maj", "Okt" in Swedish.
func (l Lang) MonthAbbr(n int) string { return monthAbbr[l.known()][n-1] }

// MonthName is the full name of month n (1–12) as written in a sentence:
// "January", "januari".
func (l Lang) MonthName(n int) string { return monthName[l.known()][n-1] }

// MonthAbbrs lists the twelve short names.
func (l Lang) MonthAbbrs() []string {
	a := monthAbbr[l.known()]
	return a[:]
}

// known is l, or English for the zero value.
func (l Lang) known() Lang {
	if l == Swedish {
		return Swedish
	}
	return English
}

// Decimal is the decimal separator: "." or ",".
func (l Lang) Decimal() string {
	if l.known() == Swedish {
		return ","
	}
	return "."
}

// Number writes a number already written with a decimal point (by
// decimal.Fixed or output.Figure) with the language's separator: "84.0" is
// "84,0" in Swedish. Text that is not such a number is returned as is.
func (l Lang) Number(s string) string {
	if l.known() == English || !isDecimal(s) {
		return s
	}
	return strings.Replace(s, ".", ",", 1)
}

// Figure writes an exact figure with the given decimals, rounded half away
// from zero (decimal.Fixed), in the language's notation; nil is "".
func (l Lang) Figure(r *big.Rat, decimals int) string {
	return l.Number(decimal.Fixed(r, decimals))
}

// Percent writes a percentage with its sign as each language does: "84.0%",
// "84,0 %"; "" stays "".
func (l Lang) Percent(number string) string {
	if number == "" {
		return ""
	}
	if l.known() == Swedish {
		return l.Number(number) + " %"
	}
	return number + "%"
}

// Count writes a count with digit groups, for prose and the HTML report:
// "61,948,651", "61 948 651" (a no-break space, so that a number never
// breaks over two lines).
func (l Lang) Count(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := ","
	if l.known() == Swedish {
		sep = "\u00a0"
	}
	var b strings.Builder
	if neg {
		b.WriteString("−")
	}
	for i, d := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(d)
	}
	return b.String()
}

// isDecimal tells text written as an optionally signed decimal number.
func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, ok := strings.Cut(s, ".")
	return digits(whole) && (!ok || digits(frac))
}

func digits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// Texts are one package's texts in each language: T is a struct of strings
// (plain text, or fmt formats where a field says so).
type Texts[T any] map[Lang]T

// In returns the texts of l; English when l has none.
func (t Texts[T]) In(l Lang) T {
	if v, ok := t[l]; ok {
		return v
	}
	return t[English]
}

// Complete reports every language that lacks texts and every empty string
// field (nested structs and string slices included), for a test of the
// package that declares them.
func (t Texts[T]) Complete() error {
	var missing []string
	for _, l := range Langs {
		v, ok := t[l]
		if !ok {
			missing = append(missing, string(l)+": no texts")
			continue
		}
		emptyFields(reflect.ValueOf(v), string(l), &missing)
	}
	if len(missing) > 0 {
		return fmt.Errorf("texts missing: %s", strings.Join(missing, "; "))
	}
	return nil
}

func emptyFields(v reflect.Value, path string, missing *[]string) {
	switch v.Kind() {
	case reflect.String:
		if v.String() == "" {
			*missing = append(*missing, path)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			emptyFields(v.Field(i), path+"."+v.Type().Field(i).Name, missing)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			emptyFields(v.Index(i), fmt.Sprintf("%s[%d]", path, i), missing)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			emptyFields(iter.Value(), fmt.Sprintf("%s[%v]", path, iter.Key()), missing)
		}
	}
}
