package input

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Source is one input file: where it came from and how to open it. A
// source that is not a file (a database query's result) gives its records
// itself, through Records instead of Open.
type Source struct {
	Name    string // shown in errors and in the JSON inputs list
	Open    func() (io.ReadCloser, error)
	Records func() (Records, error)
}

// StdinName is how standard input is named in errors and outputs.
const StdinName = "<stdin>"

// Resolve expands paths and globs into sources, in a stable order. "-" is
// standard input, and may be named once. A file reached by two names is
// read once (see ResolveWithDuplicates).
func Resolve(patterns []string, stdin io.Reader) ([]Source, error) {
	sources, _, err := ResolveWithDuplicates(patterns, stdin)
	return sources, err
}

// Duplicate is a name dropped because it reaches a file already read under
// another name: a symbolic or hard link, another spelling of the path, or
// a glob that matches a file also named.
type Duplicate struct {
	Name   string // the name dropped
	SameAs string // the name the file is read under
}

// ResolveWithDuplicates is Resolve, and also returns the names dropped as
// duplicates, in the order met, so that the caller can say so.
//
// Globs follow the shell: the matches of each are in name order, and a
// wildcard does not match a leading dot (shards/* skips
// shards/.agg.csv.tmp-123; shards/.* and a dot file named are read).
func ResolveWithDuplicates(patterns []string, stdin io.Reader) ([]Source, []Duplicate, error) {
	var out []Source
	var dups []Duplicate
	stdinNamed := false
	seen := newSeenFiles()
	for _, p := range patterns {
		if p == "-" {
			if stdinNamed {
				return nil, nil, argumentError(&DataError{File: StdinName, Reason: "standard input is named twice", Hint: "pass - once"})
			}
			stdinNamed = true
			// A file redirected to standard input and also named (tx.csv
			// and - < tx.csv) is one file: read once, as two names of it are.
			if f, ok := stdin.(*os.File); ok {
				if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
					if first, ok := seen.addInfo(StdinName, info); !ok {
						dups = append(dups, Duplicate{Name: StdinName, SameAs: first})
						continue
					}
				}
			}
			out = append(out, Source{Name: StdinName, Open: func() (io.ReadCloser, error) { return io.NopCloser(stdin), nil }})
			continue
		}
		matches, err := glob(p)
		if err != nil {
			return nil, nil, err
		}
		for _, m := range matches {
			if first, ok := seen.add(m); !ok {
				dups = append(dups, Duplicate{Name: m, SameAs: first})
				continue
			}
			out = append(out, FileSource(m))
		}
	}
	return out, dups, nil
}

// Matches names the files pattern stands for as Resolve reads them (a
// glob's matches, dot files left out as the shell does), or the pattern
// itself when it matches none: reading it says what is wrong.
func Matches(pattern string) []string {
	if names, err := glob(pattern); err == nil {
		return names
	}
	return []string{pattern}
}

// glob is filepath.Glob, sorted, without the dot files the shell would
// skip, and an error when nothing matches.
func glob(pattern string) ([]string, error) {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return nil, argumentError(&DataError{File: pattern, Reason: "bad glob pattern: " + err.Error(),
			Hint: `a glob's * ? and [ ] must make a pattern; quote a [ that is part of the name as \[`})
	}
	shown := matches[:0]
	for _, m := range matches {
		if !hiddenFrom(pattern, m) {
			shown = append(shown, m)
		}
	}
	if len(shown) == 0 {
		// Not a glob, or a glob without matches: say which.
		switch {
		case !hasMeta(pattern):
			return nil, &DataError{File: pattern, Reason: "no such file", Hint: "check the path"}
		case len(matches) > 0:
			return nil, &DataError{File: pattern, Reason: "no file matches the pattern",
				Hint: "a wildcard does not match a name's leading dot, as in the shell: name dot files with a dot (.*)"}
		}
		return nil, &DataError{File: pattern, Reason: "no file matches the pattern", Hint: "check the path"}
	}
	sort.Strings(shown)
	return shown, nil
}

// hiddenFrom reports whether match, found by pattern, has a part starting
// with a dot where the pattern's part has a wildcard and no leading dot:
// the shell lets no wildcard match a leading dot.
func hiddenFrom(pattern, match string) bool {
	pp := strings.Split(filepath.ToSlash(filepath.Clean(pattern)), "/")
	mp := strings.Split(filepath.ToSlash(match), "/")
	if len(pp) != len(mp) {
		// Glob cleaned the path otherwise than Clean: the names still align.
		pp, mp = pp[len(pp)-1:], mp[len(mp)-1:]
	}
	for i := range pp {
		explicitDot := strings.HasPrefix(pp[i], ".") || strings.HasPrefix(pp[i], `\.`)
		if hasMeta(pp[i]) && !explicitDot && strings.HasPrefix(mp[i], ".") {
			return true
		}
	}
	return false
}

// seenFiles are the files resolved so far, by path and by identity.
type seenFiles struct {
	byPath map[string]string    // absolute path -> the name read
	bySize map[int64][]seenFile // only files of one size can be one file: os.SameFile compares those
}

type seenFile struct {
	name string
	info fs.FileInfo
}

func newSeenFiles() *seenFiles {
	return &seenFiles{byPath: map[string]string{}, bySize: map[int64][]seenFile{}}
}

// add records name, or returns the name it was first seen under (ok false)
// when it is the same file: the same absolute path (./a.csv and a.csv), or
// the same file by the system's identity (a symbolic or hard link). A name
// that cannot be examined is kept: reading it will say what is wrong.
func (s *seenFiles) add(name string) (first string, ok bool) {
	key := name
	if abs, err := filepath.Abs(name); err == nil {
		key = abs
	}
	if first, dup := s.byPath[key]; dup {
		return first, false
	}
	s.byPath[key] = name
	info, err := os.Stat(name)
	if err != nil {
		return "", true
	}
	return s.addInfo(name, info)
}

// addInfo records the file name by its identity alone (standard input has
// no path), or returns the name the same file was first seen under.
func (s *seenFiles) addInfo(name string, info fs.FileInfo) (first string, ok bool) {
	for _, f := range s.bySize[info.Size()] {
		if os.SameFile(f.info, info) {
			return f.name, false
		}
	}
	s.bySize[info.Size()] = append(s.bySize[info.Size()], seenFile{name, info})
	return "", true
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
