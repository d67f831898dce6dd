package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/nollmission/nollmission/pkg/dataset"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/progressbar"
	"github.com/nollmission/nollmission/pkg/warehouse"
)

// With --database, every kind a command needs is counted by a
// PostgreSQL-protocol server: the warehouse mapping's query (the one `sql
// --dialect postgres` prints) runs in a read-only transaction with a
// statement timeout, and its count rows stream through the same column
// binding and checks as a file's rows, so that the figures are those of the
// same rows exported to CSV.
//
// The password (from the URL, PGPASSWORD or ~/.pgpass, which pgx reads as
// libpq does) is never shown: the database is named by SafeURL, and every
// error from pgx is scrubbed of the URL and the password before it is.

const (
	// defaultConnectTimeout bounds connecting when the URL sets no
	// connect_timeout: --timeout is for queries, which take far longer.
	defaultConnectTimeout = 30 * time.Second
	// clientGrace is how long past --timeout the client waits before it
	// cancels a query itself: the server's own statement timeout, with its
	// clearer message, comes first wherever the server has one.
	clientGrace = 10 * time.Second
	// databaseFormat is the format of a database source in the JSON inputs
	// list.
	databaseFormat = "postgresql"
)

// redactedURL stands for a database URL that cannot be shown, as it does not
// parse and may hold a password anywhere.
const redactedURL = "(the database URL, not shown: it does not parse as a URL and may hold a password)"

// SafeURL is the database URL as it may be shown: without the password, in
// the user part or as a password parameter.
func SafeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Opaque != "" {
		return redactedURL
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			if strings.Contains(strings.ToLower(k), "password") {
				q.Del(k)
			}
		}
		u.RawQuery = q.Encode()
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

// CheckDatabaseURL refuses a --database value that is not a postgres:// or
// postgresql:// URL. The message never repeats the value, which may hold a
// password.
func CheckDatabaseURL(raw string) error {
	hint := "give a URL such as --database postgres://user@host:5432/dbname (the password from PGPASSWORD or ~/.pgpass)"
	u, err := url.Parse(raw)
	if err != nil {
		return exit.UsageError(hint, "--database: not a URL")
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return exit.UsageError(hint, "--database: want a postgres:// or postgresql:// URL")
	}
	return nil
}

// fromDatabase counts the kinds needed in the database, one query each, in
// one read-only transaction, and reads the count rows into a dataset as a
// file's rows are read.
func fromDatabase(stderr io.Writer, d Options, cfg input.Config, command string, need []input.Kind, keep ...dataset.Option) (*dataset.Dataset, error) {
	if err := CheckDatabaseURL(d.Database); err != nil {
		return nil, err
	}
	for _, k := range input.Kinds {
		if len(d.Files[k]) > 0 {
			return nil, exit.UsageError("give input files or --database, not both; 'nollmission config' shows where each is set",
				"--database is set, and so is %s: data comes from one place", k.Flag())
		}
	}
	for _, k := range need {
		if d.Warehouse.Mapping(k) == nil {
			return nil, exit.UsageError(fmt.Sprintf("map it in the config file under %s (table or query, period, period_type, …): see docs/warehouse.md", "warehouse."+k.String()),
				"%s needs %s, and the config file's warehouse section does not map it", command, k.Data())
		}
	}
	// --naive-timezone (flag, NOLLMISSION_NAIVE_TIMEZONE or naive-timezone:)
	// is for files; a mapping's naive timestamps are in its naive_timezone,
	// UTC when left out. Refused where it would be silently ignored: a
	// timestamp mapping without a zone of its own, the flag naming another
	// zone than UTC.
	for _, k := range need {
		m := d.Warehouse.Mapping(k)
		if d.NaiveTimezone != "" && d.NaiveTimezone != warehouse.DefaultNaiveTimezone &&
			m.PeriodType == warehouse.PeriodTimestamp && m.NaiveTimezone == "" {
			key := warehouse.Key(k, "naive_timezone")
			return nil, exit.UsageError(fmt.Sprintf("set %s: %s in the config file, or leave --naive-timezone out for the mapping's UTC", key, d.NaiveTimezone),
				"--naive-timezone %s is for files, and does not apply to --database: warehouse.%s's timestamps without zone are read in %s, UTC when left out", d.NaiveTimezone, k, key)
		}
	}
	// Zones PostgreSQL would read otherwise (CET as +01:00 all year) are
	// refused before connecting; Redshift reads them as PostgreSQL does.
	for _, k := range need {
		if err := warehouse.CheckZones(warehouse.Postgres, k, *d.Warehouse.Mapping(k), d.Timezone); err != nil {
			return nil, zoneError(err)
		}
	}
	db, err := openDatabase(d.Database, d.Timeout)
	if err != nil {
		return nil, err
	}
	defer db.close()
	var progress io.Writer // a terminal, told what is being counted: a query can take minutes
	if !d.Quiet && progressbar.IsTerminal(stderr) {
		progress = stderr
	}
	return db.load(need, d.Warehouse, d.Timezone, cfg, progress, keep...)
}

// zoneError is a mapping's or --timezone's mistake as a usage error, with
// its hint.
func zoneError(err error) error {
	var me *warehouse.MappingError
	if errors.As(err, &me) {
		return exit.UsageError(me.Hint, "%v", err)
	}
	return exit.UsageError("", "%v", err)
}

// load runs the query of each kind and reads its count rows into a dataset
// as a file's rows are read.
func (db *database) load(need []input.Kind, wc warehouse.Config, zone string, cfg input.Config, progress io.Writer, keep ...dataset.Option) (*dataset.Dataset, error) {
	sources := map[input.Kind][]input.Source{}
	for _, k := range need {
		m := *wc.Mapping(k)
		sources[k] = []input.Source{{Name: db.name, Records: func() (input.Records, error) {
			if progress != nil {
				fmt.Fprintf(progress, "nollmission: counting %s in %s (warehouse.%s)\n", k, db.name, k)
			}
			r, err := db.query(k, m, zone)
			if err != nil {
				return nil, err // not a nil *dbRecords in an interface
			}
			return r, nil
		}}}
	}
	ds, err := dataset.Load(sources, cfg, keep...)
	if err != nil {
		return nil, exit.InputError(err)
	}
	return ds, nil
}

// database is one connection with its read-only transaction open.
type database struct {
	conn    *pgx.Conn
	tx      pgx.Tx
	name    string // SafeURL of the URL
	dialect warehouse.Dialect
	timeout time.Duration
	secrets []string // scrubbed from every message
}

// openDatabase connects to rawURL and begins the read-only transaction in
// which every query of the run sees the same snapshot, with timeout as the
// statement timeout.
func openDatabase(rawURL string, timeout time.Duration) (*database, error) {
	if err := CheckDatabaseURL(rawURL); err != nil {
		return nil, err
	}
	db := &database{name: SafeURL(rawURL), timeout: timeout, secrets: urlSecrets(rawURL)}
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		var pce *pgconn.ParseConfigError
		if errors.As(err, &pce) && pce.Unwrap() != nil {
			err = pce.Unwrap() // the error without the connection string
		}
		reason := parsePrefix().ReplaceAllString(err.Error(), "")
		return nil, exit.UsageError("see https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS for the URL's form",
			"--database %s: %s", db.name, db.scrub(reason))
	}
	if cfg.Password != "" {
		db.secrets = append(db.secrets, cfg.Password) // from the URL, PGPASSWORD or ~/.pgpass
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = defaultConnectTimeout
	}
	if _, ok := cfg.RuntimeParams["application_name"]; !ok {
		cfg.RuntimeParams["application_name"] = "nollmission" // for the DBA's pg_stat_activity
	}
	// Every query of the connection goes through pgx's exec mode: the
	// extended protocol's unnamed statement (Parse, Bind, Execute in one
	// round trip), with results in text, as in a CSV export, and no named
	// prepared statement, which poolers in transaction mode (PgBouncer) do
	// not keep. The server parses what Parse is given as one statement and
	// refuses more ("cannot insert multiple commands into a prepared
	// statement"), so a query: mapping that closes its subquery and goes on
	// with statements of its own ("… FROM tx) s; COMMIT; DELETE FROM
	// victim; SELECT … (SELECT now() AS created_at") is refused whole,
	// where the simple protocol ran them in turn, the COMMIT ending the
	// read-only transaction before the DELETE. This is the one place the
	// mode is set: after ParseConfig, which reads the URL's
	// default_query_exec_mode into this field, so the URL cannot bring the
	// simple protocol back. Only db.run and detectDialect send queries,
	// through Query: pgx's Exec sends a statement without arguments
	// through the simple protocol whatever the mode, which is why Exec is
	// kept for nollmission's own fixed statements (BEGIN, SET LOCAL).
	cfg.DefaultQueryExecMode = pgx.QueryExecModeExec

	ctx, cancel := context.WithTimeout(context.Background(), cfg.ConnectTimeout+clientGrace)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, db.connectError(err)
	}
	db.conn = conn
	// Repeatable read: the kinds are counted in one snapshot, so that
	// complaints and purchases committed between two queries cannot skew a
	// rate. Read only: the mapping's query is the user's SQL, and nothing it
	// does may write.
	db.tx, err = conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err == nil {
		// A whole number of milliseconds, at least one (the flag refuses less).
		ms := max(1, (timeout+time.Millisecond-1)/time.Millisecond)
		_, err = db.tx.Exec(ctx, fmt.Sprintf("SET LOCAL statement_timeout = %d", ms))
	}
	if err == nil {
		// Floats as text in full: with extra_float_digits 0 or less (the
		// server's, the role's or the URL's setting), a fractional count
		// such as 2.0000000000000004, which the query shows in place of
		// the sum, came back as 2, a whole count, exit 0. Any positive
		// value is the shortest exact form since PostgreSQL 12; 2 is
		// Redshift's largest.
		_, err = db.tx.Exec(ctx, "SET LOCAL extra_float_digits = 2")
	}
	if err == nil {
		db.dialect, err = db.detectDialect(ctx)
	}
	if err != nil {
		db.close()
		return nil, &exit.Error{Code: exit.BadInput, Err: fmt.Errorf("%s: cannot start a read-only transaction: %s", db.name, db.describe(err)),
			Hint: "the database must take BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY and SET LOCAL of statement_timeout and extra_float_digits, as PostgreSQL does"}
	}
	return db, nil
}

// run sends one query that holds a mapping's SQL, in the connection's exec
// mode (openDatabase): one statement, or the server refuses it.
func (db *database) run(ctx context.Context, sql string) (pgx.Rows, error) {
	return db.tx.Query(ctx, sql)
}

// detectDialect tells Amazon Redshift, which speaks the PostgreSQL protocol
// but wants its own query (VARCHAR, not TEXT), from the rest.
func (db *database) detectDialect(ctx context.Context) (warehouse.Dialect, error) {
	var version string
	if err := db.tx.QueryRow(ctx, "SELECT version()").Scan(&version); err != nil {
		return "", err
	}
	if strings.Contains(version, "Redshift") {
		return warehouse.Redshift, nil
	}
	return warehouse.Postgres, nil
}

func (db *database) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if db.tx != nil {
		_ = db.tx.Rollback(ctx) // read only: nothing to keep
	}
	if db.conn != nil {
		_ = db.conn.Close(ctx)
	}
}

// urlSecrets are the parts of a database URL never to show: the URL itself
// and its password, as written and as decoded.
func urlSecrets(raw string) []string {
	secrets := []string{raw}
	u, err := url.Parse(raw)
	if err != nil {
		return secrets
	}
	if p, ok := u.User.Password(); ok {
		_, written, _ := strings.Cut(u.User.String(), ":") // escaped as in a URL
		secrets = append(secrets, p, written, url.QueryEscape(p), url.PathEscape(p))
	}
	for k, vs := range u.Query() {
		if strings.Contains(strings.ToLower(k), "password") {
			for _, v := range vs {
				secrets = append(secrets, v, url.QueryEscape(v))
			}
		}
	}
	if p := os.Getenv("PGPASSWORD"); p != "" {
		secrets = append(secrets, p)
	}
	return secrets
}

// scrub replaces the URL by its safe form and every password by xxxxx: pgx
// writes the connection string into some errors, and a server may echo
// what it was given.
func (db *database) scrub(s string) string {
	for _, secret := range db.secrets {
		if secret == "" {
			continue
		}
		replacement := "xxxxx"
		if strings.Contains(secret, "://") {
			replacement = db.name
		}
		s = strings.ReplaceAll(s, secret, replacement)
	}
	return s
}

// describe is an error from pgx or the server in one scrubbed line: a
// server error as its message and SQLSTATE.
func (db *database) describe(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		msg := pe.Message
		if pe.Detail != "" {
			msg += " (" + pe.Detail + ")"
		}
		return db.scrub(fmt.Sprintf("%s (SQLSTATE %s)", msg, pe.Code))
	}
	// pgx joins the errors of its attempts (TLS, then plain; several hosts)
	// one a line: each different one once, on one line.
	var lines []string
	for _, line := range strings.Split(err.Error(), "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line != "" && !slices.Contains(lines, line) {
			lines = append(lines, line)
		}
	}
	return db.scrub(strings.Join(lines, "; "))
}

// SQLSTATE codes nollmission words an error for.
// https://www.postgresql.org/docs/current/errcodes-appendix.html
const (
	sqlstateInvalidPassword      = "28P01"
	sqlstateInvalidAuthorization = "28000"
	sqlstateQueryCanceled        = "57014"
	sqlstateUndefinedTable       = "42P01"
	sqlstateUndefinedColumn      = "42703"
	sqlstateUndefinedFunction    = "42883"
	sqlstateDatatypeMismatch     = "42804"
	sqlstateSyntaxError          = "42601"
	sqlstateInsufficientPrivs    = "42501"
	sqlstateReadOnlyTransaction  = "25006"
	sqlstateInvalidSchemaName    = "3F000"
	sqlstateInvalidDatetime      = "22007"
	sqlstateNumericOutOfRange    = "22003"
)

// connectError words a failure to connect: exit 3, as any input that
// cannot be read, with the server's reason and what to check.
func (db *database) connectError(err error) error {
	hint := "check the host, port and database name in --database, and that the server is running and takes connections from here"
	reason := err
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) && ce.Unwrap() != nil {
		reason = ce.Unwrap() // without pgx's "failed to connect to user=… database=…" prefix
	}
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &pe) && (pe.Code == sqlstateInvalidPassword || pe.Code == sqlstateInvalidAuthorization):
		hint = "check the user name and the password: it comes from the URL, else PGPASSWORD, else ~/.pgpass (PGPASSFILE names another file)"
	case errors.As(err, &pe):
	case errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err):
		hint = "the server did not answer in time: check the host and port, and any firewall between; connect_timeout in the URL sets the wait"
	}
	return &exit.Error{Code: exit.BadInput, Err: fmt.Errorf("cannot connect to the database %s: %s", db.name, db.describe(reason)), Hint: hint}
}

// queryError words a failure of the query of kind: exit 3, with the
// server's message and the config key most likely at fault.
func (db *database) queryError(err error, kind input.Kind, m warehouse.Mapping) error {
	source := "table"
	if m.Query != "" {
		source = "query"
	}
	key := warehouse.Key(kind, source)
	showSQL := fmt.Sprintf("nollmission sql --dialect %s shows the query", db.dialect)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		if errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err) {
			return db.timeoutError(kind, "no answer")
		}
		return &exit.Error{Code: exit.BadInput, Err: fmt.Errorf("%s: warehouse.%s: the query failed: %s", db.name, kind, db.describe(err)),
			Hint: showSQL}
	}
	hint := "check " + key + "; " + showSQL
	switch pe.Code {
	case sqlstateQueryCanceled:
		if strings.Contains(pe.Message, "statement timeout") {
			return db.timeoutError(kind, pe.Message)
		}
	case sqlstateUndefinedColumn:
		if field := columnField(pe.Message, m); field != "" {
			key = warehouse.Key(kind, field)
			hint = "check " + key + ": the column is named as in the table, in its case (\"CreatedAt\" and createdat differ)"
		}
	case sqlstateUndefinedTable, sqlstateInvalidSchemaName:
		hint = "check " + key + ": a table is named as in the database, schema first (analytics.purchases), in its case"
	case sqlstateUndefinedFunction, sqlstateDatatypeMismatch, sqlstateInvalidDatetime:
		// Not period_type's nor count's: their columns' types were checked
		// first (checkColumnTypes), so what the function, operator or value
		// at fault works on is in what the table or query selects.
		hint = "check " + key + ": the period and count columns' types were checked, so what fails is in what it selects; " + showSQL
	case sqlstateNumericOutOfRange:
		// The query's cast of each count to BIGINT (warehouse.pgWhole).
		if m.Count != "" && strings.Contains(pe.Message, "bigint out of range") {
			count := warehouse.Key(kind, "count")
			return &exit.Error{Code: exit.BadInput,
				Err: fmt.Errorf("%s: %s: a count of the column %s is no whole number from 0 to 9223372036854775807 (NaN, an infinity, or beyond): the database says: %s",
					db.name, count, input.ShowName(m.Count), db.describe(pe)),
				Hint: fmt.Sprintf("find it with WHERE NOT (%s BETWEEN 0 AND 9223372036854775807) in what %s reads; correct it, or leave it out with a query mapping", pgIdent(m.Count), key)}
		}
	case sqlstateInsufficientPrivs:
		hint = "grant the user SELECT on what " + key + " reads, or connect as a user who has it"
	case sqlstateReadOnlyTransaction:
		hint = "the queries run in a read-only transaction: " + key + " must only read"
	case sqlstateSyntaxError:
		switch {
		case m.Query == "":
			hint = showSQL + "; report it if the mapping is valid"
		case strings.Contains(pe.Message, "multiple commands"):
			// The extended protocol's refusal of a query: mapping that
			// closes its subquery and goes on with statements of its own.
			return &exit.Error{Code: exit.BadInput,
				Err: fmt.Errorf("%s: %s: more than one SQL statement, and nothing of it was run; the database refused the query: %s",
					db.name, key, db.describe(pe)),
				Hint: key + " is one SELECT, read as a subquery: remove the ; and the statements after it (a ; at its end, followed only by comments, is dropped)"}
		}
	}
	return &exit.Error{Code: exit.BadInput, Err: fmt.Errorf("%s: %s: the database refused the query: %s", db.name, key, db.describe(pe)), Hint: hint}
}

func (db *database) timeoutError(kind input.Kind, reason string) error {
	return &exit.Error{Code: exit.BadInput,
		Err:  fmt.Errorf("%s: warehouse.%s: the query took longer than --timeout %s (%s)", db.name, kind, db.timeout, db.scrub(reason)),
		Hint: "raise --timeout, or give the database less to count: an index on the period column, or a query over the years reported"}
}

// periodTypes are the PostgreSQL types of the period types, by their OIDs
// (which Redshift and other engines of the protocol share).
var periodTypes = map[uint32]struct {
	periodType warehouse.PeriodType
	name       string
}{
	pgtype.TimestamptzOID: {warehouse.PeriodTimestamptz, "timestamp with time zone"},
	pgtype.TimestampOID:   {warehouse.PeriodTimestamp, "timestamp without time zone"},
	pgtype.DateOID:        {warehouse.PeriodDate, "date"},
}

// countTypes are the PostgreSQL types a count column may have, by their
// OIDs: the query sums their whole values exactly, as 64-bit integers.
var countTypes = map[uint32]bool{
	pgtype.Int2OID: true, pgtype.Int4OID: true, pgtype.Int8OID: true, pgtype.NumericOID: true,
	pgtype.Float4OID: true, pgtype.Float8OID: true,
}

// checkColumnTypes asks the database for the types of the period column
// and the count column, reading no row. It refuses a period_type that does
// not match the period column: the query would run, with the engine's
// implicit casts, and put rows near midnight into the wrong month. And it
// refuses a count column that is not a number: the query would fail on
// sum(text) or text < integer (SQLSTATE 42883), an error about a function
// that names neither column.
func (db *database) checkColumnTypes(ctx context.Context, kind input.Kind, m warehouse.Mapping) error {
	probe, err := warehouse.Probe(db.dialect, m)
	if err != nil {
		return exit.UsageError("", "%v", err) // the mapping was checked: not reached
	}
	rows, err := db.run(ctx, probe)
	if err != nil {
		return db.queryError(err, kind, m)
	}
	fields := rows.FieldDescriptions()
	rows.Close()
	if err := rows.Err(); err != nil {
		return db.queryError(err, kind, m)
	}
	want := 1
	if m.Count != "" {
		want = 2
	}
	if len(fields) != want {
		// Not reached: the probe asks for these columns.
		return &exit.Error{Code: exit.BadInput, Err: fmt.Errorf("%s: warehouse.%s: the database described %d columns for the %d asked for", db.name, kind, len(fields), want)}
	}
	key := warehouse.Key(kind, "period_type")
	got, known := periodTypes[fields[0].DataTypeOID]
	switch {
	case !known:
		return &exit.Error{Code: exit.BadInput,
			Err: fmt.Errorf("%s: %s: the column %s is %s in the database, not a timestamp or a date",
				db.name, warehouse.Key(kind, "period"), m.Period, db.typeName(fields[0].DataTypeOID)),
			Hint: "map a timestamptz, timestamp or date column; convert another in a query mapping, such as query: SELECT CAST(created AS timestamptz) AS created_at, … FROM …"}
	case got.periodType != m.PeriodType:
		return &exit.Error{Code: exit.BadInput,
			Err: fmt.Errorf("%s: %s: %s, but the column %s is a %s in the database",
				db.name, key, m.PeriodType, m.Period, got.name),
			Hint: fmt.Sprintf("set %s: %s (timestamptz: an instant; timestamp: a wall time without zone, naive_timezone says which; date: a date)", key, got.periodType)}
	}
	if m.Count != "" && !countTypes[fields[1].DataTypeOID] {
		return &exit.Error{Code: exit.BadInput,
			Err: fmt.Errorf("%s: %s: the column %s is %s in the database, not a number: counts must be of an integer or numeric type",
				db.name, warehouse.Key(kind, "count"), m.Count, db.typeName(fields[1].DataTypeOID)),
			Hint: "map a column of type smallint, integer, bigint, numeric (or real, double precision) with whole counts; convert another in a query mapping, such as query: SELECT CAST(n AS bigint) AS n, … FROM …"}
	}
	return nil
}

// parsePrefix is how pgx starts a ParseConfigError: with the connection
// string (its password as xxxxx), which the message names otherwise.
var parsePrefix = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("^cannot parse `[^`]*`: ") })

// typeName names a type by its OID, as pgx knows the built-in ones.
func (db *database) typeName(oid uint32) string {
	if t, ok := db.conn.TypeMap().TypeForOID(oid); ok {
		return t.Name
	}
	return fmt.Sprintf("of type OID %d", oid)
}

// quotedName finds the column a server names in "column "x" does not
// exist" (PostgreSQL's wording).
var quotedName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`column "((?:[^"]|"")*)"`) })

// columnField is the mapping field whose column the server says is missing,
// or "".
func columnField(message string, m warehouse.Mapping) string {
	match := quotedName().FindStringSubmatch(message)
	if match == nil {
		return ""
	}
	name := strings.ReplaceAll(match[1], `""`, `"`)
	for _, f := range []struct{ field, column string }{
		{"period", m.Period}, {"country", m.Country}, {"channel", m.Channel},
		{"category", m.Category}, {"score", m.Score}, {"count", m.Count},
	} {
		if f.column == name {
			return f.field
		}
	}
	return ""
}

// dbRecords is the count rows of one kind's query: a header of column
// names, then rows of text values, each at its row number. It is one more
// input.Records, so that binding and checks are those of a file's rows.
type dbRecords struct {
	db      *database
	kind    input.Kind
	mapping warehouse.Mapping
	rows    pgx.Rows
	cancel  context.CancelFunc
	header  []string
	rec     []string
	row     int64 // rows returned so far
	month   int   // the month column's index; -1 if there is none
}

// query runs the count-row query of kind in the transaction, once the
// period column's type is known to match the mapping, and the count
// column's to be a number.
func (db *database) query(kind input.Kind, m warehouse.Mapping, reportZone string) (*dbRecords, error) {
	sql, err := warehouse.Query(db.dialect, kind, m, reportZone)
	if err != nil {
		return nil, zoneError(err) // the mapping and zone were checked: not reached
	}
	ctx, cancel := context.WithTimeout(context.Background(), db.timeout+clientGrace)
	if err := db.checkColumnTypes(ctx, kind, m); err != nil {
		cancel()
		return nil, err
	}
	rows, err := db.run(ctx, sql)
	if err != nil {
		cancel()
		return nil, db.queryError(err, kind, m)
	}
	r := &dbRecords{db: db, kind: kind, mapping: m, rows: rows, cancel: cancel, month: -1}
	for i, f := range rows.FieldDescriptions() {
		r.header = append(r.header, f.Name)
		if f.Name == "month" {
			r.month = i
		}
	}
	r.rec = make([]string, len(r.header))
	return r, nil
}

// Header is the query's column names: aggregate's count-row columns.
func (r *dbRecords) Header() ([]string, error) {
	if len(r.header) == 0 {
		// The server failed before describing the rows.
		r.rows.Next()
		r.rows.Close()
		if err := r.rows.Err(); err != nil {
			return nil, r.db.queryError(err, r.kind, r.mapping)
		}
		return nil, io.EOF
	}
	return r.header, nil
}

// Headerless is never asked of a query's result: its columns are named by
// the query, and the files' --header is not passed to it.
func (r *dbRecords) Headerless(int) error {
	return &input.DataError{File: r.db.name, Reason: "a query's result names its columns; --header is for files without a header line"}
}

// Next returns the next count row; a NULL (never sent: the query turns
// them into empty strings) would be an empty value. A month that is not
// one, for periods that are in no month, is refused here, where the
// mapping's period column can be named.
func (r *dbRecords) Next() ([]string, error) {
	if !r.rows.Next() {
		r.rows.Close()
		if err := r.rows.Err(); err != nil {
			return nil, r.db.queryError(err, r.kind, r.mapping)
		}
		return nil, io.EOF
	}
	for i, v := range r.rows.RawValues() {
		r.rec[i] = string(v)
	}
	r.row++
	if r.month >= 0 {
		if p := monthProblem(r.rec[r.month]); p != periodFine {
			return nil, r.periodError(p, r.rec[r.month])
		}
	}
	return r.rec, nil
}

// periodProblem is what a count row's month says of the periods it
// counts, when it is not a month: the query writes a NULL period as an
// empty string, an infinite one as its value, and one outside the years 1
// to 9999 as its month with the era (warehouse.pgMonth).
type periodProblem int

const (
	periodFine     periodProblem = iota // a month, or something the reader judges
	periodNull                          // empty
	periodInfinite                      // 'infinity', '-infinity'
	periodBC                            // '0044-03 BC'
	periodLate                          // after the year 9999: '10000-01 AD'
)

func monthProblem(v string) periodProblem {
	switch {
	case len(v) == 7 && v[4] == '-':
		return periodFine // the reader checks its digits
	case v == "":
		return periodNull
	case v == "infinity" || v == "-infinity":
		return periodInfinite
	case strings.HasSuffix(v, " BC"):
		return periodBC
	case len(v) > 5 && allDigits(v[:5]):
		return periodLate
	}
	return periodFine
}

// pgIdent quotes a column's name for a hint's SQL, as PostgreSQL reads
// it, on one line that cannot drive a terminal.
func pgIdent(name string) string {
	return input.Printable(`"` + strings.ReplaceAll(name, `"`, `""`) + `"`)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// periodError refuses the periods of a count row whose month is not one
// (p, the month column's value v), naming the mapping's period column and
// how many rows have the same problem: the rest of the result, a few
// hundred count rows, is read for it. Without a count column each count
// row's total is its number of rows; with one it is a sum of counts, and
// the rows go uncounted.
func (r *dbRecords) periodError(p periodProblem, v string) error {
	rows := int64(0) // -1: not known
	if r.mapping.Count != "" {
		rows = -1
	}
	values := []string{v} // infinities: -infinity, infinity or both
	total := len(r.rec) - 1
	add := func(month, count string) {
		if n, err := strconv.ParseInt(count, 10, 64); err == nil && rows >= 0 {
			rows += n
		} else {
			rows = -1
		}
		if !slices.Contains(values, month) {
			values = append(values, month)
		}
	}
	add(v, r.rec[total])
	for r.rows.Next() {
		raw := r.rows.RawValues()
		if len(raw) == len(r.rec) && monthProblem(string(raw[r.month])) == p {
			add(string(raw[r.month]), string(raw[total]))
		}
	}
	r.rows.Close()
	have := "rows have"
	switch {
	case rows == 1:
		have = "1 row has"
	case rows > 1:
		have = fmt.Sprintf("%d rows have", rows)
	}
	key := warehouse.Key(r.kind, "period")
	col := input.ShowName(r.mapping.Period)
	var reason, hint string
	switch p {
	case periodNull:
		reason = fmt.Sprintf("%s no period: the column %s is NULL", have, col)
		hint = fmt.Sprintf("give them their time, or leave them out with a query mapping: query: SELECT … WHERE %s IS NOT NULL", pgIdent(r.mapping.Period))
	case periodInfinite:
		slices.Sort(values)
		reason = fmt.Sprintf("%s an infinite period: the column %s holds %s, which is in no month", have, col, strings.Join(values, " and "))
		hint = fmt.Sprintf("leave them out with a query mapping: query: SELECT … WHERE isfinite(%s)", pgIdent(r.mapping.Period))
	default:
		when := "before the year 0001"
		if p == periodLate {
			when = "after the year 9999"
		}
		in := ""
		if r.mapping.PeriodType != warehouse.PeriodDate {
			in = ", in the reporting time zone"
		}
		reason = fmt.Sprintf("%s a period %s: the column %s holds one in %q (its month as the database writes it%s), which nollmission does not report", have, when, col, v, in)
		hint = "months are of the years 0001 to 9999: correct the rows, or leave them out with a query mapping"
	}
	return &exit.Error{Code: exit.BadInput, Err: fmt.Errorf("%s: %s: %s", r.db.name, key, reason), Hint: hint}
}

// Position names a row of the result, with the mapping that made it; the
// reader adds the column's name.
func (r *dbRecords) Position(int) input.Position {
	if r.row == 0 {
		return input.Position{Place: fmt.Sprintf("warehouse.%s, the query's columns", r.kind)}
	}
	return input.Position{Place: fmt.Sprintf("warehouse.%s, result row %d", r.kind, r.row)}
}

// Describe completes the stats of the inputs list: the database's safe URL
// is the path (the source's name), the rows are the count rows read.
func (r *dbRecords) Describe(s *input.FileStats) { s.Format = databaseFormat }

func (r *dbRecords) Close() error {
	r.rows.Close()
	r.cancel()
	return nil
}
