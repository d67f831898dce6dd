package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"iter"
)

// JSONArray is an array of a JSON document whose elements are made as they
// are written, for a document too long to hold whole (a breakdown of a
// million keys: encoding/json would build all of its text, and the document
// all of its values, before a byte is written). The JSON writer streams
// the arrays a document lists (StreamedJSON); anywhere else, such as
// json.Marshal, an array is made whole and marshalled as a slice.
type JSONArray struct {
	elements iter.Seq[any]
	// placeholder stands for the array in the document while the writer
	// streams it; "" otherwise.
	placeholder string
}

// NewJSONArray returns the array of the elements elements yields.
func NewJSONArray(elements iter.Seq[any]) *JSONArray {
	return &JSONArray{elements: elements}
}

// StreamedJSON is a document with arrays the writer streams.
type StreamedJSON interface {
	JSONArrays() []*JSONArray
}

func (a *JSONArray) MarshalJSON() ([]byte, error) {
	if a.placeholder != "" {
		return json.Marshal(a.placeholder)
	}
	all := []any{}
	for e := range a.elements {
		all = append(all, e)
	}
	// As writeJSON writes it: < and & as they are.
	var b bytes.Buffer
	if err := encodeJSON(&b, all, "", ""); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// writeStreamedJSON writes doc as writeJSON would, byte for byte, with its
// arrays written element by element: the document is encoded with a
// placeholder string for each array, and each placeholder replaced, as the
// text is written, by its array, indented as the encoder indents.
func writeStreamedJSON(w io.Writer, doc StreamedJSON) error {
	arrays := doc.JSONArrays()
	// A NUL cannot come from the data (the readers refuse it), and the
	// encoder writes it escaped: a string of the data never matches.
	for i, a := range arrays {
		a.placeholder = fmt.Sprintf("\x00nollmission array %d", i)
	}
	defer func() {
		for _, a := range arrays {
			a.placeholder = ""
		}
	}()
	var text bytes.Buffer
	if err := encodeJSON(&text, doc, "", "  "); err != nil {
		return err
	}
	// The placeholders as the encoder writes them, up to the index.
	marker, _ := json.Marshal("\x00nollmission array ")
	marker = marker[:len(marker)-1]
	rest := text.Bytes()
	for {
		at := bytes.Index(rest, marker)
		if at < 0 {
			break
		}
		end := at + len(marker) + bytes.IndexByte(rest[at+len(marker):], '"') + 1
		var i int
		if _, err := fmt.Sscanf(string(rest[at+len(marker):end-1]), "%d", &i); err != nil || i < 0 || i >= len(arrays) {
			return fmt.Errorf("internal error: a streamed array's placeholder %q", rest[at:end])
		}
		line := rest[bytes.LastIndexByte(rest[:at], '\n')+1 : at]
		indent := line[:len(line)-len(bytes.TrimLeft(line, " "))]
		if _, err := w.Write(rest[:at]); err != nil {
			return err
		}
		if err := writeArray(w, arrays[i], string(indent)); err != nil {
			return err
		}
		rest = rest[end:]
	}
	_, err := w.Write(rest)
	return err
}

// writeArray writes the elements of a as the encoder writes an array on a
// line indented by indent.
func writeArray(w io.Writer, a *JSONArray, indent string) error {
	var buf bytes.Buffer
	n := 0
	for e := range a.elements {
		buf.Reset()
		if n == 0 {
			buf.WriteString("[")
		} else {
			buf.WriteString(",")
		}
		buf.WriteString("\n" + indent + "  ")
		if err := encodeJSON(&buf, e, indent+"  ", "  "); err != nil {
			return err
		}
		buf.Truncate(buf.Len() - 1) // the encoder's line break
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
		n++
	}
	end := "\n" + indent + "]"
	if n == 0 {
		end = "[]"
	}
	_, err := io.WriteString(w, end)
	return err
}
