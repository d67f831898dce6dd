// Package aggregate implements `nollmission aggregate`: event rows in, count
// rows out (the input format again), so that data too big for one machine
// can be counted where it lives, in shards, and the counts merged.
package aggregate

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gocarina/gocsv"
	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/dataset"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/output"
	"github.com/nollmission/nollmission/pkg/period"
)

// Options are the parsed flags of one run.
type Options struct {
	IO   *cmdutil.IOStreams
	Data load.Options
	Kind input.Kind // the one kind of data given
	// Format is -o: csv, the count rows, or json, the same rows in a
	// document.
	Format output.Format
}

// NewCmdAggregate builds the command; runF replaces aggregateRun in tests of
// the flag layer.
func NewCmdAggregate(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	var kind string
	cmd := &cobra.Command{
		Use:   "aggregate",
		Short: "Turn event rows into count rows that can be merged",
		Long: `Read rows of one kind (one row per purchase, complaint or survey answer, or
count rows already) and write count rows as CSV on standard output: the input
format again, one row per month, country and channel, category or score,
sorted, so that the same data gives the same bytes whatever the order of its
rows or files. -o json writes the same rows in a JSON document, for scripts.

Counts add up exactly, so shards can be aggregated separately, anywhere,
and every output read at once: the figures are those of the whole. Months are
calendar months of --timezone; aggregate every shard in the same zone. Every
country is kept; rows of a file without a country column are --country's.

With --database, the kind is counted in the database with the config
file's warehouse mapping; --kind chooses it when several are mapped (or
several kinds of files are given).

The columns:
  transactions  month,country,transactions
  complaints    month,country,channel,category,complaints
  surveys       month,country,score,responses

-o is aggregate's own setting (aggregate.output, NOLLMISSION_AGGREGATE_OUTPUT),
not the output of the commands that print figures: count rows stay CSV
whatever format those print.`,
		Example: `  nollmission aggregate --transactions 'shard-03/tx-*.csv.gz' > tx-03.csv
  nollmission aggregate --complaints complaints-2019.csv > complaint-counts.csv
  nollmission rate --transactions 'tx-*.csv' --complaints complaint-counts.csv
  nollmission aggregate --database postgres://reader@warehouse/bank --kind complaints > complaint-counts.csv
  nollmission aggregate --surveys answers.csv -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := f.Common(cmd)
			if err != nil {
				return err
			}
			opts.Data = data
			given := givenKinds(cmd, data)
			if kind != "" {
				k, ok := kindNamed(kind)
				if !ok {
					return exit.UsageError("use --kind transactions, complaints or surveys", "--kind %q is not a kind of data", kind)
				}
				switch {
				case slices.Contains(given, k):
					given = []input.Kind{k}
				case len(given) > 0:
					return exit.UsageError(fmt.Sprintf("give %s, or choose a kind given", howToGive(k, data)), "--kind %s, and no %s is given", k, k.Data())
				}
			}
			switch {
			case len(given) == 0:
				if data.FromDatabase() {
					return exit.UsageError("map a kind under warehouse: in the config file (see docs/warehouse.md)", "aggregate needs a kind of data, and the config file's warehouse section maps none")
				}
				return exit.UsageError("pass --transactions, --complaints or --surveys FILE", "aggregate needs input files")
			case len(given) == 1:
				opts.Kind = given[0]
			case data.FromDatabase():
				return exit.UsageError("choose one with --kind "+given[0].String()+", and run aggregate once per kind: each kind has its own columns",
					"aggregate reads one kind at a time, and the warehouse section maps %s and %s", given[0], given[1])
			default:
				return exit.UsageError("run aggregate once per kind (or choose one with --kind): each kind has its own columns",
					"aggregate reads one kind at a time, and %s and %s are both given", given[0].Flag(), given[1].Flag())
			}
			if runF != nil {
				return runF(opts)
			}
			return aggregateRun(opts)
		},
	}
	cmdutil.AddOwnOutputFlag(cmd, &opts.Format, output.FormatCSV, output.FormatJSON)
	cmd.Flags().StringVar(&kind, "kind", "", "the kind to aggregate when several are given (files, or warehouse mappings with --database): transactions, complaints or surveys")
	cmdutil.Reads(cmd, input.Kinds...)
	return cmd
}

func kindNamed(name string) (input.Kind, bool) {
	for _, k := range input.Kinds {
		if k.String() == strings.ToLower(strings.TrimSpace(name)) {
			return k, true
		}
	}
	return 0, false
}

// howToGive says how to give data of kind: its flag, or its mapping.
func howToGive(k input.Kind, data load.Options) string {
	if data.FromDatabase() {
		return "warehouse." + k.String() + " in the config file"
	}
	return k.Flag() + " FILE"
}

// givenKinds are the kinds with input files, or with a warehouse mapping
// when the data comes from the database. Files named on the command
// line win over a config file's or the environment's, so that a config file
// that names every kind does not stop aggregating one of them.
func givenKinds(cmd *cobra.Command, data load.Options) []input.Kind {
	if data.FromDatabase() {
		var mapped []input.Kind
		for _, k := range input.Kinds {
			if data.Given(k) {
				mapped = append(mapped, k)
			}
		}
		return mapped
	}
	var fromFlags, fromSettings []input.Kind
	for _, k := range input.Kinds {
		if len(data.Files[k]) == 0 {
			continue
		}
		fromSettings = append(fromSettings, k)
		if f := cmd.Flags().Lookup(k.String()); f != nil && f.Changed {
			fromFlags = append(fromFlags, k)
		}
	}
	if len(fromFlags) > 0 {
		return fromFlags
	}
	return fromSettings
}

// The count rows, one struct per kind: their csv tags are the count-row
// schema, the contract with a warehouse or shard job; their json tags
// the same names, for -o json's rows.
type (
	transactionCount struct {
		Month        period.Month `csv:"month" json:"month"`
		Country      string       `csv:"country" json:"country"`
		Transactions int64        `csv:"transactions" json:"transactions"`
	}
	complaintCount struct {
		Month      period.Month `csv:"month" json:"month"`
		Country    string       `csv:"country" json:"country"`
		Channel    string       `csv:"channel" json:"channel"`
		Category   string       `csv:"category" json:"category"`
		Complaints int64        `csv:"complaints" json:"complaints"`
	}
	surveyCount struct {
		Month     period.Month `csv:"month" json:"month"`
		Country   string       `csv:"country" json:"country"`
		Score     int          `csv:"score" json:"score"`
		Responses int64        `csv:"responses" json:"responses"`
	}
)

func transactionRow(c row) transactionCount {
	return transactionCount{Month: c.Month, Country: c.Country, Transactions: c.count}
}

func complaintRow(c row) complaintCount {
	return complaintCount{Month: c.Month, Country: c.Country, Channel: c.Channel, Category: c.Category, Complaints: c.count}
}

func surveyRow(c row) surveyCount {
	return surveyCount{Month: c.Month, Country: c.Country, Score: c.Score, Responses: c.count}
}

func aggregateRun(opts *Options) error {
	ds, err := load.Dataset(opts.IO.In, opts.IO.ErrOut, opts.Data, "aggregate", opts.Kind)
	if err != nil {
		return err
	}
	if opts.Format == output.FormatJSON {
		return output.WriteJSON(opts.IO.Out, newJSONDoc(opts, ds))
	}
	// Rows are converted and written a chunk at a time, so that the text
	// of a million keys is never held whole (an --out file is written to a
	// temporary file, put in place only when the run succeeds).
	w := &rowWriter{out: opts.IO.Out}
	rows := countRows(ds, opts.Kind)
	for {
		part := rows(chunk)
		if len(part) == 0 && w.started {
			break
		}
		switch opts.Kind {
		case input.Transactions:
			err = w.write(convert(part, transactionRow))
		case input.Complaints:
			err = w.write(convert(part, complaintRow))
		default:
			err = w.write(convert(part, surveyRow))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// jsonDoc is -o json: the header of every data command's document (every
// country is kept: country is null; so is year), the kind, and the count
// rows, written as they are made, a chunk at a time, as the CSV is.
type jsonDoc struct {
	cmdutil.JSONHeader
	Kind string            `json:"kind"`
	Rows *output.JSONArray `json:"rows"` // transactionCount, complaintCount or surveyCount
}

func (d jsonDoc) JSONArrays() []*output.JSONArray { return []*output.JSONArray{d.Rows} }

func newJSONDoc(opts *Options, ds *dataset.Dataset) jsonDoc {
	var element func(row) any
	switch opts.Kind {
	case input.Transactions:
		element = func(c row) any { return transactionRow(c) }
	case input.Complaints:
		element = func(c row) any { return complaintRow(c) }
	default:
		element = func(c row) any { return surveyRow(c) }
	}
	return jsonDoc{
		JSONHeader: cmdutil.NewJSONHeader("aggregate", "", opts.Data.Timezone, 0, ds.Inputs),
		Kind:       opts.Kind.String(),
		Rows: output.NewJSONArray(func(yield func(any) bool) {
			rows := countRows(ds, opts.Kind)
			for part := rows(chunk); len(part) > 0; part = rows(chunk) {
				for _, c := range part {
					if !yield(element(c)) {
						return
					}
				}
			}
		}),
	}
}

// chunk is the number of rows converted at a time (a variable for the
// tests).
var chunk = 4096

// row is one count row: its key by name, and its count.
type row struct {
	dataset.Key
	count int64
}

// countRows returns the count rows in order, up to n at a call (none at
// the end): sorted by month, country, channel, category and score. A file
// without a category column and an empty category cell are the same
// category, written out by name so that the count rows read back the
// same: their cells follow each other and are merged.
func countRows(ds *dataset.Dataset, kind input.Kind) func(n int) []row {
	name := func(category string) string {
		if kind == input.Complaints && category == "" {
			return input.UnspecifiedCategory
		}
		return category
	}
	cells := ds.Sorted(kind, name)
	var part []row
	return func(n int) []row {
		part = part[:0]
		for len(cells) > 0 {
			k := ds.Key(cells[0].Cell)
			k.Category = name(k.Category)
			if last := len(part) - 1; last >= 0 && part[last].Key == k {
				part[last].count += cells[0].Count // a row is never split across two calls
			} else if len(part) < n {
				part = append(part, row{k, cells[0].Count})
			} else {
				break
			}
			cells = cells[1:]
		}
		return part
	}
}

// rowWriter writes count rows with gocsv, whose csv tags are the schema:
// the header with the first rows (or alone), then rows, a chunk at a time.
type rowWriter struct {
	out     io.Writer
	piece   bytes.Buffer // the text of a chunk
	started bool
}

func (w *rowWriter) write(rows any) error {
	w.piece.Reset()
	// Our own writer, not gocsv's global one, so that no global setting
	// applies.
	cw := gocsv.NewSafeCSVWriter(csv.NewWriter(&w.piece))
	var err error
	if w.started {
		err = gocsv.MarshalCSVWithoutHeaders(rows, cw)
	} else {
		w.started = true
		err = gocsv.MarshalCSV(rows, cw)
	}
	if err != nil {
		return err
	}
	if _, err := w.out.Write(w.piece.Bytes()); err != nil {
		return output.AsWriteError(err) // exit 4, as for every command's output
	}
	return nil
}

func convert[T any](rows []row, f func(row) T) []T {
	out := make([]T, len(rows))
	for i, r := range rows {
		out[i] = f(r)
	}
	return out
}
