package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name     string
		existing string // "" when the file does not exist yet
		write    func(io.Writer) error
		want     string // the content afterwards; "" with wantErr means absent
		wantErr  error
	}{
		{"creates", "", writeString("month,rate\n2019,33\n"), "month,rate\n2019,33\n", nil},
		{"replaces", "old\n", writeString("new\n"), "new\n", nil},
		{"empty content", "old\n", writeString(""), "", nil},
		{"a failed write keeps the old file", "old\n", func(w io.Writer) error {
			io.WriteString(w, "half of the ne")
			return boom
		}, "old\n", boom},
		{"a failed write creates nothing", "", func(w io.Writer) error {
			io.WriteString(w, "half")
			return boom
		}, "", boom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.csv")
			if tt.existing != "" {
				if err := os.WriteFile(path, []byte(tt.existing), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := Write(path, 0o644, tt.write)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			got, readErr := os.ReadFile(path)
			switch {
			case tt.wantErr != nil && tt.existing == "":
				if !errors.Is(readErr, os.ErrNotExist) {
					t.Errorf("the file exists after a failed write: %q", got)
				}
			case readErr != nil:
				t.Fatal(readErr)
			case string(got) != tt.want:
				t.Errorf("content = %q, want %q", got, tt.want)
			}
			checkOnly(t, dir, "out.csv")
		})
	}
}

func TestWriteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "published.csv")
	if err := writeFile(path, []byte("metric,period,value\nrate,2019,33\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != "metric,period,value\nrate,2019,33\n" {
		t.Errorf("content = %q, %v", got, err)
	}
}

// TestWriteErrors: an error names the path asked for and the reason, never
// the temporary file, and creates nothing.
func TestWriteErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		want    string
		wantErr error
	}{
		{"missing folder", "no/such/dir/out.csv", "write DIR/no/such/dir/out.csv: no such file or directory", os.ErrNotExist},
		{"a folder", "folder", "write DIR/folder: is a directory", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.path)
			err := writeFile(path, []byte("x"), 0o666)
			if err == nil {
				t.Fatal("no error")
			}
			if got := strings.ReplaceAll(err.Error(), dir, "DIR"); got != tt.want {
				t.Errorf("error = %q, want %q", got, tt.want)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error = %v, want it to be %v", err, tt.wantErr)
			}
			checkOnly(t, dir, "folder")
			checkOnly(t, filepath.Join(dir, "folder"))
		})
	}
}

// TestWriteThroughSymlink: a link is followed, its target replaced whole,
// and the link itself kept; a link to nothing yet creates its target.
func TestWriteThroughSymlink(t *testing.T) {
	tests := []struct {
		name  string
		links map[string]string // link -> what it points to, relative to the test's folder
		write string            // the name written to
		real  string            // the file that gets the content
	}{
		{"relative link", map[string]string{"out.csv": "real.csv"}, "out.csv", "real.csv"},
		{"link to another folder", map[string]string{"out.csv": "data/real.csv"}, "out.csv", "data/real.csv"},
		{"chain of links", map[string]string{"a.csv": "b.csv", "b.csv": "data/real.csv"}, "a.csv", "data/real.csv"},
		{"link in a linked folder, relative to where it is", map[string]string{"sub/linked": "../data", "data/out.csv": "../real.csv"}, "sub/linked/out.csv", "real.csv"},
		{"link to nothing yet", map[string]string{"out.csv": "data/new.csv"}, "out.csv", "data/new.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, sub := range []string{"data", "sub"} {
				if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for _, name := range []string{"real.csv", "data/real.csv"} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte("old\n"), 0o640); err != nil {
					t.Fatal(err)
				}
			}
			for link, target := range tt.links {
				if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
					t.Fatal(err)
				}
			}
			if err := writeFile(filepath.Join(dir, tt.write), []byte("new\n"), 0o666); err != nil {
				t.Fatal(err)
			}
			if got, err := os.ReadFile(filepath.Join(dir, tt.real)); err != nil || string(got) != "new\n" {
				t.Errorf("%s = %q, %v; want the new content", tt.real, got, err)
			}
			for link, target := range tt.links {
				if got, err := os.Readlink(filepath.Join(dir, link)); err != nil || got != target {
					t.Errorf("link %s -> %q, %v; want it kept -> %s", link, got, err, target)
				}
			}
			for _, name := range []string{"real.csv", "data/real.csv"} {
				if name == tt.real {
					continue
				}
				if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != "old\n" {
					t.Errorf("%s changed: %q", name, got)
				}
			}
		})
	}
}

// TestWriteKeepsExistingMode: a replaced file keeps its mode, whatever perm
// says; perm is for new files only.
func TestWriteKeepsExistingMode(t *testing.T) {
	for _, mode := range []os.FileMode{0o600, 0o640, 0o755, 0o444} {
		t.Run(mode.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "out.csv")
			if err := os.WriteFile(path, []byte("old\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, mode); err != nil {
				t.Fatal(err)
			}
			if err := writeFile(path, []byte("new\n"), 0o666); err != nil {
				t.Fatal(err)
			}
			if info, err := os.Stat(path); err != nil || info.Mode() != mode {
				t.Errorf("mode = %v, %v; want %v", info.Mode(), err, mode)
			}
		})
	}
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// checkOnly fails when dir holds anything but names: no temporary file
// is left behind.
func checkOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		found := false
		for _, n := range names {
			found = found || e.Name() == n
		}
		if !found {
			t.Errorf("left behind in %s: %s", dir, e.Name())
		}
	}
}

// writeFile is Write for content already in memory, like os.WriteFile.
func writeFile(path string, data []byte, perm os.FileMode) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
