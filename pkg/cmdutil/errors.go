// Package cmdutil holds what every command shares: the IO streams, the
// factory that loads settings, the shared flags, and Describe, the one
// function that maps an error to its exit code.
package cmdutil

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/output"
)

// FlagError makes a flag cobra could not parse (unknown, or a value its
// flag refuses) a usage error, with a hint to the command's help.
func FlagError(c *cobra.Command, err error) error {
	return exit.UsageError(fmt.Sprintf("run '%s --help' for the flags", c.CommandPath()), "%v", err)
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
