package cmdutil

import (
	"errors"
	"fmt"
	"testing"

	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/output"
)

func TestDescribe(t *testing.T) {
	bad := &input.DataError{File: "tx.csv", Line: 3, Reason: "negative count", Hint: "counts are whole numbers"}
	tests := []struct {
		name string
		err  error
		code int
		msg  string
		hint string
	}{
		{"success", nil, exit.OK, "", ""},
		{"usage", exit.UsageError("use --year 2019", "bad year"), exit.Usage, "bad year", "use --year 2019"},
		{"bad input", bad, exit.BadInput, "tx.csv:3: negative count", "counts are whole numbers"},
		{"bad input marked", exit.InputError(bad), exit.BadInput, "tx.csv:3: negative count", "counts are whole numbers"},
		{"bad input wrapped", fmt.Errorf("reading: %w", bad), exit.BadInput, "reading: tx.csv:3: negative count", "counts are whole numbers"},
		{"cannot write", &output.WriteError{Err: errors.New("no space left on device"), Hint: "free some space"},
			exit.CannotWrite, "cannot write the output: no space left on device", "free some space"},
		{"check failed", exit.ErrCheckFailed, exit.CheckFailed, "check failed", ""},
		{"cobra", errors.New(`unknown command "2019" for "nollmission rate"`), exit.Usage,
			`unknown command "2019" for "nollmission rate"`, "run 'nollmission --help' for the commands and flags"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, msg, hint := Describe(tt.err)
			if code != tt.code || msg != tt.msg || hint != tt.hint {
				t.Errorf("Describe = %d, %q, %q; want %d, %q, %q", code, msg, hint, tt.code, tt.msg, tt.hint)
			}
		})
	}
}
