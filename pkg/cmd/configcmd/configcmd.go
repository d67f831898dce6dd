// Package configcmd implements `nollmission config`: the effective settings
// of every command and where each came from (flag, environment, config
// file or default).
package configcmd

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/output"
)

// Options are the parsed flags of one run and the settings they show.
type Options struct {
	IO       *cmdutil.IOStreams
	Format   output.Format
	Settings []config.Setting
	// File is the config file read ("" when none) and how it was chosen.
	File       string
	FileSource config.Source
	Targets    []metrics.Target
	// TargetsSource is file, or default: the embedded sample's targets;
	// TargetsWhere the file and the line of the key.
	TargetsSource config.Source
	TargetsWhere  string
	// Warehouse is what the config file's warehouse section sets.
	Warehouse []config.WarehouseValue
}

// NewCmdConfig builds the command; runF replaces configRun in tests of the flag layer.
func NewCmdConfig(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show the effective settings and where each came from",
		Long: `Show every setting: the global ones (input files, country, time zone,
output format, …), the targets, and each command's own flags, with the value
in effect and where it came from: a flag, an environment variable, the
config file, or the default.

Precedence: flag > environment (NOLLMISSION_…) > config file > default. The
config file is --config FILE (or NOLLMISSION_CONFIG), which must exist, else
./nollmission.yaml when it exists. A global flag is a top-level key
(country: SE, NOLLMISSION_COUNTRY); a command's own flag sits in the section
named after the command (csat: {satisfied-scores: [4, 5]},
NOLLMISSION_CSAT_SATISFIED_SCORES). An unknown key is an error.

Every value is checked, so 'nollmission config' also validates a config file.`,
		Example: `  nollmission config
  nollmission config --config nollmission.yaml -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if _, err = f.Common(cmd); err != nil {
				return err
			}
			if opts.Settings, err = f.Config.Describe(cmd); err != nil {
				return cmdutil.ConfigError(err)
			}
			// Every flag has checked its own value; each command's check of
			// its settings together runs too, as the command itself would.
			if err := f.CheckAll(cmd.Root()); err != nil {
				return err
			}
			opts.File, opts.FileSource = f.Config.File()
			if opts.Targets, opts.TargetsSource, err = f.Config.Targets(); err != nil {
				return err
			}
			opts.TargetsWhere = f.Config.FileWhere(config.KeyTargets)
			opts.Warehouse = f.Config.WarehouseValues()
			if runF != nil {
				return runF(opts)
			}
			return configRun(opts)
		},
	}
	cmdutil.AddOutputFlag(cmd, &opts.Format)
	return cmd
}

func configRun(opts *Options) error {
	return output.Write(opts.IO.Out, opts.Format, opts)
}

type jsonSetting struct {
	Key string `json:"key"`
	// Command is the command the setting belongs to; null for a global one.
	Command *string `json:"command"`
	// Value is a string, or a list of strings for a list flag.
	Value  any    `json:"value"`
	Source string `json:"source"`
	// From names the variable or file of an env or file value.
	From *string `json:"from"`
	// Line is the line of the key in the file; null when not from the file.
	Line *int   `json:"line"`
	Env  string `json:"env"`
}

type jsonTarget struct {
	Year     int      `json:"year"`
	Baseline *float64 `json:"baseline"` // null: the previous year's rate
	// BaselinePreviousYear is true when the baseline is the previous
	// year's computed full-year rate.
	BaselinePreviousYear bool     `json:"baseline_previous_year"`
	Target               *float64 `json:"target"`            // null when given as a reduction
	ReductionPercent     *float64 `json:"reduction_percent"` // null when given as a rate
}

type jsonFile struct {
	Path   *string `json:"path"` // null: no file read
	Source string  `json:"source"`
}

type jsonDoc struct {
	SchemaVersion int           `json:"schema_version"`
	Command       string        `json:"command"`
	ConfigFile    jsonFile      `json:"config_file"`
	Settings      []jsonSetting `json:"settings"`
	Targets       []jsonTarget  `json:"targets"`
	TargetsSource string        `json:"targets_source"`
	// Warehouse lists the keys the file's warehouse section sets, such as
	// warehouse.transactions.table; empty without the section.
	Warehouse []jsonWarehouseKey `json:"warehouse"`
}

type jsonWarehouseKey struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

func (o *Options) JSON() any {
	doc := jsonDoc{
		SchemaVersion: output.SchemaVersion,
		Command:       "config",
		ConfigFile:    jsonFile{Source: string(o.FileSource)},
		Settings:      make([]jsonSetting, len(o.Settings)),
		Targets:       make([]jsonTarget, len(o.Targets)),
		TargetsSource: string(o.TargetsSource),
		Warehouse:     make([]jsonWarehouseKey, len(o.Warehouse)),
	}
	for i, w := range o.Warehouse {
		doc.Warehouse[i] = jsonWarehouseKey{Key: w.Key, Value: w.Value}
	}
	if o.File != "" {
		doc.ConfigFile.Path = &o.File
	}
	for i, s := range o.Settings {
		js := jsonSetting{Key: s.Key.Name, Source: string(s.Source), Env: s.Key.Env()}
		if s.Key.Command != nil {
			name := s.Key.Command.Name()
			js.Command = &name
		}
		if s.From != "" {
			from := s.From
			js.From = &from
		}
		if s.Line > 0 {
			line := s.Line
			js.Line = &line
		}
		js.Value = s.Value
		if !s.List() {
			js.Value = s.Value[0]
		}
		doc.Settings[i] = js
	}
	for i, t := range o.Targets {
		jt := jsonTarget{Year: t.Year, Baseline: decimal.Float(t.Baseline), BaselinePreviousYear: t.Baseline == nil, Target: decimal.Float(t.Rate)}
		if t.Reduction != nil {
			jt.ReductionPercent = decimal.Float(new(big.Rat).Mul(t.Reduction, big.NewRat(100, 1)))
		}
		doc.Targets[i] = jt
	}
	return doc
}

func (o *Options) Table() *output.Table {
	t := &output.Table{Columns: []output.Column{{Name: "key"}, {Name: "value"}, {Name: "source"}, {Name: "environment variable"}}}
	file, fileSource := o.File, string(o.FileSource)
	if file == "" {
		file, fileSource = "(none)", "default: ./"+config.DefaultFile+" when it exists"
	}
	t.Rows = append(t.Rows, []string{config.KeyConfig, file, fileSource, config.EnvName(config.KeyConfig)})
	for _, s := range o.Settings {
		value := strings.Join(s.Value, ",")
		if s.List() {
			value = "[" + value + "]"
		}
		t.Rows = append(t.Rows, []string{s.Key.Name, value, source(s.Source, s.Where()), s.Key.Env()})
	}
	targetsSource := string(o.TargetsSource)
	if o.TargetsSource == config.SourceFile {
		targetsSource = source(o.TargetsSource, o.TargetsWhere)
	} else {
		targetsSource += " (the embedded sample's; used with the sample data only)"
	}
	t.Rows = append(t.Rows, []string{config.KeyTargets, targetsText(o.Targets), targetsSource, ""})
	for _, w := range o.Warehouse {
		t.Rows = append(t.Rows, []string{w.Key, oneLine(w.Value), source(config.SourceFile, w.Where), ""})
	}
	t.Notes = []string{
		"Precedence: flag > environment > config file > default. A global setting is a top-level key of the config file;",
		"a command's own flag sits in the section named after the command (csat.satisfied-scores is satisfied-scores: under csat:).",
	}
	return t
}

func source(s config.Source, from string) string {
	if from == "" {
		return string(s)
	}
	return fmt.Sprintf("%s %s", s, from)
}

// targetsText writes the targets as "2019: 40 → 36; 2020: previous_year − 10 %".
func targetsText(targets []metrics.Target) string {
	if len(targets) == 0 {
		return "(none)"
	}
	parts := make([]string, len(targets))
	for i, t := range targets {
		baseline := config.PreviousYear
		if t.Baseline != nil {
			baseline = decimal.Short(t.Baseline)
		}
		if t.Rate != nil {
			parts[i] = fmt.Sprintf("%d: %s → %s", t.Year, baseline, decimal.Short(t.Rate))
		} else {
			parts[i] = fmt.Sprintf("%d: %s − %s %%", t.Year, baseline, decimal.Short(new(big.Rat).Mul(t.Reduction, big.NewRat(100, 1))))
		}
	}
	return strings.Join(parts, "; ")
}

// oneLine shows a multi-line value, such as a warehouse query, on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
