package cmdutil

import (
	"testing"
)

func TestParseCILevel(t *testing.T) {
	tests := []struct {
		in       string
		fraction float64 // 0: refused
		label    string
	}{
		{"95", 0.95, "95 %"},
		{"99", 0.99, "99 %"},
		{"99.9", 0.999, "99.9 %"},
		{" 90% ", 0.9, "90 %"},
		{"50", 0.5, "50 %"},
		{"99.99999999", 0.9999999999, "99.99999999 %"}, // every digit: rounded, it read "100 %"
		{"95.000", 0.95, "95 %"},
		{"99.9999", 0.999999, "99.9999 %"},
		{"99.99999999999", 0, ""},       // α = 1e-13: 1 − the level as a float is off by 2e-5 of it
		{"99.99999999999999999", 0, ""}, // below 100, but 1 as a float: no interval
		{"0", 0, ""},
		{"100", 0, ""},
		{"-5", 0, ""},
		{"abc", 0, ""},
		{"0.95", 0, ""}, // a fraction where a percentage belongs
		{"49.9", 0, ""},
		{"95.", 0, ""},
		{"1e2", 0, ""},
		{"", 0, ""},
	}
	for _, tt := range tests {
		l, err := ParseCILevel(tt.in)
		if tt.fraction == 0 {
			if err == nil || l.IsSet() {
				t.Errorf("ParseCILevel(%q) = %v, want an error", tt.in, l.Fraction())
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseCILevel(%q): %v", tt.in, err)
			continue
		}
		if l.Fraction() != tt.fraction || l.Label() != tt.label {
			t.Errorf("ParseCILevel(%q) = %v, %q; want %v, %q", tt.in, l.Fraction(), l.Label(), tt.fraction, tt.label)
		}
	}
	if (CILevel{}).IsSet() || (CILevel{}).String() != "" {
		t.Error("the zero CILevel must be unset and print as empty")
	}
}
