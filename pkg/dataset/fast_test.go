package dataset

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/period"
)

// TestFastPathGivesTheSameDataset loads every file of the test corpus (the
// bad files, the sample, the files of the end-to-end scripts), alone and all
// of a kind together, with the fast path and without: the datasets (every
// count, the inputs list, the totals) and the errors must be the same.
func TestFastPathGivesTheSameDataset(t *testing.T) {
	b, err := period.NewBucketer("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	files := corpusFiles(t)
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range files {
			if !yield(n) {
				return
			}
		}
	})
	var all []input.Source
	for _, name := range names {
		src := input.FileSource(files[name])
		all = append(all, src)
		for _, kind := range input.Kinds {
			compareLoads(t, map[input.Kind][]input.Source{kind: {src}}, b)
		}
	}
	// Every file of every kind at once: the sums across files, and the first
	// error in reading order.
	compareLoads(t, map[input.Kind][]input.Source{input.Transactions: all, input.Complaints: all}, b)
	var good []input.Source
	for _, src := range all {
		if _, err := Load(map[input.Kind][]input.Source{input.Transactions: {src}}, input.Config{Bucketer: b, Country: "SE"}); err == nil {
			good = append(good, src)
		}
	}
	if len(good) < 20 {
		t.Fatalf("only %d readable transactions files", len(good))
	}
	compareLoads(t, map[input.Kind][]input.Source{input.Transactions: good, input.Complaints: good}, b)
}

func compareLoads(t *testing.T, sources map[input.Kind][]input.Source, b *period.Bucketer) {
	t.Helper()
	fast, fastErr := Load(sources, input.Config{Bucketer: b, Country: "SE"})
	general, generalErr := Load(sources, input.Config{Bucketer: b, Country: "SE", NoFastPath: true})
	if !reflect.DeepEqual(fastErr, generalErr) {
		t.Fatalf("%s: errors differ\nfast:    %#v\ngeneral: %#v", sourceNames(sources), fastErr, generalErr)
	}
	if !reflect.DeepEqual(canonical(fast), canonical(general)) {
		t.Fatalf("%s: datasets differ\nfast:    %+v\ngeneral: %+v", sourceNames(sources), canonical(fast), canonical(general))
	}
}

// view is what a dataset holds, by name: the numbers of its dictionaries
// depend on the order rows arrive in, which the fast path changes.
type view struct {
	Cells          [3][]KeyCount
	Countries      []string
	Seen           [3]map[string]int64
	Inputs         []input.FileStats
	Sample         bool
	Read           [3]bool
	WithoutChannel []string
	Totals         [3]int64
}

type KeyCount struct {
	Key
	Count int64
}

func canonical(d *Dataset) *view {
	if d == nil {
		return nil
	}
	v := &view{Countries: d.Countries(input.Kinds...), Inputs: d.Inputs, Sample: d.Sample, Read: d.read,
		WithoutChannel: d.withoutChannel, Totals: d.totals}
	for _, k := range input.Kinds {
		for _, c := range d.Sorted(k, nil) {
			v.Cells[k] = append(v.Cells[k], KeyCount{d.Key(c.Cell), c.Count})
		}
		v.Seen[k] = d.Seen(k)
	}
	return v
}

func sourceNames(sources map[input.Kind][]input.Source) string {
	var names []string
	for kind, srcs := range sources {
		for _, s := range srcs {
			names = append(names, kind.String()+" "+s.Name)
		}
	}
	return strings.Join(names, ", ")
}

// corpusFiles lists the corpus directories' files and the files inside the
// end-to-end scripts (written to a temporary directory), by name.
func corpusFiles(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	for _, dir := range []string{"../../testdata/bad", "../sample/data"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			files[dir+"/"+e.Name()] = filepath.Join(dir, e.Name())
		}
	}
	scripts, err := filepath.Glob("../../testdata/script/*.txtar")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	tmp := t.TempDir()
	for _, script := range scripts {
		a, err := txtar.ParseFile(script)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if strings.HasSuffix(f.Name, ".txt") || strings.HasSuffix(f.Name, ".json") {
				continue // expected output
			}
			path := filepath.Join(tmp, strings.ReplaceAll(filepath.Base(script)+"-"+f.Name, "/", "_"))
			if err := os.WriteFile(path, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			files[script+"/"+f.Name] = path
		}
	}
	return files
}
