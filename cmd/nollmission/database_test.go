package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/nollmission/nollmission/pkg/load"
	"github.com/nollmission/nollmission/pkg/sample"
	"github.com/nollmission/nollmission/pkg/testenv/pgtest"
)

// The rows both sides of the comparison hold: the embedded sample's counts,
// made into rows with instants (a month's first and last second in
// Stockholm among them), complaints one row per complaint, plus purchases
// and complaints of two more countries, exported spellings of channels,
// categories in mixed case and NULLs.
type warehouseRow struct {
	at       time.Time
	country  string
	channel  *string // complaints; nil is NULL
	category *string // complaints; nil is NULL
	score    int     // surveys
	n        int64   // purchases and surveys: the row's count
}

type warehouseRows struct {
	purchases, complaints, answers []warehouseRow
}

var stockholm = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic(err)
	}
	return loc
}()

// monthBounds are the first and last second of a month in Stockholm.
func monthBounds(t *testing.T, month string) (first, last time.Time) {
	t.Helper()
	m, err := time.ParseInLocation("2006-01", month, stockholm)
	if err != nil {
		t.Fatal(err)
	}
	return m, m.AddDate(0, 1, 0).Add(-time.Second)
}

func count(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func ptr(s string) *string { return &s }

// channelSpellings are how exports write the sample's channels: every
// spelling normalises to the channel.
var channelSpellings = map[string][]string{
	"customer_service":   {"customer_service", "Kundservice"},
	"social_media":       {"Sociala medier", "social_media"},
	"konsumentverket":    {"Konsumentverket"},
	"datainspektionen":   {"IMY", "datainspektionen"},
	"arn":                {"Allmänna reklamationsnämnden", "ARN"},
	"finansinspektionen": {"FI", "Finansinspektionen"},
}

var categories = []*string{ptr("Refunds"), ptr("refunds "), ptr("Invoices not received"), ptr("REMINDER FEES"), ptr(""), nil}

func sampleRows(t *testing.T) warehouseRows {
	t.Helper()
	var rows warehouseRows
	for _, rec := range records(t, "transactions.csv")[1:] {
		first, last := monthBounds(t, rec[0])
		n := count(t, rec[2])
		mid := time.Date(first.Year(), first.Month(), 15, 12, 30, 0, 0, stockholm)
		rows.purchases = append(rows.purchases,
			warehouseRow{at: first, country: rec[1], n: n / 3},
			warehouseRow{at: mid, country: rec[1], n: n / 3},
			warehouseRow{at: last, country: rec[1], n: n - 2*(n/3)})
		if strings.HasPrefix(rec[0], "2019-") {
			rows.purchases = append(rows.purchases,
				warehouseRow{at: mid, country: "NO", n: 250000 + int64(first.Month())*1000},
				warehouseRow{at: last, country: "FI", n: 100000})
		}
	}
	for i, rec := range records(t, "complaints.csv")[1:] {
		first, last := monthBounds(t, rec[0])
		k := count(t, rec[3])
		step := last.Sub(first) / time.Duration(max(k, 1))
		spellings := channelSpellings[rec[2]]
		for j := range k {
			at := first.Add(time.Duration(j) * step)
			if j == k-1 {
				at = last
			}
			ch := ptr(spellings[int(j)%len(spellings)])
			rows.complaints = append(rows.complaints, warehouseRow{at: at, country: rec[1], channel: ch, category: categories[(i+int(j))%len(categories)]})
		}
		if strings.HasPrefix(rec[0], "2019-") && rec[2] == "arn" {
			rows.complaints = append(rows.complaints,
				warehouseRow{at: first, country: "NO", channel: ptr("Kundservice"), category: ptr("Refunds")},
				warehouseRow{at: first.Add(time.Hour), country: "NO", channel: nil, category: ptr("refunds")}, // unspecified channel
				warehouseRow{at: last, country: "fi", channel: ptr("FI"), category: nil})
		}
	}
	for _, rec := range records(t, "surveys.csv")[1:] {
		first, last := monthBounds(t, rec[0])
		score, _ := strconv.Atoi(rec[2])
		n := count(t, rec[3])
		rows.answers = append(rows.answers,
			warehouseRow{at: first.Add(time.Hour), country: rec[1], score: score, n: n / 2},
			warehouseRow{at: last, country: rec[1], score: score, n: n - n/2})
	}
	return rows
}

func sqlText(s *string) string {
	if s == nil {
		return "NULL"
	}
	return "'" + strings.ReplaceAll(*s, "'", "''") + "'"
}

// periodValues are one instant as the three period columns hold it: a
// timestamptz, a naive UTC timestamp, a Stockholm date.
func periodValues(at time.Time) string {
	utc := at.UTC()
	return fmt.Sprintf("'%s+00', '%s', '%s'", utc.Format("2006-01-02 15:04:05"), utc.Format("2006-01-02 15:04:05"), at.In(stockholm).Format("2006-01-02"))
}

// warehouseSQL creates the tables and loads the rows. The purchases'
// country column has a name that needs quoting.
func warehouseSQL(rows warehouseRows) string {
	var b strings.Builder
	b.WriteString(`CREATE TABLE purchases (created_at timestamptz, created_at_utc timestamp, created_on date, "Country" text, n bigint);
CREATE TABLE complaints (created_at timestamptz, created_at_utc timestamp, created_on date, country text, channel text, category text);
CREATE TABLE answers (created_at timestamptz, created_at_utc timestamp, created_on date, country text, score smallint, n bigint);
`)
	insert := func(table string, rs []warehouseRow, values func(warehouseRow) string) {
		for chunk := range slices.Chunk(rs, 1000) {
			vals := make([]string, len(chunk))
			for i, r := range chunk {
				vals[i] = "(" + periodValues(r.at) + ", " + values(r) + ")"
			}
			fmt.Fprintf(&b, "INSERT INTO %s VALUES\n%s;\n", table, strings.Join(vals, ",\n"))
		}
	}
	insert("purchases", rows.purchases, func(r warehouseRow) string { return fmt.Sprintf("'%s', %d", r.country, r.n) })
	insert("complaints", rows.complaints, func(r warehouseRow) string {
		return fmt.Sprintf("'%s', %s, %s", r.country, sqlText(r.channel), sqlText(r.category))
	})
	insert("answers", rows.answers, func(r warehouseRow) string { return fmt.Sprintf("'%s', %d, %d", r.country, r.score, r.n) })
	b.WriteString("CREATE ROLE reader LOGIN PASSWORD 'correct horse';\nGRANT SELECT ON purchases, complaints, answers TO reader;\n")
	return b.String()
}

// writeCSVs writes the same rows as a warehouse's CSV export would, NULL
// as an empty cell, the period as the column mapped holds it: an instant
// (RFC 3339, for a timestamptz or a naive UTC timestamp) or a date (the
// Stockholm date, which stays that date whatever --timezone says).
func writeCSVs(t *testing.T, dir, periodType string, rows warehouseRows) (tx, cp, sv string) {
	t.Helper()
	periodColumn, period := "timestamp", func(at time.Time) string { return at.UTC().Format(time.RFC3339) }
	if periodType == "date" {
		periodColumn, period = "date", func(at time.Time) string { return at.In(stockholm).Format(time.DateOnly) }
	}
	write := func(name string, header []string, rs []warehouseRow, fields func(warehouseRow) []string) string {
		header = append([]string{periodColumn}, header...)
		path := filepath.Join(dir, periodType+"-"+name)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(f)
		_ = w.Write(header)
		for _, r := range rs {
			_ = w.Write(append([]string{period(r.at)}, fields(r)...))
		}
		w.Flush()
		if err := w.Error(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		return path
	}
	deref := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	tx = write("tx.csv", []string{"country", "count"}, rows.purchases, func(r warehouseRow) []string {
		return []string{r.country, strconv.FormatInt(r.n, 10)}
	})
	cp = write("complaints.csv", []string{"country", "channel", "category"}, rows.complaints, func(r warehouseRow) []string {
		return []string{r.country, deref(r.channel), deref(r.category)}
	})
	sv = write("surveys.csv", []string{"country", "score", "count"}, rows.answers, func(r warehouseRow) []string {
		return []string{r.country, strconv.Itoa(r.score), strconv.FormatInt(r.n, 10)}
	})
	return tx, cp, sv
}

// periodMappings map the same tables by each of their period columns.
var periodMappings = []struct {
	name, column, periodType, extra string
}{
	{"timestamptz", "created_at", "timestamptz", ""},
	{"naive UTC timestamp", "created_at_utc", "timestamp", "naive_timezone: UTC"},
	{"date", "created_on", "date", ""},
}

func warehouseConfig(column, periodType, extra string) string {
	mapping := func(table string, more ...string) string {
		lines := append([]string{"table: " + table, "period: " + column, "period_type: " + periodType}, more...)
		if extra != "" {
			lines = append(lines, extra)
		}
		return "    " + strings.Join(lines, "\n    ") + "\n"
	}
	return string(sample.TargetsYAML()) + "warehouse:\n" +
		"  transactions:\n" + mapping("purchases", "country: Country", "count: n") +
		"  complaints:\n" + mapping("complaints", "country: country", "channel: channel", "category: category") +
		"  surveys:\n" + mapping("answers", "country: country", "score: score", "count: n")
}

// inputsList is the JSON inputs list, which names where the data came
// from, and so differs between files and database.
var inputsList = regexp.MustCompile(`(?s)\n  "inputs": \[.*?\n  \],`)

// TestDatabaseEqualsFiles runs every command on the same rows in a real
// PostgreSQL (through --database, with the period as timestamptz, as a
// naive UTC timestamp and as a date) and in CSV files, and wants the same
// bytes on stdout and stderr and the same exit code, the JSON inputs list
// aside, which must name the database without its password.
func TestDatabaseEqualsFiles(t *testing.T) {
	srv := pgtest.Start(t)
	t.Logf("PostgreSQL %s, started in %s", srv.Version, srv.Startup)
	rows := sampleRows(t)
	srv.Exec(t, warehouseSQL(rows))
	dir := t.TempDir()
	published, err := fs.ReadFile(sample.FS(), "data/published.csv")
	if err != nil {
		t.Fatal(err)
	}
	publishedFile := filepath.Join(dir, "published.csv")
	if err := os.WriteFile(publishedFile, published, 0o644); err != nil {
		t.Fatal(err)
	}
	dbURL := srv.URLFor("reader", "correct horse")

	commands := [][]string{
		{"rate"}, {"rate", "--year", "2019", "-o", "csv"}, {"rate", "-o", "json"}, {"rate", "-o", "markdown"},
		{"rate", "--country", "NO"}, {"rate", "--timezone", "UTC", "-o", "json"},
		{"progress"}, {"progress", "--year", "2020", "-o", "json"},
		{"csat"}, {"csat", "-o", "json"},
		{"breakdown"}, {"breakdown", "--external", "-o", "csv"}, {"breakdown", "--year", "2019", "-o", "json"},
		{"breakdown", "--by", "category"}, {"breakdown", "--by", "category", "-o", "json"},
		{"breakdown", "--by", "country"}, {"breakdown", "--by", "country", "-o", "json"},
		{"verify", publishedFile}, {"verify", publishedFile, "-o", "json"},
		{"compare"}, {"compare", "2019", "2018", "-o", "json"}, {"compare", "2019-01..2019-06", "2019-07..2019-12", "--country", "NO"},
		{"control", "--year", "2019"}, {"control", "--rules", "nelson", "-o", "json"},
		{"chart", "rate", "--year", "2019", "--format", "svg"}, {"chart", "breakdown", "--by", "category", "--format", "svg"},
		{"chart", "csat", "--format", "svg"},
		{"report", "--year", "2019"}, {"report", "-o", "markdown", "--lang", "sv"},
		{"aggregate", "--kind", "transactions"}, {"aggregate", "--kind", "complaints"}, {"aggregate", "--kind", "surveys"},
		{"aggregate", "--kind", "complaints", "--timezone", "America/New_York"},
	}
	for _, pm := range periodMappings {
		t.Run(pm.name, func(t *testing.T) {
			tx, cp, sv := writeCSVs(t, dir, pm.periodType, rows)
			cfg := filepath.Join(dir, "config-"+pm.column+".yaml")
			if err := os.WriteFile(cfg, []byte(warehouseConfig(pm.column, pm.periodType, pm.extra)), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, args := range commands {
				// The files of every kind from the environment, which serves
				// every command (the command line would get a note on the
				// kinds a command does not read).
				fromFiles := append(slices.Clone(args), "--config", cfg)
				fromDB := append(slices.Clone(args), "--config", cfg, "--database", dbURL)
				name := strings.Join(args, " ")
				if args[0] == "verify" {
					name = "verify published.csv " + strings.Join(args[2:], " ")
				}
				t.Setenv("NOLLMISSION_TRANSACTIONS", tx)
				t.Setenv("NOLLMISSION_COMPLAINTS", cp)
				t.Setenv("NOLLMISSION_SURVEYS", sv)
				fileCode, fileOut, fileErr := run(t, nil, fromFiles...)
				for _, v := range []string{"NOLLMISSION_TRANSACTIONS", "NOLLMISSION_COMPLAINTS", "NOLLMISSION_SURVEYS"} {
					t.Setenv(v, "") // unset: no files beside --database
				}
				dbCode, dbOut, dbErr := run(t, nil, fromDB...)
				// verify finds the one published total of the sample that does not add up (exit 1).
				if (fileCode != 0 && !(args[0] == "verify" && fileCode == 1)) || fileOut == "" {
					t.Fatalf("%s on files: exit %d\n%s%s", name, fileCode, fileOut, fileErr)
				}
				if dbCode != fileCode || dbErr != fileErr {
					t.Errorf("%s: exit %d, stderr %q from the database; exit %d, stderr %q from files", name, dbCode, dbErr, fileCode, fileErr)
				}
				if slices.Contains(args, "json") {
					checkDatabaseInputs(t, name, dbOut, srv.URLFor("reader", ""))
					dbOut = inputsList.ReplaceAllString(dbOut, "\n  \"inputs\": …,")
					fileOut = inputsList.ReplaceAllString(fileOut, "\n  \"inputs\": …,")
				}
				if args[0] == "verify" {
					// The table's note says what the figures were checked against.
					dbOut = strings.Replace(dbOut, "checked against the database:", "checked against the data files:", 1)
				}
				if args[0] == "report" {
					// The page lists its sources, one line each.
					dbOut = withoutLines(t, name, dbOut, "postgres://reader@/postgres?", 3)
					fileOut = withoutLines(t, name, fileOut, filepath.Join(dir, pm.periodType+"-"), 3)
				}
				if dbOut != fileOut {
					t.Errorf("%s: the database's output differs from the files':\n%s", name, lineDiff(fileOut, dbOut))
				}
				if strings.Contains(dbOut+dbErr, "correct horse") {
					t.Errorf("%s: the password is in the output", name)
				}
			}
		})
	}
}

// checkDatabaseInputs wants the inputs list to name the database by its URL
// without the password, once per kind read, with the count rows read.
func checkDatabaseInputs(t *testing.T, name, out, safeURL string) {
	t.Helper()
	var doc struct {
		Inputs []struct {
			Kind string `json:"kind"`
			Path string `json:"path"`
			Rows int64  `json:"rows"`
		} `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(doc.Inputs) == 0 {
		t.Errorf("%s: no inputs listed", name)
	}
	want := load.SafeURL(safeURL)
	for _, in := range doc.Inputs {
		if in.Path != want || in.Rows <= 0 || in.Kind == "" {
			t.Errorf("%s: input %+v, want path %s and its count rows", name, in, want)
		}
	}
}

// withoutLines drops the lines holding what, wanting n of them.
func withoutLines(t *testing.T, name, out, what string, n int) string {
	t.Helper()
	var kept []string
	dropped := 0
	for _, line := range strings.SplitAfter(out, "\n") {
		if strings.Contains(line, what) {
			dropped++
			continue
		}
		kept = append(kept, line)
	}
	if dropped != n {
		t.Errorf("%s: %d lines name %s, want %d", name, dropped, what, n)
	}
	return strings.Join(kept, "")
}

// lineDiff shows the first lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  files:    %s\n  database: %s\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}

// scriptTablesSQL adds, beside the sample's tables, what the scripts' error
// paths need: a table the reader may not read, a sequence (nextval writes),
// rows that a file would be refused for, counts in floats whose float sum
// is wrong, a count no 64-bit integer holds (NaN), periods in no month (NULL, infinite, BC, after 9999), and a
// table the reader may delete from, which a query: mapping must not.
const scriptTablesSQL = `
CREATE TABLE secret (created_at timestamptz);
CREATE SEQUENCE ticket;
GRANT USAGE ON SEQUENCE ticket TO reader;
CREATE TABLE odd (at_text text, created_on date, country text, n bigint);
INSERT INTO odd VALUES ('2019-01-01 10:00', '2019-01-01', 'SE', 5), ('2019-01-02 10:00', '2019-01-02', NULL, 7), ('2019-02-01 10:00', '2019-02-01', 'SE', -2);
GRANT SELECT ON odd TO reader;
CREATE TABLE floaty (created_on date, n double precision);
INSERT INTO floaty VALUES ('2019-01-01', 9007199254740992), ('2019-01-02', 1), ('2019-01-03', 1), ('2019-02-01', 10000000000000000), ('2019-02-02', 1);
GRANT SELECT ON floaty TO reader;
CREATE TABLE nearly (created_on date, n double precision);
INSERT INTO nearly VALUES ('2019-01-01', 2.0000000000000004), ('2019-01-02', 5);
GRANT SELECT ON nearly TO reader;
CREATE TABLE unbounded (created_on date, n double precision);
INSERT INTO unbounded VALUES ('2019-01-01', 5), ('2019-01-02', 'NaN');
GRANT SELECT ON unbounded TO reader;
CREATE TABLE ages (kind text, created_at timestamptz, created_on date, n bigint);
INSERT INTO ages VALUES ('null', NULL, NULL, 1), ('null', NULL, NULL, 1), ('null', NULL, NULL, 1),
  ('inf', 'infinity', 'infinity', 1), ('-inf', '-infinity', '-infinity', 1), ('-inf', '-infinity', '-infinity', 1),
  ('bc', '0044-03-15 10:00:00+00 BC', '0044-03-15 BC', 1), ('1bc', '0001-12-31 23:30:00+00 BC', '0001-12-31 BC', 1),
  ('late', '10000-01-05 10:00:00+00', '10000-01-05', 1), ('ok', '2019-01-05 10:00:00+00', '2019-01-05', 4);
GRANT SELECT ON ages TO reader;
CREATE TABLE victim (created_on date);
INSERT INTO victim VALUES ('2019-01-01'), ('2019-01-02'), ('2019-01-03');
GRANT SELECT, DELETE ON victim TO reader;
`

// TestDatabaseScripts runs the scripts in testdata/script/database against
// one real PostgreSQL holding the rows of TestDatabaseEqualsFiles and
// scriptTablesSQL, as the role reader (password "correct horse", SELECT
// only). The scripts find the server in $DATABASE (with the password),
// $DATABASE_NO_PASSWORD, $DATABASE_WRONG_PASSWORD and $DATABASE_SHOWN (the
// URL as nollmission shows it), and a password file line for it in
// $PGPASS_LINE.
func TestDatabaseScripts(t *testing.T) {
	srv := pgtest.Start(t)
	srv.Exec(t, warehouseSQL(sampleRows(t))+scriptTablesSQL)
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/script/database",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("DATABASE", srv.URLFor("reader", "correct horse"))
			env.Setenv("DATABASE_NO_PASSWORD", srv.URLFor("reader", ""))
			env.Setenv("DATABASE_WRONG_PASSWORD", srv.URLFor("reader", "wrong horse"))
			env.Setenv("DATABASE_SHOWN", load.SafeURL(srv.URLFor("reader", "")))
			// A socket's host is localhost in a password file.
			env.Setenv("PGPASS_LINE", fmt.Sprintf("localhost:%d:%s:reader:correct horse", pgtest.Port, pgtest.Database))
			return nil
		},
	})
}
