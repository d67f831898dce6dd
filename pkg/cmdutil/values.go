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

// listValue is a comma-separated list flag; repeating the flag adds to
// the list, as pflag's own list flags do. item reads one element, given
// the list so far; text writes one back.
type listValue[T any] struct {
	value   *[]T
	changed bool
	kind    string   // pflag's Type: "strings", "ints"
	choices []string // for completion
	item    func(s string, list []T) (T, error)
	text    func(T) string
}

// ChoiceListVar defines a flag that takes a list of choices (--fail-on
// off_track,missed).
func ChoiceListVar(fs *pflag.FlagSet, p *[]string, name string, choices []string, usage string) {
	*p = nil
	fs.Var(&listValue[string]{value: p, kind: "strings", choices: choices,
		item: func(s string, _ []string) (string, error) {
			v := strings.ToLower(strings.TrimSpace(s))
			if !slices.Contains(choices, v) {
				return "", fmt.Errorf("%q is not %s", s, orList(quoteAll(choices)))
			}
			return v, nil
		},
		text: func(s string) string { return s },
	}, name, usage)
}

// ScoresVar defines a flag that takes a list of survey scores, 1 to 5,
// each at most once.
func ScoresVar(fs *pflag.FlagSet, p *[]int, name string, def []int, usage string) {
	*p = slices.Clone(def)
	var scores []string
	for s := metrics.MinScore; s <= metrics.MaxScore; s++ {
		scores = append(scores, strconv.Itoa(s))
	}
	fs.Var(&listValue[int]{value: p, kind: "ints", choices: scores,
		item: func(s string, list []int) (int, error) {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < metrics.MinScore || n > metrics.MaxScore {
				return 0, fmt.Errorf("%q is not a score from %d to %d", s, metrics.MinScore, metrics.MaxScore)
			}
			if slices.Contains(list, n) {
				return 0, fmt.Errorf("score %d is listed twice", n)
			}
			return n, nil
		},
		text: strconv.Itoa,
	}, name, usage)
}

func (l *listValue[T]) String() string    { return "[" + strings.Join(l.GetSlice(), ",") + "]" }
func (l *listValue[T]) Type() string      { return l.kind }
func (l *listValue[T]) Choices() []string { return l.choices }

// Set replaces the default with the first use's list, and adds to it at
// the next.
func (l *listValue[T]) Set(s string) error {
	items := strings.Split(s, ",")
	if strings.TrimSpace(s) == "" {
		items = nil
	}
	if !l.changed {
		l.changed = true
		return l.Replace(items)
	}
	return l.add(items)
}

func (l *listValue[T]) Replace(items []string) error {
	old := *l.value
	*l.value = nil
	if err := l.add(items); err != nil {
		*l.value = old
		return err
	}
	return nil
}

func (l *listValue[T]) Append(item string) error { return l.add([]string{item}) }

func (l *listValue[T]) GetSlice() []string {
	out := make([]string, len(*l.value))
	for i, v := range *l.value {
		out[i] = l.text(v)
	}
	return out
}

// add adds the items, or none of them when one is wrong.
func (l *listValue[T]) add(items []string) error {
	list := slices.Clone(*l.value)
	for _, s := range items {
		v, err := l.item(s, list)
		if err != nil {
			return err
		}
		list = append(list, v)
	}
	*l.value = list
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
		if zone, ok := zoneNamed(s); ok {
			return fmt.Errorf("unknown time zone %q: did you mean %s?", s, zone)
		}
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
