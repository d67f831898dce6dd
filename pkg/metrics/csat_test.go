package metrics

import (
	"math"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/period"
)

// TestFiguresExact: CSAT and DSAT in percent, exact fractions.
func TestFiguresExact(t *testing.T) {
	tests := []struct {
		name               string
		scores             Scores // answers scoring 1, 2, 3, 4, 5
		wantCSAT, wantDSAT string
	}{
		// 850 of 1000 answers score 4 or 5; 50 score 1.
		{"exactly at the thresholds", Scores{50, 30, 70, 400, 450}, "85", "5"},
		// 21 of 33 satisfied: 2100/33 = 700/11 = 63.63…; 7 of 33: 700/33.
		{"repeating decimals stay exact", Scores{7, 2, 3, 11, 10}, "700/11", "700/33"},
		{"only neutral answers", Scores{0, 5, 5, 0, 0}, "0", "0"},
		{"no answers", Scores{}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := DefaultCSATDefinition().Figures(tt.scores)
			if err != nil {
				t.Fatal(err)
			}
			checkRat(t, "CSAT", f.CSATPercent, tt.wantCSAT)
			checkRat(t, "DSAT", f.DSATPercent, tt.wantDSAT)
		})
	}
}

// checkRat compares r with want, a fraction, or "" for undefined (nil).
func checkRat(t *testing.T, what string, r *big.Rat, want string) {
	t.Helper()
	switch {
	case want == "" && r != nil:
		t.Errorf("%s = %v, want undefined", what, r.RatString())
	case want != "" && (r == nil || r.Cmp(rat(want)) != 0):
		t.Errorf("%s = %v, want %s", what, r, want)
	}
}

func TestJudgeThresholdEdges(t *testing.T) {
	tests := []struct {
		name       string
		csat, dsat string
		inclusive  bool
		want       bool // best in class
		wantFailed []string
	}{
		{"exactly 85.0 CSAT is not above 85", "85", "4", false, false, []string{"csat"}},
		{"exactly 85.0 CSAT reaches 85 with >=", "85", "4", true, true, nil},
		{"exactly 5.0 DSAT is not below 5", "90", "5", false, false, []string{"dsat"}},
		{"exactly 5.0 DSAT reaches 5 with <=", "90", "5", true, true, nil},
		{"just above and just below", "850001/10000", "49999/10000", false, true, nil},
		// 84.96 % shows as 85.0 but is not above 85: the exact value decides.
		{"rounding up to 85.0 does not pass", "8496/100", "1", true, false, []string{"csat"}},
		{"both fail", "84", "53/10", false, false, []string{"csat", "dsat"}},
		{"both fail inclusive", "84", "53/10", true, false, []string{"csat", "dsat"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := DefaultCSATDefinition()
			def.Inclusive = tt.inclusive
			v := def.Judge(rat(tt.csat), rat(tt.dsat))
			if got := v.BestInClass(); got != tt.want {
				t.Errorf("best in class = %v, want %v", got, tt.want)
			}
			if got := v.Failed(); !slices.Equal(got, tt.wantFailed) && !(len(got) == 0 && len(tt.wantFailed) == 0) {
				t.Errorf("failed = %v, want %v", got, tt.wantFailed)
			}
		})
	}
	if v := DefaultCSATDefinition().Judge(nil, nil); v.Defined || v.BestInClass() || len(v.Failed()) != 0 {
		t.Errorf("no answers must give no verdict, got %+v", v)
	}
}

func TestFigures(t *testing.T) {
	custom := CSATDefinition{Satisfied: []int{5}, Dissatisfied: []int{1, 2},
		CSATThreshold: big.NewRat(40, 1), DSATThreshold: big.NewRat(10, 1)}
	tests := []struct {
		name                                string
		def                                 CSATDefinition
		scores                              Scores
		responses, satisfied, neutral, dsat int64
		wantCSAT, wantNeutral, wantDSAT     string
		wantBest                            bool
	}{
		// 40 + 25 + 35 + 300 + 600 = 1000 answers; 900 satisfied, 60 neutral, 40 dissatisfied.
		{"default", DefaultCSATDefinition(), Scores{40, 25, 35, 300, 600},
			1000, 900, 60, 40, "90", "6", "4", true},
		// Satisfied is 5 only (600 = 60 %), dissatisfied 1 and 2 (65 = 6.5 %), neutral 3 and 4.
		{"custom scores", custom, Scores{40, 25, 35, 300, 600},
			1000, 600, 335, 65, "60", "67/2", "13/2", true},
		{"no answers", DefaultCSATDefinition(), Scores{},
			0, 0, 0, 0, "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := tt.def.Figures(tt.scores)
			if err != nil {
				t.Fatal(err)
			}
			if f.Responses != tt.responses || f.Satisfied != tt.satisfied || f.Neutral != tt.neutral || f.Dissatisfied != tt.dsat {
				t.Errorf("counts = %d %d %d %d, want %d %d %d %d", f.Responses, f.Satisfied, f.Neutral, f.Dissatisfied,
					tt.responses, tt.satisfied, tt.neutral, tt.dsat)
			}
			checkRat(t, "CSAT", f.CSATPercent, tt.wantCSAT)
			checkRat(t, "neutral", f.NeutralPercent, tt.wantNeutral)
			checkRat(t, "DSAT", f.DSATPercent, tt.wantDSAT)
			if f.Verdict.BestInClass() != tt.wantBest {
				t.Errorf("best in class = %v, want %v", f.Verdict.BestInClass(), tt.wantBest)
			}
		})
	}
	if _, err := DefaultCSATDefinition().Figures(Scores{math.MaxInt64, 1}); err == nil {
		t.Error("answers beyond int64: no error")
	}
}

func TestSurveyYearIsWeightedByAnswers(t *testing.T) {
	def := DefaultCSATDefinition()
	months, err := def.SurveyMonths([]MonthScores{
		// 90 of 100 satisfied (90 %), 2 dissatisfied.
		{Month: period.MonthOf(2020, 1), Scores: Scores{2, 3, 5, 40, 50}},
		// 720 of 900 satisfied (80 %), 18 dissatisfied.
		{Month: period.MonthOf(2020, 2), Scores: Scores{18, 62, 100, 320, 400}},
		{Month: period.MonthOf(2020, 3), Scores: Scores{}},
		{Month: period.MonthOf(2021, 1), Scores: Scores{1, 0, 0, 0, 3}},
	})
	if err != nil {
		t.Fatal(err)
	}
	years, err := def.SurveyYears(months)
	if err != nil {
		t.Fatal(err)
	}
	if len(years) != 2 {
		t.Fatalf("got %d years, want 2", len(years))
	}
	y := years[0]
	// 810 of 1000: 81 %, not the 85 % mean of 90 and 80; DSAT 20 of 1000.
	if y.Responses != 1000 || y.Satisfied != 810 || y.Dissatisfied != 20 {
		t.Errorf("2020 counts = %d %d %d, want 1000 810 20", y.Responses, y.Satisfied, y.Dissatisfied)
	}
	checkRat(t, "2020 CSAT", y.CSATPercent, "81")
	checkRat(t, "2020 DSAT", y.DSATPercent, "2")
	if y.MonthsCovered != 2 || !y.YearToDate() {
		t.Errorf("months covered = %d, year to date = %v; want 2, true", y.MonthsCovered, y.YearToDate())
	}
	if y.Verdict.BestInClass() {
		t.Error("81 % CSAT must not be best in class")
	}
	checkRat(t, "2021 CSAT", years[1].CSATPercent, "75")
	if months[2].CSATPercent != nil || months[2].Verdict.Defined {
		t.Errorf("a month without answers must be undefined: %+v", months[2])
	}
}

func TestSumScoresOverflow(t *testing.T) {
	if got, err := SumScores(Scores{1, 2, 3, 4, 5}, Scores{10, 20, 30, 40, 50}); err != nil || got != (Scores{11, 22, 33, 44, 55}) {
		t.Errorf("SumScores = %v, %v", got, err)
	}
	if _, err := SumScores(Scores{0, 0, 0, math.MaxInt64, 0}, Scores{0, 0, 0, 1, 0}); err == nil || !strings.Contains(err.Error(), "scoring 4") {
		t.Errorf("overflow: err = %v", err)
	}
}

func TestCSATDefinitionValidate(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*CSATDefinition)
		wantErr string
	}{
		{"default", func(*CSATDefinition) {}, ""},
		{"custom", func(d *CSATDefinition) { d.Satisfied, d.Dissatisfied = []int{5}, []int{1, 2} }, ""},
		{"score 0", func(d *CSATDefinition) { d.Dissatisfied = []int{0} }, "dissatisfied score 0 is not a score"},
		{"score 6", func(d *CSATDefinition) { d.Satisfied = []int{5, 6} }, "satisfied score 6"},
		{"overlap", func(d *CSATDefinition) { d.Dissatisfied = []int{1, 4} }, "score 4 is both satisfied and dissatisfied"},
		{"repeated", func(d *CSATDefinition) { d.Satisfied = []int{4, 4} }, "satisfied score 4 is listed twice"},
		{"no satisfied", func(d *CSATDefinition) { d.Satisfied = nil }, "no satisfied scores"},
		{"threshold above 100", func(d *CSATDefinition) { d.CSATThreshold = big.NewRat(101, 1) }, "CSAT threshold"},
		{"negative threshold", func(d *CSATDefinition) { d.DSATThreshold = big.NewRat(-1, 1) }, "DSAT threshold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := DefaultCSATDefinition()
			tt.edit(&d)
			err := d.Validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
	if got := DefaultCSATDefinition().Neutral(); !slices.Equal(got, []int{2, 3}) {
		t.Errorf("neutral = %v, want [2 3]", got)
	}
}
