package cmdutil

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/period"
)

func TestNaiveZoneValue(t *testing.T) {
	var v naiveZoneValue
	for _, bad := range []string{"", " ", "Local", "local", "Europe/Stockhom"} {
		if err := v.Set(bad); err == nil {
			t.Errorf("Set(%q) accepted", bad)
		}
	}
	if err := v.Set(" UTC "); err != nil || v.String() != "UTC" {
		t.Errorf("Set(UTC): %q, %v", v.String(), err)
	}
}

func TestPeriodFormatValue(t *testing.T) {
	var v periodFormatValue
	if v.String() != "auto" {
		t.Errorf("default %q", v.String())
	}
	if err := v.Set("epoch-ms"); err != nil || period.PeriodFormat(v) != period.FormatEpochMillis {
		t.Errorf("Set(epoch-ms): %v, %v", v, err)
	}
	if err := v.Set("epoch"); err == nil {
		t.Error("Set(epoch) accepted")
	}
}

func TestColumnsValue(t *testing.T) {
	tests := []struct {
		name  string
		set   func(v *columnsValue) error
		items []string
	}{
		{"flags add up", func(v *columnsValue) error {
			if err := v.Set("period=created_at,transactions.count=f0_"); err != nil {
				return err
			}
			return v.Set(`"count=count(a, b)"`)
		}, []string{"period=created_at", "transactions.count=f0_", "count=count(a, b)"}},
		{"a section per kind", func(v *columnsValue) error {
			return v.SetFromFile(map[string]any{
				"period":       "created_at",
				"transactions": map[string]any{"count": "f0_"},
				"complaints":   map[string]any{"channel": "kanal", "count": "none"},
			})
		}, []string{"complaints.channel=kanal", "complaints.count=none", "period=created_at", "transactions.count=f0_"}},
		{"a list", func(v *columnsValue) error {
			return v.SetFromFile([]any{"period=created_at", "count=antal"})
		}, []string{"period=created_at", "count=antal"}},
		{"a string", func(v *columnsValue) error { return v.SetFromFile("period=created_at,count=antal") },
			[]string{"period=created_at", "count=antal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v columnsValue
			if err := tt.set(&v); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(v.GetSlice(), tt.items) {
				t.Errorf("items %q, want %q", v.GetSlice(), tt.items)
			}
		})
	}
	var v columnsValue
	if err := v.SetFromFile(map[string]any{"complaints": map[string]any{"count": "f0_"}, "period": "ts"}); err != nil {
		t.Fatal(err)
	}
	if got := v.m.For(input.Complaints); got[input.RoleCount] != "f0_" || got[input.RolePeriod] != "ts" {
		t.Errorf("For(complaints) = %v", got)
	}
	for _, bad := range []any{
		map[string]any{"purchases": map[string]any{"count": "n"}},
		map[string]any{"transactions": map[string]any{"channel": "kanal"}},
		map[string]any{"count": []any{"a"}},
		map[string]any{"amount": "belopp"},
	} {
		if err := new(columnsValue).SetFromFile(bad); err == nil {
			t.Errorf("SetFromFile(%v) accepted", bad)
		}
	}
}

func TestHeaderValue(t *testing.T) {
	var v headerValue
	if err := v.SetFromFile(map[string]any{"transactions": []any{"timestamp", "country"}, "complaints": "date,channel"}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(v.GetSlice(), " "); got != "complaints=date,channel transactions=timestamp,country" {
		t.Errorf("items %s", got)
	}
	if got := v.h.For(input.Transactions); !reflect.DeepEqual(got, []string{"timestamp", "country"}) {
		t.Errorf("For(transactions) = %q", got)
	}
	v = headerValue{}
	if err := v.SetFromFile([]any{"timestamp", "a,b"}); err != nil {
		t.Fatal(err)
	}
	if got := v.h.For(input.Surveys); !reflect.DeepEqual(got, []string{"timestamp", "a,b"}) {
		t.Errorf("a list: %q", got)
	}
	// Flags: the first replaces, the next add; each is one header.
	v = headerValue{}
	if err := v.Set("timestamp,country"); err != nil {
		t.Fatal(err)
	}
	if err := v.Set("complaints=date,channel"); err != nil {
		t.Fatal(err)
	}
	if got := v.h.For(input.Complaints); !reflect.DeepEqual(got, []string{"date", "channel"}) {
		t.Errorf("complaints: %q", got)
	}
	if err := v.Set("month,country"); err == nil {
		t.Error("a second header for every kind accepted")
	}
	if err := new(headerValue).SetFromFile(map[string]any{"purchases": "a"}); err == nil {
		t.Error("an unknown kind accepted")
	}
}
