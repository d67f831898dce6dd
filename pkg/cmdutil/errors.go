// Package cmdutil holds what every command shares: the IO streams, the
// factory that loads settings, the shared flags, and Describe, the one
// function that maps an error to its exit code.
package cmdutil

import (
	"errors"
	"fmt"
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/output"
)

// FlagError makes a flag cobra could not parse (unknown, or a value its
// flag refuses) a usage error, with a hint to the command's help, or to
// the flag meant (nearFlag).
func FlagError(c *cobra.Command, err error) error {
	hint := fmt.Sprintf("run '%s --help' for the flags", c.CommandPath())
	if name, ok := strings.CutPrefix(err.Error(), "unknown flag: --"); ok {
		if near := nearFlag(c.Flags(), name); near != nil {
			hint = "did you mean --" + near.Name
			if near.Shorthand != "" {
				hint += " (-" + near.Shorthand + ")"
			}
			hint += "?"
		}
	}
	return exit.UsageError(hint, "%v", err)
}

// flagSynonyms are names people type for a flag that some commands call
// otherwise: the output format is -o everywhere, --output on the tables'
// commands and --format on report and chart.
var flagSynonyms = map[string]string{"format": "output", "output": "format"}

// nearFlag is the flag of flags an unknown name most likely meant: its
// synonym, or the nearest name within two edits (--transaction, --years);
// nil when none is near.
func nearFlag(flags *pflag.FlagSet, name string) *pflag.Flag {
	if f := flags.Lookup(flagSynonyms[name]); f != nil {
		return f
	}
	var near *pflag.Flag
	best := 3 // at most two edits
	flags.VisitAll(func(f *pflag.Flag) {
		if d := levenshtein.ComputeDistance(name, f.Name); d < best && !f.Hidden {
			near, best = f, d
		}
	})
	return near
}

// Describe maps an error to its exit code, its message and its hint; it is
// the one place that does. Commands return ExitErrors, input DataErrors or
// output WriteErrors; anything else comes from cobra's own parsing (an
// unknown command or argument), which is a usage error. A year, country or
// channel the data does not have is a usage error too: the flag asked for
// it (docs/exit-codes.md).
func Describe(err error) (code int, msg, hint string) {
	var (
		nd *analysis.NoDataError
		nc *analysis.NoCountryError
		nh *analysis.NoChannelError
		ee *exit.Error
		de *input.DataError
		we *output.WriteError
		se *SettingsError
	)
	switch {
	case err == nil:
		return exit.OK, "", ""
	case errors.As(err, &ee):
		hint = ee.Hint
		if hint == "" && errors.As(err, &de) {
			hint = de.Hint
		}
		return ee.Code, ee.Error(), hint
	case errors.As(err, &de):
		return exit.BadInput, err.Error(), de.Hint
	case errors.As(err, &nd):
		return exit.Usage, err.Error(), nd.Hint()
	case errors.As(err, &nc):
		return exit.Usage, err.Error(), nc.Hint()
	case errors.As(err, &nh):
		return exit.Usage, err.Error(), nh.Hint()
	case errors.As(err, &se):
		return exit.Usage, err.Error(), se.Hint
	case errors.As(err, &we):
		return exit.CannotWrite, err.Error(), we.Hint
	}
	return exit.Usage, err.Error(), "run 'nollmission --help' for the commands and flags"
}
