// Package analysis derives, once, the figures several commands share from
// the dataset: a country's monthly purchases and complaints (RateSeries),
// its survey answers by score (SurveySeries), the complaints broken down by
// channel, category or country (Breakdown), and the targets a progress
// report measures against. Commands choose and present; statistics, charts
// and the report derive from the same series. It knows nothing of files,
// flags or output formats.
package analysis

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nollmission/nollmission/pkg/dataset"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/period"
)

// NoDataError is a year the data does not cover.
type NoDataError struct {
	Year    int
	What    string         // "data", "survey data"
	Covered []period.Month // the months the data has
	Country string         // the country filter in force; "" for every country
}

func (e *NoDataError) Error() string { return fmt.Sprintf("there is no %s for %d", e.What, e.Year) }

// Hint says what the data does cover.
func (e *NoDataError) Hint() string {
	if len(e.Covered) == 0 {
		// Rows for other countries are CheckCountry's to name, with the
		// countries there are: in a command, the files have none at all
		// when it comes to this, and --country is no fix.
		hint := fmt.Sprintf("the %s has no rows", e.What)
		if e.Country != "" {
			hint += " for country " + e.Country
		}
		return hint
	}
	return fmt.Sprintf("the %s covers %s to %s", e.What, e.Covered[0], e.Covered[len(e.Covered)-1])
}

// NoCountryError is a country the data has no rows for while it has rows
// for others: an empty report would look like a country without complaints.
type NoCountryError struct {
	Country   string
	Countries []string // the countries the data has, sorted
}

func (e *NoCountryError) Error() string {
	return fmt.Sprintf("there is no data for country %s", e.Country)
}

// Hint lists the countries the data has (the first ten of more).
func (e *NoCountryError) Hint() string {
	const most = 10
	list := strings.Join(e.Countries[:min(most, len(e.Countries))], ", ")
	if n := len(e.Countries); n > most {
		list += fmt.Sprintf(" and %d more", n-most)
	}
	return "the data has rows for " + list + "; check --country"
}

// CheckCountry returns a *NoCountryError when the data of the given kinds
// has rows, but none for country.
func CheckCountry(ds *dataset.Dataset, country string, kinds ...input.Kind) error {
	countries := ds.Countries(kinds...)
	if len(countries) == 0 || slices.Contains(countries, country) {
		return nil
	}
	return &NoCountryError{Country: country, Countries: countries}
}

// inYear keeps the items of one year (0: every year) of a month-sorted
// series; a year with none is a *NoDataError.
func inYear[T any](items []T, month func(T) period.Month, year int, what, country string) ([]T, error) {
	if year == 0 {
		return items, nil
	}
	var out []T
	for _, it := range items {
		if month(it).Year() == year {
			out = append(out, it)
		}
	}
	if len(out) == 0 {
		covered := make([]period.Month, len(items))
		for i, it := range items {
			covered[i] = month(it)
		}
		return nil, &NoDataError{Year: year, What: what, Covered: covered, Country: country}
	}
	return out, nil
}
