package cmdutil

import (
	"bytes"
	"io"
	"os"

	"github.com/nollmission/nollmission/pkg/atomicfile"
	"github.com/nollmission/nollmission/pkg/output"
)

// IOStreams are the streams a command uses; tests inject buffers.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer // data
	ErrOut io.Writer // notes, progress, errors

	outFile string        // set by --out: where Out goes once the run succeeds
	outBuf  *bytes.Buffer // Out while outFile is set
}

// System returns the process's streams.
func System() *IOStreams { return &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr} }

// RedirectOut keeps the data output in memory until CommitOut writes it to
// path, so that a failed run never leaves a half-written file. "-" is
// standard output, as for the input flags.
func (s *IOStreams) RedirectOut(path string) {
	if path == "-" {
		return
	}
	s.outFile, s.outBuf = path, &bytes.Buffer{}
	s.Out = s.outBuf
}

// CommitOut writes the output to the --out file, whole, replacing any old
// one; without --out it does nothing.
func (s *IOStreams) CommitOut() error {
	if s.outFile == "" {
		return nil
	}
	// 0o666 less the umask, as the shell's > creates a file.
	if err := atomicfile.WriteFile(s.outFile, s.outBuf.Bytes(), 0o666); err != nil {
		return &output.WriteError{Err: err, Hint: "name a file in a folder that exists and can be written", ToFile: true}
	}
	return nil
}
