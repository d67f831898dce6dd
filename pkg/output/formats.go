package output

import "io"

// writers are the output formats, in the order help lists them: adding a
// format is a file with its write function and a line here.
var writers = []struct {
	format  Format
	aliases []string
	write   func(io.Writer, Report) error
}{
	{FormatTable, nil, func(w io.Writer, r Report) error { return writeTable(w, r.Table()) }},
	{FormatJSON, nil, func(w io.Writer, r Report) error { return writeJSON(w, r.JSON()) }},
	{FormatCSV, nil, func(w io.Writer, r Report) error { return writeCSV(w, records(r)) }},
	{FormatMarkdown, []string{"md"}, func(w io.Writer, r Report) error { return writeMarkdown(w, r.Table()) }},
}

// records is the grid a machine-read format writes: the long view when the
// report has one, else the table.
func records(r Report) *Table {
	if rec, ok := r.(Recorder); ok {
		if t := rec.Records(); t != nil {
			return t
		}
	}
	return r.Table()
}
