package dataset

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/period"
)

// TestTablesAgreeWithMaps fills the dictionary and the cell table past
// several growths (and past a chunk and an arena chunk) with repeated and
// new keys, and checks every entry against Go's maps.
func TestTablesAgreeWithMaps(t *testing.T) {
	d, c := newDict(), newCells()
	wantID, wantCount := map[string]ID{}, map[Cell]int64{}
	long := strings.Repeat("x", arenaSize) // its own memory, not the arena's
	for i := range 40_000 {
		name := fmt.Sprintf("category %d", i%25_000)
		switch i {
		case 7:
			name = ""
		case 11:
			name = long
		}
		id, ok := d.id(name)
		if !ok {
			t.Fatal("id refused")
		}
		if prev, seen := wantID[name]; seen && prev != id {
			t.Fatalf("%q: id %d, then %d", name, prev, id)
		}
		wantID[name] = id
		cell := Cell{Month: period.Month(24228 + i%13), Category: id, Country: ID(i % 3), Channel: uint16(i % 2), Kind: uint8(i % 3), Score: uint8(i % 6)}
		if !c.add(cell, int64(i)) {
			t.Fatal("add refused")
		}
		wantCount[cell] += int64(i)
	}
	if d.len() != len(wantID) {
		t.Errorf("%d names, want %d", d.len(), len(wantID))
	}
	for name, id := range wantID {
		if got := d.name(id); got != name {
			t.Errorf("name(%d) = %.20q, want %.20q", id, got, name)
		}
		if got, ok := d.lookup(name); !ok || got != id {
			t.Errorf("lookup(%.20q) = %d, %v; want %d", name, got, ok, id)
		}
	}
	if _, ok := d.lookup("never added"); ok {
		t.Error("lookup found a name never added")
	}
	got := map[Cell]int64{}
	c.each(func(cell Cell, n int64) {
		if _, dup := got[cell]; dup {
			t.Errorf("cell %+v twice", cell)
		}
		got[cell] = n
	})
	if len(got) != len(wantCount) || c.cells.n != len(wantCount) {
		t.Fatalf("%d cells (len %d), want %d", len(got), c.cells.n, len(wantCount))
	}
	for cell, n := range wantCount {
		if got[cell] != n {
			t.Errorf("cell %+v = %d, want %d", cell, got[cell], n)
		}
	}
}
