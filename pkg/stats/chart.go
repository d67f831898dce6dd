package stats

import (
	"errors"
	"fmt"
	"math"
	"math/big"
)

// ChartKind chooses how a control chart estimates the spread of its points.
type ChartKind int

const (
	// LaneyUPrime is Laney's u′ chart: the classic u chart's limits widened
	// by σ_z, the spread between months beyond what Poisson noise explains,
	// estimated from the moving ranges of the standardized points. With
	// millions of purchases a month the classic limits are so narrow that
	// almost every month lies outside them.
	LaneyUPrime ChartKind = iota
	// U is the classic u chart: pure Poisson noise, σ_z = 1.
	U
)

// laneyD2 is the bias constant d2 for moving ranges of two points: the mean
// |z_i − z_{i−1}| of independent unit normals is 1.128 σ.
const laneyD2 = 1.128

// Point is one month's counts, the input of a control chart.
type Point struct {
	Complaints, Purchases int64
}

// ChartPoint is one month on a control chart. Rates are per million
// purchases.
type ChartPoint struct {
	// Plotted is false for a month without purchases: it has no rate, limits
	// or z, all left 0, and the signal rules skip it.
	Plotted bool
	// Rate is u_i = c_i / n_i per million.
	Rate float64
	// LCL and UCL are ū ∓ 3·σ_i with σ_i = σ_z·√(ū/n_i) (per million); LCL
	// is floored at 0.
	LCL, UCL float64
	// Z is the point's distance from the centre line in units of its own σ_i:
	// (u_i − ū)/σ_i, so ±3 are its limits. It is 0 for a point exactly on the
	// centre line, also when σ_i = 0 (see [ControlChart]).
	Z float64
}

// Chart is a control chart of a monthly rate.
type Chart struct {
	Kind ChartKind
	// Center is ū = Σc / Σn per million, over the months with purchases.
	Center float64
	// SigmaZ is σ_z: for Laney u′ the mean moving range of the z-scores over
	// 1.128; for the u chart 1.
	SigmaZ float64
	// Points has one entry per input month, in the same order.
	Points []ChartPoint
}

// ControlChart draws a control chart of the rate of complaints per million
// purchases over the months given, oldest first:
//
//	ū   = Σc / Σn over the months with purchases
//	z_i = (u_i − ū) / √(ū/n_i)
//	σ_z = mean |z_i − z_{i−1}| / 1.128 (Laney u′), or 1 (u)
//	limits ū ± 3·σ_z·√(ū/n_i), the lower floored at 0
//
// A month without purchases has no point (Plotted false); it adds nothing to
// ū, and the moving ranges join the plotted months on either side of it.
// u_i − ū is taken from the exact integer c_i·Σn − Σc·n_i, so a month
// exactly on the centre line has z = 0 exactly.
//
// When no month has a complaint, ū = 0 and so is every σ_i: every point is on
// the centre line, with limits 0 and z = 0, and nothing signals. Likewise a
// Laney chart whose months all lie exactly on ū has σ_z = 0 and limits ū.
//
// It fails when a count is negative, the kind is unknown, no month has
// purchases, or a Laney chart has fewer than two months with purchases (one
// point has no moving range to estimate σ_z from).
func ControlChart(months []Point, kind ChartKind) (Chart, error) {
	if kind != LaneyUPrime && kind != U {
		return Chart{}, fmt.Errorf("unknown control chart kind %d", kind)
	}
	totalComplaints, totalPurchases := new(big.Int), new(big.Int)
	plotted := 0
	for i, m := range months {
		if m.Complaints < 0 || m.Purchases < 0 {
			return Chart{}, fmt.Errorf("month %d: negative count (complaints %d, purchases %d)", i+1, m.Complaints, m.Purchases)
		}
		if m.Purchases > 0 {
			// A month without purchases adds nothing to ū, not even its
			// complaints: they are no rate of anything.
			plotted++
			totalComplaints.Add(totalComplaints, big.NewInt(m.Complaints))
			totalPurchases.Add(totalPurchases, big.NewInt(m.Purchases))
		}
	}
	switch {
	case plotted == 0:
		return Chart{}, errors.New("no month has purchases: nothing to chart")
	case kind == LaneyUPrime && plotted < 2:
		return Chart{}, errors.New("a Laney u′ chart needs at least two months with purchases to estimate σ_z")
	}

	center, _ := new(big.Rat).SetFrac(totalComplaints, totalPurchases).Float64() // per purchase
	centerPerMillion, _ := new(big.Rat).SetFrac(new(big.Int).Mul(totalComplaints, big.NewInt(perMillion)), totalPurchases).Float64()
	sumC, _ := new(big.Float).SetInt(totalComplaints).Float64()
	sumN, _ := new(big.Float).SetInt(totalPurchases).Float64()

	// Raw z-scores: z_i = (c_i·N − C·n_i) / √(C·N·n_i), which is
	// (u_i − ū)/√(ū/n_i) multiplied out so that its sign is exact.
	raw := make([]float64, len(months))
	for i, m := range months {
		if m.Purchases == 0 {
			continue
		}
		diff := new(big.Int).Mul(big.NewInt(m.Complaints), totalPurchases)
		diff.Sub(diff, new(big.Int).Mul(totalComplaints, big.NewInt(m.Purchases)))
		if diff.Sign() == 0 {
			continue // on the centre line, also when ū = 0
		}
		d, _ := new(big.Float).SetInt(diff).Float64()
		raw[i] = d / math.Sqrt(sumC*sumN*float64(m.Purchases))
	}

	sigmaZ := 1.0
	if kind == LaneyUPrime {
		var sum float64
		prev := -1
		for i, m := range months {
			if m.Purchases == 0 {
				continue
			}
			if prev >= 0 {
				sum += math.Abs(raw[i] - raw[prev])
			}
			prev = i
		}
		sigmaZ = sum / float64(plotted-1) / laneyD2
	}

	chart := Chart{Kind: kind, Center: centerPerMillion, SigmaZ: sigmaZ, Points: make([]ChartPoint, len(months))}
	for i, m := range months {
		if m.Purchases == 0 {
			continue
		}
		sigma := sigmaZ * math.Sqrt(center/float64(m.Purchases)) // per purchase
		p := ChartPoint{
			Plotted: true,
			Rate:    float64(m.Complaints) * perMillion / float64(m.Purchases),
			LCL:     math.Max(0, (center-3*sigma)*perMillion),
			UCL:     (center + 3*sigma) * perMillion,
		}
		if raw[i] != 0 {
			// raw[i] ≠ 0 implies ū > 0 and, as the raw z-scores of a chart
			// cannot all be equal unless all are 0, σ_z > 0.
			p.Z = raw[i] / sigmaZ
		}
		chart.Points[i] = p
	}
	return chart, nil
}
