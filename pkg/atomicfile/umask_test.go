//go:build unix

package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteNewFileFollowsUmask: a new file gets perm less the umask, as
// os.WriteFile gives it. The umask is the process's, so this test does not
// run in parallel with others.
func TestWriteNewFileFollowsUmask(t *testing.T) {
	tests := []struct {
		umask int
		perm  os.FileMode
		want  os.FileMode
	}{
		{0o022, 0o666, 0o644},
		{0o027, 0o666, 0o640},
		{0o077, 0o666, 0o600},
		{0o002, 0o666, 0o664},
		{0o022, 0o600, 0o600},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("umask %03o perm %03o", tt.umask, tt.perm), func(t *testing.T) {
			old := syscall.Umask(tt.umask)
			defer syscall.Umask(old)
			path := filepath.Join(t.TempDir(), "out.csv")
			if err := writeFile(path, []byte("new\n"), tt.perm); err != nil {
				t.Fatal(err)
			}
			if info, err := os.Stat(path); err != nil || info.Mode() != tt.want {
				t.Errorf("umask %03o, perm %v: mode = %v, %v; want %v", tt.umask, tt.perm, info.Mode(), err, tt.want)
			}
		})
	}
}

// TestWriteKeepsOwner: root replacing another user's file leaves it that
// user's.
func TestWriteKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file away needs root")
	}
	path := filepath.Join(t.TempDir(), "out.csv")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const uid, gid = 4242, 4343
	if err := os.Chown(path, uid, gid); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(path, []byte("new\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st := info.Sys().(*syscall.Stat_t); st.Uid != uid || st.Gid != gid {
		t.Errorf("owner = %d:%d, want %d:%d", st.Uid, st.Gid, uid, gid)
	}
}
