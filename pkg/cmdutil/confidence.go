package cmdutil

import (
	"fmt"
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
	// The intervals are computed in floats: a level so close to 100 that
	// its fraction is 1 as a float (99.99999999999999999) gives none.
	if l := (CILevel{percent: p}); l.Fraction() >= 1 {
		return CILevel{}, fmt.Errorf("%q is too close to 100 to compute intervals at; use at most 99.9999999999999", s)
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
