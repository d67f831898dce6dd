package cmdutil

import (
	"cmp"
	"errors"
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

	outFile *pendingFile // set by --out: Out, until the run ends
}

// System returns the process's streams.
func System() *IOStreams { return &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr} }

// RedirectOut sends the data output to path, through a temporary file
// beside it that CommitOut puts in its place and AbortOut removes, so that
// a failed run never leaves a half-written file. "-" is standard output,
// as for the input flags.
func (s *IOStreams) RedirectOut(path string) {
	if path == "-" {
		return
	}
	s.outFile = &pendingFile{path: path}
	s.Out = s.outFile
}

// CommitOut puts the output in the --out file, whole, replacing any old
// one; without --out it does nothing.
func (s *IOStreams) CommitOut() error {
	if s.outFile == nil {
		return nil
	}
	return s.outFile.commit()
}

// AbortOut leaves the --out file as it was and removes the temporary
// file, after a failed run; without --out it does nothing.
func (s *IOStreams) AbortOut() {
	if s.outFile != nil {
		s.outFile.abort()
	}
}

// pendingFile writes the output to its file through atomicfile.Write, in a
// goroutine that copies what Write is given, from the first Write on: the
// temporary file is made only once there is output, and the output is
// never held whole.
type pendingFile struct {
	path string
	pipe *io.PipeWriter
	done chan error // atomicfile.Write's error, once it has returned
}

// errAborted ends the copy of a failed run: atomicfile.Write removes the
// temporary file.
var errAborted = errors.New("the run failed")

func (p *pendingFile) start() {
	r, w := io.Pipe()
	p.pipe, p.done = w, make(chan error, 1)
	go func() {
		// 0o666 less the umask, as the shell's > creates a file.
		err := atomicfile.Write(p.path, 0o666, func(out io.Writer) error {
			_, err := io.Copy(out, r)
			return err
		})
		if err != nil && !errors.Is(err, errAborted) {
			err = &output.WriteError{Err: err, Hint: "name a file in a folder that exists and can be written", ToFile: true}
		}
		// A Write still waiting (the file could not be made) gets the
		// error; after a whole copy nothing waits.
		r.CloseWithError(cmp.Or(err, io.ErrClosedPipe))
		p.done <- err
	}()
}

func (p *pendingFile) Write(b []byte) (int, error) {
	if p.pipe == nil {
		p.start()
	}
	return p.pipe.Write(b)
}

func (p *pendingFile) commit() error {
	if p.pipe == nil {
		p.start() // no output: the file is made empty
	}
	p.pipe.Close()
	return <-p.done
}

func (p *pendingFile) abort() {
	if p.pipe == nil {
		return
	}
	p.pipe.CloseWithError(errAborted)
	<-p.done
}
