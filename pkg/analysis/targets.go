package analysis

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/metrics"
)

// TargetOverride sets the target of one year on top of the configured one:
// a field not Set comes from the configured target of that year. A nil
// Baseline that is set means the previous year's full-year rate.
type TargetOverride struct {
	Baseline, Rate, Reduction *big.Rat
	BaselineSet, TargetSet    bool
}

// TargetProblem says why no targets could be chosen.
type TargetProblem int

const (
	// NoTargets: none are configured.
	NoTargets TargetProblem = iota
	// NoTargetForYear: the year asked for has none.
	NoTargetForYear
	// NoTargetToComplete: an override gives only a baseline, and the year
	// has no configured target to take the target from.
	NoTargetToComplete
	// TargetNotBelowBaseline: a target is not a lower rate than its baseline.
	TargetNotBelowBaseline
)

// TargetError is a choice of targets that cannot be made.
type TargetError struct {
	Problem          TargetProblem
	Year             int
	Years            []int    // the configured years, for NoTargetForYear
	Target, Baseline *big.Rat // for TargetNotBelowBaseline
}

func (e *TargetError) Error() string {
	switch e.Problem {
	case NoTargetForYear:
		return fmt.Sprintf("there is no target for %d", e.Year)
	case NoTargetToComplete:
		return fmt.Sprintf("there is no configured target for %d to take the target from", e.Year)
	case TargetNotBelowBaseline:
		return fmt.Sprintf("the target %s for %d is not below the baseline %s", decimal.Short(e.Target), e.Year, decimal.Short(e.Baseline))
	}
	return "there are no targets to measure progress against"
}

// YearList writes the configured years for a message: "2019, 2020".
func (e *TargetError) YearList() string {
	s := make([]string, len(e.Years))
	for i, y := range e.Years {
		s[i] = strconv.Itoa(y)
	}
	return strings.Join(s, ", ")
}

// ChooseTargets picks the targets a progress report measures against: the
// configured ones, narrowed to year (0: all), or, with an override, that
// year's target with the override on top.
func ChooseTargets(configured []metrics.Target, year int, override *TargetOverride) ([]metrics.Target, error) {
	var byYear *metrics.Target
	for i := range configured {
		if configured[i].Year == year {
			byYear = &configured[i]
		}
	}
	if override != nil {
		t := metrics.Target{Year: year} // baseline nil: the previous year
		if byYear != nil {
			t = *byYear
		}
		if override.BaselineSet {
			t.Baseline = override.Baseline
		}
		if override.TargetSet {
			t.Rate, t.Reduction = override.Rate, override.Reduction
		} else if byYear == nil {
			return nil, &TargetError{Problem: NoTargetToComplete, Year: year}
		}
		if t.Baseline != nil && t.Rate != nil && t.Rate.Cmp(t.Baseline) >= 0 {
			return nil, &TargetError{Problem: TargetNotBelowBaseline, Year: year, Target: t.Rate, Baseline: t.Baseline}
		}
		return []metrics.Target{t}, nil
	}
	switch {
	case len(configured) == 0:
		return nil, &TargetError{Problem: NoTargets}
	case year == 0:
		return configured, nil
	case byYear == nil:
		years := make([]int, len(configured))
		for i, t := range configured {
			years[i] = t.Year
		}
		return nil, &TargetError{Problem: NoTargetForYear, Year: year, Years: years}
	}
	return []metrics.Target{*byYear}, nil
}
