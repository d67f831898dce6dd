package output

import (
	"encoding/json"
	"errors"
	"iter"
	"strings"
	"testing"
)

type streamedDoc struct {
	Name  string       `json:"name"`
	Rows  *JSONArray   `json:"rows"`
	Empty *JSONArray   `json:"empty"`
	Years []streamYear `json:"years"`
}

type streamYear struct {
	Year   int        `json:"year"`
	Shares *JSONArray `json:"shares"`
}

func (d streamedDoc) JSONArrays() []*JSONArray {
	arrays := []*JSONArray{d.Rows, d.Empty}
	for _, y := range d.Years {
		arrays = append(arrays, y.Shares)
	}
	return arrays
}

// plainDoc is streamedDoc with its arrays as slices.
type plainDoc struct {
	Name  string      `json:"name"`
	Rows  []any       `json:"rows"`
	Empty []any       `json:"empty"`
	Years []plainYear `json:"years"`
}

type plainYear struct {
	Year   int   `json:"year"`
	Shares []any `json:"shares"`
}

func elements(es ...any) iter.Seq[any] {
	return func(yield func(any) bool) {
		for _, e := range es {
			if !yield(e) {
				return
			}
		}
	}
}

// TestStreamedJSON: a document with streamed arrays is written byte for
// byte as the same document with slices, nested arrays and text such as
// < & and a quoted placeholder look-alike included; json.Marshal of it
// gives the slices' JSON too.
func TestStreamedJSON(t *testing.T) {
	rate := 4.5
	type row struct {
		Month string   `json:"month"`
		Key   string   `json:"key"`
		Rate  *float64 `json:"rate"`
		Tags  []string `json:"tags"`
	}
	rows := []any{row{"2019-01", "<Kort & Lån>", &rate, []string{"a"}}, row{"2019-02", `\u0000nollmission array 0`, nil, nil}}
	shares := [][]any{{map[string]int{"n": 1}}, {}}
	streamed := streamedDoc{Name: "b&d", Rows: NewJSONArray(elements(rows...)), Empty: NewJSONArray(elements()),
		Years: []streamYear{{2019, NewJSONArray(elements(shares[0]...))}, {2020, NewJSONArray(elements(shares[1]...))}}}
	plain := plainDoc{Name: "b&d", Rows: rows, Empty: []any{},
		Years: []plainYear{{2019, shares[0]}, {2020, shares[1]}}}

	var got, want strings.Builder
	if err := writeJSON(&got, streamed); err != nil {
		t.Fatal(err)
	}
	if err := writeJSON(&want, plain); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("streamed:\n%s\nwant:\n%s", got.String(), want.String())
	}
	marshalled, err := json.Marshal(streamed)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	if err := json.Unmarshal(marshalled, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(want.String()), &b); err != nil {
		t.Fatal(err)
	}
	if ja, jb := mustJSON(t, a), mustJSON(t, b); ja != jb {
		t.Errorf("json.Marshal: %s, want %s", ja, jb)
	}
	if err := writeJSON(failingWriter{}, streamed); err == nil {
		t.Error("a failing writer: no error")
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWriteJSON: a document without a table view is written as Write
// writes a report's JSON, streamed arrays included, and a failure to
// write is a WriteError (exit 4).
func TestWriteJSON(t *testing.T) {
	doc := func() streamedDoc {
		return streamedDoc{Name: "aggregate", Rows: NewJSONArray(elements(map[string]int{"complaints": 3}, map[string]int{"complaints": 4})),
			Empty: NewJSONArray(elements())}
	}
	var got, want strings.Builder
	if err := WriteJSON(&got, doc()); err != nil {
		t.Fatal(err)
	}
	if err := writeJSON(&want, doc()); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() || !strings.Contains(got.String(), `"complaints": 4`) {
		t.Errorf("WriteJSON:\n%s\nwant:\n%s", got.String(), want.String())
	}
	var we *WriteError
	if err := WriteJSON(failingWriter{}, doc()); !errors.As(err, &we) {
		t.Errorf("a failing writer: %v, want a WriteError", err)
	}
}
