package stats

import (
	"math"
	"testing"
)

// The reference values below were computed with R 4.2.2 by
// testdata/reference.R; each row names the R call it reproduces. The
// package promises agreement to 8 significant digits; the tests hold it to
// relTol, as gonum reaches about 1e-11 everywhere here.
const relTol = 1e-10

var (
	inf = math.Inf(1)
	nan = math.NaN()
)

// close reports whether got agrees with R's want to relTol. Zeros and
// infinities must match exactly: R's 0 bounds are exact by construction.
func close(got, want float64) bool {
	if want == 0 || math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= relTol*math.Abs(want)
}

type intervalCase struct {
	x, n      int64
	level     float64
	low, high float64
}

func checkIntervals(t *testing.T, name string, f func(x, n int64, level float64) (Interval, bool), cases []intervalCase) {
	t.Helper()
	for _, c := range cases {
		iv, ok := f(c.x, c.n, c.level)
		if !ok || !close(iv.Low, c.low) || !close(iv.High, c.high) {
			t.Errorf("%s(%d, %d, %v) = %.17g, %.17g, %v; R: %.17g, %.17g", name, c.x, c.n, c.level, iv.Low, iv.High, ok, c.low, c.high)
		}
	}
}

func TestGarwoodInterval(t *testing.T) {
	checkIntervals(t, "GarwoodInterval", GarwoodInterval, []intervalCase{
		{0, 1000000, 0.95, 0, 3.6888794541139354},                          // poisson.test(0, 1000000/1e6, conf.level = 0.95)$conf.int
		{0, 1000000, 0.99, 0, 5.2983173665480354},                          // poisson.test(0, 1000000/1e6, conf.level = 0.99)$conf.int
		{1, 1000000, 0.95, 0.025317807984289897, 5.5716433909388989},       // poisson.test(1, 1000000/1e6, conf.level = 0.95)$conf.int
		{3, 7, 0.95, 88381.731842228794, 1252467.5813917604},               // poisson.test(3, 7/1e6, conf.level = 0.95)$conf.int
		{228, 4960000, 0.95, 40.194238921933994, 52.337729545360155},       // poisson.test(228, 4960000/1e6, conf.level = 0.95)$conf.int
		{150, 5000000, 0.95, 25.39123226024897, 35.203433219414919},        // poisson.test(150, 5000000/1e6, conf.level = 0.95)$conf.int
		{250, 5000000, 0.95, 43.993599126187455, 56.59754100846321},        // poisson.test(250, 5000000/1e6, conf.level = 0.95)$conf.int
		{250, 5000000, 0.99, 42.230336486232765, 58.736937665485968},       // poisson.test(250, 5000000/1e6, conf.level = 0.99)$conf.int
		{2033, 61948651, 0.95, 31.406309498393675, 34.275765994160714},     // poisson.test(2033, 61948651/1e6, conf.level = 0.95)$conf.int
		{2033, 61948651, 0.99, 30.973034792461146, 34.739210676292537},     // poisson.test(2033, 61948651/1e6, conf.level = 0.99)$conf.int
		{2033, 61948651, 0.5, 32.323691842506719, 33.321710482900336},      // poisson.test(2033, 61948651/1e6, conf.level = 0.5)$conf.int
		{2033, 61948651, 0.999, 30.475271160786562, 35.282217151217424},    // poisson.test(2033, 61948651/1e6, conf.level = 0.999)$conf.int
		{100000, 1000000000, 0.95, 99.381152663744729, 100.62174473974387}, // poisson.test(100000, 1000000000/1e6, conf.level = 0.95)$conf.int
	})
}

func TestWilsonInterval(t *testing.T) {
	checkIntervals(t, "WilsonInterval", WilsonInterval, []intervalCase{
		{0, 10, 0.95, 0, 0.27753279986288915},                            // prop.test(0, 10, correct = FALSE, conf.level = 0.95)$conf.int
		{10, 10, 0.95, 0.72246720013711085, 1},                           // prop.test(10, 10, correct = FALSE, conf.level = 0.95)$conf.int
		{3, 10, 0.95, 0.10779126740630104, 0.60322185253885452},          // prop.test(3, 10, correct = FALSE, conf.level = 0.95)$conf.int
		{1, 2, 0.95, 0.094531205734230739, 0.90546879426576921},          // prop.test(1, 2, correct = FALSE, conf.level = 0.95)$conf.int
		{812, 1000, 0.95, 0.78660681258878218, 0.83500529011623159},      // prop.test(812, 1000, correct = FALSE, conf.level = 0.95)$conf.int
		{812, 1000, 0.99, 0.77815661223085786, 0.84173050086941636},      // prop.test(812, 1000, correct = FALSE, conf.level = 0.99)$conf.int
		{4500, 5000, 0.95, 0.8913750184255399, 0.90801082001841449},      // prop.test(4500, 5000, correct = FALSE, conf.level = 0.95)$conf.int
		{37, 40000, 0.95, 0.0006711967296780376, 0.0012746528683117669},  // prop.test(37, 40000, correct = FALSE, conf.level = 0.95)$conf.int
		{150000, 200000, 0.99, 0.74749769823469336, 0.75248571507405893}, // prop.test(150000, 200000, correct = FALSE, conf.level = 0.99)$conf.int
	})
}

func TestClopperPearsonInterval(t *testing.T) {
	checkIntervals(t, "ClopperPearsonInterval", ClopperPearsonInterval, []intervalCase{
		{0, 10, 0.95, 0, 0.30849710781876083},                            // binom.test(0, 10, conf.level = 0.95)$conf.int
		{10, 10, 0.95, 0.69150289218123917, 1},                           // binom.test(10, 10, conf.level = 0.95)$conf.int
		{3, 10, 0.95, 0.066739511177734495, 0.65245285005999731},         // binom.test(3, 10, conf.level = 0.95)$conf.int
		{1, 2, 0.95, 0.012579117093425058, 0.98742088290657493},          // binom.test(1, 2, conf.level = 0.95)$conf.int
		{812, 1000, 0.95, 0.78637845983687105, 0.83576927659868128},      // binom.test(812, 1000, conf.level = 0.95)$conf.int
		{812, 1000, 0.99, 0.77820576092970772, 0.84276937468012403},      // binom.test(812, 1000, conf.level = 0.99)$conf.int
		{4500, 5000, 0.95, 0.89134958269500852, 0.90818012291210692},     // binom.test(4500, 5000, conf.level = 0.95)$conf.int
		{37, 40000, 0.95, 0.00065136638245025778, 0.0012747675130191673}, // binom.test(37, 40000, conf.level = 0.95)$conf.int
		{150000, 200000, 0.99, 0.74749752989138618, 0.75249056214232812}, // binom.test(150000, 200000, conf.level = 0.99)$conf.int
	})
}

// No data or a bad level gives no interval, never NaN.
func TestIntervalsWithoutResult(t *testing.T) {
	intervals := map[string]func(x, n int64, level float64) (Interval, bool){
		"GarwoodInterval":        GarwoodInterval,
		"WilsonInterval":         WilsonInterval,
		"ClopperPearsonInterval": ClopperPearsonInterval,
	}
	cases := []struct {
		name  string
		x, n  int64
		level float64
	}{
		{"month without purchases", 0, 0, 0.95},
		{"complaints without purchases", 3, 0, 0.95},
		{"negative count", -1, 10, 0.95},
		{"negative total", 0, -10, 0.95},
		{"level in percent", 1, 10, 95},
		{"level 0", 1, 10, 0},
		{"level 1", 1, 10, 1},
		{"level NaN", 1, 10, nan},
	}
	for name, f := range intervals {
		for _, c := range cases {
			if iv, ok := f(c.x, c.n, c.level); ok || iv != (Interval{}) {
				t.Errorf("%s, %s: %s(%d, %d, %v) = %v, %v; want none", name, c.name, name, c.x, c.n, c.level, iv, ok)
			}
		}
	}
	// A share cannot exceed its total (a rate can).
	for _, f := range []func(x, n int64, level float64) (Interval, bool){WilsonInterval, ClopperPearsonInterval} {
		if _, ok := f(11, 10, 0.95); ok {
			t.Error("share 11 of 10 gave an interval")
		}
	}
}

func TestCheckLevel(t *testing.T) {
	for _, level := range []float64{0.5, 0.95, 0.99, 0.999} {
		if err := CheckLevel(level); err != nil {
			t.Errorf("CheckLevel(%v) = %v", level, err)
		}
	}
	for _, level := range []float64{0, 1, -0.95, 95, nan, inf} {
		if err := CheckLevel(level); err == nil {
			t.Errorf("CheckLevel(%v) accepted it", level)
		}
	}
}
