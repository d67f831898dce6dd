package cmdutil

import (
	"github.com/spf13/pflag"

	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
)

// The flags that override the detected dialect of the input files, and
// --quiet.
const (
	FlagDelimiter = "delimiter"
	FlagEncoding  = "encoding"
	FlagQuiet     = "quiet"
)

// DialectFlags reads --delimiter and --encoding; a value neither knows is
// a usage error.
func DialectFlags(flags *pflag.FlagSet) (rune, input.Encoding, error) {
	var delimiter rune
	var encoding input.Encoding
	if f := flags.Lookup(FlagDelimiter); f != nil {
		d, err := input.ParseDelimiter(f.Value.String())
		if err != nil {
			return 0, "", exit.UsageError("use --delimiter auto, comma, semicolon, tab or pipe", "%v", err)
		}
		delimiter = d
	}
	if f := flags.Lookup(FlagEncoding); f != nil {
		e, err := input.ParseEncoding(f.Value.String())
		if err != nil {
			return 0, "", exit.UsageError("use --encoding auto, utf-8, windows-1252, utf-16le or utf-16be", "%v", err)
		}
		encoding = e
	}
	return delimiter, encoding, nil
}

// FilesOf takes the input files from the settings.
func FilesOf(s config.Settings) map[input.Kind][]string {
	return map[input.Kind][]string{
		input.Transactions: s.Transactions,
		input.Complaints:   s.Complaints,
		input.Surveys:      s.Surveys,
	}
}
