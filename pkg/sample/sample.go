// Package sample embeds the built-in sample: illustrative purchase volumes
// and the complaints that reproduce the programme's published rates,
// illustrative survey answers that reproduce its published CSAT and DSAT,
// plus the published figures themselves, so that every command can be tried
// at once.
package sample

import (
	"embed"
	"io/fs"

	"github.com/nollmission/nollmission/pkg/input"
)

//go:generate go run ./gen/cmd/gensample -published ../../testdata/published -out data

//go:embed data/*.csv
var data embed.FS

// Label names the sample in notes and in the JSON inputs list.
const Label = "embedded sample"

// Files are the sample's data files, by kind.
var files = map[input.Kind]string{
	input.Transactions: "transactions.csv",
	input.Complaints:   "complaints.csv",
	input.Surveys:      "surveys.csv",
}

// Sources returns the sample's files of one kind (none for a kind the sample
// does not carry).
func Sources(kind input.Kind) []input.Source {
	name, ok := files[kind]
	if !ok {
		return nil
	}
	return []input.Source{input.FSSource(data, "data/"+name, Label+": "+name)}
}

// Published returns the published figures that ship with the sample, in the
// format verify reads.
func Published() input.Source {
	return input.FSSource(data, "data/published.csv", Label+": published.csv")
}

// FS exposes the embedded files, for tests that read them directly.
func FS() fs.FS { return data }
