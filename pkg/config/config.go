// Package config owns the one viper instance: flags, NOLLMISSION_*
// environment variables and defaults land here, and leave as plain Settings
// so that no code deeper down reads viper.
package config

import (
	"strings"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// Keys of the settings, as in the environment (NOLLMISSION_COUNTRY) and flags.
const (
	KeyTransactions = "transactions"
	KeyComplaints   = "complaints"
	KeySurveys      = "surveys"
	KeyCountry      = "country"
	KeyTimezone     = "timezone"
	KeyOutput       = "output"
)

// Defaults.
const (
	DefaultCountry  = "SE"
	DefaultTimezone = "Europe/Stockholm"
	DefaultOutput   = "table"
)

// Settings are the effective settings of one run.
type Settings struct {
	Transactions []string
	Complaints   []string
	Surveys      []string
	Country      string
	Timezone     string
	Output       string
}

// Config wraps the viper instance.
type Config struct {
	v *viper.Viper
}

// New returns the configuration with its defaults and environment.
func New() *Config {
	v := viper.New()
	v.SetEnvPrefix("NOLLMISSION")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_", ".", "_"))
	v.AutomaticEnv()
	v.SetDefault(KeyCountry, DefaultCountry)
	v.SetDefault(KeyTimezone, DefaultTimezone)
	v.SetDefault(KeyOutput, DefaultOutput)
	return &Config{v: v}
}

// BindFlags makes the flags of the running command the top of the precedence
// order. Only flags with a settings key are bound.
func (c *Config) BindFlags(flags *pflag.FlagSet) error {
	for _, key := range []string{KeyTransactions, KeyComplaints, KeySurveys, KeyCountry, KeyTimezone, KeyOutput} {
		if f := flags.Lookup(key); f != nil {
			if err := c.v.BindPFlag(key, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// Settings reads the effective settings.
func (c *Config) Settings() Settings {
	return Settings{
		Transactions: c.v.GetStringSlice(KeyTransactions),
		Complaints:   c.v.GetStringSlice(KeyComplaints),
		Surveys:      c.v.GetStringSlice(KeySurveys),
		Country:      strings.ToUpper(strings.TrimSpace(c.v.GetString(KeyCountry))),
		Timezone:     c.v.GetString(KeyTimezone),
		Output:       c.v.GetString(KeyOutput),
	}
}
