package stats

import (
	"math"
	"strings"
	"testing"
)

// chartTol is the relative tolerance for chart figures worked by hand: they
// are a few float operations away from exact.
const chartTol = 1e-12

func near(got, want float64) bool {
	if want == 0 {
		return got == 0
	}
	return math.Abs(got-want) <= chartTol*math.Abs(want)
}

// handExample is twelve months worked by hand: six with 1,000,000 purchases,
// then six with 4,000,000.
//
//	Σc = 110+90+120+100+80+110 + 390+420+380+410+370+420 = 610 + 2390 = 3000
//	Σn = 6·1,000,000 + 6·4,000,000 = 30,000,000
//	ū  = 3000 / 30,000,000 = 1e-4 = 100 per million
//	√(ū/n_i) = √(1e-4/1e6) = 1e-5 = 10 per million   (small months)
//	         = √(1e-4/4e6) = 5e-6 = 5 per million    (large months)
//	rates u_i (per million): 110 90 120 100 80 110 | 97.5 105 95 102.5 92.5 105
//	z_i = (u_i − 100)/10 or /5: +1 −1 +2 0 −2 +1 | −0.5 +1 −1 +0.5 −1.5 +1
//	|z_i − z_{i−1}|: 2 3 2 2 3 1.5 1.5 2 1.5 2 2.5, sum 23, mean 23/11
//	Laney σ_z = (23/11)/1.128 = 23/12.408 ≈ 1.8536428
var handExample = []Point{
	{110, 1_000_000}, {90, 1_000_000}, {120, 1_000_000}, {100, 1_000_000}, {80, 1_000_000}, {110, 1_000_000},
	{390, 4_000_000}, {420, 4_000_000}, {380, 4_000_000}, {410, 4_000_000}, {370, 4_000_000}, {420, 4_000_000},
}

var (
	handRates  = []float64{110, 90, 120, 100, 80, 110, 97.5, 105, 95, 102.5, 92.5, 105}
	handZ      = []float64{1, -1, 2, 0, -2, 1, -0.5, 1, -1, 0.5, -1.5, 1}
	handSigmaI = []float64{10, 10, 10, 10, 10, 10, 5, 5, 5, 5, 5, 5} // √(ū/n_i) per million
	handSigmaZ = 23.0 / 12.408
)

func TestControlChartByHand(t *testing.T) {
	tests := []struct {
		kind   ChartKind
		sigmaZ float64
	}{
		// u: limits 100 ± 3·10 = 70..130 (small months), 100 ± 3·5 = 85..115
		// (large months); z as above.
		{U, 1},
		// Laney u′: limits 100 ± 3·σ_z·10 = 100 ± 55.609 (small months),
		// 100 ± 3·σ_z·5 = 100 ± 27.805 (large months); z = z_i/σ_z.
		{LaneyUPrime, handSigmaZ},
	}
	for _, tt := range tests {
		chart, err := ControlChart(handExample, tt.kind)
		if err != nil {
			t.Fatalf("kind %d: %v", tt.kind, err)
		}
		if chart.Kind != tt.kind || chart.Center != 100 || !near(chart.SigmaZ, tt.sigmaZ) {
			t.Errorf("kind %d: center %v, σ_z %.17g; want 100, %.17g", tt.kind, chart.Center, chart.SigmaZ, tt.sigmaZ)
		}
		if len(chart.Points) != len(handExample) {
			t.Fatalf("kind %d: %d points for %d months", tt.kind, len(chart.Points), len(handExample))
		}
		for i, p := range chart.Points {
			half := 3 * tt.sigmaZ * handSigmaI[i]
			want := ChartPoint{Plotted: true, Rate: handRates[i], LCL: 100 - half, UCL: 100 + half, Z: handZ[i] / tt.sigmaZ}
			if !p.Plotted || !near(p.Rate, want.Rate) || !near(p.LCL, want.LCL) || !near(p.UCL, want.UCL) || !near(p.Z, want.Z) {
				t.Errorf("kind %d, month %d: %+v; want %+v", tt.kind, i+1, p, want)
			}
		}
	}
	// Spot checks of the hand arithmetic itself.
	chart, _ := ControlChart(handExample, U)
	if p := chart.Points[0]; !near(p.LCL, 70) || !near(p.UCL, 130) {
		t.Errorf("u chart, month 1: limits %v..%v; want 70..130", p.LCL, p.UCL)
	}
	if p := chart.Points[6]; !near(p.LCL, 85) || !near(p.UCL, 115) {
		t.Errorf("u chart, month 7: limits %v..%v; want 85..115", p.LCL, p.UCL)
	}
}

// A month without purchases has no point, adds nothing to ū (not even the
// complaints it has, which have no purchases to be a rate of), and the
// moving range joins the months on either side of it: the other points are
// those of the chart without it.
func TestControlChartMonthWithoutPurchases(t *testing.T) {
	withGap := append(append(append([]Point{}, handExample[:6]...), Point{Complaints: 7, Purchases: 0}), handExample[6:]...)
	for _, kind := range []ChartKind{LaneyUPrime, U} {
		want, _ := ControlChart(handExample, kind)
		got, err := ControlChart(withGap, kind)
		if err != nil {
			t.Fatalf("kind %d: %v", kind, err)
		}
		if got.Center != want.Center || got.SigmaZ != want.SigmaZ || len(got.Points) != 13 {
			t.Fatalf("kind %d: center %v σ_z %v, %d points; want %v, %v, 13", kind, got.Center, got.SigmaZ, len(got.Points), want.Center, want.SigmaZ)
		}
		if got.Points[6] != (ChartPoint{}) {
			t.Errorf("kind %d: month without purchases: %+v; want no point", kind, got.Points[6])
		}
		for i, p := range append(append([]ChartPoint{}, got.Points[:6]...), got.Points[7:]...) {
			if p != want.Points[i] {
				t.Errorf("kind %d, month %d: %+v; want %+v", kind, i+1, p, want.Points[i])
			}
		}
	}
}

// Twelve months like 2019's published rates (46 43 39 30 39 40 43 23 30 31 17
// 24 per million), each on an assumed 5,000,000 purchases. The figures were
// computed with the formulas in R:
//
//	c <- c(46,43,39,30,39,40,43,23,30,31,17,24) * 5; n <- rep(5e6, 12)
//	ubar <- sum(c)/sum(n); u <- c/n; z <- (u - ubar)/sqrt(ubar/n)
//	sz <- mean(abs(diff(z)))/1.128                      # 1 for the u chart
//	s <- sz*sqrt(ubar/n); lcl <- pmax(0, ubar - 3*s)*1e6; ucl <- (ubar + 3*s)*1e6
//	(u - ubar)/s                                        # z in units of σ_i
//
// The classic u chart puts half the months beyond its limits; Laney's u′,
// with σ_z ≈ 2.42, none.
func TestControlChartRealisticYear(t *testing.T) {
	rates := []float64{46, 43, 39, 30, 39, 40, 43, 23, 30, 31, 17, 24}
	months := make([]Point, len(rates))
	for i, r := range rates {
		months[i] = Point{int64(r) * 5, 5_000_000}
	}
	tests := []struct {
		kind         ChartKind
		sigmaZ       float64
		lcl, ucl     float64
		z            []float64
		beyondLimits []int // months (1-based) with |z| > 3
	}{
		{U, 1, 25.955771365940052, 41.544228634059948, []float64{
			4.7150271983819438, 3.5603266600026924, 2.0207259421636898, -1.4433756729740643,
			2.0207259421636898, 2.4056261216234418, 3.5603266600026924, -4.1376769291923177,
			-1.4433756729740643, -1.0584754935143135, -6.4470780059508215, -3.7527767497325675,
		}, []int{1, 2, 7, 8, 11, 12}},
		{LaneyUPrime, 2.4195852673968847, 14.891199226305606, 52.608800773694391, []float64{
			1.94869230769230728, 1.47146153846153838, 0.83515384615384580, -0.59653846153846135,
			0.83515384615384580, 0.99423076923076947, 1.47146153846153838, -1.71007692307692283,
			-0.59653846153846135, -0.43746153846153824, -2.66453846153846108, -1.55099999999999971,
		}, nil},
	}
	for _, tt := range tests {
		chart, err := ControlChart(months, tt.kind)
		if err != nil {
			t.Fatalf("kind %d: %v", tt.kind, err)
		}
		if !near(chart.Center, 33.75) || !near(chart.SigmaZ, tt.sigmaZ) {
			t.Errorf("kind %d: center %.17g, σ_z %.17g; R: 33.75, %.17g", tt.kind, chart.Center, chart.SigmaZ, tt.sigmaZ)
		}
		var beyond []int
		for i, p := range chart.Points {
			if p.Rate != rates[i] || !near(p.LCL, tt.lcl) || !near(p.UCL, tt.ucl) || !near(p.Z, tt.z[i]) {
				t.Errorf("kind %d, month %d: %+v; R: rate %v, limits %.17g..%.17g, z %.17g", tt.kind, i+1, p, rates[i], tt.lcl, tt.ucl, tt.z[i])
			}
			if math.Abs(p.Z) > 3 {
				beyond = append(beyond, i+1)
			}
		}
		if !equalInts(beyond, tt.beyondLimits) {
			t.Errorf("kind %d: months beyond the limits %v; want %v", tt.kind, beyond, tt.beyondLimits)
		}
	}
}

// Two small months: the lower limit would be negative and is floored at 0.
//
//	ū = (1+3)/(100,000+100,000) = 2e-5 = 20 per million
//	√(ū/n) = √(2e-5/1e5) = √2·1e-5 = 14.142 per million
//	u chart: 20 − 3·14.142 = −22.43 → 0; UCL 20 + 42.43 = 62.43
//	z = (10 − 20)/14.142 = −1/√2, (30 − 20)/14.142 = +1/√2
//	Laney: σ_z = √2/1.128; UCL = 20 + 3·(√2/1.128)·√2·10 = 20 + 60/1.128
func TestControlChartLowerLimitFlooredAtZero(t *testing.T) {
	months := []Point{{1, 100_000}, {3, 100_000}}
	tests := []struct {
		kind   ChartKind
		sigmaZ float64
		ucl    float64
	}{
		{U, 1, 20 + 30*math.Sqrt2},
		{LaneyUPrime, math.Sqrt2 / 1.128, 20 + 60/1.128},
	}
	for _, tt := range tests {
		chart, err := ControlChart(months, tt.kind)
		if err != nil {
			t.Fatal(err)
		}
		if !near(chart.Center, 20) || !near(chart.SigmaZ, tt.sigmaZ) {
			t.Errorf("kind %d: center %v, σ_z %v; want 20, %v", tt.kind, chart.Center, chart.SigmaZ, tt.sigmaZ)
		}
		for i, p := range chart.Points {
			wantZ := math.Copysign(1/math.Sqrt2, float64(i)-0.5) / tt.sigmaZ
			if p.LCL != 0 || !near(p.UCL, tt.ucl) || !near(p.Z, wantZ) {
				t.Errorf("kind %d, month %d: %+v; want limits 0..%v, z %v", tt.kind, i+1, p, tt.ucl, wantZ)
			}
		}
	}
}

// Without complaints ū = 0 and every σ_i = 0: the points sit on the centre
// line with limits 0 and z = 0, never NaN.
func TestControlChartWithoutComplaints(t *testing.T) {
	months := []Point{{0, 5_000_000}, {0, 4_000_000}, {0, 0}, {0, 6_000_000}}
	for _, kind := range []ChartKind{LaneyUPrime, U} {
		chart, err := ControlChart(months, kind)
		if err != nil {
			t.Fatalf("kind %d: %v", kind, err)
		}
		wantSigmaZ := map[ChartKind]float64{LaneyUPrime: 0, U: 1}[kind]
		if chart.Center != 0 || chart.SigmaZ != wantSigmaZ {
			t.Errorf("kind %d: center %v, σ_z %v; want 0, %v", kind, chart.Center, chart.SigmaZ, wantSigmaZ)
		}
		for i, p := range chart.Points {
			want := ChartPoint{Plotted: months[i].Purchases > 0}
			if p != want {
				t.Errorf("kind %d, month %d: %+v; want %+v", kind, i+1, p, want)
			}
		}
	}
}

// Months exactly on ū: Laney's σ_z is 0 and so are the z-scores.
func TestControlChartAllOnCenter(t *testing.T) {
	chart, err := ControlChart([]Point{{100, 1_000_000}, {400, 4_000_000}, {250, 2_500_000}}, LaneyUPrime)
	if err != nil {
		t.Fatal(err)
	}
	if chart.Center != 100 || chart.SigmaZ != 0 {
		t.Errorf("center %v, σ_z %v; want 100, 0", chart.Center, chart.SigmaZ)
	}
	for i, p := range chart.Points {
		if want := (ChartPoint{Plotted: true, Rate: 100, LCL: 100, UCL: 100}); p != want {
			t.Errorf("month %d: %+v; want %+v", i+1, p, want)
		}
	}
}

func TestControlChartErrors(t *testing.T) {
	tests := []struct {
		name   string
		months []Point
		kind   ChartKind
		want   string
	}{
		{"no months", nil, U, "no month has purchases"},
		{"no purchases", []Point{{0, 0}, {0, 0}}, LaneyUPrime, "no month has purchases"},
		{"one month for Laney", []Point{{5, 1000}, {0, 0}}, LaneyUPrime, "at least two months"},
		{"negative complaints", []Point{{5, 1000}, {-1, 1000}}, U, "month 2: negative count"},
		{"negative purchases", []Point{{5, -1000}, {1, 1000}}, U, "month 1: negative count"},
		{"unknown kind", handExample, ChartKind(7), "unknown control chart kind 7"},
	}
	for _, tt := range tests {
		_, err := ControlChart(tt.months, tt.kind)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v; want one containing %q", tt.name, err, tt.want)
		}
	}
	// One month is a u chart, on its own centre line.
	chart, err := ControlChart([]Point{{5, 1_000_000}}, U)
	if err != nil || chart.Center != 5 || chart.Points[0].Z != 0 {
		t.Errorf("one-month u chart: %+v, %v", chart, err)
	}
}

func equalInts(a, b []int) bool {
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
