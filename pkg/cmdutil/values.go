package cmdutil

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/period"
)

// Flag values that refuse a bad value in Set. A setting from the
// environment or the config file is written into its flag through Set, so
// each is checked wherever it is set, and `nollmission config`, which
// resolves every setting of every command, checks them all. A value with a
// fixed set of choices lists them (Choices) for shell completion.

// Chooser is a flag value with a fixed set of choices, which shell
// completion offers.
type Chooser interface {
	Choices() []string
}

// orList writes "a, b or c".
func orList(words []string) string {
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// choiceValue is one of a few words; case and surrounding space do not
// matter.
type choiceValue struct {
	value   *string
	choices []string
}

// ChoiceVar defines a flag that takes one of choices.
func ChoiceVar(fs *pflag.FlagSet, p *string, name, def string, choices []string, usage string) {
	*p = def
	fs.Var(&choiceValue{value: p, choices: choices}, name, usage)
}

func (c *choiceValue) String() string    { return *c.value }
func (c *choiceValue) Type() string      { return "string" }
func (c *choiceValue) Choices() []string { return c.choices }
func (c *choiceValue) Set(s string) error {
	v := strings.ToLower(strings.TrimSpace(s))
	if !slices.Contains(c.choices, v) {
		return fmt.Errorf("%q is not %s", s, orList(quoteAll(c.choices)))
	}
	*c.value = v
	return nil
}

func quoteAll(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = strconv.Quote(w)
	}
	return out
}

// choiceListValue is a comma-separated list of choices; repeating the flag
// adds to the list, as pflag's own list flags do.
type choiceListValue struct {
	value   *[]string
	choices []string
	changed bool
}

// ChoiceListVar defines a flag that takes a list of choices (--fail-on
// off_track,missed).
func ChoiceListVar(fs *pflag.FlagSet, p *[]string, name string, choices []string, usage string) {
	*p = nil
	fs.Var(&choiceListValue{value: p, choices: choices}, name, usage)
}

func (c *choiceListValue) String() string    { return "[" + strings.Join(*c.value, ",") + "]" }
func (c *choiceListValue) Type() string      { return "strings" }
func (c *choiceListValue) Choices() []string { return c.choices }
func (c *choiceListValue) Set(s string) error {
	items := strings.Split(s, ",")
	if strings.TrimSpace(s) == "" {
		items = nil
	}
	if !c.changed {
		c.changed = true
		return c.Replace(items)
	}
	return c.add(items)
}

func (c *choiceListValue) Replace(items []string) error {
	old := *c.value
	*c.value = nil
	if err := c.add(items); err != nil {
		*c.value = old
		return err
	}
	return nil
}

func (c *choiceListValue) Append(item string) error { return c.add([]string{item}) }
func (c *choiceListValue) GetSlice() []string       { return slices.Clone(*c.value) }

func (c *choiceListValue) add(items []string) error {
	list := slices.Clone(*c.value)
	for _, item := range items {
		v := strings.ToLower(strings.TrimSpace(item))
		if !slices.Contains(c.choices, v) {
			return fmt.Errorf("%q is not %s", item, orList(quoteAll(c.choices)))
		}
		list = append(list, v)
	}
	*c.value = list
	return nil
}

// scoresValue is a list of survey scores, 1 to 5, each at most once.
type scoresValue struct {
	value   *[]int
	changed bool
}

// ScoresVar defines a flag that takes a list of survey scores.
func ScoresVar(fs *pflag.FlagSet, p *[]int, name string, def []int, usage string) {
	*p = slices.Clone(def)
	fs.Var(&scoresValue{value: p}, name, usage)
}

func (v *scoresValue) String() string { return "[" + strings.Join(v.GetSlice(), ",") + "]" }
func (v *scoresValue) Type() string   { return "ints" }
func (v *scoresValue) Choices() []string {
	var out []string
	for s := metrics.MinScore; s <= metrics.MaxScore; s++ {
		out = append(out, strconv.Itoa(s))
	}
	return out
}
func (v *scoresValue) Set(s string) error {
	items := strings.Split(s, ",")
	if strings.TrimSpace(s) == "" {
		items = nil
	}
	if !v.changed {
		v.changed = true
		return v.Replace(items)
	}
	return v.add(items)
}
func (v *scoresValue) Replace(items []string) error {
	old := *v.value
	*v.value = nil
	if err := v.add(items); err != nil {
		*v.value = old
		return err
	}
	return nil
}
func (v *scoresValue) Append(item string) error { return v.add([]string{item}) }
func (v *scoresValue) GetSlice() []string {
	out := make([]string, len(*v.value))
	for i, n := range *v.value {
		out[i] = strconv.Itoa(n)
	}
	return out
}

func (v *scoresValue) add(items []string) error {
	list := slices.Clone(*v.value)
	for _, item := range items {
		n, err := strconv.Atoi(strings.TrimSpace(item))
		if err != nil || n < metrics.MinScore || n > metrics.MaxScore {
			return fmt.Errorf("%q is not a score from %d to %d", item, metrics.MinScore, metrics.MaxScore)
		}
		if slices.Contains(list, n) {
			return fmt.Errorf("score %d is listed twice", n)
		}
		list = append(list, n)
	}
	*v.value = list
	return nil
}

// minInt64Value is a whole number of at least min.
type minInt64Value struct {
	value *int64
	min   int64
}

// MinInt64Var defines a flag that takes a whole number of at least min.
func MinInt64Var(fs *pflag.FlagSet, p *int64, name string, def, min int64, usage string) {
	*p = def
	fs.Var(&minInt64Value{value: p, min: min}, name, usage)
}

func (v *minInt64Value) String() string { return strconv.FormatInt(*v.value, 10) }
func (v *minInt64Value) Type() string   { return "int" }
func (v *minInt64Value) Set(s string) error {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < v.min {
		return fmt.Errorf("%q is not a whole number of %d or more", s, v.min)
	}
	*v.value = n
	return nil
}

// checkedString is a string that check accepts.
type checkedString struct {
	value *string
	check func(string) error
}

// CheckedStringVar defines a string flag whose value check accepts.
func CheckedStringVar(fs *pflag.FlagSet, p *string, name, def string, check func(string) error, usage string) {
	*p = def
	fs.Var(&checkedString{value: p, check: check}, name, usage)
}

func (v *checkedString) String() string { return *v.value }
func (v *checkedString) Type() string   { return "string" }
func (v *checkedString) Set(s string) error {
	if err := v.check(s); err != nil {
		return err
	}
	*v.value = s
	return nil
}

// The global settings' values.

// timezoneValue is a reporting time zone: an IANA name. "" would be UTC
// and Local the machine's zone: neither is a reporting time zone, and Local
// would make figures differ by machine.
type timezoneValue string

func (v *timezoneValue) String() string { return string(*v) }
func (v *timezoneValue) Type() string   { return "string" }
func (v *timezoneValue) Set(s string) error {
	if s == "" || s == "Local" {
		return fmt.Errorf("%q is not a reporting time zone (want an IANA name such as Europe/Stockholm, or UTC)", s)
	}
	if _, err := period.NewBucketer(s); err != nil {
		return err
	}
	*v = timezoneValue(s)
	return nil
}

// countryValue is a country code; it cannot be empty.
type countryValue string

func (v *countryValue) String() string { return string(*v) }
func (v *countryValue) Type() string   { return "string" }
func (v *countryValue) Set(s string) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("the country is empty (want a country code such as SE)")
	}
	// The same rule as a file's country column: two letters (SE, not SWE).
	if _, err := input.ParseCountry(s); err != nil {
		return err
	}
	*v = countryValue(s) // as written; the settings read it in capitals
	return nil
}

// delimiterValue and encodingValue keep the text given; DialectFlags
// reads it.
type delimiterValue string

func (v *delimiterValue) String() string { return string(*v) }
func (v *delimiterValue) Type() string   { return "string" }
func (v *delimiterValue) Choices() []string {
	return []string{"auto", "comma", "semicolon", "tab", "pipe"}
}
func (v *delimiterValue) Set(s string) error {
	if _, err := input.ParseDelimiter(s); err != nil {
		return fmt.Errorf("%q is not a delimiter (want auto, comma, semicolon, tab or pipe)", s)
	}
	*v = delimiterValue(s)
	return nil
}

type encodingValue string

func (v *encodingValue) String() string { return string(*v) }
func (v *encodingValue) Type() string   { return "string" }
func (v *encodingValue) Choices() []string {
	return []string{"auto", "utf-8", "windows-1252", "utf-16le", "utf-16be"}
}
func (v *encodingValue) Set(s string) error {
	if _, err := input.ParseEncoding(s); err != nil {
		return fmt.Errorf("%q is not an encoding (want auto, utf-8, windows-1252, utf-16le or utf-16be)", s)
	}
	*v = encodingValue(s)
	return nil
}
