// Package cmdutil holds what every command shares: the IO streams, the
// factory that loads settings, the shared flags, and errors that carry an
// exit code, with the one function that maps an error to its code.
package cmdutil

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/output"
)

// Exit codes, as documented in the README.
const (
	ExitOK          = 0
	ExitCheckFailed = 1 // a check failed, e.g. a verify mismatch
	ExitUsage       = 2 // bad flags or arguments
	ExitBadInput    = 3 // unreadable or bad input data
	ExitCannotWrite = 4 // the output could not be written
)

// ExitError is an error with its exit code and an optional hint.
type ExitError struct {
	Code int
	Err  error
	Hint string
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// UsageError is a usage mistake: exit 2, with a hint.
func UsageError(hint, format string, args ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, args...), Hint: hint}
}

// InputError marks err as bad input: exit 3. An error that already carries
// an exit code keeps it.
func InputError(err error) error {
	var ee *ExitError
	if errors.As(err, &ee) {
		return err
	}
	return &ExitError{Code: ExitBadInput, Err: err}
}

// ErrCheckFailed is returned when a check failed and its report is already
// written: exit 1, nothing more to print.
var ErrCheckFailed = &ExitError{Code: ExitCheckFailed, Err: errors.New("check failed")}

// FlagError makes a flag cobra could not parse (unknown, or a value its
// flag refuses) a usage error, with a hint to the command's help.
func FlagError(c *cobra.Command, err error) error {
	return UsageError(fmt.Sprintf("run '%s --help' for the flags", c.CommandPath()), "%v", err)
}

// Describe maps an error to its exit code, its message and its hint; it is
// the one place that does. Commands return ExitErrors, input DataErrors or
// output WriteErrors; anything else comes from cobra's own parsing (an
// unknown command or argument), which is a usage error.
func Describe(err error) (code int, msg, hint string) {
	var (
		ee *ExitError
		de *input.DataError
		we *output.WriteError
	)
	switch {
	case err == nil:
		return ExitOK, "", ""
	case errors.As(err, &ee):
		hint = ee.Hint
		if hint == "" && errors.As(err, &de) {
			hint = de.Hint
		}
		return ee.Code, ee.Error(), hint
	case errors.As(err, &de):
		return ExitBadInput, err.Error(), de.Hint
	case errors.As(err, &we):
		return ExitCannotWrite, err.Error(), we.Hint
	}
	return ExitUsage, err.Error(), "run 'nollmission --help' for the commands and flags"
}
