package output

import (
	"encoding/json"
	"math"
	"math/big"

	"github.com/nollmission/nollmission/pkg/decimal"
)

// NullableNumber is a JSON number for a field that is absent unless asked
// for (a *NullableNumber with omitempty: nil leaves the field out) and null
// when the figure does not exist, such as the interval of a month without
// purchases. A value that is not finite is null too: encoding/json refuses
// NaN and ±Inf.
type NullableNumber struct {
	Value *float64
}

// Number makes a present field: x when ok and finite, else null.
func Number(x float64, ok bool) *NullableNumber {
	return &NullableNumber{Value: FiniteFloat(x, ok)}
}

func (n NullableNumber) MarshalJSON() ([]byte, error) { return json.Marshal(n.Value) }

func (n *NullableNumber) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &n.Value) }

// FiniteFloat is x for a JSON field that is always present: nil (null) when
// not ok or not finite.
func FiniteFloat(x float64, ok bool) *float64 {
	if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// FloatFigure writes a float figure (an interval bound) for the table views
// with the given decimals, rounded half away from zero like every exact
// figure: the float's own value is rounded, not its shortest text. +Inf is
// "∞"; NaN is Undefined.
func FloatFigure(x float64, decimals int) string {
	switch {
	case math.IsNaN(x):
		return Undefined
	case math.IsInf(x, 1):
		return "∞"
	case math.IsInf(x, -1):
		return "−∞"
	}
	return decimal.Fixed(new(big.Rat).SetFloat64(x), decimals)
}

// Interval writes an interval for the table views: "39.6–48.4", or
// Undefined when there is none (ok false).
func Interval(low, high float64, ok bool, decimals int) string {
	if !ok {
		return Undefined
	}
	return FloatFigure(low, decimals) + "–" + FloatFigure(high, decimals)
}
