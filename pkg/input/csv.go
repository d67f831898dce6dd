package input

import (
	"io"
)

// csvRecords reads a CSV file (decode.go: compression, encoding, delimiter)
// as records. Its rows may be added up by the fast path (fast.go).
type csvRecords struct {
	f *CSVFile
	// summedAll is set when the fast path has read every row.
	summedAll bool
}

// openCSV opens raw, the buffered bytes of rc, as CSV records.
func openCSV(name string, raw io.Reader, rc io.ReadCloser, delimiter rune, enc Encoding) (records, error) {
	f, err := newCSVFile(name, raw, rc, delimiter, enc)
	if err != nil {
		return nil, err
	}
	return &csvRecords{f: f}, nil
}

func (r *csvRecords) Header() ([]string, error) { return r.f.Read() }

func (r *csvRecords) damagedBeneath() error { return r.f.damagedBeneath() }

// Headerless: the first line is read as a row.
func (r *csvRecords) Headerless(int) error { return nil }

func (r *csvRecords) Next() ([]string, error) {
	if r.summedAll {
		return nil, io.EOF
	}
	return r.f.Read()
}

// Position is the physical line a field starts on; a row as a whole is
// where its first field starts.
func (r *csvRecords) Position(field int) position {
	return position{Line: r.f.Line(max(field, 0))}
}

func (r *csvRecords) Delimiter() rune { return r.f.dialect.Delimiter }

func (r *csvRecords) Describe(s *FileStats) {
	d := r.f.Dialect()
	s.Format = "csv"
	s.Delimiter, s.Encoding, s.Compression = string(d.Delimiter), string(d.Encoding), string(d.Compression)
}

func (r *csvRecords) Close() error { return r.f.Close() }
