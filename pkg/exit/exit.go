// Package exit gives errors their exit code: commands and the layers below
// them return an *Error (or a domain error that cmdutil.Describe knows), and
// the root maps it to the process's exit status in one place.
package exit

import (
	"errors"
	"fmt"
)

// The exit codes, as documented in the README.
const (
	OK          = 0
	CheckFailed = 1 // a check failed, e.g. a verify mismatch
	Usage       = 2 // bad flags, arguments or settings
	BadInput    = 3 // unreadable or bad input data
	CannotWrite = 4 // the output could not be written
)

// Error is an error with its exit code and an optional hint: one short
// sentence on how to fix it.
type Error struct {
	Code int
	Err  error
	Hint string
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// UsageError is a usage mistake: exit 2, with a hint.
func UsageError(hint, format string, args ...any) error {
	return &Error{Code: Usage, Err: fmt.Errorf(format, args...), Hint: hint}
}

// InputError marks err as bad input: exit 3. An error that already carries
// an exit code keeps it.
func InputError(err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Code: BadInput, Err: err}
}

// ErrCheckFailed is returned when a check failed and its report is already
// written: exit 1, nothing more to print.
var ErrCheckFailed = &Error{Code: CheckFailed, Err: errors.New("check failed")}
