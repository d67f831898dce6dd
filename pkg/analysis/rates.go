package analysis

import (
	"github.com/nollmission/nollmission/pkg/dataset"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/period"
)

// RateSeries is a country's purchases and complaints per month, in month
// order: every month with data of either kind. Rates, full years, intervals
// and control limits derive from it.
type RateSeries struct {
	Country string
	Months  []metrics.MonthCounts
}

// RatesOf reads a country's monthly purchases and complaints from the dataset.
func RatesOf(ds *dataset.Dataset, country string) RateSeries {
	tx := dataset.ByMonth(ds, input.Transactions, country)
	cp := dataset.ByMonth(ds, input.Complaints, country)
	s := RateSeries{Country: country}
	for _, m := range ds.Months(country, input.Transactions, input.Complaints) {
		s.Months = append(s.Months, metrics.MonthCounts{Month: m, Transactions: tx[m], Complaints: cp[m]})
	}
	return s
}

func monthOfCounts(m metrics.MonthCounts) period.Month { return m.Month }

// InYear keeps one year's months (0: every year); a year without data is a
// *NoDataError.
func (s RateSeries) InYear(year int) (RateSeries, error) {
	months, err := inYear(s.Months, monthOfCounts, year, "data", s.Country)
	return RateSeries{Country: s.Country, Months: months}, err
}

// Rates is each month's rate.
func (s RateSeries) Rates() []metrics.MonthRate { return metrics.Rates(s.Months) }

// Years is each year's purchase-weighted rate, in year order.
func (s RateSeries) Years() []metrics.YearRate { return metrics.FullYears(s.Rates()) }
