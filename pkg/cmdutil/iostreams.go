package cmdutil

import (
	"io"
	"os"
)

// IOStreams are the streams a command uses; tests inject buffers.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer // data
	ErrOut io.Writer // notes, progress, errors
}

// System returns the process's streams.
func System() *IOStreams { return &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr} }
