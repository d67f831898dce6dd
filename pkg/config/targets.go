package config

import (
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cast"
	"go.yaml.in/yaml/v3"

	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/sample"
)

// PreviousYear is the baseline that stands for the previous year's computed
// full-year rate.
const PreviousYear = "previous_year"

// Fields of one target in the file.
const (
	fieldYear      = "year"
	fieldBaseline  = "baseline"
	fieldTarget    = "target"
	fieldReduction = "reduction"
)

var targetFields = []string{fieldYear, fieldBaseline, fieldTarget, fieldReduction}

const targetsHint = "each target is {year: 2020, baseline: 33 or previous_year, target: 28} or {…, reduction: 10%} instead of target"

// Targets are the yearly targets: the file's, else the embedded sample's
// (SourceDefault), which fit the sample data only. The sample's are read
// here, for the commands that ask, and not at every start.
func (c *Config) Targets() ([]metrics.Target, Source, error) {
	if c.targetsSrc == SourceDefault {
		targets, err := SampleTargets()
		return targets, SourceDefault, err
	}
	return c.targets, c.targetsSrc, nil
}

func (c *Config) loadTargets() error {
	c.targets, c.targetsSrc = nil, SourceDefault
	if c.file != "" && c.v.InConfig(KeyTargets) {
		targets, err := ParseTargets(c.v.Get(KeyTargets))
		if err != nil {
			return &Error{Err: fmt.Errorf("config file %s: %w", c.file, err), Hint: targetsHint}
		}
		c.targets, c.targetsSrc = targets, SourceFile
	}
	return nil
}

// SampleTargets are the embedded sample's targets, the default without a
// config file that sets them.
func SampleTargets() ([]metrics.Target, error) {
	var doc struct {
		Targets []any `yaml:"targets"`
	}
	if err := yaml.Unmarshal(sample.TargetsYAML(), &doc); err != nil {
		return nil, fmt.Errorf("the embedded sample's targets: %w", err)
	}
	targets, err := ParseTargets(doc.Targets)
	if err != nil {
		return nil, fmt.Errorf("the embedded sample's targets: %w", err)
	}
	return targets, nil
}

// ParseTargets reads the targets list as YAML decodes it: a list of maps
// with year, baseline (a rate or previous_year) and target (a rate) or
// reduction (a percentage). The result is sorted by year.
func ParseTargets(raw any) ([]metrics.Target, error) {
	list, ok := raw.([]any)
	if !ok {
		return nil, fmt.Errorf("targets: want a list of targets, not %s", describe(raw))
	}
	var out []metrics.Target
	for i, item := range list {
		t, err := parseTarget(item)
		if err != nil && t.Year != 0 {
			return nil, fmt.Errorf("targets, item %d (%d): %w", i+1, t.Year, err)
		}
		if err != nil {
			return nil, fmt.Errorf("targets, item %d: %w", i+1, err)
		}
		for _, prev := range out {
			if prev.Year == t.Year {
				return nil, fmt.Errorf("targets, item %d: a second target for %d", i+1, t.Year)
			}
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b metrics.Target) int { return a.Year - b.Year })
	return out, nil
}

func parseTarget(item any) (metrics.Target, error) {
	var t metrics.Target
	m, err := cast.ToStringMapE(item)
	if err != nil || item == nil {
		return t, fmt.Errorf("want {year, baseline, target}, not %s", describe(item))
	}
	fields := map[string]any{}
	for k, v := range m {
		k = strings.ToLower(k)
		if !slices.Contains(targetFields, k) {
			return t, fmt.Errorf("unknown key %q (%s)", k, suggest(k, targetFields, "the keys are year, baseline, target and reduction"))
		}
		fields[k] = v
	}
	for _, f := range []string{fieldYear, fieldBaseline} {
		if _, ok := fields[f]; !ok {
			return t, fmt.Errorf("%s is missing", f)
		}
	}
	year, err := parseYear(fields[fieldYear])
	if err != nil {
		return t, fmt.Errorf("year: %w", err)
	}
	t.Year = year
	if s, ok := fields[fieldBaseline].(string); ok && strings.TrimSpace(s) == PreviousYear {
		t.Baseline = nil
	} else if t.Baseline, err = parseRate(fields[fieldBaseline]); err != nil {
		return t, fmt.Errorf("baseline: %w (or %s)", err, PreviousYear)
	}
	rate, hasRate := fields[fieldTarget]
	reduction, hasReduction := fields[fieldReduction]
	switch {
	case hasRate && hasReduction:
		return t, errors.New("give target or reduction, not both")
	case hasRate:
		if t.Rate, err = parseRate(rate); err != nil {
			return t, fmt.Errorf("target: %w", err)
		}
	case hasReduction:
		s, ok := reduction.(string)
		if !ok {
			return t, fmt.Errorf("reduction: write a percentage such as 10%%, not %s", describe(reduction))
		}
		if t.Reduction, err = ParseReduction(s); err != nil {
			return t, fmt.Errorf("reduction: %w", err)
		}
	default:
		return t, errors.New("target (a rate) or reduction (a percentage) is missing")
	}
	if t.Baseline != nil && t.Rate != nil && t.Rate.Cmp(t.Baseline) >= 0 {
		return t, fmt.Errorf("the target %s is not below the baseline %s", decimal.Short(t.Rate), decimal.Short(t.Baseline))
	}
	return t, nil
}

func parseYear(v any) (int, error) {
	s, err := cast.ToStringE(v)
	if err != nil {
		return 0, fmt.Errorf("want a year such as 2020, not %s", describe(v))
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1000 || y > 9999 {
		return 0, fmt.Errorf("want a year such as 2020, not %q", s)
	}
	return y, nil
}

// parseRate reads a rate (complaints per million): a number as YAML decodes
// it, or its text, with a decimal point or comma.
func parseRate(v any) (*big.Rat, error) {
	var s string
	switch x := v.(type) {
	case int, int64, uint64:
		s = fmt.Sprint(x)
	case float64:
		// The shortest text that reads back as x is what the user wrote.
		s = strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		s = x
	default:
		return nil, fmt.Errorf("want a rate such as 28, not %s", describe(v))
	}
	return ParseRate(s)
}

var decimalPattern = regexp.MustCompile(`^[0-9]+([.,][0-9]+)?$`)

// ParseRate reads a non-negative decimal number, exactly: "28", "32.8", "32,8".
func ParseRate(s string) (*big.Rat, error) {
	s = strings.TrimSpace(s)
	if !decimalPattern.MatchString(s) {
		return nil, fmt.Errorf("want a rate such as 28 or 32.8, not %q", s)
	}
	r, _ := new(big.Rat).SetString(strings.Replace(s, ",", ".", 1))
	return r, nil
}

// ParseReduction reads a percentage such as "10%" (the % is required, so
// that 10 and 0.1 cannot be confused) and returns the fraction, 1/10.
func ParseReduction(s string) (*big.Rat, error) {
	number, ok := strings.CutSuffix(strings.TrimSpace(s), "%")
	if !ok {
		return nil, fmt.Errorf("write a percentage such as 10%%, not %q", s)
	}
	r, err := ParseRate(number)
	if err != nil || r.Sign() <= 0 || r.Cmp(big.NewRat(100, 1)) > 0 {
		return nil, fmt.Errorf("want a percentage above 0%% and at most 100%%, not %q", s)
	}
	return r.Quo(r, big.NewRat(100, 1)), nil
}

// ParseBaseline reads a --baseline: a rate, or previous_year (nil).
func ParseBaseline(s string) (*big.Rat, error) {
	if strings.TrimSpace(s) == PreviousYear {
		return nil, nil
	}
	r, err := ParseRate(s)
	if err != nil {
		return nil, fmt.Errorf("%w, or %s", err, PreviousYear)
	}
	return r, nil
}

// ParseTargetValue reads a --target: a rate ("28") or a reduction of the
// baseline ("10%"). Exactly one of the results is set.
func ParseTargetValue(s string) (rate, reduction *big.Rat, err error) {
	if strings.HasSuffix(strings.TrimSpace(s), "%") {
		reduction, err = ParseReduction(s)
		return nil, reduction, err
	}
	rate, err = ParseRate(s)
	if err != nil {
		return nil, nil, fmt.Errorf("%w, or a reduction such as 10%%", err)
	}
	return rate, nil, nil
}

// describe names a YAML value's kind for an error.
func describe(v any) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case []any:
		return "a list"
	case map[string]any, map[any]any:
		return "a section"
	}
	return fmt.Sprintf("%v", v)
}
