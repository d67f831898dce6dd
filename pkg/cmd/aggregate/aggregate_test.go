package aggregate

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/cmdutil/cmdtest"
	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/output"
)

// The flag layer picks the one kind given and refuses anything else.
func TestNewCmdAggregateFlags(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantKind   input.Kind
		wantFormat output.Format // "": csv
		wantCode   int           // 0: valid
	}{
		{name: "transactions", args: []string{"--transactions", "tx.csv"}, wantKind: input.Transactions},
		{name: "complaints, several files", args: []string{"--complaints", "a.csv", "--complaints", "b.csv"}, wantKind: input.Complaints},
		{name: "surveys", args: []string{"--surveys", "s.csv"}, wantKind: input.Surveys},
		{name: "no input", args: nil, wantCode: exit.Usage},
		{name: "two kinds", args: []string{"--transactions", "tx.csv", "--surveys", "s.csv"}, wantCode: exit.Usage},
		{name: "-o csv", args: []string{"--transactions", "tx.csv", "-o", "csv"}, wantKind: input.Transactions, wantFormat: output.FormatCSV},
		{name: "-o json", args: []string{"--surveys", "s.csv", "--output", "JSON"}, wantKind: input.Surveys, wantFormat: output.FormatJSON},
		{name: "-o table: count rows are no table", args: []string{"--transactions", "tx.csv", "-o", "table"}, wantCode: exit.Usage},
		{name: "-o markdown", args: []string{"--transactions", "tx.csv", "-o", "md"}, wantCode: exit.Usage},
		{name: "--kind chooses among kinds given", args: []string{"--transactions", "tx.csv", "--surveys", "s.csv", "--kind", "Surveys"}, wantKind: input.Surveys},
		{name: "--kind of the one kind given", args: []string{"--complaints", "c.csv", "--kind", "complaints"}, wantKind: input.Complaints},
		{name: "--kind of a kind not given", args: []string{"--transactions", "tx.csv", "--kind", "surveys"}, wantCode: exit.Usage},
		{name: "--kind unknown", args: []string{"--transactions", "tx.csv", "--kind", "purchases"}, wantCode: exit.Usage},
		{name: "--kind without input", args: []string{"--kind", "surveys"}, wantCode: exit.Usage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _ := cmdtest.Streams()
			f := &cmdutil.Factory{IOStreams: ios, Config: config.New()}
			var got *Options
			cmd := NewCmdAggregate(f, func(o *Options) error { got = o; return nil })
			cmdutil.AddDataFlags(cmd)
			cmd.SetFlagErrorFunc(cmdutil.FlagError) // as root does
			cmd.SetArgs(tt.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.Execute()
			if tt.wantCode != 0 {
				var ee *exit.Error
				if !errors.As(err, &ee) || ee.Code != tt.wantCode {
					t.Fatalf("err = %v, want exit code %d", err, tt.wantCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Kind != tt.wantKind {
				t.Errorf("kind %s, want %s", got.Kind, tt.wantKind)
			}
			if want := cmp.Or(tt.wantFormat, output.FormatCSV); got.Format != want {
				t.Errorf("format %s, want %s", got.Format, want)
			}
		})
	}
}

// TestCountRows checks the count rows end to end through aggregateRun:
// sorted by month, country, channel, category; a file without a category
// column and the category unspecified are one row, even with categories
// between "" and "unspecified" in name order; rows are merged across the
// chunks they are written in.
func TestCountRows(t *testing.T) {
	dir := cmdtest.WriteFiles(t, map[string]string{
		"a.csv": "month,country,channel,category,complaints\n2019-01,SE,arn,unspecified,2\n2019-01,SE,arn,refunds,1\n2019-01,NO,arn,fees,4\n",
		"b.csv": "month,country,channel,complaints\n2019-01,SE,arn,3\n2019-02,SE,arn,1\n",
	})
	defer func(n int) { chunk = n }(chunk)
	chunk = 1 // a row per chunk: the two cells of unspecified are in two
	ios, out, _ := cmdtest.Streams()
	opts := &Options{IO: ios, Kind: input.Complaints, Data: load.Options{
		Files:   map[input.Kind][]string{input.Complaints: {filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")}},
		Country: "SE", Timezone: "Europe/Stockholm", Quiet: true}}
	if err := aggregateRun(opts); err != nil {
		t.Fatal(err)
	}
	want := "month,country,channel,category,complaints\n" +
		"2019-01,NO,arn,fees,4\n" +
		"2019-01,SE,arn,refunds,1\n" +
		"2019-01,SE,arn,unspecified,5\n" +
		"2019-02,SE,arn,unspecified,1\n"
	if out.String() != want {
		t.Errorf("count rows:\n%s\nwant:\n%s", out, want)
	}
}

// TestJSONRowsEqualCSVRows: for each kind, -o json's rows are the CSV's
// count rows, in the same order, field for field, with the counts (and
// scores) as JSON numbers, written across chunks as the CSV is; the
// document opens with the header of every data command.
func TestJSONRowsEqualCSVRows(t *testing.T) {
	dir := cmdtest.WriteFiles(t, map[string]string{
		// Event rows: a timestamp near midnight (UTC) is February in
		// Stockholm; channels and categories as exported.
		"tx.csv": "timestamp,country\n2019-01-05T10:00:00+01:00,SE\n2019-01-31T23:30:00Z,SE\n2019-02-01,NO\n2019-01-07,NO\n2019-01-08,SE\n",
		"cp.csv": "date,country,channel,category\n2019-01-05,SE,IMY,Refunds\n2019-01-06,SE,imy,refunds\n2019-01-06,NO,Kundservice,\n" +
			"2019-02-03,SE,Kundservice,Reminder fees\n2019-02-04,SE,Allmänna reklamationsnämnden,Declined purchases\n",
		"sv.csv": "month,country,score,responses\n2019-01,SE,5,7\n2019-01,SE,1,2\n2019-01,NO,5,3\n2019-02,SE,5,1\n2019-01,SE,5,4\n",
	})
	defer func(n int) { chunk = n }(chunk)
	chunk = 2 // rows in several chunks
	tests := []struct {
		kind input.Kind
		file string
		want string // a count row worked out by hand
	}{
		// 2019-01-31T23:30:00Z is 2019-02-01 00:30 in Stockholm.
		{input.Transactions, "tx.csv", "2019-02,SE,1"},
		// IMY and imy are datainspektionen; Refunds and refunds one category.
		{input.Complaints, "cp.csv", "2019-01,SE,datainspektionen,refunds,2"},
		// 7 + 4 answers of 5 in SE in January.
		{input.Surveys, "sv.csv", "2019-01,SE,5,11"},
	}
	for _, tt := range tests {
		kind, file := tt.kind, tt.file
		t.Run(kind.String(), func(t *testing.T) {
			run := func(format output.Format) string {
				ios, out, _ := cmdtest.Streams()
				opts := &Options{IO: ios, Kind: kind, Format: format, Data: load.Options{
					Files:   map[input.Kind][]string{kind: {filepath.Join(dir, file)}},
					Country: "SE", Timezone: "Europe/Stockholm", Quiet: true}}
				if err := aggregateRun(opts); err != nil {
					t.Fatal(err)
				}
				return out.String()
			}
			records, err := csv.NewReader(strings.NewReader(run(output.FormatCSV))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			header, rows := records[0], records[1:]
			if len(rows) < 3 {
				t.Fatalf("%d count rows: the example should have several", len(rows))
			}
			if !slices.ContainsFunc(rows, func(r []string) bool { return strings.Join(r, ",") == tt.want }) {
				t.Errorf("no count row %s in %q", tt.want, rows)
			}
			text := run(output.FormatJSON)
			var doc struct {
				SchemaVersion int               `json:"schema_version"`
				Command       string            `json:"command"`
				Country       *string           `json:"country"`
				Timezone      string            `json:"timezone"`
				Year          *int              `json:"year"`
				Inputs        []input.FileStats `json:"inputs"`
				Kind          string            `json:"kind"`
				Rows          []map[string]any  `json:"rows"`
			}
			dec := json.NewDecoder(strings.NewReader(text))
			dec.UseNumber()
			dec.DisallowUnknownFields()
			if err := dec.Decode(&doc); err != nil {
				t.Fatalf("%v:\n%s", err, text)
			}
			if doc.SchemaVersion != output.SchemaVersion || doc.Command != "aggregate" || doc.Country != nil || doc.Year != nil ||
				doc.Timezone != "Europe/Stockholm" || doc.Kind != kind.String() ||
				len(doc.Inputs) != 1 || doc.Inputs[0].Path != filepath.Join(dir, file) || doc.Inputs[0].Rows != 5 {
				t.Errorf("header: %+v", doc)
			}
			if len(doc.Rows) != len(rows) {
				t.Fatalf("%d JSON rows, %d CSV rows:\n%s", len(doc.Rows), len(rows), text)
			}
			for i, rec := range rows {
				got := doc.Rows[i]
				if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, slices.Sorted(slices.Values(header))) {
					t.Fatalf("row %d: fields %q, want the columns %q", i, keys, header)
				}
				for j, col := range header {
					var cell string
					switch v := got[col].(type) {
					case json.Number:
						if _, err := strconv.ParseInt(string(v), 10, 64); err != nil {
							t.Errorf("row %d: %s = %s, not a whole number", i, col, v)
						}
						cell = string(v)
					case string:
						if col == kind.String() || col == "score" {
							t.Errorf("row %d: %s = %q, a string, want a number", i, col, v)
						}
						cell = v
					default:
						t.Errorf("row %d: %s = %v (%T)", i, col, v, v)
					}
					if cell != rec[j] {
						t.Errorf("row %d: %s = %q in JSON, %q in CSV", i, col, cell, rec[j])
					}
				}
			}
		})
	}
}

// countingWriter counts the writes it is given, and the largest.
type countingWriter struct {
	bytes.Buffer
	writes, largest int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	w.largest = max(w.largest, len(p))
	return w.Buffer.Write(p)
}

// TestJSONIsStreamed: -o json writes its rows as they are made, a block at
// a time, as the CSV does: a document made whole first would reach the
// output in one write of all of its text.
func TestJSONIsStreamed(t *testing.T) {
	var file strings.Builder
	file.WriteString("month,country,channel,category,complaints\n")
	const keys = 5000
	for i := range keys {
		fmt.Fprintf(&file, "2019-01,SE,kundservice,c%05d,%d\n", i, i%7+1)
	}
	dir := cmdtest.WriteFiles(t, map[string]string{"cp.csv": file.String()})
	ios, _, _ := cmdtest.Streams()
	out := &countingWriter{}
	ios.Out = out
	opts := &Options{IO: ios, Kind: input.Complaints, Format: output.FormatJSON, Data: load.Options{
		Files:   map[input.Kind][]string{input.Complaints: {filepath.Join(dir, "cp.csv")}},
		Country: "SE", Timezone: "Europe/Stockholm", Quiet: true}}
	if err := aggregateRun(opts); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), `"category": "c`); n != keys {
		t.Fatalf("%d rows, want %d", n, keys)
	}
	if out.writes < out.Len()/(64<<10) || out.largest > 64<<10 {
		t.Errorf("%d bytes in %d writes, the largest %d: not written a block at a time", out.Len(), out.writes, out.largest)
	}
}
