package cmdutil

import (
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// TestValuesRefuseInSet checks that each flag value refuses a bad value
// when it is set (so from the command line, the environment and the
// config file alike) and keeps a good one as its flag shows it.
func TestValuesRefuseInSet(t *testing.T) {
	flags := func() *pflag.FlagSet {
		fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
		var by string
		var failOn []string
		var scores []int
		var min int64
		ChoiceVar(fs, &by, "by", "channel", []string{"channel", "category", "country"}, "")
		ChoiceListVar(fs, &failOn, "fail-on", []string{"met", "missed"}, "")
		ScoresVar(fs, &scores, "scores", []int{4, 5}, "")
		MinInt64Var(fs, &min, "min", 100, 0, "")
		zone, country, delimiter, encoding := timezoneValue("Europe/Stockholm"), countryValue("SE"), delimiterValue("auto"), encodingValue("auto")
		fs.Var(&zone, "timezone", "")
		fs.Var(&country, "country", "")
		fs.Var(&delimiter, "delimiter", "")
		fs.Var(&encoding, "encoding", "")
		return fs
	}
	tests := []struct {
		flag, value string
		want        string // the flag's value after Set; "" when refused
		wantErr     string
	}{
		{"by", " Category ", "category", ""},
		{"by", "foo", "", `"foo" is not "channel", "category" or "country"`},
		{"fail-on", "met,MISSED", "[met,missed]", ""},
		{"fail-on", "met,late", "", `"late" is not "met" or "missed"`},
		{"scores", "5", "[5]", ""},
		{"scores", "4,5,9", "", `"9" is not a score from 1 to 5`},
		{"scores", "4,4", "", "score 4 is listed twice"},
		{"scores", "", "[]", ""},
		{"min", "0", "0", ""},
		{"min", "-1", "", `"-1" is not a whole number of 0 or more`},
		{"timezone", "Europe/Oslo", "Europe/Oslo", ""},
		{"timezone", "UTC", "UTC", ""},
		{"timezone", "Mars/X", "", `unknown time zone "Mars/X"`},
		{"timezone", "", "", `"" is not a reporting time zone`},
		{"timezone", "Local", "", `"Local" is not a reporting time zone`},
		{"country", "no", "no", ""},
		{"country", " ", "", "the country is empty"},
		{"country", "SWE", "", `"SWE" is not a two-letter country code (write SE: SWE is its three-letter code`},
		{"country", "Sverige", "", `"Sverige" is not a two-letter country code`},
		{"country", "UK", "", `"UK" is not an ISO 3166 country code (write GB: GB is the ISO 3166 code for the United Kingdom; UK is not one)`},
		{"country", "gb", "gb", ""},
		{"delimiter", "semicolon", "semicolon", ""},
		{"delimiter", "colon", "", `"colon" is not a delimiter`},
		{"encoding", "utf-16le", "utf-16le", ""},
		{"encoding", "ebcdic", "", `"ebcdic" is not an encoding`},
	}
	for _, tt := range tests {
		t.Run(tt.flag+"="+tt.value, func(t *testing.T) {
			f := flags().Lookup(tt.flag)
			before := f.Value.String()
			err := f.Value.Set(tt.value)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Set(%q): %v", tt.value, err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("Set(%q) = %v, want an error with %q", tt.value, err, tt.wantErr)
			case tt.wantErr != "" && f.Value.String() != before:
				t.Errorf("a refused value changed the flag: %q, was %q", f.Value.String(), before)
			case tt.wantErr == "" && f.Value.String() != tt.want:
				t.Errorf("after Set(%q) the flag is %q, want %q", tt.value, f.Value.String(), tt.want)
			}
		})
	}
}

// TestListValuesAppend checks that a repeated list flag adds to the list,
// after replacing the default, as pflag's own list flags do; Replace (the
// config file's lists) checks every item.
func TestListValuesAppend(t *testing.T) {
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	var scores []int
	var failOn []string
	ScoresVar(fs, &scores, "scores", []int{4, 5}, "")
	ChoiceListVar(fs, &failOn, "fail-on", []string{"met", "missed", "on_track"}, "")
	if err := fs.Parse([]string{"--scores", "3", "--scores", "4,5", "--fail-on", "met", "--fail-on", "missed"}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(scores, []int{3, 4, 5}) || !slices.Equal(failOn, []string{"met", "missed"}) {
		t.Errorf("scores %v, fail-on %v", scores, failOn)
	}
	if err := fs.Parse([]string{"--scores", "3"}); err == nil || !strings.Contains(err.Error(), "score 3 is listed twice") {
		t.Errorf("a score given twice: %v", err)
	}
	list := fs.Lookup("fail-on").Value.(pflag.SliceValue)
	if err := list.Replace([]string{"on_track", "never"}); err == nil || !slices.Equal(failOn, []string{"met", "missed"}) {
		t.Errorf("Replace with a bad item: %v, fail-on %v", err, failOn)
	}
}
