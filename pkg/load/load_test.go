package load

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/input"
)

// TestNaiveNote: one line a file that has timestamps without an offset and
// with a time of day, when the naive zone is given nowhere and not --quiet.
func TestNaiveNote(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"naive.csv":    "timestamp\n2019-01-31 23:30:00\n2019-02-01 00:00:00\n2019-02-02 10:00\n",
		"one.csv":      "timestamp\n2019-01-31 23:30:00\n",
		"midnight.csv": "timestamp\n2019-01-31 00:00:00\n",
		"offsets.csv":  "timestamp\n2019-01-31T23:30:00Z\n",
	}
	var paths []string
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{"given nowhere", Options{}, []string{
			"nollmission: " + filepath.Join(dir, "naive.csv") + ": 3 timestamps without a UTC offset were read as Europe/Stockholm time; if they are UTC, as warehouses write them, pass --naive-timezone UTC (--naive-timezone Europe/Stockholm keeps this reading without the note)",
			"nollmission: " + filepath.Join(dir, "one.csv") + ": 1 timestamp without a UTC offset was read as Europe/Stockholm time; if it is UTC, as warehouses write them, pass --naive-timezone UTC (--naive-timezone Europe/Stockholm keeps this reading without the note)",
		}},
		{"given", Options{NaiveTimezone: "Europe/Stockholm"}, nil},
		{"quiet", Options{Quiet: true}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.Files = map[input.Kind][]string{input.Transactions: paths}
			opts.Country, opts.Timezone = "SE", "Europe/Stockholm"
			var stderr bytes.Buffer
			if _, err := Dataset(nil, &stderr, opts, "aggregate", input.Transactions); err != nil {
				t.Fatal(err)
			}
			var got []string
			if s := strings.TrimSuffix(stderr.String(), "\n"); s != "" {
				got = strings.Split(s, "\n")
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("stderr:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
