package cmdutil

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/output"
)

// Factory hands commands what they share.
type Factory struct {
	IOStreams *IOStreams
	Config    *config.Config
	Version   string
}

// Common reads the settings every data command takes, after the running
// command's flags are bound on top of environment and defaults.
func (f *Factory) Common(cmd *cobra.Command) (DataOptions, output.Format, error) {
	if err := f.Config.BindFlags(cmd.Flags()); err != nil {
		return DataOptions{}, "", err
	}
	s := f.Config.Settings()
	format, err := output.ParseFormat(s.Output)
	if err != nil {
		return DataOptions{}, "", UsageError("use -o table, json, csv or markdown", "%v", err)
	}
	if s.Country == "" {
		return DataOptions{}, "", UsageError("use a country code such as --country SE", "the country is empty")
	}
	return DataOptions{
		Files:    FilesOf(s),
		Country:  s.Country,
		Timezone: s.Timezone,
	}, format, nil
}

// AddDataFlags adds the flags that choose the input data and the output
// format; they are persistent, so every command has them.
func AddDataFlags(cmd *cobra.Command) {
	fl := cmd.PersistentFlags()
	fl.StringArray(config.KeyTransactions, nil, "transactions `file` (repeatable; glob; - for stdin)")
	fl.StringArray(config.KeyComplaints, nil, "complaints `file` (repeatable; glob; - for stdin)")
	fl.StringArray(config.KeySurveys, nil, "survey answers `file` (repeatable; glob; - for stdin)")
	fl.String(config.KeyCountry, config.DefaultCountry, "country to report on")
	fl.String(config.KeyTimezone, config.DefaultTimezone, "reporting time zone: months are calendar months here")
	fl.StringP(config.KeyOutput, "o", config.DefaultOutput, fmt.Sprintf("output format: %v", output.Formats))
}

// AddYearFlag adds --year.
func AddYearFlag(cmd *cobra.Command, year *int) {
	cmd.Flags().IntVar(year, "year", 0, "report on this year only (default: every year in the data)")
}

// CheckYear validates a --year value (0 means every year).
func CheckYear(year int) error {
	if year != 0 && (year < 1000 || year > 9999) {
		return UsageError("give a four-digit year, such as --year 2019", "--year %d is not a year", year)
	}
	return nil
}
