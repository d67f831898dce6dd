package output

import (
	"encoding/json"
	"io"
)

// SchemaVersion is the version of every command's JSON document; it changes
// only when a field scripts rely on changes meaning or disappears.
const SchemaVersion = 1

func writeJSON(w io.Writer, doc any) error {
	if s, ok := doc.(StreamedJSON); ok {
		return writeStreamedJSON(w, s)
	}
	return encodeJSON(w, doc, "", "  ")
}

// encodeJSON writes v indented, and characters such as < and & as they are.
func encodeJSON(w io.Writer, v any, prefix, indent string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent(prefix, indent)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
