package metrics

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"

	"github.com/nollmission/nollmission/pkg/period"
)

// Survey scores run from MinScore to MaxScore.
const (
	MinScore = 1
	MaxScore = 5
)

// Scores counts survey answers by score: Scores[s-1] answers scored s.
type Scores [MaxScore]int64

// Of returns the number of answers scored s.
func (s Scores) Of(score int) int64 { return s[score-1] }

// SumScores adds score counts; a sum beyond int64 is an error.
func SumScores(all ...Scores) (Scores, error) {
	var out Scores
	for _, s := range all {
		for i, n := range s {
			if out[i] > math.MaxInt64-n {
				return Scores{}, fmt.Errorf("the answers scoring %d add up beyond %d", i+1, int64(math.MaxInt64))
			}
			out[i] += n
		}
	}
	return out, nil
}

// CSATDefinition says which scores count as satisfied and dissatisfied (the
// rest are neutral) and what best in class means.
type CSATDefinition struct {
	Satisfied     []int    // scores counted in CSAT, ascending
	Dissatisfied  []int    // scores counted in DSAT, ascending
	CSATThreshold *big.Rat // percent that CSAT must exceed
	DSATThreshold *big.Rat // percent that DSAT must stay below
	// Inclusive makes reaching a threshold enough: CSAT ≥ and DSAT ≤
	// instead of the COPC's strict > and <.
	Inclusive bool
}

// DefaultCSATDefinition is the programme's: CSAT is 4 and 5, DSAT is 1, and
// best in class (COPC) is CSAT above 85 % and DSAT below 5 %.
func DefaultCSATDefinition() CSATDefinition {
	return CSATDefinition{
		Satisfied:     []int{4, 5},
		Dissatisfied:  []int{1},
		CSATThreshold: big.NewRat(85, 1),
		DSATThreshold: big.NewRat(5, 1),
	}
}

// Validate checks that the scores are 1–5, each in at most one group, and
// both groups are non-empty, and that the thresholds are percentages.
func (d CSATDefinition) Validate() error {
	seen := map[int]string{}
	for _, g := range []struct {
		name   string
		scores []int
	}{{"satisfied", d.Satisfied}, {"dissatisfied", d.Dissatisfied}} {
		if len(g.scores) == 0 {
			return fmt.Errorf("no %s scores", g.name)
		}
		for _, s := range g.scores {
			if s < MinScore || s > MaxScore {
				return fmt.Errorf("%s score %d is not a score from %d to %d", g.name, s, MinScore, MaxScore)
			}
			switch prev, dup := seen[s]; {
			case dup && prev == g.name:
				return fmt.Errorf("%s score %d is listed twice", g.name, s)
			case dup:
				return fmt.Errorf("score %d is both %s and %s", s, prev, g.name)
			}
			seen[s] = g.name
		}
	}
	hundred := big.NewRat(100, 1)
	for _, t := range []struct {
		name  string
		value *big.Rat
	}{{"CSAT", d.CSATThreshold}, {"DSAT", d.DSATThreshold}} {
		if t.value == nil || t.value.Sign() < 0 || t.value.Cmp(hundred) > 0 {
			return fmt.Errorf("the %s threshold is not a percentage from 0 to 100", t.name)
		}
	}
	return nil
}

// Neutral lists the scores that are neither satisfied nor dissatisfied.
func (d CSATDefinition) Neutral() []int {
	var out []int
	for s := MinScore; s <= MaxScore; s++ {
		if !slices.Contains(d.Satisfied, s) && !slices.Contains(d.Dissatisfied, s) {
			out = append(out, s)
		}
	}
	return out
}

var allScores = []int{1, 2, 3, 4, 5}

// countOf sums the answers of some scores in big.Int: no sum can overflow.
func countOf(s Scores, which []int) *big.Int {
	sum := new(big.Int)
	for _, score := range which {
		sum.Add(sum, big.NewInt(s.Of(score)))
	}
	return sum
}

// Verdict is the best-in-class judgement of one period.
type Verdict struct {
	Defined bool // false when there are no answers to judge
	CSATMet bool // CSAT is above (or, inclusive, at least) its threshold
	DSATMet bool // DSAT is below (or, inclusive, at most) its threshold
}

// BestInClass is true when both thresholds are met.
func (v Verdict) BestInClass() bool { return v.Defined && v.CSATMet && v.DSATMet }

// Failed names the thresholds not met: "csat", "dsat", both or none.
func (v Verdict) Failed() []string {
	out := []string{}
	if !v.Defined {
		return out
	}
	if !v.CSATMet {
		out = append(out, "csat")
	}
	if !v.DSATMet {
		out = append(out, "dsat")
	}
	return out
}

// Judge compares exact percentages with the thresholds; rounding for display
// never changes a verdict (84.96 % shows as 85.0 and is not above 85).
func (d CSATDefinition) Judge(csat, dsat *big.Rat) Verdict {
	if csat == nil || dsat == nil {
		return Verdict{}
	}
	c, s := csat.Cmp(d.CSATThreshold), dsat.Cmp(d.DSATThreshold)
	if d.Inclusive {
		return Verdict{Defined: true, CSATMet: c >= 0, DSATMet: s <= 0}
	}
	return Verdict{Defined: true, CSATMet: c > 0, DSATMet: s < 0}
}

// SurveyFigures are the satisfaction figures of one period's answers.
type SurveyFigures struct {
	Scores       Scores
	Responses    int64
	Satisfied    int64
	Neutral      int64
	Dissatisfied int64
	// Percentages of all answers; nil when there are none.
	CSATPercent, NeutralPercent, DSATPercent *big.Rat
	Verdict                                  Verdict
}

// Figures computes the figures of the answers. Answers whose total exceeds
// int64 are an error; within it no sum can overflow.
func (d CSATDefinition) Figures(scores Scores) (SurveyFigures, error) {
	total := countOf(scores, allScores)
	if !total.IsInt64() {
		return SurveyFigures{}, errors.New("the answers add up beyond the largest count")
	}
	f := SurveyFigures{
		Scores:       scores,
		Responses:    total.Int64(),
		Satisfied:    countOf(scores, d.Satisfied).Int64(),
		Neutral:      countOf(scores, d.Neutral()).Int64(),
		Dissatisfied: countOf(scores, d.Dissatisfied).Int64(),
	}
	f.CSATPercent = Ratio(f.Satisfied, f.Responses, 100)
	f.NeutralPercent = Ratio(f.Neutral, f.Responses, 100)
	f.DSATPercent = Ratio(f.Dissatisfied, f.Responses, 100)
	f.Verdict = d.Judge(f.CSATPercent, f.DSATPercent)
	return f, nil
}

// MonthScores are one month's answers by score.
type MonthScores struct {
	Month  period.Month
	Scores Scores
}

// MonthSurvey is one month's satisfaction figures.
type MonthSurvey struct {
	Month period.Month
	SurveyFigures
}

// YearSurvey is a year's satisfaction figures, from the sum of its months'
// answers: weighted by answers, not the mean of the monthly percentages.
type YearSurvey struct {
	Year          int
	MonthsCovered int // months with answers
	SurveyFigures
}

// YearToDate tells whether months are missing: the figure is year to date.
func (y YearSurvey) YearToDate() bool { return y.MonthsCovered < 12 }

// SurveyMonths computes each month's figures.
func (d CSATDefinition) SurveyMonths(months []MonthScores) ([]MonthSurvey, error) {
	out := make([]MonthSurvey, len(months))
	for i, m := range months {
		f, err := d.Figures(m.Scores)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", m.Month, err)
		}
		out[i] = MonthSurvey{Month: m.Month, SurveyFigures: f}
	}
	return out, nil
}

// SurveyYears computes the figures of every year in months (sorted by
// month), in year order.
func (d CSATDefinition) SurveyYears(months []MonthSurvey) ([]YearSurvey, error) {
	var out []YearSurvey
	for year, ms := range period.Years(months, func(m MonthSurvey) period.Month { return m.Month }) {
		var sum Scores
		covered := 0
		for _, m := range ms {
			var err error
			if sum, err = SumScores(sum, m.Scores); err != nil {
				return nil, fmt.Errorf("%d: %w", year, err)
			}
			if m.Responses > 0 {
				covered++
			}
		}
		f, err := d.Figures(sum)
		if err != nil {
			return nil, fmt.Errorf("%d: %w", year, err)
		}
		out = append(out, YearSurvey{Year: year, MonthsCovered: covered, SurveyFigures: f})
	}
	return out, nil
}
