package output

import (
	"encoding/json"
	"math"
	"testing"
)

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

func TestInterval(t *testing.T) {
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
		if got := Interval(tt.low, tt.high, tt.ok, tt.decimals); got != tt.want {
			t.Errorf("Interval(%v, %v, %v, %d) = %q, want %q", tt.low, tt.high, tt.ok, tt.decimals, got, tt.want)
		}
	}
}
