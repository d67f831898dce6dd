package stats

import (
	"math"
	"testing"
)

func TestCompareRates(t *testing.T) {
	tests := []struct {
		xA, xB, nA, nB           int64
		level                    float64
		ratio, low, high, pValue float64 // ratio nan: R's 0/0
	}{
		{0, 0, 1000000, 1000000, 0.95, nan, 0, inf, 1},                                                                                 // poisson.test(c(0, 0), c(1000000, 1000000)/1e6, conf.level = 0.95)
		{0, 5, 1000000, 2000000, 0.95, 0, 0, 2.1825582103650918, 0.17695473251028812},                                                  // poisson.test(c(0, 5), c(1000000, 2000000)/1e6, conf.level = 0.95)
		{5, 0, 1000000, 2000000, 0.95, inf, 1.8327117146309202, inf, 0.0041152263374485574},                                            // poisson.test(c(5, 0), c(1000000, 2000000)/1e6, conf.level = 0.95)
		{3, 0, 1, 1, 0.99, inf, 0.20626911763798833, inf, 0.25000000000000006},                                                         // poisson.test(c(3, 0), c(1, 1)/1e6, conf.level = 0.99)
		{1, 1, 3, 3, 0.95, 1, 0.012739367083666625, 78.496835316262846, 1},                                                             // poisson.test(c(1, 1), c(3, 3)/1e6, conf.level = 0.95)
		{10, 3, 100, 100, 0.95, 3.3333333333333335, 0.85828171569978551, 18.848723552419568, 0.092285156250000028},                     // poisson.test(c(10, 3), c(100, 100)/1e6, conf.level = 0.95)
		{17, 24, 1000000, 1000000, 0.95, 0.70833333333333337, 0.35716145986012737, 1.3747545953731199, 0.3488888794490787},             // poisson.test(c(17, 24), c(1000000, 1000000)/1e6, conf.level = 0.95)
		{200, 200, 5000000, 5000000, 0.95, 1, 0.8178773658350359, 1.2226771907045266, 1},                                               // poisson.test(c(200, 200), c(5000000, 5000000)/1e6, conf.level = 0.95)
		{228, 290, 4960000, 5090000, 0.95, 0.8068131256952169, 0.67531579046474188, 0.96298151744647364, 0.015625661305187791},         // poisson.test(c(228, 290), c(4960000, 5090000)/1e6, conf.level = 0.95)
		{228, 290, 4960000, 5090000, 0.99, 0.8068131256952169, 0.63912566224939604, 1.0165957030913801, 0.015625661305187791},          // poisson.test(c(228, 290), c(4960000, 5090000)/1e6, conf.level = 0.99)
		{180, 240, 5012345, 4987654, 0.95, 0.74630547179015017, 0.61170501187409776, 0.90920451461960139, 0.0029028795911998193},       // poisson.test(c(180, 240), c(5012345, 4987654)/1e6, conf.level = 0.95)
		{150, 250, 5000000, 5000000, 0.95, 0.59999999999999998, 0.48673734850611722, 0.73755367685704154, 6.5318192128383948e-07},      // poisson.test(c(150, 250), c(5000000, 5000000)/1e6, conf.level = 0.95)
		{2033, 2500, 61948651, 60000000, 0.95, 0.78762005648839728, 0.74247619795952458, 0.83543378452117145, 1.0987798924721324e-15},  // poisson.test(c(2033, 2500), c(61948651, 60000000)/1e6, conf.level = 0.95)
		{2000, 1000, 10000000, 10000000, 0.95, 2, 1.8528636517206021, 2.1598840825331864, 1.0090148627941182e-75},                      // poisson.test(c(2000, 1000), c(10000000, 10000000)/1e6, conf.level = 0.95)
		{20000, 19000, 100000000, 100000000, 0.99, 1.0526315789473684, 1.0254681549859646, 1.0805199074737566, 4.2168414473734361e-07}, // poisson.test(c(20000, 19000), c(100000000, 100000000)/1e6, conf.level = 0.99)
	}
	for _, tt := range tests {
		c, ok := CompareRates(Counts{tt.xA, tt.nA}, Counts{tt.xB, tt.nB}, tt.level)
		wantDefined := !math.IsNaN(tt.ratio)
		wantRatio := tt.ratio
		if !wantDefined {
			wantRatio = 0
		}
		if !ok || c.RatioDefined != wantDefined || !close(c.Ratio, wantRatio) ||
			!close(c.CI.Low, tt.low) || !close(c.CI.High, tt.high) || !close(c.PValue, tt.pValue) {
			t.Errorf("CompareRates(%d/%d, %d/%d, %v) = %+v, %v;\nR: ratio %.17g, CI %.17g, %.17g, p %.17g",
				tt.xA, tt.nA, tt.xB, tt.nB, tt.level, c, ok, tt.ratio, tt.low, tt.high, tt.pValue)
		}
	}
}

func TestCompareRatesWithoutResult(t *testing.T) {
	cases := []struct {
		name  string
		a, b  Counts
		level float64
	}{
		{"A without purchases", Counts{0, 0}, Counts{5, 1000}, 0.95},
		{"B without purchases", Counts{5, 1000}, Counts{0, 0}, 0.95},
		{"negative complaints", Counts{-1, 1000}, Counts{5, 1000}, 0.95},
		{"level in percent", Counts{5, 1000}, Counts{5, 1000}, 95},
		{"complaints overflow", Counts{math.MaxInt64, 1000}, Counts{1, 1000}, 0.95},
	}
	for _, c := range cases {
		if got, ok := CompareRates(c.a, c.b, c.level); ok || got != (RateComparison{}) {
			t.Errorf("%s: CompareRates(%v, %v, %v) = %+v, %v; want none", c.name, c.a, c.b, c.level, got, ok)
		}
	}
}
