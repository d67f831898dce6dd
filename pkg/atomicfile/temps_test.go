package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestRemoveTemps: RemoveTemps, run while a Write holds its temporary file
// (as a signal handler would), removes that file; the Write then fails,
// the old file is as it was, and no later Write creates anything.
func TestRemoveTemps(t *testing.T) {
	t.Cleanup(reopenTemps)
	dir := t.TempDir()
	path := filepath.Join(dir, "agg.csv")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	held, release := make(chan string), make(chan struct{})
	HookTempWritten = func(tmp string) {
		held <- tmp
		<-release
	}
	defer func() { HookTempWritten = nil }()
	done := make(chan error)
	go func() { done <- writeFile(path, []byte("new\n"), 0o666) }()

	tmp := <-held
	if got, err := os.ReadFile(tmp); err != nil || string(got) != "new\n" {
		t.Fatalf("the held temporary file %s: %q, %v", tmp, got, err)
	}
	RemoveTemps()
	if _, err := os.Lstat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s is still there after RemoveTemps: %v", tmp, err)
	}
	close(release)
	if err := <-done; !errors.Is(err, ErrInterrupted) {
		t.Errorf("the interrupted Write returned %v, want ErrInterrupted", err)
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != "old\n" {
		t.Errorf("agg.csv = %q, %v; want it as it was", got, err)
	}

	// Later writes create nothing.
	HookTempWritten = nil
	if err := writeFile(filepath.Join(dir, "later.csv"), []byte("x"), 0o666); !errors.Is(err, ErrInterrupted) {
		t.Errorf("a Write after RemoveTemps returned %v, want ErrInterrupted", err)
	}
	checkOnly(t, dir, "agg.csv")
}

// TestTempsForgotten: the registry keeps no name once a Write is over, so
// RemoveTemps cannot remove a file that another took the name of.
func TestTempsForgotten(t *testing.T) {
	dir := t.TempDir()
	writeFile(filepath.Join(dir, "ok.csv"), []byte("x"), 0o666)
	writeFile(filepath.Join(dir, "no", "dir.csv"), []byte("x"), 0o666)
	Write(filepath.Join(dir, "failed.csv"), 0o666, writeFailing)
	temps.Lock()
	defer temps.Unlock()
	if len(temps.names) != 0 {
		t.Errorf("registered after the writes ended: %v", temps.names)
	}
}

func writeFailing(w io.Writer) error { return errors.New("boom") }

// reopenTemps undoes RemoveTemps, which a program does not need: it exits.
func reopenTemps() {
	temps.Lock()
	defer temps.Unlock()
	temps.closed = false
}
