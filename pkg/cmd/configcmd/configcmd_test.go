package configcmd_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/cmd/root"
	"github.com/nollmission/nollmission/pkg/cmdutil/cmdtest"
	"github.com/nollmission/nollmission/pkg/exit"
)

type setting struct {
	Key     string  `json:"key"`
	Command *string `json:"command"`
	Value   any     `json:"value"`
	Source  string  `json:"source"`
	From    *string `json:"from"`
	Env     string  `json:"env"`
}

type doc struct {
	SchemaVersion int `json:"schema_version"`
	ConfigFile    struct {
		Path   *string `json:"path"`
		Source string  `json:"source"`
	} `json:"config_file"`
	Settings []setting `json:"settings"`
	Targets  []struct {
		Year                 int      `json:"year"`
		Baseline             *float64 `json:"baseline"`
		BaselinePreviousYear bool     `json:"baseline_previous_year"`
		Target               *float64 `json:"target"`
		ReductionPercent     *float64 `json:"reduction_percent"`
	} `json:"targets"`
	TargetsSource string `json:"targets_source"`
}

// run runs nollmission in a fresh directory holding nollmission.yaml
// (when config is not empty), with env set.
func run(t *testing.T, config string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	dir := t.TempDir()
	if config != "" {
		if err := os.WriteFile(filepath.Join(dir, "nollmission.yaml"), []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	for k, v := range env {
		t.Setenv(k, v)
	}
	ios, out, errOut := cmdtest.Streams()
	code := root.Main(args, ios, "test")
	return code, out.String(), errOut.String()
}

// TestSources checks that config reports each setting's effective value and
// the source that won: flag over environment over file over default.
func TestSources(t *testing.T) {
	const file = "country: NO\ntimezone: Europe/Oslo\noutput: json\nprogress:\n  fail-on: [missed, off_track]\nrate:\n  decimals: 2\n" +
		"targets:\n  - {year: 2020, baseline: previous_year, reduction: 15%}\n"
	env := map[string]string{"NOLLMISSION_TIMEZONE": "Europe/Helsinki", "NOLLMISSION_RATE_DECIMALS": "1"}
	code, out, errOut := run(t, file, env, "config", "--country", "FI")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var d doc
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	tests := []struct {
		key    string
		value  any
		source string
		from   string
	}{
		{"country", "FI", "flag", ""},                                  // flag over file
		{"timezone", "Europe/Helsinki", "env", "NOLLMISSION_TIMEZONE"}, // env over file
		{"output", "json", "file", "nollmission.yaml"},                 // file over default
		{"surveys", []any{}, "default", ""},
		{"progress.fail-on", []any{"missed", "off_track"}, "file", "nollmission.yaml"},
		{"progress.year", "0", "default", ""},
		{"rate.decimals", "1", "env", "NOLLMISSION_RATE_DECIMALS"}, // a command's own key, env over file
	}
	for _, tt := range tests {
		i := slices.IndexFunc(d.Settings, func(s setting) bool { return s.Key == tt.key })
		if i < 0 {
			t.Errorf("no setting %s", tt.key)
			continue
		}
		s := d.Settings[i]
		from := ""
		if s.From != nil {
			from = *s.From
		}
		value, _ := json.Marshal(s.Value)
		want, _ := json.Marshal(tt.value)
		if string(value) != string(want) || s.Source != tt.source || from != tt.from {
			t.Errorf("%s = %s from %s %q, want %s from %s %q", tt.key, value, s.Source, from, want, tt.source, tt.from)
		}
	}
	if d.ConfigFile.Path == nil || *d.ConfigFile.Path != "nollmission.yaml" || d.ConfigFile.Source != "default" {
		t.Errorf("config file %+v", d.ConfigFile)
	}
	if len(d.Targets) != 1 || d.TargetsSource != "file" || !d.Targets[0].BaselinePreviousYear || d.Targets[0].Target != nil ||
		d.Targets[0].ReductionPercent == nil || *d.Targets[0].ReductionPercent != 15 {
		t.Errorf("targets %+v from %s", d.Targets, d.TargetsSource)
	}
	if d.SchemaVersion != 1 || !strings.HasPrefix(out, "{\n  \"schema_version\"") {
		t.Errorf("schema_version must come first")
	}
}

func TestTable(t *testing.T) {
	code, out, _ := run(t, "", nil, "config", "-o", "csv")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"key,value,source,environment variable\n",
		"config,(none),default: ./nollmission.yaml when it exists,NOLLMISSION_CONFIG\n",
		"country,SE,default,NOLLMISSION_COUNTRY\n",
		"progress.fail-on,[],default,NOLLMISSION_PROGRESS_FAIL_ON\n",
		"targets,2019: 40 → 36; 2020: 33 → 28,default (the embedded sample's; used with the sample data only),\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

// TestErrors checks that config checks the whole file, including the
// settings of commands other than itself, and fails with exit 2.
func TestErrors(t *testing.T) {
	tests := []struct {
		name, config string
		args         []string
		want         string
	}{
		{"another command's bad value", "rate:\n  decimals: many\n", nil, `rate.decimals: invalid value "many"`},
		{"unknown key", "progress:\n  fail-onn: [missed]\n", nil, `unknown key "progress.fail-onn"`},
		{"missing file", "", []string{"--config", "missing.yaml"}, "config file missing.yaml: no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, tt.config, nil, append([]string{"config"}, tt.args...)...)
			if code != exit.Usage || out != "" || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, out, errOut, tt.want)
			}
		})
	}
}
