package input

import (
	"errors"
	"testing"

	"github.com/nollmission/nollmission/pkg/exit"
)

// exitCode is the exit code an error of the reader ends the run with, as
// cmdutil.Describe maps it: an exit.Error's own, else 3 for a DataError.
func exitCode(err error) int {
	var ee *exit.Error
	if errors.As(err, &ee) {
		return ee.Code
	}
	return exit.BadInput
}

// TestExitCodes: what is wrong with a file's content is bad input (exit
// 3), a file that is not there too; a mistake in the arguments themselves
// is a usage error (exit 2), as a bad flag value is, and as --country or
// --year asking for what the data does not cover is. Every one is still a
// DataError with a hint.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	if err := writeFile(dir+"/a.csv", "month\n"); err != nil {
		t.Fatal(err)
	}
	book := workbook(t, false, sheet{name: "Blad1", rows: [][]any{{"month"}, {"2019-01"}}})
	cfg := testConfig(t)
	noSheet := cfg
	noSheet.Sheet = "Blad2"
	read := func(src Source, cfg Config) error {
		_, err := Read(src, Transactions, cfg, func(*Row) error { return nil })
		return err
	}
	resolve := func(patterns ...string) error {
		_, err := Resolve(patterns, nil)
		return err
	}
	tests := []struct {
		name string
		err  error
		code int
	}{
		{"no such file", resolve(dir + "/nope.csv"), exit.BadInput},
		{"no file matches", resolve(dir + "/*.tsv"), exit.BadInput},
		{"standard input named twice", resolve("-", "-"), exit.Usage},
		{"a bad glob", resolve(dir + "/[a.csv"), exit.Usage},
		{"no sheet of that name", read(bytesSource("x.xlsx", book), noSheet), exit.Usage},
		{"a bad value", read(stringSource("x.csv", "month\n2019-13\n"), cfg), exit.BadInput},
		{"a bad header", read(stringSource("x.csv", "when\n2019-01\n"), cfg), exit.BadInput},
		{"binary data", read(stringSource("x.csv", "\x89PNG\r\n\x1a\n"), cfg), exit.BadInput},
		{"damaged gzip", read(stringSource("x.csv", "\x1f\x8b\x00\x00garbage"), cfg), exit.BadInput},
	}
	for _, tt := range tests {
		var de *DataError
		if !errors.As(tt.err, &de) || de.Hint == "" || exitCode(tt.err) != tt.code {
			t.Errorf("%s: %v, exit %d; want a DataError with a hint, exit %d", tt.name, tt.err, exitCode(tt.err), tt.code)
		}
	}
}
