package cmdutil

import (
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/output"
)

// JSONHeader opens every data command's JSON document, the same fields in
// the same order; the command's own fields follow it.
type JSONHeader struct {
	SchemaVersion int    `json:"schema_version"`
	Command       string `json:"command"`
	// Country is null when the figures cover every country
	// (breakdown --by country).
	Country  *string `json:"country"`
	Timezone string  `json:"timezone"`
	// Year is the --year reported on; null for every year in the data.
	Year   *int              `json:"year"`
	Inputs []input.FileStats `json:"inputs"`
}

// NewJSONHeader fills the header; country "" and year 0 are null.
func NewJSONHeader(command, country, timezone string, year int, inputs []input.FileStats) JSONHeader {
	h := JSONHeader{SchemaVersion: output.SchemaVersion, Command: command, Timezone: timezone, Inputs: inputs}
	if country != "" {
		h.Country = &country
	}
	if year != 0 {
		h.Year = &year
	}
	if h.Inputs == nil {
		h.Inputs = []input.FileStats{}
	}
	return h
}
