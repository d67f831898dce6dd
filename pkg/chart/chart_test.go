package chart

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// TestInvalidChartsWriteNothing: every renderer refuses a malformed chart
// with an error saying what is wrong, and writes nothing.
func TestInvalidChartsWriteNothing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		chart func() Chart
		want  string
	}{
		{"no months", func() Chart { return &RateChart{} }, "no months"},
		{"years mismatch", func() Chart {
			c := rateYearWithGap()
			c.Years = []string{"2019"}
			return c
		}, "1 years for 12 months"},
		{"values mismatch", func() Chart {
			c := rateYearWithGap()
			c.Rate.Values = c.Rate.Values[:11]
			return c
		}, "rate has 11 values for 12 months"},
		{"texts mismatch", func() Chart {
			c := rateYearWithGap()
			c.Rate.Texts = c.Rate.Texts[:3]
			return c
		}, "rate has 3 texts for 12 months"},
		{"NaN rate", func() Chart {
			c := rateYearWithGap()
			c.Rate.Values[2] = ptr(math.NaN())
			return c
		}, "rate: month 3 (Mar) is NaN"},
		{"infinite target", func() Chart {
			c := rateYearWithGap()
			c.Target.Value = math.Inf(1)
			return c
		}, "target is +Inf"},
		{"limits mismatch", func() Chart {
			c := controlChart(false)
			c.Upper = c.Upper[:5]
			return c
		}, "upper limit has 5 values for 24 months"},
		{"signal without a rate", func() Chart {
			c := controlChart(false)
			c.Rate.Values[5] = nil
			c.Signals[5] = []int{1}
			return c
		}, "month 6 (Jun 2018) signals but has no rate"},
		{"signals mismatch", func() Chart {
			c := controlChart(false)
			c.Signals = nil
			return c
		}, "0 signal entries for 24 months"},
		{"survey DSAT mismatch", func() Chart {
			c := surveyChart(false)
			c.DSAT.Values = nil
			return c
		}, "DSAT has 0 values for 12 months"},
		{"negative count", func() Chart {
			c := breakdownChart(false)
			c.Parts[1].Counts[4] = -1
			return c
		}, `key "Datainspektionen": month 5 (May) has a negative count -1`},
		{"too many keys", func() Chart {
			c := breakdownChart(false)
			for len(c.Parts) <= maxParts {
				c.Parts = append(c.Parts, c.Parts[0])
			}
			return c
		}, "11 keys, at most 10"},
		{"no keys", func() Chart {
			c := breakdownChart(false)
			c.Parts = nil
			return c
		}, "without keys"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			renderers := map[string]func(*bytes.Buffer) error{
				"SVG":      func(b *bytes.Buffer) error { return SVG(b, tc.chart(), Options{}) },
				"PNG":      func(b *bytes.Buffer) error { return PNG(b, tc.chart(), Options{}) },
				"Terminal": func(b *bytes.Buffer) error { return Terminal(b, tc.chart(), TerminalOptions{Width: 80}) },
			}
			for name, render := range renderers {
				var b bytes.Buffer
				err := render(&b)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%s: error %v, want one containing %q", name, err, tc.want)
				}
				if b.Len() != 0 {
					t.Errorf("%s: wrote %d bytes", name, b.Len())
				}
			}
		})
	}
}

func TestOptionsSize(t *testing.T) {
	for _, opt := range []Options{{Width: 100}, {Height: 10}, {Width: -800, Height: 450}} {
		var b bytes.Buffer
		if err := SVG(&b, rateChart(false), opt); err == nil || !strings.Contains(err.Error(), "too small") || b.Len() != 0 {
			t.Errorf("%+v: err %v, %d bytes", opt, err, b.Len())
		}
	}
	var b bytes.Buffer
	if err := SVG(&b, rateChart(false), Options{Width: 1000, Height: 500}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="500" viewBox="0 0 750 375"`) {
		t.Errorf("root element %q", strings.SplitN(b.String(), "\n", 2)[0])
	}
}

func TestNumberFormat(t *testing.T) {
	for _, tc := range []struct {
		nf       NumberFormat
		v        float64
		decimals int
		want     string
	}{
		{english, 1234.5, 1, "1,234.5"},
		{swedish, 1234.5, 1, "1\u00a0234,5"},
		{swedish, 84, 1, "84,0"},
		{NumberFormat{}, 1234567, 0, "1234567"},
		{english, 2.5, 0, "3"},   // half away from zero
		{english, -2.5, 0, "−3"}, // likewise below zero, with a minus sign
		{english, 0.125, 2, "0.13"},
		{english, 999.96, 1, "1,000.0"},
		{swedish, 0, 1, "0,0"},
	} {
		if got := tc.nf.format(tc.v, tc.decimals); got != tc.want {
			t.Errorf("format(%v, %d) with %+v = %q, want %q", tc.v, tc.decimals, tc.nf, got, tc.want)
		}
	}
}

func TestNiceScale(t *testing.T) {
	for _, tc := range []struct {
		lo, hi   float64
		steps    int
		want     []float64
		decimals int
	}{
		{0, 83, 9, []float64{0, 10, 20, 30, 40, 50, 60, 70, 80, 90}, 0},
		{0, 83, 6, []float64{0, 20, 40, 60, 80, 100}, 0},
		{0, 1.68, 9, []float64{0, 0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.6, 1.8}, 1},
		{83, 87.4, 4, []float64{82, 84, 86, 88}, 0},
		{0, 6.1, 4, []float64{0, 2, 4, 6, 8}, 0},
		{0, 9, 4, []float64{0, 2.5, 5, 7.5, 10}, 1},
		{5, 5, 4, []float64{5, 5.25, 5.5, 5.75, 6}, 2}, // an empty range still gets a scale
	} {
		got := niceScale(tc.lo, tc.hi, tc.steps)
		if !equalFloats(got.ticks, tc.want) || got.decimals != tc.decimals {
			t.Errorf("niceScale(%v, %v, %d) = %v (%d decimals), want %v (%d)", tc.lo, tc.hi, tc.steps, got.ticks, got.decimals, tc.want, tc.decimals)
		}
	}
	// Counts get whole steps even when a fraction would fit better.
	if got := countScale(14, 6); !equalFloats(got.ticks, []float64{0, 5, 10, 15}) {
		t.Errorf("countScale(14, 6) = %v", got.ticks)
	}
	if got := countScale(2, 10); !equalFloats(got.ticks, []float64{0, 1, 2}) {
		t.Errorf("countScale(2, 10) = %v", got.ticks)
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestEdgeCases draws charts with nothing to show, a single month and
// values far apart, in every renderer: each must come out whole.
func TestEdgeCases(t *testing.T) {
	empty := make([]*float64, 12)
	for _, tc := range []struct {
		name  string
		chart Chart
	}{
		{"rate without figures", &RateChart{Frame: Frame{Months: monthsEN}, Rate: Series{Values: empty}}},
		{"one month", &RateChart{Frame: Frame{Months: []string{"Jan"}, Years: []string{"2020"}}, Rate: Series{Values: ptrs(12)},
			Target: &Line{Value: 28, Label: "Target"}}},
		{"huge and tiny", &RateChart{Frame: Frame{Months: monthsEN[:3]}, Rate: Series{Values: ptrs(1e9, 1e-9, 0)}}},
		{"survey without answers", &SurveyChart{Frame: Frame{Months: monthsEN}, CSAT: Series{Values: empty}, DSAT: Series{Values: empty}}},
		{"control without limits", &ControlChart{Frame: Frame{Months: monthsEN}, Rate: Series{Values: empty},
			Lower: empty, Upper: empty, Signals: make([][]int, 12)}},
		{"breakdown of zeros", &BreakdownChart{Frame: Frame{Months: monthsEN[:2]}, Parts: []Part{{Key: "a", Counts: []int64{0, 0}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var svg, png, text bytes.Buffer
			if err := SVG(&svg, tc.chart, Options{}); err != nil {
				t.Fatal(err)
			}
			if err := PNG(&png, tc.chart, Options{}); err != nil {
				t.Fatal(err)
			}
			if err := Terminal(&text, tc.chart, TerminalOptions{Width: 60}); err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(svg.String(), "</svg>\n") || png.Len() == 0 || text.Len() == 0 {
				t.Errorf("incomplete output: svg %d bytes, png %d, text %d", svg.Len(), png.Len(), text.Len())
			}
		})
	}
}
