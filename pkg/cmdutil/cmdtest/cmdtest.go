// Package cmdtest helps the commands' tests.
package cmdtest

import (
	"os"
	"path/filepath"
	"testing"
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
