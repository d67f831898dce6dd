package output

import (
	"encoding/json"
	"io"
)

// SchemaVersion is the version of every command's JSON document; it changes
// only when a field scripts rely on changes meaning or disappears.
const SchemaVersion = 1

func writeJSON(w io.Writer, doc any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
