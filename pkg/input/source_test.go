package input

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResolveSkipsDotFiles: a wildcard does not match a name's leading dot,
// as in the shell, so that shards/* does not read a temporary file left
// beside the shards; a dot file named, or matched by a part that starts
// with a dot, is read.
func TestResolveSkipsDotFiles(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, name := range []string{"shards/a.csv", "shards/b.csv", "shards/.agg.csv.tmp-123", "shards/.d.csv", ".hidden/c.csv"} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := writeFile(name, "month\n"); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		patterns []string
		want     string // the sources' names, or the error
	}{
		{[]string{"shards/*"}, "shards/a.csv shards/b.csv"},
		{[]string{"shards/*.csv"}, "shards/a.csv shards/b.csv"},
		{[]string{"./shards/*"}, "shards/a.csv shards/b.csv"},
		{[]string{"shards/.agg.csv.tmp-123"}, "shards/.agg.csv.tmp-123"},
		{[]string{"shards/.*"}, "shards/.agg.csv.tmp-123 shards/.d.csv"},
		{[]string{`shards/\.d*`}, "shards/.d.csv"},
		{[]string{".hidden/*"}, ".hidden/c.csv"},
		{[]string{".hidden/c.csv"}, ".hidden/c.csv"},
		{[]string{"shards/?agg*"}, "error: shards/?agg*: no file matches the pattern"},
		{[]string{"shards/[.]agg*"}, "error: shards/[.]agg*: no file matches the pattern"},
		{[]string{"*/c.csv"}, "error: */c.csv: no file matches the pattern"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.patterns, " "), func(t *testing.T) {
			srcs, err := Resolve(tt.patterns, nil)
			if got := sourceNames(srcs, err); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
	// When only dot files match, the hint says why none is read.
	_, err := Resolve([]string{"shards/?agg*"}, nil)
	var de *DataError
	if !errors.As(err, &de) || !strings.Contains(de.Hint, "leading dot") {
		t.Errorf("only dot files match: %v, hint %q", err, de.Hint)
	}
	_, err = Resolve([]string{"shards/*.tsv"}, nil)
	if !errors.As(err, &de) || de.Hint != "check the path" {
		t.Errorf("nothing matches: %v, hint %q", err, de.Hint)
	}
}

// TestResolveSameFileOnce: a file reached by two names (a link, a hard
// link, two spellings of its path, a glob and a path) is read once, under
// the first name; the others are returned as duplicates.
func TestResolveSameFileOnce(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, name := range []string{"a.csv", "b.csv"} {
		if err := writeFile(name, "month\n"); err != nil {
			t.Fatal(err)
		}
	}
	if err := writeFile("c.csv", "month\n"); err != nil { // the same content, another file
		t.Fatal(err)
	}
	for _, err := range []error{
		os.Symlink("a.csv", "link.csv"),
		os.Link("a.csv", "hard.csv"),
		os.Symlink(".", "here"),
		os.Symlink("missing.csv", "gone.lnk"),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		patterns []string
		want     string // the sources' names
		dups     string // name=same-as …
	}{
		{[]string{"a.csv", "b.csv", "c.csv"}, "a.csv b.csv c.csv", ""},
		{[]string{"a.csv", "link.csv"}, "a.csv", "link.csv=a.csv"},
		{[]string{"link.csv", "a.csv"}, "link.csv", "a.csv=link.csv"},
		{[]string{"a.csv", "hard.csv"}, "a.csv", "hard.csv=a.csv"},
		{[]string{"./a.csv", "a.csv"}, "./a.csv", "a.csv=./a.csv"},
		{[]string{"a.csv", "a.csv"}, "a.csv", "a.csv=a.csv"},
		{[]string{"a.csv", "here/a.csv"}, "a.csv", "here/a.csv=a.csv"},
		{[]string{"?.csv"}, "a.csv b.csv c.csv", ""},
		{[]string{"*.csv"}, "a.csv b.csv c.csv", "hard.csv=a.csv link.csv=a.csv"},
		{[]string{"b.csv", "*.csv"}, "b.csv a.csv c.csv", "b.csv=b.csv hard.csv=a.csv link.csv=a.csv"},
		{[]string{"a.csv", "-", "b.csv"}, "a.csv <stdin> b.csv", ""},
		// A link to nothing is kept: opening it says what is wrong.
		{[]string{"gone.lnk", "a.csv"}, "gone.lnk a.csv", ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.patterns, " "), func(t *testing.T) {
			srcs, dups, err := ResolveWithDuplicates(tt.patterns, strings.NewReader(""))
			if got := sourceNames(srcs, err); got != tt.want {
				t.Errorf("sources %s, want %s", got, tt.want)
			}
			var got []string
			for _, d := range dups {
				got = append(got, d.Name+"="+d.SameAs)
			}
			if strings.Join(got, " ") != tt.dups {
				t.Errorf("duplicates %s, want %s", strings.Join(got, " "), tt.dups)
			}
			// Resolve is the same without the duplicates.
			plain, err := Resolve(tt.patterns, strings.NewReader(""))
			if got := sourceNames(plain, err); got != tt.want {
				t.Errorf("Resolve: sources %s, want %s", got, tt.want)
			}
		})
	}
}

// TestResolveStdin: standard input keeps its rules: it may be named once,
// and is read as given.
func TestResolveStdin(t *testing.T) {
	srcs, dups, err := ResolveWithDuplicates([]string{"-"}, strings.NewReader("month\n"))
	if err != nil || len(srcs) != 1 || srcs[0].Name != StdinName || len(dups) != 0 {
		t.Fatalf("sources %v, duplicates %v, %v", srcs, dups, err)
	}
	r, err := srcs[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(r); string(b) != "month\n" {
		t.Errorf("stdin read %q", b)
	}
	_, _, err = ResolveWithDuplicates([]string{"-", "-"}, nil)
	var de *DataError
	if !errors.As(err, &de) || de.File != StdinName || de.Reason != "standard input is named twice" {
		t.Errorf("- twice: %v", err)
	}
}

// sourceNames is the sources' names, or "error: " and the error.
func sourceNames(srcs []Source, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	var names []string
	for _, s := range srcs {
		names = append(names, s.Name)
	}
	return strings.Join(names, " ")
}
