package cmdutil

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/output"
)

// CILevel is a confidence level as the user gives it, in percent (--ci 95).
// The zero value is "not asked for": no intervals.
type CILevel struct {
	percent *big.Rat
}

// Levels below this are refused: nobody means a 40 % interval, "0.95" is a
// fraction where a percentage belongs, and pkg/stats' exact intervals are
// checked for levels of 0.5 and above.
var minCIPercent = big.NewRat(50, 1)

var ciPattern = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// ParseCILevel reads a level in percent: "95", "99.9", "95%".
func ParseCILevel(s string) (CILevel, error) {
	text := strings.TrimSuffix(strings.TrimSpace(s), "%")
	p, ok := new(big.Rat).SetString(strings.TrimSpace(text))
	if !ciPattern.MatchString(strings.TrimSpace(text)) || !ok || p.Cmp(minCIPercent) < 0 || p.Cmp(big.NewRat(100, 1)) >= 0 {
		return CILevel{}, fmt.Errorf("%q is not a confidence level in percent from 50 to below 100, such as 95 or 99.9", s)
	}
	return CILevel{percent: p}, nil
}

// MustCILevel is ParseCILevel for a level written in the code.
func MustCILevel(s string) CILevel {
	l, err := ParseCILevel(s)
	if err != nil {
		panic(err)
	}
	return l
}

// IsSet tells whether a level was asked for.
func (l CILevel) IsSet() bool { return l.percent != nil }

// Fraction is the level as pkg/stats takes it: 0.95 for 95 %; 0 when unset.
func (l CILevel) Fraction() float64 {
	if l.percent == nil {
		return 0
	}
	f, _ := new(big.Rat).Quo(l.percent, big.NewRat(100, 1)).Float64()
	return f
}

// Label writes the level for headers and sentences: "95 %", "99.9 %".
func (l CILevel) Label() string { return decimal.Short(l.percent) + " %" }

// String is the level as given on the command line: "95"; "" when unset.
func (l CILevel) String() string { return decimal.Short(l.percent) }

// AddCIFlag adds --ci, a confidence level in percent; def is the default
// ("" for none: no intervals unless asked for). Like --year, the flag
// refuses a bad level wherever it is set: command line, environment or
// config file.
func AddCIFlag(cmd *cobra.Command, level *CILevel, def, usage string) {
	if def != "" {
		*level = MustCILevel(def)
	}
	cmd.Flags().Var((*ciValue)(level), "ci", usage)
}

type ciValue CILevel

func (v *ciValue) String() string { return CILevel(*v).String() }
func (v *ciValue) Type() string   { return "percent" }

func (v *ciValue) Set(s string) error {
	l, err := ParseCILevel(s)
	if err != nil {
		return err
	}
	*v = ciValue(l)
	return nil
}

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
// "∞"; NaN is output.Undefined.
func FloatFigure(x float64, decimals int) string {
	switch {
	case math.IsNaN(x):
		return output.Undefined
	case math.IsInf(x, 1):
		return "∞"
	case math.IsInf(x, -1):
		return "−∞"
	}
	return decimal.Fixed(new(big.Rat).SetFloat64(x), decimals)
}

// IntervalCell writes an interval for the table views: "39.6–48.4", or
// output.Undefined when there is none (ok false).
func IntervalCell(low, high float64, ok bool, decimals int) string {
	if !ok {
		return output.Undefined
	}
	return FloatFigure(low, decimals) + "–" + FloatFigure(high, decimals)
}
