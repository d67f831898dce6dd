// Package cmdtest helps the commands' tests: test streams and test files.
// Only tests import it.
package cmdtest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/nollmission/nollmission/pkg/cmdutil"
)

// WriteFiles writes name → content into a new temporary folder and returns it.
func WriteFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Streams returns streams for tests: empty stdin, and the buffers that
// stdout and stderr write to.
func Streams() (ios *cmdutil.IOStreams, out, errOut *bytes.Buffer) {
	out, errOut = &bytes.Buffer{}, &bytes.Buffer{}
	return &cmdutil.IOStreams{In: bytes.NewReader(nil), Out: out, ErrOut: errOut}, out, errOut
}
