// Package sql implements `nollmission sql`: the queries that count a
// warehouse's rows into aggregate's count rows, written for the config
// file's warehouse mappings in the dialect of the engine that holds the
// data, so that only a few hundred count rows leave it.
package sql

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nollmission/nollmission/pkg/cmdutil"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
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
}

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
SQL unquoted.`,
		Example: `  nollmission sql --dialect bigquery
  nollmission sql --dialect duckdb --timezone UTC > counts.sql`,
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
	return cmd
}

func sqlRun(opts *Options) error {
	var b strings.Builder
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
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "-- %s (%s): count rows by month of %s\n", kind, "warehouse."+kind.String(), opts.Timezone)
		b.WriteString(strings.TrimSuffix(q, "\n") + ";\n")
	}
	if b.Len() == 0 {
		return exit.UsageError("map at least one kind in the config file, such as warehouse: {transactions: {table: purchases, period: created_at, period_type: timestamptz}}; see docs/warehouse.md",
			"the config file's warehouse section maps no kind of data: there is no query to write")
	}
	_, err := opts.IO.Out.Write([]byte(b.String()))
	return err
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
