package atomicfile

import (
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// ErrInterrupted is the reason a Write fails once RemoveTemps has run.
var ErrInterrupted = errors.New("interrupted")

// temps are the temporary files created and not yet renamed or removed.
var temps = struct {
	sync.Mutex
	names  map[string]bool
	closed bool // RemoveTemps ran: the process is ending
}{names: map[string]bool{}}

// RemoveTemps removes the temporary file of every Write under way, and
// makes every Write from now on fail with ErrInterrupted without creating
// one, so that a program ending on a signal leaves none behind. The files
// being written are left as they were. Call it just before exiting.
func RemoveTemps() {
	temps.Lock()
	defer temps.Unlock()
	temps.closed = true
	for name := range temps.names {
		os.Remove(name)
		delete(temps.names, name)
	}
}

// createTemp creates a new file .<base>.tmp-<random> in dir with perm less
// the umask (os.CreateTemp cannot: it always uses 0600) and registers it.
func createTemp(dir, base string, perm os.FileMode) (*os.File, error) {
	for range 10000 {
		name := filepath.Join(dir, "."+base+".tmp-"+strconv.FormatUint(uint64(rand.Uint32()), 10))
		f, err := createRegistered(name, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fs.ErrExist
}

// createRegistered creates and registers name in one step, so that
// RemoveTemps never misses a file that exists.
func createRegistered(name string, perm os.FileMode) (*os.File, error) {
	temps.Lock()
	defer temps.Unlock()
	if temps.closed {
		return nil, ErrInterrupted
	}
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
	if err == nil {
		temps.names[name] = true
	}
	return f, err
}

// commit renames the temporary file over target, unless RemoveTemps has
// run (then the temporary file is gone already).
func commit(tmp, target string) error {
	temps.Lock()
	defer temps.Unlock()
	if temps.closed {
		return ErrInterrupted
	}
	if err := os.Rename(tmp, target); err != nil {
		return err
	}
	delete(temps.names, tmp)
	return nil
}

// discard removes a temporary file that will not be renamed.
func discard(name string) {
	temps.Lock()
	defer temps.Unlock()
	os.Remove(name)
	delete(temps.names, name)
}

// CreateScratch creates a new file .<base>.tmp-<random> in the system's
// temporary folder, for data the program needs on disk for a while
// (Parquet read from a pipe), registered as a Write's temporary file is,
// so that a program ending on a signal removes it too (RemoveTemps).
// remove closes and removes it.
func CreateScratch(base string) (f *os.File, remove func() error, err error) {
	f, err = createTemp(os.TempDir(), base, 0o600)
	if err != nil {
		return nil, nil, err
	}
	remove = func() error {
		err := f.Close()
		discard(f.Name())
		return err
	}
	return f, remove, nil
}
