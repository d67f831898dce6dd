//go:build unix

package main

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignalRemovesTempFile: SIGINT or SIGTERM while --out's temporary file
// exists removes it, leaves the old file as it was, and exits as a shell
// reports a signal (128 + its number).
func TestSignalRemovesTempFile(t *testing.T) {
	exe, err := exec.LookPath("nollmission") // the tests' command, set up by TestMain
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		signal   syscall.Signal
		wantExit int
	}{
		{syscall.SIGINT, 130},
		{syscall.SIGTERM, 143},
	}
	for _, tt := range tests {
		t.Run(tt.signal.String(), func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "agg.csv")
			if err := os.WriteFile(out, []byte("old\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			tx := writeTemp(t, "tx.csv", []byte("month,country,transactions\n2019-01,SE,3\n"))
			cmd := exec.Command(exe, "aggregate", "--transactions", tx, "--out", out)
			cmd.Env = append(os.Environ(), holdTempEnv+"=1")
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close() // releases the hold, should the test stop early
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()

			// Wait for the temporary file to exist (the process says so),
			// then interrupt.
			lines := bufio.NewScanner(stderr)
			var tmp string
			var before []string
			for tmp == "" && lines.Scan() {
				if name, ok := strings.CutPrefix(lines.Text(), holdingPrefix); ok {
					tmp = name
				} else {
					before = append(before, lines.Text())
				}
			}
			if tmp == "" {
				cmd.Wait()
				t.Fatalf("the process ended without holding a temporary file; stderr:\n%s", strings.Join(before, "\n"))
			}
			if filepath.Dir(tmp) != dir {
				t.Fatalf("the temporary file %s is not beside %s", tmp, out)
			}
			if _, err := os.Lstat(tmp); err != nil {
				t.Fatalf("the held temporary file: %v", err)
			}
			if err := cmd.Process.Signal(tt.signal); err != nil {
				t.Fatal(err)
			}
			rest, _ := io.ReadAll(stderr)
			err = cmd.Wait()

			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != tt.wantExit {
				t.Errorf("ended with %v, want exit %d; stderr after the signal: %q", err, tt.wantExit, rest)
			}
			if _, err := os.Lstat(tmp); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the temporary file is still there: %v", err)
			}
			if got, err := os.ReadFile(out); err != nil || string(got) != "old\n" {
				t.Errorf("agg.csv = %q, %v; want it as it was", got, err)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("%d files in the folder, want agg.csv alone: %v", len(entries), entries)
			}
		})
	}
}

// TestSignalRemovesParquetCopy: Parquet read from a pipe is copied to a
// temporary file first (it is read at random places); SIGINT or SIGTERM
// while the copy exists removes it.
func TestSignalRemovesParquetCopy(t *testing.T) {
	exe, err := exec.LookPath("nollmission")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../../testdata/formats/transactions.parquet")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		signal   syscall.Signal
		wantExit int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		t.Run(tt.signal.String(), func(t *testing.T) {
			tmp := t.TempDir()
			cmd := exec.Command(exe, "aggregate", "--transactions", "-", "--quiet")
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			// The whole file, and the pipe left open: the copy waits for
			// its end.
			if _, err := stdin.Write(data); err != nil {
				t.Fatal(err)
			}
			var copied []os.DirEntry
			for deadline := time.Now().Add(10 * time.Second); len(copied) == 0 && time.Now().Before(deadline); {
				time.Sleep(5 * time.Millisecond)
				copied, _ = os.ReadDir(tmp)
			}
			if len(copied) == 0 {
				t.Fatal("no copy of the Parquet data in TMPDIR after 10 s")
			}
			if err := cmd.Process.Signal(tt.signal); err != nil {
				t.Fatal(err)
			}
			err = cmd.Wait()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != tt.wantExit {
				t.Errorf("ended with %v, want exit %d", err, tt.wantExit)
			}
			if left, _ := os.ReadDir(tmp); len(left) != 0 {
				t.Errorf("left in TMPDIR: %v", left)
			}
		})
	}
}
