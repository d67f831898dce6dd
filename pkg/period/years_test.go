package period

import (
	"reflect"
	"testing"
)

func TestYears(t *testing.T) {
	months := []Month{MonthOf(2018, 11), MonthOf(2018, 12), MonthOf(2019, 1), MonthOf(2021, 6)}
	type run struct {
		year   int
		months []Month
	}
	var got []run
	for y, ms := range Years(months, func(m Month) Month { return m }) {
		got = append(got, run{y, ms})
	}
	want := []run{{2018, months[0:2]}, {2019, months[2:3]}, {2021, months[3:4]}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Years = %v, want %v", got, want)
	}
	for range Years([]Month(nil), func(m Month) Month { return m }) {
		t.Error("no months, yet a year")
	}
	// Stopping early is allowed.
	for y := range Years(months, func(m Month) Month { return m }) {
		if y != 2018 {
			t.Errorf("first year %d", y)
		}
		break
	}
}
