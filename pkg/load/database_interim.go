package load

import (
	"encoding/csv"
	"io"
)

// INTERIM, until pkg/input reads any source of records (branch input-seam):
// the count rows reach input.ReadSummed as CSV written on the fly, so that
// they go through the same binding and checks as a file's rows. Errors then
// name a line of that CSV (line 2 is result row 1). With the seam, dbRecords
// is handed to pkg/input as it is and this file goes.

// csvStream writes r's rows as CSV into a pipe for ReadSummed to read. An
// error of the database ends the stream, and is kept in *failed so that the
// caller reports it rather than the CSV reader's view of it.
func (r *dbRecords) csvStream(failed *error) io.ReadCloser {
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		w := csv.NewWriter(pw)
		write := func(rec []string) bool {
			if err := w.Write(rec); err != nil {
				return false
			}
			return true
		}
		header, err := r.Header()
		if err != nil {
			if err != io.EOF {
				*failed = err
			}
			pw.CloseWithError(err)
			return
		}
		if !write(header) {
			return
		}
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				*failed = err
				pw.CloseWithError(err)
				return
			}
			if !write(rec) {
				return
			}
		}
		w.Flush()
		pw.CloseWithError(w.Error()) // nil: EOF for the reader
	}()
	return &streamCloser{PipeReader: pr, done: done, records: r}
}

type streamCloser struct {
	*io.PipeReader
	done    chan struct{}
	records *dbRecords
}

// Close stops the writer (its next write fails), waits for it, then closes
// the rows: pgx's connection is not for two goroutines at once.
func (s *streamCloser) Close() error {
	s.PipeReader.Close()
	<-s.done
	return s.records.Close()
}
