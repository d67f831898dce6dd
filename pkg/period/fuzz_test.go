package period

import (
	"strings"
	"testing"
)

// FuzzParse checks, for any cell, that no setting panics and that the
// answers agree with one another: Month with Parse, a naive timestamp in
// UTC with the same one marked as UTC, a cell with its case changed, and
// LooksLikePeriod with every cell that parses.
//
//	go test -fuzz FuzzParse -fuzztime 1m ./pkg/period
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"2019-03", "2019-03-14", "2019-01-31 23:30:00", "2019-01-31T23:30:00.123456789Z",
		"2019-01-31 23:30:00.000 +0000", "2019-01-31 23:30:00.0000000 +00:00", "2019-01-31 23:30:00 UTC",
		"2019-10-27 01:24:45.236+00", "2019-01-31 23:30:00+00:00", "2019-01-31t23:30z", "2019-01-31 23:30 -05",
		"2019-03-31 02:30:00", "9999-12-31 23:30:00", "1548977400", "1548977400000", "-0.5", "2019-02-30",
		"2019-01-31 23:30:00 CET", "2019-01-31 23:30:00 UTC+1", "",
	} {
		f.Add(seed)
	}
	bucketers := map[string]*Bucketer{}
	for name, o := range map[string]Options{
		"local":     {},
		"naive UTC": {NaiveZone: "UTC"},
		"naive NY":  {NaiveZone: "America/New_York"},
		"epoch-s":   {Format: FormatEpochSeconds},
		"epoch-ms":  {NaiveZone: "Asia/Kolkata", Format: FormatEpochMillis},
	} {
		b, err := NewBucketerWith("Europe/Stockholm", o)
		if err != nil {
			f.Fatal(err)
		}
		bucketers[name] = b
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, b := range bucketers {
			m, form, err := b.Parse(s)
			if m2, err2 := b.Month(s); m2 != m || (err2 == nil) != (err == nil) {
				t.Fatalf("%s: Month(%q) = %v, %v; Parse = %v, %v", name, s, m2, err2, m, err)
			}
			if err != nil {
				if form != 0 || m != 0 {
					t.Fatalf("%s: Parse(%q) = %v, %v with error %v", name, s, m, form, err)
				}
				continue
			}
			if form == 0 || m < firstMonth || m > lastMonth {
				t.Fatalf("%s: Parse(%q) = %v, %v", name, s, m, form)
			}
			if !b.LooksLikePeriod(s) {
				t.Fatalf("%s: %q parses as a %v but does not look like a period", name, s, form)
			}
			for _, other := range []string{strings.ToLower(s), strings.ToUpper(s)} {
				if m2, form2, err2 := b.Parse(other); m2 != m || form2 != form || err2 != nil {
					t.Fatalf("%s: Parse(%q) = %v, %v, %v; Parse(%q) = %v, %v", name, other, m2, form2, err2, s, m, form)
				}
			}
		}
		naiveUTC := bucketers["naive UTC"]
		if _, form, _ := bucketers["local"].Parse(s); form == FormNaive {
			m, _, err := naiveUTC.Parse(s)
			for _, suffix := range []string{"Z", " UTC", "+00", " +0000", "-00:00"} {
				for _, b := range []*Bucketer{naiveUTC, bucketers["local"]} {
					m2, form2, err2 := b.Parse(s + suffix)
					if m2 != m || (err2 == nil) != (err == nil) || (err == nil && form2 != FormInstant) {
						t.Fatalf("naive UTC: Parse(%q) = %v, %v; Parse(%q) = %v, %v, %v", s, m, err, s+suffix, m2, form2, err2)
					}
				}
			}
		}
	})
}
