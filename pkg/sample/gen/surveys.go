package gen

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// surveyVolume is the number of survey answers in one month.
type surveyVolume struct {
	month     string
	responses int64
}

// surveyVolumes are the sample's survey answers per month in Sweden. They are
// illustrative, not published ("tens of thousands of answers a month"). April
// and May are multiples of 20, so that their published 5.0 % DSAT and 85.0 %
// CSAT can be exact: only then does the best-in-class verdict on the exact
// figure agree with the one read from the published figure, with strict and
// with inclusive thresholds alike.
var surveyVolumes = []surveyVolume{
	{"2020-01", 38_417},
	{"2020-02", 36_952},
	{"2020-03", 44_129},
	{"2020-04", 47_260},
	{"2020-05", 51_380},
}

// The COPC best-in-class thresholds, in tenths of a percent: CSAT above
// 85 %, DSAT below 5 %.
const (
	bestCSATTenths = 850
	bestDSATTenths = 50
)

// surveyMonth is one month of the sample's answers: answers[s-1] scored s.
type surveyMonth struct {
	month   string
	answers [5]int64
}

// deriveSurveys spreads each month's answers over the five scores so that
// CSAT (4 and 5) and DSAT (1), in percent rounded half away from zero to one
// decimal, are the published figures of csat (records of month, csat_percent,
// dsat_percent), and that every best-in-class verdict on the exact figures is
// the verdict on the published ones. Within CSAT, 5 takes about three answers
// in four; the neutral answers split about 40/60 between 2 and 3.
func deriveSurveys(csat [][]string, vols []surveyVolume) ([]surveyMonth, error) {
	type published struct{ csat, dsat int64 } // tenths of a percent
	want := map[string]published{}
	for i, r := range csat {
		if !isLayout("2006-01", r[0]) {
			return nil, fmt.Errorf("%s line %d: bad month %q", csatFile, i+2, r[0])
		}
		c, err := parseTenths(r[1])
		if err != nil {
			return nil, fmt.Errorf("%s line %d: csat_percent: %w", csatFile, i+2, err)
		}
		d, err := parseTenths(r[2])
		if err != nil {
			return nil, fmt.Errorf("%s line %d: dsat_percent: %w", csatFile, i+2, err)
		}
		if c+d > 1000 {
			return nil, fmt.Errorf("%s line %d: CSAT and DSAT add up to more than 100 %%", csatFile, i+2)
		}
		want[r[0]] = published{c, d}
	}

	var months []surveyMonth
	for i, v := range vols {
		if i > 0 && v.month <= vols[i-1].month {
			return nil, fmt.Errorf("survey volumes: %s is not after %s", v.month, vols[i-1].month)
		}
		p, ok := want[v.month]
		if !ok {
			return nil, fmt.Errorf("survey volumes: no published CSAT for %s", v.month)
		}
		delete(want, v.month)
		n := v.responses
		satisfied, dissatisfied := divRound(p.csat*n, 1000), divRound(p.dsat*n, 1000)
		for _, f := range []struct {
			name              string
			count, tenths, at int64
		}{{"CSAT", satisfied, p.csat, bestCSATTenths}, {"DSAT", dissatisfied, p.dsat, bestDSATTenths}} {
			if divRound(f.count*1000, n) != f.tenths {
				return nil, fmt.Errorf("%s: %d of %d answers do not round to the published %s %s %%; raise the answers",
					v.month, f.count, n, f.name, tenths(f.tenths))
			}
			// The exact figure must sit on the same side of the threshold as
			// the published one, or on it when the published one is on it.
			if cmp.Compare(f.count*1000, f.at*n) != cmp.Compare(f.tenths, f.at) {
				return nil, fmt.Errorf("%s: %s %d of %d answers is not exactly %s %% as published, so the best-in-class verdict would differ; use a multiple of 20 answers",
					v.month, f.name, f.count, n, tenths(f.tenths))
			}
		}
		neutral := n - satisfied - dissatisfied
		m := surveyMonth{month: v.month}
		m.answers[0] = dissatisfied
		m.answers[1] = divRound(2*neutral, 5)
		m.answers[2] = neutral - m.answers[1]
		m.answers[4] = divRound(3*satisfied, 4)
		m.answers[3] = satisfied - m.answers[4]
		if slices.Min(m.answers[:]) < 1 {
			return nil, fmt.Errorf("%s: %d answers leave a score without answers (%v); raise the answers", v.month, n, m.answers)
		}
		months = append(months, m)
	}
	if len(want) > 0 {
		return nil, fmt.Errorf("survey volumes: no answers for the published month %s", slices.Min(slices.Collect(maps.Keys(want))))
	}
	return months, nil
}

// parseTenths reads a published percentage with one decimal, "84.0", in
// tenths of a percent.
func parseTenths(s string) (int64, error) {
	whole, frac, ok := strings.Cut(s, ".")
	if !ok || len(frac) != 1 {
		return 0, fmt.Errorf("%q is not a percentage with one decimal", s)
	}
	n, err := parseCount(whole + frac)
	if err != nil || n > 1000 {
		return 0, fmt.Errorf("%q is not a percentage with one decimal", s)
	}
	return n, nil
}

// tenths formats tenths of a percent: 840 is "84.0".
func tenths(n int64) string { return strconv.FormatInt(n/10, 10) + "." + strconv.FormatInt(n%10, 10) }
