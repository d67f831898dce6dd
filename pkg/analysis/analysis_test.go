package analysis

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/dataset"
	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/period"
)

// load builds a dataset from CSV texts by kind.
func load(t *testing.T, files map[input.Kind]string) *dataset.Dataset {
	t.Helper()
	b, err := period.NewBucketer("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	sources := map[input.Kind][]input.Source{}
	for k, text := range files {
		sources[k] = []input.Source{{Name: k.String() + ".csv", Open: func() (io.ReadCloser, error) {
			return io.NopCloser(strings.NewReader(text)), nil
		}}}
	}
	ds, err := dataset.Load(sources, input.Config{Bucketer: b, Country: "SE"})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

var twoYears = map[input.Kind]string{
	input.Transactions: "month,country,transactions\n2018-12,SE,1000000\n2019-01,SE,2000000\n2019-02,SE,0\n2019-01,NO,500000\n",
	input.Complaints: "month,country,channel,category,complaints\n" +
		"2018-12,SE,kundservice,fees,40\n2019-01,SE,kundservice,fees,50\n2019-01,SE,arn,refunds,10\n2019-01,NO,fi,fees,7\n",
}

func TestRateSeries(t *testing.T) {
	ds := load(t, twoYears)
	s := RatesOf(ds, "SE")
	want := []metrics.MonthCounts{
		{Month: period.MonthOf(2018, 12), Transactions: 1_000_000, Complaints: 40},
		{Month: period.MonthOf(2019, 1), Transactions: 2_000_000, Complaints: 60},
		{Month: period.MonthOf(2019, 2), Transactions: 0, Complaints: 0},
	}
	if !reflect.DeepEqual(s.Months, want) {
		t.Fatalf("months = %+v\nwant %+v", s.Months, want)
	}
	y2019, err := s.InYear(2019)
	if err != nil || len(y2019.Months) != 2 {
		t.Fatalf("InYear(2019) = %+v, %v", y2019, err)
	}
	years := y2019.Years()
	if len(years) != 1 || decimal.Short(years[0].Rate) != "30" || years[0].MonthsCovered != 1 {
		t.Errorf("2019 = %+v, want rate 30 over 1 covered month", years[0])
	}
	if rates := y2019.Rates(); rates[1].Rate != nil {
		t.Errorf("a month without purchases has rate %v, want undefined", rates[1].Rate)
	}
	_, err = s.InYear(2017)
	var nd *NoDataError
	if !errors.As(err, &nd) || err.Error() != "there is no data for 2017" || nd.Hint() != "the data covers 2018-12 to 2019-02" {
		t.Errorf("InYear(2017) error = %v (hint %q)", err, nd.Hint())
	}
	_, err = RatesOf(ds, "DK").InYear(2019)
	if !errors.As(err, &nd) || nd.Hint() != "the data has no rows for country DK" {
		t.Errorf("DK error = %v", err)
	}
}

func TestCheckCountry(t *testing.T) {
	ds := load(t, twoYears)
	if err := CheckCountry(ds, "SE", input.Transactions); err != nil {
		t.Errorf("SE: %v", err)
	}
	err := CheckCountry(ds, "DK", input.Transactions, input.Complaints)
	var nc *NoCountryError
	if !errors.As(err, &nc) || nc.Hint() != "the data has rows for NO, SE; check --country" {
		t.Errorf("DK: %v", err)
	}
	if err := CheckCountry(ds, "DK", input.Surveys); err != nil {
		t.Errorf("no survey rows at all is not a wrong country: %v", err)
	}
}

func TestSurveySeries(t *testing.T) {
	ds := load(t, map[input.Kind]string{input.Surveys: "month,score,responses\n2020-01,5,8\n2020-01,1,1\n2020-01,3,1\n2020-02,4,4\n"})
	s, err := SurveysOf(ds, "SE").InYear(2020)
	if err != nil {
		t.Fatal(err)
	}
	months, years, err := s.Figures(metrics.DefaultCSATDefinition())
	if err != nil {
		t.Fatal(err)
	}
	if got := decimal.Short(months[0].CSATPercent) + "/" + decimal.Short(months[0].DSATPercent); got != "80/10" {
		t.Errorf("2020-01 CSAT/DSAT = %s, want 80/10", got)
	}
	// 12 satisfied of 14 answers: weighted by answers, not the mean of 80 and 100.
	if got := decimal.Fixed(years[0].CSATPercent, 4); got != "85.7143" || years[0].MonthsCovered != 2 {
		t.Errorf("2020 CSAT = %s over %d months, want 85.7143 over 2", got, years[0].MonthsCovered)
	}
	if _, err := s.InYear(2019); err == nil || err.Error() != "there is no survey data for 2019" {
		t.Errorf("InYear(2019) = %v", err)
	}
}

func TestBreakdown(t *testing.T) {
	ds := load(t, twoYears)
	b, err := BreakdownOf(ds, BreakdownSpec{By: ByChannel, Country: "SE", Year: 2019, WithTransactions: true, AllAuthorities: true})
	if err != nil {
		t.Fatal(err)
	}
	wantKeys := []string{"customer_service", "konsumentverket", "datainspektionen", "arn", "finansinspektionen"}
	if !reflect.DeepEqual(b.Keys, wantKeys) {
		t.Fatalf("keys = %v, want %v", b.Keys, wantKeys)
	}
	jan := b.Months[0]
	if jan.Month != period.MonthOf(2019, 1) || jan.External.Complaints != 10 || jan.Total.Complaints != 60 || jan.Total.Transactions != 2_000_000 {
		t.Errorf("2019-01 = %+v", jan)
	}
	y := b.Years[0]
	if y.MonthsCovered != 2 || decimal.Short(b.Rate(y.Total)) != "30" || decimal.Fixed(y.Share(slices.Index(b.Keys, "arn")).Percent, 1) != "16.7" {
		t.Errorf("2019 = %+v, rate %s", y, decimal.Short(b.Rate(y.Total)))
	}

	byCountry, err := BreakdownOf(ds, BreakdownSpec{By: ByCountry, Year: 2019, WithTransactions: true})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(byCountry.Keys, []string{"NO", "SE"}) {
		t.Fatalf("country keys = %v", byCountry.Keys)
	}
	// Each country over its own purchases: NO 7 ÷ 500,000 × 10⁶ = 14; the total over all.
	no := byCountry.Years[0].Tally(0)
	if decimal.Short(byCountry.Rate(no)) != "14" || byCountry.Years[0].Total.Transactions != 2_500_000 {
		t.Errorf("NO = %+v, total %+v", no, byCountry.Years[0].Total)
	}

	byCategory, err := BreakdownOf(ds, BreakdownSpec{By: ByCategory, Country: "SE"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(byCategory.Keys, []string{"fees", "refunds"}) || byCategory.Rate(byCategory.Years[0].Total) != nil {
		t.Errorf("categories = %v (no purchase data, so no rate)", byCategory.Keys)
	}
	if _, err := BreakdownOf(ds, BreakdownSpec{By: ByChannel, Country: "SE", Year: 2021}); err == nil {
		t.Error("a year without data gave a breakdown")
	}
}

func TestChooseTargets(t *testing.T) {
	r := func(n int64) *big.Rat { return big.NewRat(n, 1) }
	configured := []metrics.Target{{Year: 2019, Baseline: r(40), Rate: r(36)}, {Year: 2020, Baseline: r(33), Rate: r(28)}}
	tests := []struct {
		name       string
		configured []metrics.Target
		year       int
		override   *TargetOverride
		want       []metrics.Target
		problem    TargetProblem
		message    string
	}{
		{name: "all", configured: configured, want: configured},
		{name: "one year", configured: configured, year: 2020, want: configured[1:]},
		{name: "year without target", configured: configured, year: 2021, problem: NoTargetForYear,
			message: "there is no target for 2021"},
		{name: "none", problem: NoTargets, message: "there are no targets to measure progress against"},
		{name: "override target", configured: configured, year: 2020, override: &TargetOverride{Rate: r(25), TargetSet: true},
			want: []metrics.Target{{Year: 2020, Baseline: r(33), Rate: r(25)}}},
		{name: "override baseline: previous year", configured: configured, year: 2020, override: &TargetOverride{BaselineSet: true},
			want: []metrics.Target{{Year: 2020, Rate: r(28)}}},
		{name: "baseline only, no target to keep", year: 2021, override: &TargetOverride{Baseline: r(30), BaselineSet: true},
			problem: NoTargetToComplete, message: "there is no configured target for 2021 to take the target from"},
		{name: "target above configured baseline", configured: configured, year: 2019, override: &TargetOverride{Rate: r(45), TargetSet: true},
			problem: TargetNotBelowBaseline, message: "the target 45 for 2019 is not below the baseline 40"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ChooseTargets(tt.configured, tt.year, tt.override)
			if tt.message != "" {
				var te *TargetError
				if !errors.As(err, &te) || te.Problem != tt.problem || err.Error() != tt.message {
					t.Fatalf("error = %v, want %q", err, tt.message)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ChooseTargets = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

// TestBreakdownWithoutChannels checks the rule for complaints without a
// channel: all of the period's → a *NoChannelError naming the files; some
// → the unspecified key, counted in the total and in no authority.
func TestBreakdownWithoutChannels(t *testing.T) {
	tx := "month,transactions\n2019-01,1000\n2020-01,1000\n"
	noChannel := "month,kanal,complaints\n2019-01,arn,3\n2020-01,arn,2\n"
	ds := load(t, map[input.Kind]string{input.Transactions: tx, input.Complaints: noChannel})
	for _, spec := range []BreakdownSpec{
		{By: ByChannel, Country: "SE", WithTransactions: true},
		{By: ByChannel, Country: "SE", Year: 2020, AllAuthorities: true},
	} {
		_, err := BreakdownOf(ds, spec)
		var nc *NoChannelError
		if !errors.As(err, &nc) {
			t.Fatalf("%+v: error %v, want a *NoChannelError", spec, err)
		}
		want := &NoChannelError{Year: spec.Year, Complaints: 5, Files: []string{"complaints.csv"}}
		if spec.Year == 2020 {
			want.Complaints = 2
		}
		if !reflect.DeepEqual(nc, want) {
			t.Errorf("%+v: %+v, want %+v", spec, nc, want)
		}
	}
	if b, err := BreakdownOf(ds, BreakdownSpec{By: ByCategory, Country: "SE"}); err != nil || b.Years[0].Total.Complaints != 3 {
		t.Errorf("by category: %v", err)
	}

	// Half of 2019's complaints have a channel: no error; 2019 has 3
	// unspecified of 6, arn 3; external (the authorities) 3.
	mixed := "month,kanal,complaints\n2019-01,x,3\n"
	withChannel := "month,channel,complaints\n2019-01,arn,3\n"
	ds = loadFiles(t, map[input.Kind][]string{input.Transactions: {tx}, input.Complaints: {mixed, withChannel}})
	b, err := BreakdownOf(ds, BreakdownSpec{By: ByChannel, Country: "SE", Year: 2019})
	if err != nil {
		t.Fatal(err)
	}
	y := b.Years[0]
	if b.Unspecified(y) != 3 || y.Total.Complaints != 6 || y.External.Complaints != 3 {
		t.Errorf("unspecified %d, total %d, external %d; want 3, 6, 3", b.Unspecified(y), y.Total.Complaints, y.External.Complaints)
	}
	if got := ds.FilesWithoutChannel(); !reflect.DeepEqual(got, []string{"complaints-0.csv"}) {
		t.Errorf("files without channel = %v", got)
	}
}

// loadFiles builds a dataset from several CSV texts per kind, named
// kind-N.csv.
func loadFiles(t *testing.T, files map[input.Kind][]string) *dataset.Dataset {
	t.Helper()
	b, err := period.NewBucketer("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	sources := map[input.Kind][]input.Source{}
	for k, texts := range files {
		for i, text := range texts {
			sources[k] = append(sources[k], input.Source{Name: fmt.Sprintf("%s-%d.csv", k, i), Open: func() (io.ReadCloser, error) {
				return io.NopCloser(strings.NewReader(text)), nil
			}})
		}
	}
	ds, err := dataset.Load(sources, input.Config{Bucketer: b, Country: "SE"})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestBreakdownFolded checks that a breakdown that keeps the largest keys
// gives them the figures of the breakdown of every key (tallies, shares,
// ranks and cumulative shares in the ranking of every key, though a
// folded key outranks a kept one in a year) and sums the rest in Other.
func TestBreakdownFolded(t *testing.T) {
	// Over 2019-2020: a 9, b 8, c 3+3, d 5, e 1. Kept (3): a, b, d; c is
	// folded, yet in 2020 c (3) ranks above d (0) and e (1).
	files := map[input.Kind]string{
		input.Transactions: "month,country,transactions\n2019-01,SE,1000\n2019-01,NO,500\n2020-01,SE,2000\n2020-01,FI,100\n",
		input.Complaints: "month,country,category,complaints\n" +
			"2019-01,SE,a,9\n2019-01,SE,b,2\n2019-01,SE,c,3\n2019-01,SE,d,5\n2020-01,SE,b,6\n2020-01,SE,c,3\n2020-01,SE,e,1\n2019-01,NO,a,4\n",
	}
	ds := load(t, files)
	for _, by := range []Grouping{ByCategory, ByCountry} {
		spec := BreakdownSpec{By: by, Country: "SE", WithTransactions: true}
		all, err := BreakdownOf(ds, spec)
		if err != nil {
			t.Fatal(err)
		}
		spec.MostKeys = 2
		folded, err := BreakdownOf(ds, spec)
		if err != nil {
			t.Fatal(err)
		}
		if folded.Folded != len(all.Keys)-2 || len(folded.Keys) != 2 {
			t.Fatalf("%s: keys %v, folded %d; every key %v", by, folded.Keys, folded.Folded, all.Keys)
		}
		for yi, y := range folded.Years {
			ay := all.Years[yi]
			var kept Tally
			for k, name := range folded.Keys {
				ak := slices.Index(all.Keys, name)
				if y.Tally(k) != ay.Tally(ak) {
					t.Errorf("%s %d %s: tally %+v, every key %+v", by, y.Year, name, y.Tally(k), ay.Tally(ak))
				}
				got, want := y.Share(k), ay.Share(ak)
				if got.Rank != want.Rank || decimal.Short(got.Percent) != decimal.Short(want.Percent) ||
					(want.CumulativePercent != nil) != (got.CumulativePercent != nil) ||
					want.CumulativePercent != nil && got.CumulativePercent.Cmp(want.CumulativePercent) != 0 {
					t.Errorf("%s %d %s: share %+v, every key %+v", by, y.Year, name, got, want)
				}
				kept.add(y.Tally(k))
			}
			if y.Total != ay.Total || y.Other.Complaints != ay.Total.Complaints-kept.Complaints {
				t.Errorf("%s %d: total %+v (every key %+v), other %+v, kept %+v", by, y.Year, y.Total, ay.Total, y.Other, kept)
			}
		}
	}
	// Categories: a (9) and b (8) kept; c, d and e are other: 3 + 5 = 8 in
	// 2019-01, 3 + 1 = 4 in 2020.
	b, _ := BreakdownOf(ds, BreakdownSpec{By: ByCategory, Country: "SE", MostKeys: 2})
	if !slices.Equal(b.Keys, []string{"a", "b"}) || b.Years[1].Other.Complaints != 4 || b.Months[0].Other.Complaints != 8 {
		t.Errorf("keys %v, 2020 other %+v, 2019-01 other %+v", b.Keys, b.Years[1].Other, b.Months[0].Other)
	}
}

// TestParetoRanking: categories largest first, ties by name; each key's
// share and the cumulative share down to it, exact and rounded half away
// from zero.
func TestParetoRanking(t *testing.T) {
	type want struct {
		key        string
		rank       int
		percent    string // one decimal; "" = undefined
		cumulative string
	}
	tests := []struct {
		name, rows string // rows: category,complaints
		want       []want
	}{
		{"sorted by volume", "invoices,20\nrefunds,50\nreminder fees,30\n",
			[]want{{"refunds", 1, "50.0", "50.0"}, {"reminder fees", 2, "30.0", "80.0"}, {"invoices", 3, "20.0", "100.0"}}},
		// 1/3 = 33.333…, 2/3 = 66.666…
		{"ties by name", "b,1\na,1\nc,1\n",
			[]want{{"a", 1, "33.3", "33.3"}, {"b", 2, "33.3", "66.7"}, {"c", 3, "33.3", "100.0"}}},
		// 1/16 = 6.25 rounds half away from zero to 6.3; 15/16 = 93.75 to 93.8.
		{"exact halves", "x,14\ny,1\nz,1\n",
			[]want{{"x", 1, "87.5", "87.5"}, {"y", 2, "6.3", "93.8"}, {"z", 3, "6.3", "100.0"}}},
		{"no complaints: undefined shares", "a,0\nb,0\n",
			[]want{{"a", 1, "", ""}, {"b", 2, "", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := strings.ReplaceAll("\n"+strings.TrimSuffix(tt.rows, "\n"), "\n", "\n2019-01,")
			ds := load(t, map[input.Kind]string{input.Complaints: "month,category,complaints" + rows + "\n"})
			b, err := BreakdownOf(ds, BreakdownSpec{By: ByCategory, Country: "SE"})
			if err != nil {
				t.Fatal(err)
			}
			y := b.Years[0]
			for i, w := range tt.want {
				k := slices.Index(b.Keys, w.key)
				if k != i {
					t.Errorf("key %s in column %d, want %d (keys %v)", w.key, k, i, b.Keys)
					continue
				}
				s := y.Share(k)
				fixed := func(r *big.Rat) string {
					if r == nil {
						return ""
					}
					return decimal.Fixed(r, 1)
				}
				if s.Rank != w.rank || fixed(s.Percent) != w.percent || fixed(s.CumulativePercent) != w.cumulative {
					t.Errorf("%s: rank %d, %s %%, cumulative %s %%; want %d, %s, %s",
						w.key, s.Rank, fixed(s.Percent), fixed(s.CumulativePercent), w.rank, w.percent, w.cumulative)
				}
			}
		})
	}
}
