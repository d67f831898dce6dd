package cmdutil

import (
	"encoding/json"
	"math"
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

func TestNullableNumberJSON(t *testing.T) {
	type doc struct {
		Absent *NullableNumber `json:"absent,omitempty"`
		Null   *NullableNumber `json:"null,omitempty"`
		Inf    *NullableNumber `json:"inf,omitempty"`
		Value  *NullableNumber `json:"value,omitempty"`
		Plain  *float64        `json:"plain"`
	}
	b, err := json.Marshal(doc{Null: Number(1, false), Inf: Number(math.Inf(1), true), Value: Number(2.5, true), Plain: FiniteFloat(math.NaN(), true)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"null":null,"inf":null,"value":2.5,"plain":null}`; got != want {
		t.Errorf("JSON = %s, want %s", got, want)
	}
	var back doc // null reads back as a nil pointer, as for any pointer field
	if err := json.Unmarshal(b, &back); err != nil || back.Value == nil || *back.Value.Value != 2.5 || back.Null != nil {
		t.Errorf("round trip: %+v, %v", back, err)
	}
}

func TestIntervalCell(t *testing.T) {
	tests := []struct {
		low, high float64
		ok        bool
		decimals  int
		want      string
	}{
		{39.767641805242683, 52.847968266478667, true, 1, "39.8–52.8"},
		{39.767641805242683, 52.847968266478667, true, 0, "40–53"},
		{0, 3.688879454113936, true, 2, "0.00–3.69"},
		{0.5, 2.5, true, 0, "1–3"}, // half away from zero, as the exact figures
		{0.59, math.Inf(1), true, 2, "0.59–∞"},
		{0, 0, false, 1, "–"},
	}
	for _, tt := range tests {
		if got := IntervalCell(tt.low, tt.high, tt.ok, tt.decimals); got != tt.want {
			t.Errorf("IntervalCell(%v, %v, %v, %d) = %q, want %q", tt.low, tt.high, tt.ok, tt.decimals, got, tt.want)
		}
	}
}
