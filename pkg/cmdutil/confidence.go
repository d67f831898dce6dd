package cmdutil

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
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
	// The intervals are computed in floats, from 1 − the level as a float:
	// so close to 100 that this α is off by more than a millionth of
	// itself (99.99999999999999 is off by a thousandth; 99.99999999999999999
	// is 1, and gives no interval at all), the level typed is not the one
	// computed.
	if l := (CILevel{percent: p}); !alphaHolds(l) {
		return CILevel{}, fmt.Errorf("%q is too close to 100 to compute intervals at as typed; use fewer nines, such as 99.9999", s)
	}
	return CILevel{percent: p}, nil
}

// alphaHolds tells whether 1 − the level's fraction, in floats as the
// intervals take it, is within a millionth of the exact α.
func alphaHolds(l CILevel) bool {
	exact, _ := new(big.Rat).Quo(new(big.Rat).Sub(big.NewRat(100, 1), l.percent), big.NewRat(100, 1)).Float64()
	computed := 1 - l.Fraction()
	return computed > 0 && math.Abs(computed-exact) <= 1e-6*exact
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
func (l CILevel) Label() string { return l.String() + " %" }

// String is the level as given on the command line: "95"; "" when unset.
// Every digit given is kept (ParseCILevel takes decimals alone, so the
// level is a finite decimal): rounded, 99.99999999 would read "100".
func (l CILevel) String() string {
	if l.percent == nil {
		return ""
	}
	n, _ := l.percent.FloatPrec()
	return l.percent.FloatString(n)
}

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
