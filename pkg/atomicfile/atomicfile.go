// Package atomicfile writes a file whole or not at all: the content goes to
// a temporary file in the same directory, which is synced and then renamed
// over the target. A reader sees the old file or the new one, never half of
// one, and a failed write leaves the old file as it was and no temporary
// file behind.
//
// Only regular files can be replaced so. A symbolic link is followed and
// its target replaced (the link stays a link); a device, a named pipe, a
// terminal or a descriptor link such as /dev/stdout is written directly.
//
// The temporary files under way are known to the package, so that a
// program ending on a signal can remove them (RemoveTemps).
package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// maxLinks bounds a chain of symbolic links, as the system's own (40 on Linux).
const maxLinks = 40

var errTooManyLinks = errors.New("too many levels of symbolic links")

// Write creates or replaces path with what write writes.
//
// A new file gets perm less the process's umask, as with os.WriteFile; a
// replaced file keeps its permissions (and its owner, where the process
// may give it). When write or any step fails, the file is untouched, and
// the error names path, not the temporary file.
//
// A device, a named pipe or a descriptor link cannot be replaced: it is
// opened and written directly, appending as a shell's redirection would,
// and a failed write may leave part of the content in it.
func Write(path string, perm os.FileMode, write func(io.Writer) error) error {
	target, direct, err := resolve(path)
	if err != nil {
		return pathError(path, err)
	}
	if direct {
		return writeDirect(path, target, write)
	}
	return replace(path, target, perm, write)
}

// resolve finds the file that Write replaces: path itself, or the end of
// its chain of symbolic links (which may not exist yet). direct is true
// when that file cannot be replaced and is written through instead.
func resolve(path string) (target string, direct bool, err error) {
	p := path
	for range maxLinks {
		info, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return p, false, nil // a new file, or a link to one
		case err != nil:
			return "", false, err
		case info.IsDir():
			return "", false, syscall.EISDIR
		case info.Mode().IsRegular():
			return p, false, nil
		case info.Mode()&fs.ModeSymlink == 0:
			return p, true, nil // a device, a pipe, a socket, a terminal
		}
		dest, err := os.Readlink(p)
		if err != nil {
			return "", false, err
		}
		// A relative link is relative to the folder it really is in,
		// which differs from the folder named when that is a link.
		dir, err := filepath.EvalSymlinks(filepath.Dir(p))
		if err != nil {
			return "", false, err
		}
		if isProcDir(dir) {
			// /dev/stdout -> /proc/self/fd/1: a link to an open descriptor,
			// whose "target" may be a pipe:[…] name or a file the shell
			// holds open; it is written through, like the descriptor.
			return filepath.Join(dir, filepath.Base(p)), true, nil
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(dir, dest)
		}
		p = dest
	}
	return "", false, errTooManyLinks
}

// isProcDir reports whether dir is in /proc, whose links (fd/N, cwd, …)
// name open files rather than paths.
func isProcDir(dir string) bool {
	return dir == "/proc" || strings.HasPrefix(dir, "/proc/")
}

// writeDirect writes to what target names without replacing it. One of
// the process's own descriptors (/dev/stdout) is written through a
// duplicate, which shares its offset, so that output before and after
// ours, as a shell's, stays in order; anything else is opened for
// appending, as a shell's >> does.
func writeDirect(path, target string, write func(io.Writer) error) error {
	f, ok := ownDescriptor(target)
	if !ok {
		var err error
		if f, err = os.OpenFile(target, os.O_WRONLY|os.O_APPEND, 0); err != nil {
			return pathError(path, err)
		}
	}
	if err := write(errorsNaming{f, path}); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return pathError(path, err)
	}
	return nil
}

// replace writes a temporary file beside target and renames it over target.
func replace(path, target string, perm os.FileMode, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(target)
	old, err := os.Stat(target)
	existed := err == nil
	createPerm := perm
	if existed {
		createPerm = 0o600 // until it gets the old file's mode
	}
	tmp, err := createTemp(dir, filepath.Base(target), createPerm)
	if err != nil {
		return pathError(path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			discard(tmp.Name())
		}
	}()
	if err := write(errorsNaming{tmp, path}); err != nil {
		return err
	}
	if existed {
		keepOwner(tmp, old) // before the mode: a change of owner clears set-id bits
		if err := tmp.Chmod(old.Mode().Perm()); err != nil {
			return pathError(path, err)
		}
	}
	if HookTempWritten != nil {
		HookTempWritten(tmp.Name())
	}
	// Sync before the rename, so that a crash cannot leave the new name
	// pointing at content that never reached the disk.
	if err := tmp.Sync(); err != nil {
		return pathError(path, err)
	}
	if err := tmp.Close(); err != nil {
		return pathError(path, err)
	}
	if err := commit(tmp.Name(), target); err != nil {
		return pathError(path, err)
	}
	syncDir(dir)
	return nil
}

// HookTempWritten, when set, is called with the temporary file's path once
// the content is in it and before it replaces the target. It exists for
// tests that need a process to hold a temporary file at a known moment
// (such as a test that the file is removed on a signal); programs leave it
// nil.
var HookTempWritten func(tempPath string)

// errorsNaming makes a write error name the file asked for, not the
// temporary file.
type errorsNaming struct {
	f    *os.File
	path string
}

func (w errorsNaming) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if err != nil {
		err = pathError(w.path, err)
	}
	return n, err
}

// pathError is "write <path>: <reason>": the reason without the paths that
// os errors repeat, as those may be the temporary file's.
func pathError(path string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	var se *os.SyscallError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	case errors.As(err, &se):
		err = se.Err
	}
	return &fs.PathError{Op: "write", Path: path, Err: err}
}

// syncDir makes the rename itself durable where the system allows it; it
// is best effort (directories cannot be synced on Windows).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
