package load

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"github.com/nollmission/nollmission/pkg/dataset"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/warehouse"
)

// INTERIM, until pkg/input reads any source of records (branch input-seam):
// the count rows reach input.ReadSummed as CSV written on the fly, so that
// they go through the same binding and checks as a file's rows. Errors then
// name a line of that CSV (line 2 is result row 1). With the seam, dbRecords
// is handed to pkg/input as it is and this file goes.

// load runs the query of each kind and reads its count rows into a dataset
// through input.ReadSummed, as the rows of a CSV file.
func (db *database) load(need []input.Kind, wc warehouse.Config, zone string, cfg input.Config, progress io.Writer) (*dataset.Dataset, error) {
	var failed error // a database error, which the CSV reader would only see as a cut stream
	var reading input.Kind
	sources := map[input.Kind][]input.Source{}
	for _, k := range need {
		m := *wc.Mapping(k)
		sources[k] = []input.Source{{Name: db.name, Open: func() (io.ReadCloser, error) {
			reading = k
			if progress != nil {
				fmt.Fprintf(progress, "nollmission: counting %s in %s (warehouse.%s)\n", k, db.name, k)
			}
			r, err := db.query(k, m, zone)
			if err != nil {
				failed = err
				return nil, err
			}
			return r.csvStream(&failed), nil
		}}}
	}
	ds, err := dataset.Load(sources, cfg)
	if failed != nil {
		return nil, failed
	}
	if err != nil {
		// Line n of the CSV is result row n-1 of the kind's query.
		var de *input.DataError
		if errors.As(err, &de) && de.File == db.name && de.Line > 1 {
			de.File = fmt.Sprintf("%s: warehouse.%s, result row %d", db.name, reading, de.Line-1)
			de.Line = 0
		}
		return nil, exit.InputError(err)
	}
	for i := range ds.Inputs {
		ds.Inputs[i].Delimiter, ds.Inputs[i].Encoding, ds.Inputs[i].Compression = "", "", ""
	}
	return ds, nil
}

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
