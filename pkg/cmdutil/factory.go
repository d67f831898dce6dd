package cmdutil

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/load"
)

// Factory hands commands what they share.
type Factory struct {
	IOStreams *IOStreams
	Config    *config.Config
	Version   string
	checks    map[*cobra.Command]func() error
}

// AddCheck gives cmd the check of its settings that no one flag can make
// alone (--external with --by category, a score both satisfied and
// dissatisfied). It runs once the flags hold every setting: in Common,
// before the command runs, and in `nollmission config`, for every
// command. It returns a SettingsError, or a usage error.
func (f *Factory) AddCheck(cmd *cobra.Command, check func() error) {
	if f.checks == nil {
		f.checks = map[*cobra.Command]func() error{}
	}
	f.checks[cmd] = check
}

// Check runs cmd's check; a SettingsError comes back as a usage error
// that says where each value came from (file and line, or variable).
func (f *Factory) Check(cmd *cobra.Command) error {
	check := f.checks[cmd]
	if check == nil {
		return nil
	}
	err := check()
	var se *SettingsError
	if !errors.As(err, &se) {
		return err
	}
	var from []string
	for _, name := range se.Flags {
		if s, ok := f.Config.SettingOf(cmd, name); ok && s.Where() != "" {
			from = append(from, fmt.Sprintf("%s from %s", s.Key.Name, s.Where()))
		}
	}
	msg := se.Err.Error()
	if len(from) > 0 {
		msg += " (" + strings.Join(from, ", ") + ")"
	}
	return &exit.Error{Code: exit.Usage, Err: errors.New(msg), Hint: se.Hint}
}

// CheckAll runs the check of every command below root, in tree order,
// naming the command in an error.
func (f *Factory) CheckAll(root *cobra.Command) error {
	for _, c := range root.Commands() {
		if err := f.Check(c); err != nil {
			var ee *exit.Error
			if errors.As(err, &ee) {
				return &exit.Error{Code: ee.Code, Err: fmt.Errorf("%s: %w", c.Name(), ee.Err), Hint: ee.Hint}
			}
			return fmt.Errorf("%s: %w", c.Name(), err)
		}
		if err := f.CheckAll(c); err != nil {
			return err
		}
	}
	return nil
}

// SettingsError is a mistake in settings that involves several flags,
// named in Flags (without the dashes) so that Check can say where each
// value came from.
type SettingsError struct {
	Flags []string
	Err   error
	Hint  string
}

func (e *SettingsError) Error() string { return e.Err.Error() }
func (e *SettingsError) Unwrap() error { return e.Err }

// SettingsErrorf returns a *SettingsError about flags.
func SettingsErrorf(flags []string, hint, format string, args ...any) error {
	return &SettingsError{Flags: flags, Err: fmt.Errorf(format, args...), Hint: hint}
}

// ApplyConfig writes the environment's and the config file's settings into
// the flags of cmd that the user did not set (once; root does it before any
// command runs). A configuration mistake is a usage error.
func (f *Factory) ApplyConfig(cmd *cobra.Command) error {
	return ConfigError(f.Config.Apply(cmd))
}

// ConfigError makes a configuration mistake a usage error with its hint;
// other errors pass through.
func ConfigError(err error) error {
	var ce *config.Error
	if errors.As(err, &ce) {
		return &exit.Error{Code: exit.Usage, Err: err, Hint: ce.Hint}
	}
	return err
}

// Common reads the settings every data command takes, after the running
// command's flags have the environment's and the config file's values.
func (f *Factory) Common(cmd *cobra.Command) (load.Options, error) {
	if err := f.ApplyConfig(cmd); err != nil {
		return load.Options{}, err
	}
	if err := f.Check(cmd); err != nil {
		return load.Options{}, err
	}
	s := f.Config.Settings()
	delimiter, encoding, err := DialectFlags(cmd.Flags())
	if err != nil {
		return load.Options{}, err
	}
	quiet, _ := cmd.Flags().GetBool(FlagQuiet) // false when the command has no such flag
	onCommandLine := kindsOnCommandLine(cmd)
	if !quiet {
		unreadNotes(f.IOStreams.ErrOut, cmd, onCommandLine)
	}
	reads, _ := ReadsOf(cmd)
	exports := exportFlags(cmd.Flags())
	opts := load.Options{
		Files:         FilesOf(s),
		Country:       s.Country,
		Timezone:      s.Timezone,
		Delimiter:     delimiter,
		Encoding:      encoding,
		Quiet:         quiet,
		NaiveTimezone: exports.naiveZone,
		PeriodFormat:  exports.format,
		Columns:       exports.columns,
		Headers:       exports.headers,
		Sheet:         exports.sheet,
		Database:      DatabaseURL(cmd.Flags()),
		Warehouse:     f.Config.Warehouse(),
		Timeout:       Timeout(cmd.Flags()),
		Reads:         reads,
	}
	opts.OnCommandLine = onCommandLine
	if opts.Database != "" {
		if err := load.CheckDatabaseURL(opts.Database); err != nil {
			return load.Options{}, err
		}
	}
	return opts, nil
}

// AddDataFlags adds the flags that choose the input data; they are
// persistent, so every command has them.
func AddDataFlags(cmd *cobra.Command) {
	fl := cmd.PersistentFlags()
	fl.StringArray(config.KeyTransactions, nil, "transactions `file` (repeatable; glob; - for stdin)")
	fl.StringArray(config.KeyComplaints, nil, "complaints `file` (repeatable; glob; - for stdin)")
	fl.StringArray(config.KeySurveys, nil, "survey answers `file` (repeatable; glob; - for stdin)")
	country, zone := countryValue(config.DefaultCountry), timezoneValue(config.DefaultTimezone)
	delimiter, encoding := delimiterValue("auto"), encodingValue("auto")
	fl.Var(&country, config.KeyCountry, "country to report on")
	fl.Var(&zone, config.KeyTimezone, "reporting time zone: months are calendar months here")
	fl.Var(&delimiter, FlagDelimiter, "input delimiter: auto (from the header), comma, semicolon, tab or pipe")
	fl.Var(&encoding, FlagEncoding, "input encoding: auto (UTF-8, else Windows-1252; UTF-16 by its byte-order mark or its zero bytes), utf-8, windows-1252, utf-16le or utf-16be")
	fl.Bool(FlagQuiet, false, "no progress bar and no notes on stderr: that the sample is read, how timestamps without an offset were read, that a file named for a kind the command does not read is ignored (errors are still shown)")
	addExportFlags(fl)
	fl.Var(&databaseValue{}, config.KeyDatabase, "count every kind in this PostgreSQL-protocol database (postgres://user@host/db), with the config file's warehouse mappings, instead of reading files")
	timeout := timeoutValue(config.DefaultTimeout)
	fl.Var(&timeout, config.KeyTimeout, "how long each database query may run (--database)")
}
