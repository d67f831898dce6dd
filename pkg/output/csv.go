package output

import (
	"encoding/csv"
	"io"
)

func writeCSV(w io.Writer, t *Table) error {
	cw := csv.NewWriter(w)
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, rows := range [][][]string{t.Rows, t.Summary} {
		for _, row := range rows {
			if err := cw.Write(csvRow(row)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvRow leaves undefined figures empty, which spreadsheets read as blank.
func csvRow(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		if c != Undefined {
			out[i] = c
		}
	}
	return out
}
