package period

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

func epochBucketer(t *testing.T, zone string, f PeriodFormat) *Bucketer {
	t.Helper()
	b, err := NewBucketerWith(zone, Options{Format: f})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEpochAtBoundaries(t *testing.T) {
	seconds := epochBucketer(t, "Europe/Stockholm", FormatEpochSeconds)
	millis := epochBucketer(t, "Europe/Stockholm", FormatEpochMillis)
	for _, in := range boundaryInstants {
		at, err := time.Parse(time.DateTime, in.utc)
		if err != nil {
			t.Fatal(err)
		}
		u := strconv.FormatInt(at.Unix(), 10)
		for _, tt := range []struct {
			b    *Bucketer
			cell string
		}{
			{seconds, u}, {seconds, u + ".5"}, {seconds, u + ".999999999"}, {seconds, "0" + u},
			{millis, u + "000"}, {millis, u + "999"}, {millis, u + "000.25"},
		} {
			m, f, err := tt.b.Parse(tt.cell)
			if err != nil || m.String() != in.want || f != FormEpoch {
				t.Errorf("%v: Parse(%q) = %v, %v, %v; want %s (%sZ), epoch", tt.b.Format(), tt.cell, m, f, err, in.want, in.utc)
			}
		}
	}
}

func TestEpoch(t *testing.T) {
	tests := []struct {
		zone   string
		format PeriodFormat
		in     string
		want   string
		form   Form
	}{
		{"Europe/Stockholm", FormatEpochSeconds, "1548977400", "2019-02", FormEpoch}, // 2019-01-31T23:30:00Z
		{"Europe/Stockholm", FormatEpochSeconds, "1548975599", "2019-01", FormEpoch}, // 22:59:59Z
		{"Europe/Stockholm", FormatEpochMillis, "1548977400000", "2019-02", FormEpoch},
		{"Europe/Stockholm", FormatEpochMillis, "1548975599999", "2019-01", FormEpoch},
		{"UTC", FormatEpochSeconds, "0", "1970-01", FormEpoch},
		{"UTC", FormatEpochSeconds, "0.5", "1970-01", FormEpoch},
		{"UTC", FormatEpochSeconds, "-0", "1970-01", FormEpoch},
		{"UTC", FormatEpochSeconds, "-0.5", "1969-12", FormEpoch}, // the second that starts at -1
		{"UTC", FormatEpochSeconds, "-1", "1969-12", FormEpoch},
		{"UTC", FormatEpochMillis, "-1", "1969-12", FormEpoch},
		{"UTC", FormatEpochMillis, "-1000", "1969-12", FormEpoch},
		{"UTC", FormatEpochMillis, "999.9", "1970-01", FormEpoch},
		{"UTC", FormatEpochSeconds, "253402300799", "9999-12", FormEpoch},            // 9999-12-31T23:59:59Z
		{"UTC", FormatEpochSeconds, "-62135596800", "0001-01", FormEpoch},            // 0001-01-01T00:00:00Z
		{"UTC", FormatEpochMillis, "-62135596800000", "0001-01", FormEpoch},          // the same
		{"Europe/Stockholm", FormatEpochSeconds, "7258118400", "2200-01", FormEpoch}, // 2200-01-01T00:00Z, near the table's end
		{"Europe/Stockholm", FormatEpochSeconds, "9999999999", "2286-11", FormEpoch}, // beyond the table
		// Months, dates and timestamps are still read by their form.
		{"Europe/Stockholm", FormatEpochSeconds, "2019-03", "2019-03", FormMonth},
		{"Europe/Stockholm", FormatEpochMillis, "2019-03-14", "2019-03", FormDate},
		{"Europe/Stockholm", FormatEpochSeconds, "2019-01-31 23:30:00 UTC", "2019-02", FormInstant},
	}
	for _, tt := range tests {
		b := epochBucketer(t, tt.zone, tt.format)
		m, f, err := b.Parse(tt.in)
		if err != nil || m.String() != tt.want || f != tt.form {
			t.Errorf("%s, %v: Parse(%q) = %v, %v, %v; want %s, %v", tt.zone, tt.format, tt.in, m, f, err, tt.want, tt.form)
		}
	}
}

func TestBadEpoch(t *testing.T) {
	tests := []struct {
		format PeriodFormat
		in     string
		reason string
	}{
		// Never guessed: 9 to 13 digits say how to declare them.
		{FormatAuto, "1548977400", "declare the period format epoch-s or epoch-ms"},
		{FormatAuto, "1548977400000", "declare the period format epoch-s or epoch-ms"},
		{FormatAuto, "100000000", "declare the period format epoch-s or epoch-ms"},
		{FormatAuto, "12345678", "not a month, date or timestamp"},
		{FormatAuto, "15489774000000", "not a month, date or timestamp"},
		{FormatAuto, "1548977400.5", "not a month, date or timestamp"},
		{FormatAuto, "-1548977400", "not a month, date or timestamp"},
		// Declared, but not epoch time.
		{FormatEpochSeconds, "1.5489774E9", "not a month, date, timestamp or epoch time"},
		{FormatEpochSeconds, "+1548977400", "not a month, date, timestamp or epoch time"},
		{FormatEpochSeconds, "1548977400.", "not a month, date, timestamp or epoch time"},
		{FormatEpochSeconds, ".5", "not a month, date, timestamp or epoch time"},
		{FormatEpochSeconds, "-", "not a month, date, timestamp or epoch time"},
		{FormatEpochSeconds, "--1", "not a month, date, timestamp or epoch time"},
		{FormatEpochSeconds, "1548977400,5", "not a month, date, timestamp or epoch time"},
		{FormatEpochMillis, "14/03/2019", "not a month, date, timestamp or epoch time"},
		{FormatEpochSeconds, "", "not a month, date, timestamp or epoch time"},
		// Milliseconds read as seconds fall in year 51055.
		{FormatEpochSeconds, "1548977400000", "if they count milliseconds, declare the period format epoch-ms"},
		{FormatEpochSeconds, "253402300800", "outside the years 0001 to 9999"}, // 10000-01-01T00:00:00Z
		{FormatEpochMillis, "1548977400000000000", "outside the years 0001 to 9999"},
		{FormatEpochMillis, "99999999999999999999999", "outside the years 0001 to 9999"},
		{FormatEpochSeconds, "-62135596801", "outside the years 0001 to 9999"},
		// The other forms keep their reasons.
		{FormatEpochSeconds, "2019-02-30", "2019-02-30 does not exist"},
	}
	for _, tt := range tests {
		b := epochBucketer(t, "UTC", tt.format)
		m, f, err := b.Parse(tt.in)
		if err == nil || f != 0 || !strings.Contains(err.Error(), tt.reason) {
			t.Errorf("%v: Parse(%q) = %v, %v, %v; want an error containing %q", tt.format, tt.in, m, f, err, tt.reason)
		}
	}
	b := epochBucketer(t, "UTC", FormatAuto)
	if _, err := b.Month("1548977400"); !errors.Is(err, ErrEpochNotDeclared) {
		t.Errorf("Month(1548977400) = %v, want ErrEpochNotDeclared", err)
	}
}

func TestPeriodFormatNames(t *testing.T) {
	for _, f := range []PeriodFormat{FormatAuto, FormatEpochSeconds, FormatEpochMillis} {
		got, err := ParsePeriodFormat(f.String())
		if err != nil || got != f {
			t.Errorf("ParsePeriodFormat(%q) = %v, %v", f, got, err)
		}
		var u PeriodFormat
		text, _ := f.MarshalText()
		if err := u.UnmarshalText(text); err != nil || u != f {
			t.Errorf("UnmarshalText(%q) = %v, %v", text, u, err)
		}
	}
	if got := []string{FormatAuto.String(), FormatEpochSeconds.String(), FormatEpochMillis.String()}; strings.Join(got, " ") != "auto epoch-s epoch-ms" {
		t.Errorf("names %v", got)
	}
	if _, err := ParsePeriodFormat("epoch"); err == nil || err.Error() != `unknown period format "epoch" (want auto, epoch-s or epoch-ms)` {
		t.Errorf("ParsePeriodFormat(epoch): %v", err)
	}
	if _, err := NewBucketerWith("UTC", Options{Format: 7}); err == nil {
		t.Error("period format 7 accepted")
	}
}

func TestLooksLikePeriod(t *testing.T) {
	auto := epochBucketer(t, "UTC", FormatAuto)
	seconds := epochBucketer(t, "UTC", FormatEpochSeconds)
	tests := []struct {
		in             string
		auto, declared bool
	}{
		{"2019-03", true, true},
		{"2019-03-14", true, true},
		{"2019-10-27 01:24:45.236+00", true, true},
		{"2019-02-30", true, true}, // a bad date is still data
		{"2019-1", true, true},
		{"1548977400", true, true},
		{"1548977400000", true, true},
		{"1548977400.5", false, true},
		{"-1", false, true},
		{"99999999999999999999", false, true}, // epoch time out of range is still data
		{"12345678", false, true},
		{"month", false, false},
		{"timestamp", false, false},
		{"created_at", false, false},
		{"2019", false, true},
		{"2019-", false, false},
		{"2019-x", false, false},
		{"f0_", false, false},
		{"", false, false},
		{"\ufeffmonth", false, false}, // a BOM left on the header
	}
	for _, tt := range tests {
		if got := auto.LooksLikePeriod(tt.in); got != tt.auto {
			t.Errorf("auto: LooksLikePeriod(%q) = %v, want %v", tt.in, got, tt.auto)
		}
		if got := seconds.LooksLikePeriod(tt.in); got != tt.declared {
			t.Errorf("epoch-s: LooksLikePeriod(%q) = %v, want %v", tt.in, got, tt.declared)
		}
	}
}
