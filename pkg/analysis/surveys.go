package analysis

import (
	"github.com/nollmission/nollmission/pkg/dataset"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/period"
)

// SurveySeries is a country's survey answers by score per month, in month
// order: every month with answers.
type SurveySeries struct {
	Country string
	Months  []metrics.MonthScores
}

// SurveysOf reads a country's monthly answers by score from the dataset.
func SurveysOf(ds *dataset.Dataset, country string) SurveySeries {
	type cell struct {
		month period.Month
		score int
	}
	counts := dataset.Sum(ds, input.Surveys, country, func(k dataset.Key) cell { return cell{k.Month, k.Score} })
	s := SurveySeries{Country: country}
	for _, m := range ds.Months(country, input.Surveys) {
		ms := metrics.MonthScores{Month: m}
		for score := metrics.MinScore; score <= metrics.MaxScore; score++ {
			ms.Scores[score-1] = counts[cell{m, score}]
		}
		s.Months = append(s.Months, ms)
	}
	return s
}

// InYear keeps one year's months (0: every year); a year without answers
// is a *NoDataError.
func (s SurveySeries) InYear(year int) (SurveySeries, error) {
	months, err := inYear(s.Months, func(m metrics.MonthScores) period.Month { return m.Month }, year, "survey data", s.Country)
	return SurveySeries{Country: s.Country, Months: months}, err
}

// Figures computes each month's and each year's satisfaction figures under
// a definition.
func (s SurveySeries) Figures(def metrics.CSATDefinition) ([]metrics.MonthSurvey, []metrics.YearSurvey, error) {
	months, err := def.SurveyMonths(s.Months)
	if err != nil {
		return nil, nil, err
	}
	years, err := def.SurveyYears(months)
	if err != nil {
		return nil, nil, err
	}
	return months, years, nil
}
