package cmdutil

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/output"
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

// AddYearFlag adds --year (0, the default, means every year). The flag
// refuses a value that is not a four-digit year when it is set, from the
// command line, the environment or the config file alike.
func AddYearFlag(cmd *cobra.Command, year *int) {
	cmd.Flags().Var((*yearValue)(year), "year", "report on this year only (default: every year in the data)")
}

type yearValue int

func (y *yearValue) String() string { return strconv.Itoa(int(*y)) }
func (y *yearValue) Type() string   { return "int" }

func (y *yearValue) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1000 || n > 9999 {
		return fmt.Errorf("%q is not a four-digit year, such as 2019", s)
	}
	*y = yearValue(n)
	return nil
}

// MaxDecimals is the most decimals a table view shows.
const MaxDecimals = 6

// AddDecimalsFlag adds --decimals, the decimals of the figures that what
// names ("rates", "percentages") in the table, CSV and Markdown views. Like
// --year, the flag refuses a value out of range wherever it is set.
func AddDecimalsFlag(cmd *cobra.Command, decimals *int, def int, what string) {
	*decimals = def
	cmd.Flags().Var((*decimalsValue)(decimals), "decimals",
		fmt.Sprintf("decimals of %s in table, CSV and Markdown output, 0 to %d (JSON is unrounded)", what, MaxDecimals))
}

type decimalsValue int

func (d *decimalsValue) String() string { return strconv.Itoa(int(*d)) }
func (d *decimalsValue) Choices() []string {
	var out []string
	for n := 0; n <= MaxDecimals; n++ {
		out = append(out, strconv.Itoa(n))
	}
	return out
}
func (d *decimalsValue) Type() string { return "int" }

func (d *decimalsValue) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > MaxDecimals {
		return fmt.Errorf("%q is not a number of decimals from 0 to %d", s, MaxDecimals)
	}
	*d = decimalsValue(n)
	return nil
}

// AddOutputFlag adds -o/--output to a command that writes its figures in
// several formats (a command with one output shape has none). It is one
// setting, output, for every command that has it, and refuses a format
// it does not know wherever it is set.
func AddOutputFlag(cmd *cobra.Command, format *output.Format) {
	*format = output.FormatTable
	cmd.Flags().VarP((*formatValue)(format), config.KeyOutput, "o", "output format: "+output.FormatList())
	config.MarkTopLevel(cmd.Flags().Lookup(config.KeyOutput))
}

type formatValue output.Format

func (f *formatValue) String() string { return string(*f) }
func (f *formatValue) Choices() []string {
	var out []string
	for _, format := range output.Formats() {
		out = append(out, string(format))
	}
	return out
}
func (f *formatValue) Type() string { return "format" }

func (f *formatValue) Set(s string) error {
	format, err := output.ParseFormat(s)
	if err != nil {
		return err
	}
	*f = formatValue(format)
	return nil
}

// AddOwnOutputFlag adds -o/--output to a command whose default output is
// not a report of figures but a format of its own that others read
// (aggregate's count rows, sql's queries), with formats, the first the
// default. Its setting is the command's own (aggregate.output,
// NOLLMISSION_AGGREGATE_OUTPUT), not the top-level output of the commands
// that print figures: output: json in a config file must not turn count
// rows into a document no command reads. It refuses another format
// wherever it is set.
func AddOwnOutputFlag(cmd *cobra.Command, format *output.Format, formats ...output.Format) {
	*format = formats[0]
	cmd.Flags().VarP(&ownFormatValue{format: format, formats: formats}, config.KeyOutput, "o", "output format: "+formatList(formats))
}

type ownFormatValue struct {
	format  *output.Format
	formats []output.Format
}

func (f *ownFormatValue) String() string { return string(*f.format) }
func (f *ownFormatValue) Type() string   { return "format" }
func (f *ownFormatValue) Choices() []string {
	out := make([]string, len(f.formats))
	for i, format := range f.formats {
		out[i] = string(format)
	}
	return out
}

func (f *ownFormatValue) Set(s string) error {
	name := output.Format(strings.ToLower(strings.TrimSpace(s)))
	if !slices.Contains(f.formats, name) {
		return fmt.Errorf("unknown output format %q (want %s)", s, formatList(f.formats))
	}
	*f.format = name
	return nil
}

// formatList names formats for a message: "csv or json".
func formatList(formats []output.Format) string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = string(f)
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// databaseValue is --database: a URL that may hold a password. It takes any
// text (pflag and the config would repeat a refused value, password and
// all, in their errors: load.CheckDatabaseURL checks it without), and shows
// itself without the password, so that neither help, 'nollmission config'
// nor any message prints it.
type databaseValue struct{ url string }

func (d *databaseValue) String() string {
	if d.url == "" {
		return ""
	}
	return load.SafeURL(d.url)
}
func (d *databaseValue) Type() string       { return "URL" }
func (d *databaseValue) Set(s string) error { d.url = strings.TrimSpace(s); return nil }
func (d *databaseValue) secretURL() string  { return d.url }

// DatabaseURL is the --database URL as given, password included; "" when
// the command has no such flag or it is not set.
func DatabaseURL(flags *pflag.FlagSet) string {
	if f := flags.Lookup(config.KeyDatabase); f != nil {
		if d, ok := f.Value.(*databaseValue); ok {
			return d.secretURL()
		}
	}
	return ""
}

// timeoutValue is --timeout: how long each database query may run. Like
// --year, it refuses a bad value wherever it is set.
type timeoutValue time.Duration

func (t *timeoutValue) String() string { return time.Duration(*t).String() }
func (t *timeoutValue) Type() string   { return "duration" }

func (t *timeoutValue) Set(s string) error {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil || d < time.Millisecond {
		return fmt.Errorf("%q is not a duration of 1ms or more, such as 90s, 10m or 1h", s)
	}
	*t = timeoutValue(d)
	return nil
}

// Timeout is --timeout; the default when the command has no such flag.
func Timeout(flags *pflag.FlagSet) time.Duration {
	if f := flags.Lookup(config.KeyTimeout); f != nil {
		if t, ok := f.Value.(*timeoutValue); ok {
			return time.Duration(*t)
		}
	}
	return config.DefaultTimeout
}
