package stats

import (
	"math"
	"math/big"
	"testing"
)

// The large-count reference values come from mpmath at 60 digits by
// testdata/reference_large.py, from the definitions of the R functions each
// row names (R was not at hand; the comparison's p = TA/(TA+TB) and
// q = TB/(TA+TB) are exact there). A bound within 2⁻⁵⁴ of 1 prints as 1,
// which is what the float64 nearest to it is.

func TestLargeCountsClopperPearson(t *testing.T) {
	checkIntervals(t, "ClopperPearsonInterval", ClopperPearsonInterval, []intervalCase{
		{0, 1000000, 0.95, 0, 3.6888726502064881e-06},                                              // binom.test(0, 1000000, conf.level = 0.95)$conf.int
		{1, 1000000, 0.95, 2.5317807663794201e-08, 5.5716306551722434e-06},                         // binom.test(1, 1000000, conf.level = 0.95)$conf.int
		{3, 1000000, 0.95, 6.1867255019064007e-07, 8.7672477881452228e-06},                         // binom.test(3, 1000000, conf.level = 0.95)$conf.int
		{500000, 1000000, 0.95, 0.49901951919531184, 0.50098048080468816},                          // binom.test(500000, 1000000, conf.level = 0.95)$conf.int
		{999997, 1000000, 0.95, 0.9999912327522118, 0.99999938132744981},                           // binom.test(999997, 1000000, conf.level = 0.95)$conf.int
		{1000000, 1000000, 0.95, 0.99999631112734977, 1},                                           // binom.test(1000000, 1000000, conf.level = 0.95)$conf.int
		{0, 1000000000, 0.95, 0, 3.6888794473100194e-09},                                           // binom.test(0, 1000000000, conf.level = 0.95)$conf.int
		{1, 1000000000, 0.95, 2.5317807983969402e-11, 5.5716433782031141e-09},                      // binom.test(1, 1000000000, conf.level = 0.95)$conf.int
		{3, 1000000000, 0.95, 6.1867212332289601e-10, 8.7672730444606959e-09},                      // binom.test(3, 1000000000, conf.level = 0.95)$conf.int
		{500000000, 1000000000, 0.95, 0.49996900974842229, 0.50003099025157771},                    // binom.test(500000000, 1000000000, conf.level = 0.95)$conf.int
		{999999997, 1000000000, 0.95, 0.99999999123272698, 0.99999999938132789},                    // binom.test(999999997, 1000000000, conf.level = 0.95)$conf.int
		{1000000000, 1000000000, 0.95, 0.99999999631112058, 1},                                     // binom.test(1000000000, 1000000000, conf.level = 0.95)$conf.int
		{0, 1000000000000, 0.95, 0, 3.6888794541071319e-12},                                        // binom.test(0, 1000000000000, conf.level = 0.95)$conf.int
		{1, 1000000000000, 0.95, 2.5317807984289576e-14, 5.5716433909261617e-12},                   // binom.test(1, 1000000000000, conf.level = 0.95)$conf.int
		{3, 1000000000000, 0.95, 6.186721228960288e-13, 8.7672730697170424e-12},                    // binom.test(3, 1000000000000, conf.level = 0.95)$conf.int
		{500000000000, 1000000000000, 0.95, 0.49999902001750773, 0.50000097998249227},              // binom.test(500000000000, 1000000000000, conf.level = 0.95)$conf.int
		{999999999997, 1000000000000, 0.95, 0.99999999999123268, 0.99999999999938127},              // binom.test(999999999997, 1000000000000, conf.level = 0.95)$conf.int
		{1000000000000, 1000000000000, 0.95, 0.99999999999631117, 1},                               // binom.test(1000000000000, 1000000000000, conf.level = 0.95)$conf.int
		{0, 1000000000000000, 0.95, 0, 3.6888794541139288e-15},                                     // binom.test(0, 1000000000000000, conf.level = 0.95)$conf.int
		{1, 1000000000000000, 0.95, 2.5317807984289898e-17, 5.571643390938885e-15},                 // binom.test(1, 1000000000000000, conf.level = 0.95)$conf.int
		{3, 1000000000000000, 0.95, 6.1867212289560198e-16, 8.7672730697423001e-15},                // binom.test(3, 1000000000000000, conf.level = 0.95)$conf.int
		{500000000000000, 1000000000000000, 0.95, 0.4999999690102479, 0.5000000309897521},          // binom.test(500000000000000, 1000000000000000, conf.level = 0.95)$conf.int
		{999999999999997, 1000000000000000, 0.95, 0.99999999999999123, 0.99999999999999933},        // binom.test(999999999999997, 1000000000000000, conf.level = 0.95)$conf.int
		{1000000000000000, 1000000000000000, 0.95, 0.99999999999999634, 1},                         // binom.test(1000000000000000, 1000000000000000, conf.level = 0.95)$conf.int
		{0, 1000000000000000000, 0.95, 0, 3.6888794541139353e-18},                                  // binom.test(0, 1000000000000000000, conf.level = 0.95)$conf.int
		{1, 1000000000000000000, 0.95, 2.53178079842899e-20, 5.5716433909388975e-18},               // binom.test(1, 1000000000000000000, conf.level = 0.95)$conf.int
		{3, 1000000000000000000, 0.95, 6.186721228956015e-19, 8.7672730697423241e-18},              // binom.test(3, 1000000000000000000, conf.level = 0.95)$conf.int
		{500000000000000000, 1000000000000000000, 0.95, 0.49999999902001802, 0.50000000097998198},  // binom.test(500000000000000000, 1000000000000000000, conf.level = 0.95)$conf.int
		{999999999999999997, 1000000000000000000, 0.95, 1, 1},                                      // binom.test(999999999999999997, 1000000000000000000, conf.level = 0.95)$conf.int
		{1000000000000000000, 1000000000000000000, 0.95, 1, 1},                                     // binom.test(1000000000000000000, 1000000000000000000, conf.level = 0.95)$conf.int
		{3, 9223372036854775807, 0.95, 6.707656596996301e-20, 9.5054965089882863e-19},              // binom.test(3, 9223372036854775807, conf.level = 0.95)$conf.int
		{9223372036854775804, 9223372036854775807, 0.99, 1, 1},                                     // binom.test(9223372036854775804, 9223372036854775807, conf.level = 0.99)$conf.int
		{4611686018427387903, 9223372036854775807, 0.99, 0.49999999957592545, 0.50000000042407455}, // binom.test(4611686018427387903, 9223372036854775807, conf.level = 0.99)$conf.int
		{3, 100000000000000000, 0.95, 6.1867212289560149e-18, 8.7672730697423241e-17},              // binom.test(3, 100000000000000000, conf.level = 0.95)$conf.int
		{99999999999999997, 100000000000000000, 0.95, 0.99999999999999989, 1},                      // binom.test(99999999999999997, 100000000000000000, conf.level = 0.95)$conf.int
	})
}

func TestLargeCountsGarwood(t *testing.T) {
	checkIntervals(t, "GarwoodInterval", GarwoodInterval, []intervalCase{
		{0, 9000000000000000000, 0.95, 0, 4.0987549490154839e-13},                               // poisson.test(0, 9000000000000000000/1e6, conf.level = 0.95)$conf.int
		{1, 9000000000000000000, 0.95, 2.8130897760322109e-15, 6.1907148788209974e-13},          // poisson.test(1, 9000000000000000000/1e6, conf.level = 0.95)$conf.int
		{3, 9000000000000000000, 0.95, 6.8741346988400169e-14, 9.7414145219359166e-13},          // poisson.test(3, 9000000000000000000/1e6, conf.level = 0.95)$conf.int
		{1000000, 9000000000000000000, 0.95, 1.1089344259336598e-07, 1.1132910132727025e-07},    // poisson.test(1000000, 9000000000000000000/1e6, conf.level = 0.95)$conf.int
		{1000000000, 9000000000000000000, 0.95, 0.00011110422460488088, 0.00011111799793893433}, // poisson.test(1000000000, 9000000000000000000/1e6, conf.level = 0.95)$conf.int
		{1000000000000, 9000000000000000000, 0.95, 0.11111089333744029, 0.11111132888510353},    // poisson.test(1000000000000, 9000000000000000000/1e6, conf.level = 0.95)$conf.int
		{1000000000000000, 9000000000000000000, 0.95, 111.11110422449974, 111.1111179977228},    // poisson.test(1000000000000000, 9000000000000000000/1e6, conf.level = 0.95)$conf.int
		{1000000000000000, 9000000000000000000, 0.99, 111.11110206056969, 111.11112016165306},   // poisson.test(1000000000000000, 9000000000000000000/1e6, conf.level = 0.99)$conf.int
		{1000000000000000, 1000000000000000, 0.95, 999999.93802049768, 1000000.0619795052},      // poisson.test(1000000000000000, 1000000000000000/1e6, conf.level = 0.95)$conf.int
	})
}

func TestLargeCountsCompareRates(t *testing.T) {
	tests := []struct {
		xA, xB, nA, nB           int64
		level                    float64
		ratio, low, high, pValue float64
	}{
		{999999900000000, 1000000000000000, 9000000000000000000, 9000000000000000000, 0.95, 0.99999990000000005, 0.99999981234775537, 0.99999998765225229, 0.025347316480720836}, // poisson.test(c(999999900000000, 1000000000000000), c(9000000000000000000, 9000000000000000000)/1e6, conf.level = 0.95)
		{1000000000000000, 3, 9000000000000000000, 1000000, 0.95, 37.037037037037038, 12.673394592279582, 179.59611723100195, 2.576279762631884e-43},                             // poisson.test(c(1000000000000000, 3), c(9000000000000000000, 1000000)/1e6, conf.level = 0.95)
		{3, 1000000000000000, 1000000, 9000000000000000000, 0.95, 0.027, 0.0055680491060604038, 0.078905457627681155, 2.576279762631884e-43},                                     // poisson.test(c(3, 1000000000000000), c(1000000, 9000000000000000000)/1e6, conf.level = 0.95)
		{1000000000000, 1000003000000, 4000000000000000000, 4000012000000000000, 0.99, 1, 0.99999635723563152, 1.0000036427776382, 1},                                            // poisson.test(c(1000000000000, 1000003000000), c(4000000000000000000, 4000012000000000000)/1e6, conf.level = 0.99)
	}
	for _, tt := range tests {
		c, ok := CompareRates(Counts{tt.xA, tt.nA}, Counts{tt.xB, tt.nB}, tt.level)
		if !ok || !c.RatioDefined || !close(c.Ratio, tt.ratio) ||
			!close(c.CI.Low, tt.low) || !close(c.CI.High, tt.high) || !close(c.PValue, tt.pValue) {
			t.Errorf("CompareRates(%d/%d, %d/%d, %v) = %+v, %v;\nmpmath: ratio %.17g, CI %.17g, %.17g, p %.17g",
				tt.xA, tt.nA, tt.xB, tt.nB, tt.level, c, ok, tt.ratio, tt.low, tt.high, tt.pValue)
		}
	}
}

// Every share of every size, at every level, has an interval: within [0, 1],
// around the share as a float64, 0 below exactly when x = 0 and 1 above when
// x = n (and also when 1 − p.U is below float64's resolution at 1); and
// Garwood's likewise: finite, around x/T, 0 below exactly when x = 0.
func TestLargeCountsAlwaysAnInterval(t *testing.T) {
	levels := []float64{0.5, 0.95, 0.999999, math.Nextafter(1, 0)}
	for _, n := range []int64{1, 2, 3, 10, 1000003, 1e9, 1e12, 1e15, 1e17, 1e18, math.MaxInt64} {
		for _, x := range []int64{0, 1, 2, 3, n / 3, n / 2, n - n/2, n - 3, n - 2, n - 1, n} {
			if x < 0 || x > n {
				continue
			}
			share, _ := new(big.Rat).SetFrac64(x, n).Float64()
			for _, level := range levels {
				iv, ok := ClopperPearsonInterval(x, n, level)
				if !ok || !(0 <= iv.Low && iv.Low <= share && share <= iv.High && iv.High <= 1) ||
					(iv.Low == 0) != (x == 0) || x == n && iv.High != 1 {
					t.Errorf("ClopperPearsonInterval(%d, %d, %v) = %.17g, %.17g, %v; share %.17g", x, n, level, iv.Low, iv.High, ok, share)
				}
				g, ok := GarwoodInterval(x, n, level)
				rate := float64(x) / (float64(n) / perMillion)
				if !ok || !(0 <= g.Low && g.Low <= rate*(1+1e-15) && rate*(1-1e-15) <= g.High && !math.IsInf(g.High, 0)) ||
					(g.Low == 0) != (x == 0) {
					t.Errorf("GarwoodInterval(%d, %d, %v) = %.17g, %.17g, %v; rate %.17g", x, n, level, g.Low, g.High, ok, rate)
				}
			}
		}
	}
}
