//go:build !linux

package prefault

// populate does nothing here: see populate_linux.go.
func populate(start, end uintptr) bool { return false }
