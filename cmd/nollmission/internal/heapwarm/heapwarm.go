// Package heapwarm backs the heap's next pages when the program starts,
// before the libraries' initialisation writes them (prefault.Heap): main
// imports it for that alone. Go initialises it as soon as syscall is,
// ahead of the libraries, because it imports nothing else.
package heapwarm

import "github.com/nollmission/nollmission/pkg/prefault"

func init() { prefault.Heap() }
