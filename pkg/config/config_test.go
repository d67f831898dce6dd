package config

import (
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// tree builds a small command tree like nollmission's: global persistent
// flags on the root and commands with flags of their own.
func tree(c *Config) (*cobra.Command, map[string]*cobra.Command) {
	root := &cobra.Command{Use: "nollmission", SilenceErrors: true, SilenceUsage: true}
	pf := root.PersistentFlags()
	pf.StringArray(KeyTransactions, nil, "")
	pf.String(KeyCountry, DefaultCountry, "")
	pf.String(KeyTimezone, DefaultTimezone, "")
	pf.StringP(KeyOutput, "o", DefaultOutput, "")
	pf.String(KeyConfig, "", "")
	cmds := map[string]*cobra.Command{}
	for _, name := range []string{"csat", "progress"} {
		cmd := &cobra.Command{Use: name, RunE: func(cmd *cobra.Command, _ []string) error { return c.Apply(cmd) }}
		cmd.Flags().Int("year", 0, "")
		root.AddCommand(cmd)
		cmds[name] = cmd
	}
	cmds["csat"].Flags().IntSlice("satisfied-scores", []int{4, 5}, "")
	cmds["csat"].Flags().String("csat-threshold", "85", "")
	cmds["progress"].Flags().StringSlice("fail-on", nil, "")
	return root, cmds
}

// run executes args in a fresh directory holding files, with env set.
func run(t *testing.T, files, env map[string]string, args ...string) (*Config, *cobra.Command, error) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	for k, v := range env {
		t.Setenv(k, v)
	}
	c := New()
	root, cmds := tree(c)
	root.SetArgs(args)
	err := root.Execute()
	return c, cmds[args[0]], err
}

func setting(t *testing.T, c *Config, cmd *cobra.Command, key string) Setting {
	t.Helper()
	settings, err := c.Describe(cmd)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range settings {
		if s.Key.Name == key {
			return s
		}
	}
	t.Fatalf("no setting %s", key)
	return Setting{}
}

// TestPrecedence checks that each of flag, environment, file and default
// wins where it should, for global keys and for a command's own keys, and
// that the value reaches the running command's flag.
func TestPrecedence(t *testing.T) {
	const file = "nollmission.yaml"
	tests := []struct {
		name   string
		files  map[string]string
		env    map[string]string
		args   []string
		key    string
		want   []string
		source Source
		from   string
	}{
		{"default", nil, nil, []string{"csat"}, "country", []string{"SE"}, SourceDefault, ""},
		{"file over default", map[string]string{file: "country: NO\n"}, nil, []string{"csat"}, "country", []string{"NO"}, SourceFile, file},
		{"env over file", map[string]string{file: "country: NO\n"}, map[string]string{"NOLLMISSION_COUNTRY": "DK"}, []string{"csat"}, "country", []string{"DK"}, SourceEnv, "NOLLMISSION_COUNTRY"},
		{"flag over env and file", map[string]string{file: "country: NO\n"}, map[string]string{"NOLLMISSION_COUNTRY": "DK"}, []string{"csat", "--country", "FI"}, "country", []string{"FI"}, SourceFlag, ""},
		{"empty env is unset", map[string]string{file: "country: NO\n"}, map[string]string{"NOLLMISSION_COUNTRY": ""}, []string{"csat"}, "country", []string{"NO"}, SourceFile, file},
		{"section key from file", map[string]string{file: "csat:\n  satisfied-scores: [5]\n"}, nil, []string{"csat"}, "csat.satisfied-scores", []string{"5"}, SourceFile, file},
		{"section key from env", map[string]string{file: "csat:\n  satisfied-scores: [5]\n"}, map[string]string{"NOLLMISSION_CSAT_SATISFIED_SCORES": "3,4,5"}, []string{"csat"}, "csat.satisfied-scores", []string{"3", "4", "5"}, SourceEnv, "NOLLMISSION_CSAT_SATISFIED_SCORES"},
		{"section key flag", map[string]string{file: "csat:\n  satisfied-scores: [5]\n"}, nil, []string{"csat", "--satisfied-scores", "4"}, "csat.satisfied-scores", []string{"4"}, SourceFlag, ""},
		{"section key default", nil, nil, []string{"csat"}, "csat.satisfied-scores", []string{"4", "5"}, SourceDefault, ""},
		{"number from file", map[string]string{file: "csat:\n  csat-threshold: 84.5\n"}, nil, []string{"csat"}, "csat.csat-threshold", []string{"84.5"}, SourceFile, file},
		{"file list", map[string]string{file: "transactions: [a.csv, 'b*.csv']\n"}, nil, []string{"csat"}, "transactions", []string{"a.csv", "b*.csv"}, SourceFile, file},
		{"file scalar for a list flag", map[string]string{file: "transactions: a b.csv\n"}, nil, []string{"csat"}, "transactions", []string{"a b.csv"}, SourceFile, file},
		{"env path for a list flag", nil, map[string]string{"NOLLMISSION_TRANSACTIONS": "tx,2019.csv"}, []string{"csat"}, "transactions", []string{"tx,2019.csv"}, SourceEnv, "NOLLMISSION_TRANSACTIONS"},
		{"keys are case-insensitive", map[string]string{file: "Country: NO\n"}, nil, []string{"csat"}, "country", []string{"NO"}, SourceFile, file},
		{"--config names the file", map[string]string{"other.yml": "country: NO\n", file: "country: DK\n"}, nil, []string{"csat", "--config", "other.yml"}, "country", []string{"NO"}, SourceFile, "other.yml"},
		{"NOLLMISSION_CONFIG names the file", map[string]string{"other.yml": "country: NO\n"}, map[string]string{"NOLLMISSION_CONFIG": "other.yml"}, []string{"csat"}, "country", []string{"NO"}, SourceFile, "other.yml"},
		{"another command's section does not leak", map[string]string{file: "progress:\n  year: 2019\n"}, nil, []string{"csat"}, "csat.year", []string{"0"}, SourceDefault, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, cmd, err := run(t, tt.files, tt.env, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			s := setting(t, c, cmd, tt.key)
			if !slices.Equal(s.Value, tt.want) || s.Source != tt.source || s.From != tt.from {
				t.Errorf("%s = %q from %s %q, want %q from %s %q", tt.key, s.Value, s.Source, s.From, tt.want, tt.source, tt.from)
			}
			// The running command's flag holds the value.
			if f := cmd.Flags().Lookup(s.Key.Flag.Name); f != nil && !slices.Equal(flagValue(f), tt.want) {
				t.Errorf("flag --%s = %q, want %q", f.Name, flagValue(f), tt.want)
			}
		})
	}
}

func TestSettings(t *testing.T) {
	c, _, err := run(t, map[string]string{"nollmission.yaml": "country: ' no '\ntransactions: [a.csv]\noutput: json\n"},
		map[string]string{"NOLLMISSION_TIMEZONE": "Europe/Oslo"}, "progress")
	if err != nil {
		t.Fatal(err)
	}
	s := c.Settings()
	if s.Country != "NO" || s.Timezone != "Europe/Oslo" || s.Output != "json" || !slices.Equal(s.Transactions, []string{"a.csv"}) {
		t.Errorf("settings = %+v", s)
	}
	if New().Settings().Country != DefaultCountry {
		t.Error("before Apply, the settings are the defaults")
	}
}

// TestErrors checks that every configuration mistake is an *Error naming
// what is wrong, with a hint that helps.
func TestErrors(t *testing.T) {
	const file = "nollmission.yaml"
	tests := []struct {
		name     string
		files    map[string]string
		env      map[string]string
		args     []string
		wantErr  string
		wantHint string
	}{
		{"missing --config file", nil, nil, []string{"csat", "--config", "nope.yaml"}, "config file nope.yaml: no such file or directory", "check the path"},
		{"missing NOLLMISSION_CONFIG file", nil, map[string]string{"NOLLMISSION_CONFIG": "nope.yaml"}, []string{"csat"}, "config file nope.yaml", "NOLLMISSION_CONFIG"},
		{"not YAML", map[string]string{file: "country: [\n"}, nil, []string{"csat"}, "config file nollmission.yaml:1: did not find expected node content", "YAML"},
		// What yaml says, one line, at the line of the file as written.
		{"a list", map[string]string{file: "# settings\n\n- country\n- SE\n"}, nil, []string{"csat"}, "config file nollmission.yaml:3: a list, where the file holds settings (key: value)", "YAML"},
		{"a value", map[string]string{file: "SE\n"}, nil, []string{"csat"}, "config file nollmission.yaml:1: a value, where the file holds settings (key: value)", "YAML"},
		// Keys are read in lower case: the last of two spellings won.
		{"a key twice in two cases", map[string]string{file: "country: NO\nCountry: DK\n"}, nil, []string{"csat"}, `config file nollmission.yaml:2: "Country" is set twice (first on line 1, as "country"): keys are read in lower case`, "YAML"},
		{"a warehouse section twice in two cases", map[string]string{file: "warehouse:\n  transactions: {table: tx, period: p, period_type: date}\n  Transactions: {table: tx2, period: p, period_type: date}\n"}, nil, []string{"csat"}, `config file nollmission.yaml:3: "Transactions" is set twice (first on line 2, as "transactions")`, "YAML"},
		{"a role twice in two cases", map[string]string{file: "warehouse:\n  transactions:\n    table: tx\n    period: p\n    period_type: date\n    country: country\n    Country: n\n"}, nil, []string{"csat"}, `config file nollmission.yaml:7: "Country" is set twice (first on line 6, as "country")`, "YAML"},
		{"a key twice", map[string]string{file: "country: SE\n\ntimezone: UTC\ncountry: NO\n"}, nil, []string{"csat"}, `config file nollmission.yaml:4: "country" is set twice (first on line 1)`, "YAML"},
		// YAML reads 040 as octal: a baseline of 32, without a word.
		{"an octal baseline", map[string]string{file: "targets:\n  - {year: 2019, baseline: 040, target: 36}\n"}, nil, []string{"csat"}, `config file nollmission.yaml:2: 040: a number with a leading zero or a base prefix, which YAML reads as 32: write it in decimal`, "YAML"},
		{"an octal setting", map[string]string{file: "csat:\n  min-responses: 010\n"}, nil, []string{"csat"}, `config file nollmission.yaml:2: 010: a number with a leading zero or a base prefix, which YAML reads as 8`, "YAML"},
		{"a hexadecimal target", map[string]string{file: "targets:\n  - year: 2019\n    baseline: 40\n    target: 0x24\n"}, nil, []string{"csat"}, `config file nollmission.yaml:4: 0x24: a number with a leading zero or a base prefix, which YAML reads as 36`, "YAML"},
		// yaml.Unmarshal reads the first document: the settings of any
		// other were ignored without a word (country NO read as SE).
		{"two documents", map[string]string{file: "country: SE\n---\ncountry: NO\n"}, nil, []string{"csat"}, "config file nollmission.yaml:3: a second YAML document (after --- or ...), which would be ignored", "YAML"},
		// An anchor that contains itself, or aliases doubling at each
		// step: refused, where finding the keys' lines walked them without
		// end (out of memory).
		{"an anchor inside itself", map[string]string{file: "x: &x {a: *x}\n"}, nil, []string{"csat"}, "config file nollmission.yaml: anchor 'x' value contains itself", "YAML"},
		{"aliases of aliases", map[string]string{file: laughs(29)}, nil, []string{"csat"}, "config file nollmission.yaml: document contains excessive aliasing", "YAML"},
		{"an empty first document", map[string]string{file: "---\n---\ncountry: NO\n"}, nil, []string{"csat"}, "config file nollmission.yaml:3: a second YAML document", "YAML"},
		// Valid YAML (comments) past the bound: a data file named by mistake
		// is refused by its size before it is read whole.
		{"larger than 1 MiB", map[string]string{file: "country: SE\n" + strings.Repeat("# month,country,transactions\n", MaxFileSize/29+1)}, nil,
			[]string{"csat"}, "config file nollmission.yaml: larger than 1 MiB", "is this the right file?"},
		{"a directory", map[string]string{"dir/x": ""}, nil, []string{"csat", "--config", "dir"}, "config file dir: is a directory", "name a YAML file"},
		{"unknown key", map[string]string{file: "contry: SE\n"}, nil, []string{"csat"}, `unknown key "contry"`, `did you mean "country"?`},
		{"key in the wrong place", map[string]string{file: "satisfied-scores: [4, 5]\n"}, nil, []string{"progress"}, `unknown key "satisfied-scores"`, `did you mean "csat.satisfied-scores"?`},
		{"misspelt key in a section", map[string]string{file: "csat:\n  satisfied-score: [4, 5]\n"}, nil, []string{"progress"}, `unknown key "csat.satisfied-score"`, `did you mean "csat.satisfied-scores"?`},
		{"global key in a section", map[string]string{file: "csat:\n  country: NO\n"}, nil, []string{"csat"}, `unknown key "csat.country"`, `did you mean "country"?`},
		{"a flag of several commands at top level", map[string]string{file: "year: 2020\n"}, nil, []string{"csat"}, `unknown key "year"`, `"csat.year" or "progress.year"`},
		{"nothing near", map[string]string{file: "colour: blue\n"}, nil, []string{"csat"}, `unknown key "colour"`, "nollmission config"},
		{"section as a value", map[string]string{file: "csat: 5\n"}, nil, []string{"csat"}, `"csat" is a section of settings`, "csat.csat-threshold"},
		{"list for a single value", map[string]string{file: "country: [SE, NO]\n"}, nil, []string{"csat"}, "country: want one value, not a list", "--country"},
		{"bad value for the running command", map[string]string{file: "csat:\n  satisfied-scores: [x]\n"}, nil, []string{"csat"}, "csat.satisfied-scores: invalid value", "--satisfied-scores"},
		{"bad env value", nil, map[string]string{"NOLLMISSION_CSAT_YEAR": "soon"}, []string{"csat"}, `NOLLMISSION_CSAT_YEAR: invalid value "soon"`, "--year"},
		{"unknown variable", nil, map[string]string{"NOLLMISSION_CONTRY": "SE"}, []string{"csat"}, "unknown environment variable NOLLMISSION_CONTRY", `did you mean "NOLLMISSION_COUNTRY"?`},
		{"targets not a list", map[string]string{file: "targets: 2020\n"}, nil, []string{"csat"}, "targets: want a list of targets, not 2020", "each target is"},
		{"target above baseline", map[string]string{file: "targets:\n  - {year: 2019, baseline: 40, target: 41}\n"}, nil, []string{"csat"}, "targets, item 1 (2019): the target 41 is not below the baseline 40", "each target is"},
		{"target equal to baseline", map[string]string{file: "targets:\n  - {year: 2019, baseline: 40, target: 40}\n"}, nil, []string{"csat"}, "the target 40 is not below the baseline 40", ""},
		{"unknown target key", map[string]string{file: "targets:\n  - {year: 2019, basline: 40, target: 36}\n"}, nil, []string{"csat"}, `targets, item 1: unknown key "basline" (did you mean "baseline"?)`, ""},
		{"target and reduction", map[string]string{file: "targets:\n  - {year: 2019, baseline: 40, target: 36, reduction: 10%}\n"}, nil, []string{"csat"}, "give target or reduction, not both", ""},
		{"neither target nor reduction", map[string]string{file: "targets:\n  - {year: 2019, baseline: 40}\n"}, nil, []string{"csat"}, "target (a rate) or reduction (a percentage) is missing", ""},
		{"reduction without %", map[string]string{file: "targets:\n  - {year: 2019, baseline: 40, reduction: 10}\n"}, nil, []string{"csat"}, "reduction: write a percentage such as 10%, not 10", ""},
		{"reduction above 100 %", map[string]string{file: "targets:\n  - {year: 2019, baseline: 40, reduction: 120%}\n"}, nil, []string{"csat"}, "at most 100%", ""},
		{"negative target", map[string]string{file: "targets:\n  - {year: 2019, baseline: 40, target: -1}\n"}, nil, []string{"csat"}, `target: want a rate such as 28 or 32.8, not "-1"`, ""},
		{"bad baseline", map[string]string{file: "targets:\n  - {year: 2019, baseline: last_year, target: 36}\n"}, nil, []string{"csat"}, "baseline: want a rate such as 28 or 32.8, not \"last_year\" (or previous_year)", ""},
		{"bad year", map[string]string{file: "targets:\n  - {year: 19, baseline: 40, target: 36}\n"}, nil, []string{"csat"}, `year: want a year such as 2020, not "19"`, ""},
		{"missing year", map[string]string{file: "targets:\n  - {baseline: 40, target: 36}\n"}, nil, []string{"csat"}, "year is missing", ""},
		{"two targets for a year", map[string]string{file: "targets:\n  - {year: 2019, baseline: 40, target: 36}\n  - {year: 2019, baseline: 40, target: 35}\n"}, nil, []string{"csat"}, "targets, item 2: a second target for 2019", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := run(t, tt.files, tt.env, tt.args...)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T), want a *config.Error", err, err)
			}
			if !strings.Contains(ce.Error(), tt.wantErr) || !strings.Contains(ce.Hint, tt.wantHint) {
				t.Errorf("error %q, hint %q; want %q and %q", ce.Error(), ce.Hint, tt.wantErr, tt.wantHint)
			}
		})
	}
}

func TestTargets(t *testing.T) {
	rat := func(s string) *big.Rat {
		r, _ := new(big.Rat).SetString(s)
		return r
	}
	tests := []struct {
		name   string
		file   string
		source Source
		want   []string // year: baseline target reduction, exact; "nil" for unset
	}{
		{"the sample's by default", "", SourceDefault, []string{"2019: 40 36 nil", "2020: 33 28 nil"}},
		{"the file's, sorted by year", "targets:\n  - {year: 2021, baseline: previous_year, reduction: 12.5%}\n  - {year: 2020, baseline: '32,8', target: 28.4}\n",
			SourceFile, []string{"2020: 164/5 142/5 nil", "2021: nil nil 1/8"}},
		{"none", "targets: []\n", SourceFile, nil},
	}
	str := func(r *big.Rat) string {
		if r == nil {
			return "nil"
		}
		return r.RatString()
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			if tt.file != "" {
				files["nollmission.yaml"] = tt.file
			}
			c, _, err := run(t, files, nil, "progress")
			if err != nil {
				t.Fatal(err)
			}
			targets, source, err := c.Targets()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, tg := range targets {
				got = append(got, strings.Join([]string{strconv.Itoa(tg.Year) + ":", str(tg.Baseline), str(tg.Rate), str(tg.Reduction)}, " "))
			}
			if !slices.Equal(got, tt.want) || source != tt.source {
				t.Errorf("targets %q from %s, want %q from %s", got, source, tt.want, tt.source)
			}
		})
	}
	// One-off values parse the same way.
	if r, _ := ParseBaseline("previous_year"); r != nil {
		t.Error("previous_year is the nil baseline")
	}
	if r, red, err := ParseTargetValue("15,2%"); err != nil || r != nil || red.Cmp(rat("19/125")) != 0 {
		t.Errorf("15,2%% = %v %v %v, want the reduction 19/125", r, red, err)
	}
	if r, red, err := ParseTargetValue("28"); err != nil || red != nil || r.Cmp(rat("28")) != 0 {
		t.Errorf("28 = %v %v %v, want the rate 28", r, red, err)
	}
	for _, bad := range []string{"", "x", "-3", "0x10", "1e3", "10 %%", "0%"} {
		if _, _, err := ParseTargetValue(bad); err == nil {
			t.Errorf("ParseTargetValue(%q) accepted", bad)
		}
	}
}

// sectionValue is a FileValue that records what it was set from.
type sectionValue struct{ got string }

func (v *sectionValue) String() string     { return v.got }
func (v *sectionValue) Type() string       { return "section" }
func (v *sectionValue) Set(s string) error { v.got = "flag " + s; return nil }
func (v *sectionValue) SetFromFile(value any) error {
	m, ok := value.(map[string]any)
	if !ok {
		return errors.New("want a section")
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	v.got = "file " + strings.Join(keys, ",")
	return nil
}

// TestFileValue: a FileValue takes a section of the file, whose keys are
// its own and not unknown settings; other keys stay checked.
func TestFileValue(t *testing.T) {
	for _, tt := range []struct{ file, want, err string }{
		{"columns:\n  period: created_at\n  transactions: {count: f0_}\n", "file period,transactions", ""},
		{"columns: [a]\n", "", "columns: want a section"},
		{"columns: {period: x}\ncolumnz: {period: x}\n", "", `unknown key "columnz.period"`},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, DefaultFile), []byte(tt.file), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Chdir(dir)
		c := New()
		v := &sectionValue{}
		root := &cobra.Command{Use: "nollmission", SilenceErrors: true, SilenceUsage: true,
			RunE: func(cmd *cobra.Command, _ []string) error { return c.Apply(cmd) }}
		root.PersistentFlags().Var(v, "columns", "")
		root.SetArgs(nil)
		err := root.Execute()
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%q: %v", tt.file, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%q: error %v, want %q", tt.file, err, tt.err)
		case tt.err == "" && v.got != tt.want:
			t.Errorf("%q: set from %q, want %q", tt.file, v.got, tt.want)
		}
	}
}

// TestKeyLines checks that a value from the file names its line, for
// sections, flat dotted keys and keys in another case.
func TestKeyLines(t *testing.T) {
	const file = "# settings\ncountry: NO\n\ncsat:\n  year: 2020\n  Satisfied-Scores: [5]\nprogress.fail-on: [missed]\n"
	c, cmd, err := run(t, map[string]string{"nollmission.yaml": file}, nil, "csat")
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"country": "nollmission.yaml:2", "csat.year": "nollmission.yaml:5", "csat.satisfied-scores": "nollmission.yaml:6"} {
		if got := setting(t, c, cmd, key).Where(); got != want {
			t.Errorf("%s from %q, want %q", key, got, want)
		}
	}
	if _, lines, _, problem := parseFile([]byte(file), nil); problem != "" || lines["progress.fail-on"] != 7 {
		t.Errorf("progress.fail-on on line %d (%s), want 7", lines["progress.fail-on"], problem)
	}
	if s, ok := c.SettingOf(cmd, "satisfied-scores"); !ok || s.Key.Name != "csat.satisfied-scores" || s.Line != 6 {
		t.Errorf("SettingOf(csat, satisfied-scores) = %+v, %v", s, ok)
	}
	if s, ok := c.SettingOf(cmd, "country"); !ok || s.Key.Name != "country" || s.Where() != "nollmission.yaml:2" {
		t.Errorf("SettingOf(csat, country) = %+v, %v", s, ok)
	}
}

// TestUnderscoreKeys: a setting's key may be written with _ for -, as its
// environment variable is; the warehouse's own keys keep their _; a key
// written both ways is set twice.
func TestUnderscoreKeys(t *testing.T) {
	known := map[string]bool{"naive-timezone": true, "csat.satisfied-scores": true, "warehouse": true}
	settings, lines, _, problem := parseFile([]byte("# a comment\nnaive_timezone: UTC\ncsat:\n  satisfied_scores: [5]\n"), known)
	want := map[string]any{"naive-timezone": "UTC", "csat": map[string]any{"satisfied-scores": []any{5}}}
	if problem != "" || !reflect.DeepEqual(settings, want) {
		t.Errorf("settings = %v (%s), want %v", settings, problem, want)
	}
	if lines["naive-timezone"] != 2 || lines["csat.satisfied-scores"] != 4 {
		t.Errorf("lines = %v", lines)
	}
	for file, want := range map[string]map[string]any{
		"warehouse:\n  transactions: {period_type: date}\n": {"warehouse": map[string]any{"transactions": map[string]any{"period_type": "date"}}}, // not a setting's key
		"naive-timezone: UTC\n":                             {"naive-timezone": "UTC"},                                                            // already a key
		"# nothing\n":                                       {},
		"naive-timezone: UTC\n---\n# an empty document\n":   {"naive-timezone": "UTC"}, // sets nothing
	} {
		if got, _, _, problem := parseFile([]byte(file), known); problem != "" || !reflect.DeepEqual(got, want) {
			t.Errorf("parseFile(%q) = %v (%s), want %v", file, got, problem, want)
		}
	}
	for file, want := range map[string]string{
		"naive_timezone: [\n":                        "did not find expected node content",
		"naive-timezone: UTC\nnaive_timezone: UTC\n": `"naive-timezone" is set twice (first on line 1)`,
	} {
		if _, _, line, problem := parseFile([]byte(file), known); !strings.Contains(problem, want) || line == 0 {
			t.Errorf("parseFile(%q): line %d: %q, want %q", file, line, problem, want)
		}
	}
}

// TestOwnFlagNamedAsTopLevel checks that a command's own flag that has the
// name of a top-level setting, unmarked (aggregate's -o), is a setting of
// its section: the top-level output, from the file or the environment,
// sets the -o of the commands that mark theirs, and never the other's.
func TestOwnFlagNamedAsTopLevel(t *testing.T) {
	tests := []struct {
		name        string
		file        string
		env         map[string]string
		command     string
		wantRate    string // rate's -o, marked top level
		wantOwn     string // aggregate's -o, its own
		wantOwnFrom Source
	}{
		{"defaults", "", nil, "aggregate", "table", "csv", SourceDefault},
		{"top-level output in the file", "output: json\n", nil, "aggregate", "json", "csv", SourceDefault},
		{"NOLLMISSION_OUTPUT", "", map[string]string{"NOLLMISSION_OUTPUT": "json"}, "aggregate", "json", "csv", SourceDefault},
		{"the section's key", "output: markdown\naggregate:\n  output: json\n", nil, "aggregate", "markdown", "json", SourceFile},
		{"the section's variable", "", map[string]string{"NOLLMISSION_OUTPUT": "csv", "NOLLMISSION_AGGREGATE_OUTPUT": "json"}, "aggregate", "csv", "json", SourceEnv},
		{"rate running", "output: json\naggregate:\n  output: json\n", nil, "rate", "json", "json", SourceFile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			if tt.file != "" {
				if err := os.WriteFile(DefaultFile, []byte(tt.file), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			c := New()
			root := &cobra.Command{Use: "nollmission", SilenceErrors: true, SilenceUsage: true}
			root.PersistentFlags().String(KeyCountry, DefaultCountry, "")
			root.PersistentFlags().String(KeyConfig, "", "")
			cmds := map[string]*cobra.Command{}
			for _, name := range []string{"aggregate", "rate"} {
				cmds[name] = &cobra.Command{Use: name, RunE: func(cmd *cobra.Command, _ []string) error { return c.Apply(cmd) }}
				root.AddCommand(cmds[name])
			}
			cmds["aggregate"].Flags().StringP(KeyOutput, "o", "csv", "")
			cmds["rate"].Flags().StringP(KeyOutput, "o", DefaultOutput, "")
			MarkTopLevel(cmds["rate"].Flags().Lookup(KeyOutput))
			root.SetArgs([]string{tt.command})
			if err := root.Execute(); err != nil {
				t.Fatal(err)
			}
			running := cmds[tt.command]
			if got := running.Flags().Lookup(KeyOutput).Value.String(); tt.command == "aggregate" && got != tt.wantOwn || tt.command == "rate" && got != tt.wantRate {
				t.Errorf("%s -o = %q", tt.command, got)
			}
			settings, err := c.Describe(running)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]Setting{}
			for _, s := range settings {
				got[s.Key.Name] = s
			}
			if s := got["output"]; !slices.Equal(s.Value, []string{tt.wantRate}) {
				t.Errorf("output = %q, want %q", s.Value, tt.wantRate)
			}
			if s := got["aggregate.output"]; !slices.Equal(s.Value, []string{tt.wantOwn}) || s.Source != tt.wantOwnFrom {
				t.Errorf("aggregate.output = %q from %s, want %q from %s", s.Value, s.Source, tt.wantOwn, tt.wantOwnFrom)
			}
			if s := got["aggregate.output"]; s.Key.Env() != "NOLLMISSION_AGGREGATE_OUTPUT" {
				t.Errorf("aggregate.output's variable is %s", s.Key.Env())
			}
		})
	}
}

// laughs is a YAML document of n aliases, each naming the one before it
// twice: 2^n keys once expanded.
func laughs(n int) string {
	doc := "a0: &a0 {k: 1}\n"
	for i := 1; i <= n; i++ {
		doc += fmt.Sprintf("a%d: &a%d {x: *a%d, y: *a%d}\n", i, i, i-1, i-1)
	}
	return doc
}
