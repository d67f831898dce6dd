package cmdutil

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/output"
)

func TestTimeoutValue(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"10m", 10 * time.Minute, true},
		{" 90s ", 90 * time.Second, true},
		{"1ms", time.Millisecond, true},
		{"1h30m", 90 * time.Minute, true},
		{"0", 0, false},
		{"999us", 0, false},
		{"-5m", 0, false},
		{"10", 0, false}, // no unit: seconds or minutes?
		{"soon", 0, false},
	}
	for _, tt := range tests {
		v := timeoutValue(config.DefaultTimeout)
		err := v.Set(tt.in)
		switch {
		case tt.ok && (err != nil || time.Duration(v) != tt.want):
			t.Errorf("Set(%q) = %v, %v; want %v", tt.in, time.Duration(v), err, tt.want)
		case !tt.ok && err == nil:
			t.Errorf("Set(%q) accepted %v", tt.in, time.Duration(v))
		case !tt.ok && time.Duration(v) != config.DefaultTimeout:
			t.Errorf("Set(%q) refused, but changed the value to %v", tt.in, time.Duration(v))
		}
	}
}

// TestDatabaseFlag checks that --database keeps the URL as given for the
// connection and shows it, in help and in 'nollmission config', without
// the password.
func TestDatabaseFlag(t *testing.T) {
	cmd := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { return nil }}
	AddDataFlags(cmd)
	const url = "postgres://reader:s3cret@db.example/bank?sslmode=require"
	cmd.SetArgs([]string{"--database", url, "--timeout", "90s"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got := DatabaseURL(cmd.Flags()); got != url {
		t.Errorf("DatabaseURL = %q, want %q", got, url)
	}
	if got := cmd.Flags().Lookup(config.KeyDatabase).Value.String(); got != "postgres://reader@db.example/bank?sslmode=require" {
		t.Errorf("shown as %q", got)
	}
	if Timeout(cmd.Flags()) != 90*time.Second {
		t.Errorf("Timeout = %v", Timeout(cmd.Flags()))
	}
	if strings.Contains(cmd.UsageString(), "s3cret") {
		t.Error("the usage shows the password")
	}
	bare := &cobra.Command{Use: "y"}
	if DatabaseURL(bare.Flags()) != "" || Timeout(bare.Flags()) != config.DefaultTimeout {
		t.Error("a command without the flags has no database and the default timeout")
	}
}

// TestOwnOutputFlag: a command's own -o takes its formats only (any case),
// the first by default, and names them when it refuses another; its
// setting is not marked top level.
func TestOwnOutputFlag(t *testing.T) {
	cmd := &cobra.Command{Use: "aggregate"}
	var format output.Format
	AddOwnOutputFlag(cmd, &format, output.FormatCSV, output.FormatJSON)
	f := cmd.Flags().Lookup(config.KeyOutput)
	if format != output.FormatCSV || f.Shorthand != "o" || config.IsTopLevel(f) {
		t.Fatalf("default %q, shorthand %q, top level %v", format, f.Shorthand, config.IsTopLevel(f))
	}
	if err := f.Value.Set(" JSON "); err != nil || format != output.FormatJSON {
		t.Errorf("Set(JSON): %q, %v", format, err)
	}
	for _, bad := range []string{"table", "markdown", "sql", ""} {
		err := f.Value.Set(bad)
		if err == nil || format != output.FormatJSON {
			t.Errorf("Set(%q) accepted, or changed the value to %q", bad, format)
		} else if want := fmt.Sprintf("unknown output format %q (want csv or json)", bad); err.Error() != want {
			t.Errorf("Set(%q): %v, want %s", bad, err, want)
		}
	}
	if got := f.Value.(Chooser).Choices(); !slices.Equal(got, []string{"csv", "json"}) {
		t.Errorf("choices %q", got)
	}
}
