package cmdutil

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cast"
	"github.com/spf13/pflag"

	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/period"
)

// The flags that say how to read what warehouses and spreadsheets export.
// Each is a setting like any flag (naive-timezone: in the config file,
// NOLLMISSION_NAIVE_TIMEZONE); their values refuse what they cannot read
// wherever it is set.
const (
	FlagNaiveTimezone = "naive-timezone"
	FlagPeriodFormat  = "period-format"
	FlagColumns       = "columns"
	FlagHeader        = "header"
	FlagSheet         = "sheet"
)

// addExportFlags adds them to the persistent flags.
func addExportFlags(fl *pflag.FlagSet) {
	fl.Var(&naiveZoneValue{}, FlagNaiveTimezone, "the IANA `zone` whose wall time timestamps without an offset are in, such as UTC (default: the reporting time zone)")
	fl.Var(new(periodFormatValue), FlagPeriodFormat, "period values of digits alone: auto (refused), epoch-s or epoch-ms (seconds or milliseconds since 1970)")
	fl.Var(&columnsValue{}, FlagColumns, "which column holds a role (period, country, count, channel, category, score), as `ROLE=COLUMN` pairs for every kind or for one: period=created_at,transactions.count=f0_; count=none: each row is one event")
	fl.Var(&headerValue{}, FlagHeader, "the column `names` of files without a header line: timestamp,country, or for one kind: complaints=date,channel (repeatable)")
	fl.String(FlagSheet, "", "the `sheet` read from Excel workbooks (default: the first visible one)")
}

// exportSettings are the values of those flags.
type exportSettings struct {
	naiveZone string // "" when given nowhere
	format    period.PeriodFormat
	columns   input.ColumnMap
	headers   input.Headers
	sheet     string
}

// exportFlags reads them from a command's flags (the zero settings for a
// flag the command does not have).
func exportFlags(flags *pflag.FlagSet) exportSettings {
	var s exportSettings
	if f, ok := flagValue[*naiveZoneValue](flags, FlagNaiveTimezone); ok {
		s.naiveZone = f.zone
	}
	if f, ok := flagValue[*periodFormatValue](flags, FlagPeriodFormat); ok {
		s.format = period.PeriodFormat(*f)
	}
	if f, ok := flagValue[*columnsValue](flags, FlagColumns); ok {
		s.columns = f.m
	}
	if f, ok := flagValue[*headerValue](flags, FlagHeader); ok {
		s.headers = f.h
	}
	if f := flags.Lookup(FlagSheet); f != nil {
		s.sheet = f.Value.String()
	}
	return s
}

func flagValue[T pflag.Value](flags *pflag.FlagSet, name string) (T, bool) {
	var zero T
	f := flags.Lookup(name)
	if f == nil {
		return zero, false
	}
	v, ok := f.Value.(T)
	return v, ok
}

// naiveZoneValue is --naive-timezone: an IANA zone, never "" (which would
// be UTC unasked) or Local (which would make figures differ by machine).
type naiveZoneValue struct{ zone string }

func (v *naiveZoneValue) String() string { return v.zone }
func (v *naiveZoneValue) Type() string   { return "zone" }

func (v *naiveZoneValue) Set(s string) error {
	zone := strings.TrimSpace(s)
	if zone == "" || strings.EqualFold(zone, "Local") {
		return fmt.Errorf("%q is not a time zone for timestamps without an offset: name an IANA zone such as UTC or Europe/Stockholm", s)
	}
	if _, err := period.LoadZone(zone); err != nil {
		if named, ok := zoneNamed(zone); ok {
			return fmt.Errorf("unknown time zone %q: did you mean %s?", s, named)
		}
		return err
	}
	v.zone = zone
	return nil
}

// periodFormatValue is --period-format.
type periodFormatValue period.PeriodFormat

func (v *periodFormatValue) String() string { return period.PeriodFormat(*v).String() }
func (v *periodFormatValue) Type() string   { return "format" }

func (v *periodFormatValue) Set(s string) error {
	f, err := period.ParsePeriodFormat(strings.TrimSpace(s))
	if err != nil {
		return err
	}
	*v = periodFormatValue(f)
	return nil
}

// columnsValue is --columns: ROLE=COLUMN items, split at commas as a CSV
// line is (a name with a comma is quoted: "count=count(a, b)"). Repeated
// flags add up; the environment's or the file's value replaces the default.
type columnsValue struct {
	m       input.ColumnMap
	items   []string
	changed bool
}

func (v *columnsValue) String() string { return strings.Join(v.items, ",") }
func (v *columnsValue) Type() string   { return "columns" }

func (v *columnsValue) Set(s string) error {
	items, err := splitItems(s)
	if err != nil {
		return err
	}
	if !v.changed {
		return v.Replace(items)
	}
	return v.Replace(append(slices.Clone(v.items), items...))
}

func (v *columnsValue) Append(s string) error { return v.Replace(append(slices.Clone(v.items), s)) }
func (v *columnsValue) GetSlice() []string    { return slices.Clone(v.items) }

func (v *columnsValue) Replace(items []string) error {
	m, err := input.ParseColumnMap(items)
	if err != nil {
		return err
	}
	v.m, v.items, v.changed = m, m.Items(), true
	return nil
}

// SetFromFile reads columns: as a section of ROLE: COLUMN, with a section
// per kind where they differ:
//
//	columns:
//	  period: created_at
//	  transactions: {count: f0_}
//	  complaints: {channel: kanal}
//
// or as the command line writes it (a string, or a list of items).
func (v *columnsValue) SetFromFile(value any) error {
	switch x := value.(type) {
	case map[string]any:
		var items []string
		for _, key := range sortedKeys(x) {
			if section, ok := x[key].(map[string]any); ok {
				if _, err := input.ParseKind(key); err != nil {
					return fmt.Errorf("%s: %v", key, err)
				}
				for _, role := range sortedKeys(section) {
					name, err := scalar(section[role])
					if err != nil {
						return fmt.Errorf("%s.%s: %v", key, role, err)
					}
					items = append(items, key+"."+role+"="+name)
				}
				continue
			}
			name, err := scalar(x[key])
			if err != nil {
				return fmt.Errorf("%s: %v (a role's column, or a section of a kind's roles)", key, err)
			}
			items = append(items, key+"="+name)
		}
		return v.Replace(items)
	case []any:
		items := make([]string, len(x))
		for i, item := range x {
			s, err := scalar(item)
			if err != nil {
				return fmt.Errorf("item %d: %v", i+1, err)
			}
			items[i] = s
		}
		return v.Replace(items)
	}
	s, err := scalar(value)
	if err != nil {
		return err
	}
	items, err := splitItems(s)
	if err != nil {
		return err
	}
	return v.Replace(items)
}

// headerValue is --header: each value is one header, NAMES or KIND=NAMES.
type headerValue struct {
	h       input.Headers
	items   []string
	changed bool
}

func (v *headerValue) String() string { return strings.Join(v.items, " ") }
func (v *headerValue) Type() string   { return "names" }

func (v *headerValue) Set(s string) error {
	if !v.changed {
		return v.Replace([]string{s})
	}
	return v.Append(s)
}

func (v *headerValue) Append(s string) error { return v.Replace(append(slices.Clone(v.items), s)) }
func (v *headerValue) GetSlice() []string    { return slices.Clone(v.items) }

func (v *headerValue) Replace(items []string) error {
	h, err := input.ParseHeaders(items)
	if err != nil {
		return err
	}
	v.h, v.items, v.changed = h, h.Items(), true
	return nil
}

// SetFromFile reads header: as one header for every kind (a list of names,
// or names separated by commas), or as a section with a header per kind:
//
//	header: [timestamp, country]
//	header:
//	  transactions: [timestamp, country]
//	  complaints: date,channel
func (v *headerValue) SetFromFile(value any) error {
	if x, ok := value.(map[string]any); ok {
		var items []string
		for _, key := range sortedKeys(x) {
			if _, err := input.ParseKind(key); err != nil {
				return fmt.Errorf("%s: %v", key, err)
			}
			names, err := headerNames(x[key])
			if err != nil {
				return fmt.Errorf("%s: %v", key, err)
			}
			items = append(items, key+"="+names)
		}
		return v.Replace(items)
	}
	names, err := headerNames(value)
	if err != nil {
		return err
	}
	return v.Replace([]string{names})
}

// headerNames writes a header from the file, a list of names or names
// separated by commas, as the command line writes it.
func headerNames(value any) (string, error) {
	list, ok := value.([]any)
	if !ok {
		return scalar(value)
	}
	names := make([]string, len(list))
	for i, item := range list {
		s, err := scalar(item)
		if err != nil {
			return "", fmt.Errorf("name %d: %v", i+1, err)
		}
		names[i] = s
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(names); err != nil {
		return "", err
	}
	w.Flush()
	return strings.TrimSuffix(b.String(), "\n"), nil
}

func scalar(value any) (string, error) {
	switch value.(type) {
	case nil:
		return "", errors.New("no value")
	case map[string]any, []any:
		return "", errors.New("want a value, not a section or a list")
	}
	return cast.ToStringE(value)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// splitItems splits a comma-separated list as pflag's list flags do: as a
// CSV line.
func splitItems(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	items, err := csv.NewReader(strings.NewReader(s)).Read()
	if err != nil {
		return nil, fmt.Errorf("cannot split %q at its commas: %v", s, err)
	}
	return items, nil
}
