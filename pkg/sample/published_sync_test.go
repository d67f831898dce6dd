package sample

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestPublishedCopiesMatchShared checks that testdata/published, from which
// the sample and the tests take the published figures, is still a faithful
// copy of ../shared/published, the programme's figures as cleaned. Outside a
// checkout with shared/ beside it there is nothing to compare.
func TestPublishedCopiesMatchShared(t *testing.T) {
	shared := filepath.Join("..", "..", "..", "shared", "published")
	entries, err := os.ReadDir(shared)
	if os.IsNotExist(err) {
		t.Skip("no ../shared/published beside this checkout")
	}
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, e := range entries {
		want, err := os.ReadFile(filepath.Join(shared, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("..", "..", "testdata", "published", e.Name()))
		if err != nil {
			t.Errorf("testdata/published lacks %s: %v", e.Name(), err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("testdata/published/%s differs from shared/published/%s: copy it again", e.Name(), e.Name())
		}
		compared++
	}
	if compared == 0 {
		t.Fatal("shared/published is empty")
	}
}
