//go:build linux

package atomicfile

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

// TestWriteFIFO: a named pipe is written directly; it is still a pipe
// afterwards and nothing is created beside it.
func TestWriteFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	// A reader opened without blocking lets the writer open the pipe; what
	// was written stays in the pipe's buffer until read.
	r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := writeFile(fifo, []byte("month,rate\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	if err != nil || string(got) != "month,rate\n" {
		t.Errorf("read from the pipe %q, %v", got, err)
	}
	checkType(t, fifo, os.ModeNamedPipe)
	checkOnly(t, dir, "pipe")
}

// TestWriteCharDevice: a device node (as /dev/null is) is written
// directly, not replaced by a regular file. Creating one needs root.
func TestWriteCharDevice(t *testing.T) {
	dir := t.TempDir()
	null := filepath.Join(dir, "null")
	const major, minor = 1, 3 // /dev/null's
	if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, major<<8|minor); err != nil {
		t.Skipf("mknod (needs root): %v", err)
	}
	if err := writeFile(null, []byte("discarded\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	checkType(t, null, os.ModeDevice|os.ModeCharDevice)
	checkOnly(t, dir, "null")
}

// TestWriteFileDescriptorLink: /dev/stdout is a link into /proc/self/fd; a
// link like it is written through, to whatever the descriptor is, and kept.
func TestWriteFileDescriptorLink(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	fdPath := "/proc/self/fd/" + strconv.Itoa(int(w.Fd()))
	if _, err := os.Stat(fdPath); err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	dir := t.TempDir()
	link := filepath.Join(dir, "stdout")
	if err := os.Symlink(fdPath, link); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(link, []byte("2019,33\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if got, err := io.ReadAll(r); err != nil || string(got) != "2019,33\n" {
		t.Errorf("read from the pipe %q, %v", got, err)
	}
	if target, err := os.Readlink(link); err != nil || target != fdPath {
		t.Errorf("the link now points to %q, %v; want %s", target, err, fdPath)
	}
	checkOnly(t, dir, "stdout")
}

func checkType(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	info, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Type(); got != want {
		t.Errorf("%s is now %v, want type %v", path, info.Mode(), want)
	}
}

// TestWriteOwnDescriptorSharesOffset: /dev/stdout redirected to a file
// (`{ echo header; nollmission --out /dev/stdout; echo footer; } > f`) is
// written at the descriptor's own offset, so that what the shell writes
// before and after stays in order, as when writing to stdout itself.
func TestWriteOwnDescriptorSharesOffset(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "combined.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fdPath := "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
	if _, err := os.Stat(fdPath); err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	link := filepath.Join(dir, "stdout")
	if err := os.Symlink(fdPath, link); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("header\n"); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(link, []byte("body\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("footer\n"); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(f.Name()); err != nil || string(got) != "header\nbody\nfooter\n" {
		t.Errorf("combined = %q, %v", got, err)
	}
	checkOnly(t, dir, "combined.txt", "stdout")
}
