// Package cmdutil holds what every command shares: the IO streams, the
// factory that loads settings and data, and errors that carry an exit code.
package cmdutil

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

// Exit codes, as documented in the README.
const (
	ExitOK          = 0
	ExitCheckFailed = 1 // a check failed, e.g. a verify mismatch
	ExitUsage       = 2 // bad flags or arguments
	ExitBadInput    = 3 // unreadable or bad input data
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
