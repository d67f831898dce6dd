package input

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// Source is one input file: where it came from and how to open it.
type Source struct {
	Name string // shown in errors and in the JSON inputs list
	Open func() (io.ReadCloser, error)
}

// StdinName is how standard input is named in errors and outputs.
const StdinName = "<stdin>"

// Resolve expands paths and globs into sources, in a stable order. "-" is
// standard input, and may be named once.
func Resolve(patterns []string, stdin io.Reader) ([]Source, error) {
	var out []Source
	seen := map[string]bool{}
	for _, p := range patterns {
		if p == "-" {
			if seen[StdinName] {
				return nil, &DataError{File: StdinName, Reason: "standard input is named twice", Hint: "pass - once"}
			}
			seen[StdinName] = true
			out = append(out, Source{Name: StdinName, Open: func() (io.ReadCloser, error) { return io.NopCloser(stdin), nil }})
			continue
		}
		matches, err := filepath.Glob(p)
		if err != nil {
			return nil, &DataError{File: p, Reason: "bad glob pattern: " + err.Error()}
		}
		if matches == nil {
			// Not a glob, or a glob without matches: say which.
			reason := "no file matches the pattern"
			if !hasMeta(p) {
				reason = "no such file"
			}
			return nil, &DataError{File: p, Reason: reason, Hint: "check the path"}
		}
		sort.Strings(matches)
		for _, m := range matches {
			key := m
			if abs, err := filepath.Abs(m); err == nil {
				key = abs // ./a.csv and a.csv are one file
			}
			if seen[key] {
				continue // a file named twice (a path and a glob) counts once
			}
			seen[key] = true
			out = append(out, FileSource(m))
		}
	}
	return out, nil
}

// FileSource opens a file on disk.
func FileSource(path string) Source {
	return Source{Name: path, Open: func() (io.ReadCloser, error) { return os.Open(path) }}
}

// FSSource opens a file of an fs.FS, such as the embedded sample.
func FSSource(fsys fs.FS, name, label string) Source {
	return Source{Name: label, Open: func() (io.ReadCloser, error) { return fsys.Open(name) }}
}

func hasMeta(p string) bool {
	for _, c := range p {
		switch c {
		case '*', '?', '[', '\\':
			return true
		}
	}
	return false
}

func openError(name string, err error) error {
	return &DataError{File: name, Reason: fmt.Sprintf("cannot read: %v", unwrapPath(err)), Hint: "check the path and its permissions"}
}

// unwrapPath drops the path that os errors repeat.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
