package cmdutil

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/output"
)

// TestRedirectOut: the --out file gets the output whole when the run
// succeeds, stays as it was when it fails, and no temporary file is left
// either way; a file that cannot be made is a WriteError (exit 4) at the
// first write and at the commit.
func TestRedirectOut(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	leftovers := func() []string {
		t.Helper()
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			if e.Name() != "out.csv" {
				names = append(names, e.Name())
			}
		}
		return names
	}

	failed := &IOStreams{}
	failed.RedirectOut(path)
	if _, err := failed.Out.Write([]byte("half a report")); err != nil {
		t.Fatal(err)
	}
	failed.AbortOut()
	if b, _ := os.ReadFile(path); string(b) != "old\n" || len(leftovers()) > 0 {
		t.Errorf("after a failed run: the file holds %q, and the folder also %v; want it untouched, and nothing else", b, leftovers())
	}

	ok := &IOStreams{}
	ok.RedirectOut(path)
	big := strings.Repeat("2019-01,SE,1\n", 100_000) // more than a pipe's write
	for _, part := range []string{"month,country,n\n", big} {
		if _, err := ok.Out.Write([]byte(part)); err != nil {
			t.Fatal(err)
		}
	}
	if err := ok.CommitOut(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "month,country,n\n"+big || len(leftovers()) > 0 {
		t.Errorf("after a run: %d bytes, and the folder also %v; want the output whole, and nothing else", len(b), leftovers())
	}

	empty := &IOStreams{}
	empty.RedirectOut(path)
	if err := empty.CommitOut(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); len(b) != 0 {
		t.Errorf("a run without output: the file holds %q, want it empty", b)
	}

	missing := &IOStreams{}
	missing.RedirectOut(filepath.Join(dir, "no such folder", "out.csv"))
	_, werr := missing.Out.Write([]byte("x"))
	cerr := missing.CommitOut()
	var we *output.WriteError
	if !errors.As(werr, &we) || !errors.As(cerr, &we) || !strings.Contains(cerr.Error(), "no such folder") {
		t.Errorf("a folder that does not exist: write %v, commit %v; want WriteErrors naming it", werr, cerr)
	}
}
