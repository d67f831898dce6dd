package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/nollmission/nollmission/pkg/testenv/pgtest"
)

// TestDocExamples runs every example in README.md and docs/*.md and
// compares what it prints with what the page shows, so that no page
// drifts from the tool. An example is a ```text block whose lines start
// with "$ ": each such line is run by sh in a fresh folder (with
// testdata/ and pkg/ reachable, as from the clone's root: the sample's
// published figures are pkg/sample/data/published.csv), stdout and stderr
// together as a terminal shows them, and the lines after it, up to the
// next "$ " line, are its output.
// "$ cat FILE" is not run: the lines after it are written to FILE, so
// that a page can show its input and the next command read it.
// An example that names $DATABASE runs with a real PostgreSQL there,
// holding the rows of TestDatabaseEqualsFiles (the sample's, and two more
// countries). go test ./cmd/nollmission -run TestDocExamples -update
// rewrites the output in the pages.
func TestDocExamples(t *testing.T) {
	pages, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	pages = append([]string{"../../README.md"}, pages...)
	var env []string
	for _, page := range pages {
		text, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(text, []byte("$DATABASE")) {
			srv := pgtest.Start(t)
			srv.Exec(t, warehouseSQL(sampleRows(t)))
			env = append(env, "DATABASE="+srv.URLFor("reader", "correct horse"))
			break
		}
	}
	var reachable []string // the repository's folders an example may name
	for _, dir := range []string{"testdata", "pkg"} {
		abs, err := filepath.Abs(filepath.Join("../..", dir))
		if err != nil {
			t.Fatal(err)
		}
		reachable = append(reachable, abs)
	}
	examples := 0
	for _, page := range pages {
		text, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		blocks := exampleBlocks(string(text))
		if len(blocks) == 0 {
			continue
		}
		t.Run(filepath.Base(page), func(t *testing.T) {
			dir := t.TempDir()
			for _, abs := range reachable {
				if err := os.Symlink(abs, filepath.Join(dir, filepath.Base(abs))); err != nil {
					t.Fatal(err)
				}
			}
			out := string(text)
			for _, b := range blocks {
				got := runExample(t, dir, b.body, env)
				examples += strings.Count(b.body, "\n$ ") + 1
				if got != b.body {
					if *update {
						out = strings.Replace(out, b.body, got, 1)
						continue
					}
					t.Errorf("%s: the example differs from the real output:\n--- page\n%s\n--- real\n%s", page, b.body, got)
				}
			}
			if *update && out != string(text) {
				if err := os.WriteFile(page, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	if examples == 0 {
		t.Fatal("no examples found in README.md and docs/")
	}
}

type example struct{ body string }

var textBlock = regexp.MustCompile("(?s)```text\n(\\$ .*?)```")

// exampleBlocks finds the ```text blocks that start with "$ ".
func exampleBlocks(page string) []example {
	var out []example
	for _, m := range textBlock.FindAllStringSubmatch(page, -1) {
		out = append(out, example{body: m[1]})
	}
	return out
}

// runExample runs the commands of one block in dir and returns the block
// as it should read: each command line followed by its real output.
func runExample(t *testing.T, dir, body string, env []string) string {
	t.Helper()
	var b strings.Builder
	lines := strings.SplitAfter(body, "\n")
	for i := 0; i < len(lines); {
		line := lines[i]
		if !strings.HasPrefix(line, "$ ") {
			t.Fatalf("expected a command line, got %q", line)
		}
		b.WriteString(line)
		command := strings.TrimSpace(strings.TrimPrefix(line, "$ "))
		i++
		var shown []string
		for i < len(lines) && !strings.HasPrefix(lines[i], "$ ") {
			shown = append(shown, lines[i])
			i++
		}
		if file, ok := strings.CutPrefix(command, "cat "); ok && !strings.ContainsAny(file, " |;&>") {
			content := strings.Join(shown, "")
			if err := os.WriteFile(filepath.Join(dir, file), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			b.WriteString(content)
			continue
		}
		cmd := exec.Command("sh", "-c", command)
		cmd.Dir = dir
		cmd.Env = append(exampleEnv(), env...)
		var output bytes.Buffer
		cmd.Stdout, cmd.Stderr = &output, &output
		_ = cmd.Run() // an example may show a failure; its output says so
		b.Write(output.Bytes())
	}
	return b.String()
}

// exampleEnv is the environment of an example: the tests' own, without
// settings that would change the output.
func exampleEnv() []string {
	env := []string{"COLUMNS=80"} // the width of a terminal chart
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NOLLMISSION_") && !strings.HasPrefix(kv, "COLUMNS=") {
			env = append(env, kv)
		}
	}
	return env
}

// TestDocLinks checks that every relative link of README.md and docs/*.md
// names a file that exists, and an anchor that its page has.
func TestDocLinks(t *testing.T) {
	pages, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	pages = append(pages, "../../README.md")
	link := regexp.MustCompile(`\]\(([^)#\s]*)(#[^)\s]*)?\)`)
	for _, page := range pages {
		text, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range link.FindAllStringSubmatch(string(text), -1) {
			target, anchor := m[1], strings.TrimPrefix(m[2], "#")
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file := page
			if target != "" {
				file = filepath.Join(filepath.Dir(page), target)
			}
			body, err := os.ReadFile(file)
			if err != nil {
				t.Errorf("%s: link to %s: %v", page, m[0], err)
				continue
			}
			if anchor != "" && !hasAnchor(string(body), anchor) {
				t.Errorf("%s: link %s: %s has no heading #%s", page, m[0], target, anchor)
			}
		}
	}
}

// hasAnchor tells whether a Markdown page has a heading whose GitHub
// anchor is anchor: lower case, spaces as -, punctuation dropped.
func hasAnchor(page, anchor string) bool {
	for _, line := range strings.Split(page, "\n") {
		heading, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " ")
		if !ok || !strings.HasPrefix(line, "#") {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(heading) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		if b.String() == anchor {
			return true
		}
	}
	return false
}
