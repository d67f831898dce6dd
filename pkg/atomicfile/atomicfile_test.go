package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
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
				if err := os.WriteFile(path, []byte(tt.existing), 0o600); err != nil {
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
			if tt.wantErr == nil {
				if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o644 {
					t.Errorf("mode = %v, %v; want -rw-r--r--", info.Mode(), err)
				}
			}
			// No temporary file is left behind, whatever happened.
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if e.Name() != "out.csv" {
					t.Errorf("left behind: %s", e.Name())
				}
			}
		})
	}
}

func TestWriteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "published.csv")
	if err := WriteFile(path, []byte("metric,period,value\nrate,2019,33\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != "metric,period,value\nrate,2019,33\n" {
		t.Errorf("content = %q, %v", got, err)
	}
}

// TestWriteMissingDirectory: the error names the path, and nothing is created.
func TestWriteMissingDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "dir", "out.csv")
	if err := WriteFile(path, []byte("x"), 0o644); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error = %v, want a not-exist error", err)
	}
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}
