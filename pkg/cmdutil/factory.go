package cmdutil

import (
	"errors"

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
	s := f.Config.Settings()
	if s.Country == "" {
		return load.Options{}, exit.UsageError("use a country code such as --country SE", "the country is empty")
	}
	delimiter, encoding, err := DialectFlags(cmd.Flags())
	if err != nil {
		return load.Options{}, err
	}
	quiet, _ := cmd.Flags().GetBool(FlagQuiet) // false when the command has no such flag
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
	}
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
	fl.String(config.KeyCountry, config.DefaultCountry, "country to report on")
	fl.String(config.KeyTimezone, config.DefaultTimezone, "reporting time zone: months are calendar months here")
	fl.String(FlagDelimiter, "auto", "input delimiter: auto (from the header), comma, semicolon, tab or pipe")
	fl.String(FlagEncoding, "auto", "input encoding: auto (UTF-8, else Windows-1252), utf-8, windows-1252, utf-16le or utf-16be")
	fl.Bool(FlagQuiet, false, "no progress bar and no notes on stderr: that the sample is read, how timestamps without an offset were read (errors are still shown)")
	addExportFlags(fl)
	fl.Var(&databaseValue{}, config.KeyDatabase, "count every kind in this PostgreSQL-protocol database (postgres://user@host/db), with the config file's warehouse mappings, instead of reading files")
	timeout := timeoutValue(config.DefaultTimeout)
	fl.Var(&timeout, config.KeyTimeout, "how long each database query may run (--database)")
}
