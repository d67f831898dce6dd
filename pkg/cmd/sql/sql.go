// Package sql implements `nollmission sql`: the queries that count a
// warehouse's rows into aggregate's count rows, written for the config
// file's warehouse mappings in the dialect of the engine that holds the
// data, so that only a few hundred count rows leave it.
package sql

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/output"
	"github.com/nollmission/nollmission/pkg/warehouse"
)

// Options are the parsed flags of one run.
type Options struct {
	IO        *cmdutil.IOStreams
	Dialect   warehouse.Dialect
	Warehouse warehouse.Config
	// Timezone is the reporting time zone: the engine computes each row's
	// month there.
	Timezone string
	// Format is -o: sql, the queries as a script, or json.
	Format output.Format
}

// formatSQL is -o sql, the default: the queries, each after its comment line.
const formatSQL output.Format = "sql"

// NewCmdSQL builds the command; runF replaces sqlRun in tests of the flag
// layer.
func NewCmdSQL(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Dialect: warehouse.Postgres}
	cmd := &cobra.Command{
		Use:   "sql",
		Short: "Write the queries that count a warehouse's rows into count rows",
		Long: `Write, for each kind the config file's warehouse section maps, the query
that counts its rows where they live: one row per month of the reporting time
zone (--timezone; the engine computes the month), country and channel,
category or score, with aggregate's columns:

  transactions  month,country,transactions
  complaints    month,country,channel,category,complaints
  surveys       month,country,score,responses

A column the mapping leaves out is left out of the rows too, as it would be
of a file. Run the queries in the warehouse and export their rows as CSV
for any command, or let nollmission run them in a PostgreSQL-protocol
database with --database. Each query follows a comment line that names its
kind; names are quoted for the dialect, and no value is written into the
SQL unquoted.

-o json writes the queries in a JSON document, for scripts: the dialect, the
time zone, and each kind's query as the SQL output prints it. -o is sql's
own setting (sql.output, NOLLMISSION_SQL_OUTPUT), not the output of the
commands that print figures.`,
		Example: `  nollmission sql --dialect bigquery
  nollmission sql --dialect duckdb --timezone UTC > counts.sql
  nollmission sql --dialect snowflake -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := f.Common(cmd)
			if err != nil {
				return err
			}
			if _, err := data.Bucketer(); err != nil {
				return err
			}
			opts.Timezone = data.Timezone
			opts.Warehouse = data.Warehouse
			if runF != nil {
				return runF(opts)
			}
			return sqlRun(opts)
		},
	}
	cmd.Flags().Var((*dialectValue)(&opts.Dialect), "dialect", "the engine's SQL dialect: "+dialectList())
	cmdutil.Reads(cmd)
	cmdutil.AddOwnOutputFlag(cmd, &opts.Format, formatSQL, output.FormatJSON)
	return cmd
}

// jsonDoc is -o json. Its queries are the SQL output's, without their
// comment lines: a query's sql is its text as printed, up to and with its
// semicolon.
type jsonDoc struct {
	SchemaVersion int         `json:"schema_version"`
	Command       string      `json:"command"`
	Dialect       string      `json:"dialect"`
	Timezone      string      `json:"timezone"`
	Queries       []jsonQuery `json:"queries"`
}

type jsonQuery struct {
	Kind string `json:"kind"`
	SQL  string `json:"sql"`
}

func sqlRun(opts *Options) error {
	var queries []jsonQuery
	for _, kind := range input.Kinds {
		m := opts.Warehouse.Mapping(kind)
		if m == nil {
			continue
		}
		q, err := warehouse.Query(opts.Dialect, kind, *m, opts.Timezone)
		var me *warehouse.MappingError
		if errors.As(err, &me) && me.Hint != "" {
			// A zone this dialect reads otherwise (CET in PostgreSQL).
			return exit.UsageError(me.Hint, "%v", err)
		}
		if err != nil {
			return exit.UsageError("", "%v", err) // the config checked the mapping: not reached
		}
		queries = append(queries, jsonQuery{Kind: kind.String(), SQL: strings.TrimSuffix(q, "\n") + ";"})
	}
	if len(queries) == 0 {
		return exit.UsageError("map at least one kind in the config file, such as warehouse: {transactions: {table: purchases, period: created_at, period_type: timestamptz}}; see docs/warehouse.md",
			"the config file's warehouse section maps no kind of data: there is no query to write")
	}
	if opts.Format == output.FormatJSON {
		return output.WriteJSON(opts.IO.Out, jsonDoc{
			SchemaVersion: output.SchemaVersion, Command: "sql", Dialect: string(opts.Dialect), Timezone: opts.Timezone, Queries: queries,
		})
	}
	var b strings.Builder
	for i, q := range queries {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "-- %s (%s): count rows by month of %s\n", q.Kind, "warehouse."+q.Kind, opts.Timezone)
		b.WriteString(q.SQL + "\n")
	}
	if _, err := io.WriteString(opts.IO.Out, b.String()); err != nil {
		return output.AsWriteError(err) // exit 4, as for every command's output
	}
	return nil
}

// dialectValue is --dialect; it refuses a dialect it does not know wherever
// it is set.
type dialectValue warehouse.Dialect

func (d *dialectValue) String() string { return string(*d) }
func (d *dialectValue) Type() string   { return "dialect" }
func (d *dialectValue) Choices() []string { // for shell completion
	out := make([]string, len(warehouse.Dialects))
	for i, dialect := range warehouse.Dialects {
		out[i] = string(dialect)
	}
	return out
}

func (d *dialectValue) Set(s string) error {
	dialect, err := warehouse.ParseDialect(strings.ToLower(strings.TrimSpace(s)))
	if err != nil {
		return err
	}
	*d = dialectValue(dialect)
	return nil
}

func dialectList() string {
	names := make([]string, len(warehouse.Dialects))
	for i, d := range warehouse.Dialects {
		names[i] = string(d)
	}
	return strings.Join(names, ", ")
}
