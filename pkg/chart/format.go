package chart

import (
	"math"
	"strconv"
	"strings"
)

// format writes v with the given number of decimals, rounding half away from
// zero, in the caller's notation.
func (nf NumberFormat) format(v float64, decimals int) string {
	scale := math.Pow10(decimals)
	v = math.Round(v*scale) / scale // math.Round rounds half away from zero
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	intPart, fracPart, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 {
		b.WriteString("−") // the minus sign, not a hyphen
	}
	for i, digit := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(nf.Thousands)
		}
		b.WriteRune(digit)
	}
	if fracPart != "" {
		b.WriteString(nf.decimal())
		b.WriteString(fracPart)
	}
	return b.String()
}

func (nf NumberFormat) decimal() string {
	if nf.Decimal == "" {
		return "."
	}
	return nf.Decimal
}

func (nf NumberFormat) percent() string {
	if nf.Percent == "" {
		return "%"
	}
	return nf.Percent
}

// text is month i of s as the caller prints it, or with one decimal.
func (s *Series) text(i int, nf NumberFormat) string {
	if s.Texts != nil {
		return s.Texts[i]
	}
	if s.Values[i] == nil {
		return ""
	}
	return nf.format(*s.Values[i], 1)
}

// scale is a run of evenly spaced tick values covering a range.
type scale struct {
	ticks    []float64
	decimals int // decimals a tick label needs
}

func (s scale) min() float64 { return s.ticks[0] }
func (s scale) max() float64 { return s.ticks[len(s.ticks)-1] }

// niceScale covers [lo, hi] with at most maxSteps steps of 1, 2, 2.5 or 5
// times a power of ten, the way a person would label an axis.
func niceScale(lo, hi float64, maxSteps int) scale {
	return stepScale(lo, hi, maxSteps, false)
}

// countScale covers [0, hi] with whole-number steps, for counts.
func countScale(hi float64, maxSteps int) scale {
	return stepScale(0, hi, maxSteps, true)
}

func stepScale(lo, hi float64, maxSteps int, whole bool) scale {
	if hi <= lo {
		hi = lo + 1
	}
	maxSteps = max(maxSteps, 1)
	for exp := int(math.Floor(math.Log10((hi-lo)/float64(maxSteps)))) - 1; ; exp++ {
		for _, mantissa := range []float64{1, 2, 2.5, 5} {
			step := mantissa * math.Pow10(exp)
			if whole && (exp < 0 || (exp == 0 && mantissa == 2.5)) {
				continue
			}
			first := math.Floor(lo/step+1e-9) * step
			last := math.Ceil(hi/step-1e-9) * step
			steps := int(math.Round((last - first) / step))
			if steps > maxSteps {
				continue
			}
			decimals := max(0, -exp)
			if mantissa == 2.5 {
				decimals = max(0, 1-exp)
			}
			ticks := make([]float64, steps+1)
			for i := range ticks {
				// Rounded so that 0.1+0.2 labels as 0.3 and compares equal.
				ticks[i] = roundTo(first+float64(i)*step, decimals)
			}
			return scale{ticks: ticks, decimals: decimals}
		}
	}
}

func roundTo(v float64, decimals int) float64 {
	scale := math.Pow10(decimals)
	return math.Round(v*scale) / scale
}
