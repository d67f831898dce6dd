// Package load decides where a command's data comes from (the files
// given, standard input, a database (database.go), or the embedded sample
// when none is given) and reads it into a dataset, with the progress bar on
// a terminal.
package load

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/nollmission/nollmission/pkg/dataset"
	"github.com/nollmission/nollmission/pkg/exit"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/period"
	"github.com/nollmission/nollmission/pkg/progressbar"
	"github.com/nollmission/nollmission/pkg/sample"
	"github.com/nollmission/nollmission/pkg/warehouse"
)

// Options choose and read the input data.
type Options struct {
	Files    map[input.Kind][]string // paths and globs by kind; "-" is stdin
	Country  string
	Timezone string
	// Delimiter and Encoding override detection in the user's files (0 and
	// input.EncodingAuto detect); the embedded sample is always detected.
	Delimiter rune
	Encoding  input.Encoding
	// Quiet hides the progress bar and the notes: that the sample is read,
	// how timestamps without an offset were read.
	Quiet bool
	// NaiveTimezone is the zone whose wall time timestamps without an
	// offset are in; "" (the setting given nowhere) is the reporting zone,
	// and a file with such timestamps then gets a note.
	NaiveTimezone string
	// PeriodFormat declares period values of digits alone epoch times.
	PeriodFormat period.PeriodFormat
	// Columns, Headers and Sheet say how to read the user's files (the
	// columns of roles, the header of files without one, the sheet of a
	// workbook); the embedded sample is read as it is.
	Columns input.ColumnMap
	Headers input.Headers
	Sheet   string
	// OnlyCountry keeps Country's counts only, for a report on one
	// country: the rows of the others are counted per country (the
	// dataset's Countries and Seen), not kept per month.
	OnlyCountry bool
	// Database is the postgres:// URL every kind is counted in, with the
	// Warehouse mappings, each query allowed Timeout; "" reads files.
	Database  string
	Warehouse warehouse.Config
	Timeout   time.Duration
	// Reads are the kinds the command declared it may read
	// (cmdutil.Reads): Dataset refuses another, so that the declaration,
	// from which the notes on input flags a command does not read are
	// made, stays true. nil: not checked.
	Reads []input.Kind
	// OnCommandLine are the kinds whose files were named on the command
	// line: one the command declares (Reads) but does not read this time
	// (aggregate --kind, chart rate, verify of figures that need no
	// surveys) gets a note from Dataset, as cmdutil's for one it never
	// reads; the config file's and the environment's, which serve every
	// command, get none.
	OnCommandLine []input.Kind
}

// FromDatabase tells whether the data comes from the database.
func (d Options) FromDatabase() bool { return d.Database != "" }

// HasData tells whether data was given at all, in files or a database:
// without any, the commands read the embedded sample.
func (d Options) HasData() bool { return d.HasFiles() || d.FromDatabase() }

// Given tells whether data of kind was given: files of it, or a warehouse
// mapping of it with a database.
func (d Options) Given(kind input.Kind) bool {
	if d.FromDatabase() {
		return d.Warehouse.Mapping(kind) != nil
	}
	return len(d.Files[kind]) > 0
}

// HasFiles tells whether input files of any kind were given: without any,
// the commands read the embedded sample.
func (d Options) HasFiles() bool {
	for _, k := range input.Kinds {
		if len(d.Files[k]) > 0 {
			return true
		}
	}
	return false
}

// Bucketer returns the month bucketing of the reporting time zone.
func (d Options) Bucketer() (*period.Bucketer, error) {
	if d.Timezone == "" || d.Timezone == "Local" {
		// "" would be UTC and Local the machine's zone: neither is a
		// reporting time zone, and Local would make figures differ by machine.
		return nil, exit.UsageError("use an IANA zone name such as --timezone Europe/Stockholm (or UTC)", "--timezone %q is not a reporting time zone", d.Timezone)
	}
	b, err := period.NewBucketerWith(d.Timezone, period.Options{NaiveZone: d.NaiveTimezone, Format: d.PeriodFormat})
	if err != nil {
		return nil, exit.UsageError("use IANA zone names such as --timezone Europe/Stockholm and --naive-timezone UTC", "%v", err)
	}
	return b, nil
}

// Dataset reads the kinds of data a command needs: from the files given, or,
// when no file of any kind is given, from the embedded sample (said on
// stderr). A needed kind without files is a usage error naming the flag.
// Months of the country with more complaints than purchases are said on
// stderr (moreComplaintsNote).
func Dataset(stdin io.Reader, stderr io.Writer, d Options, command string, need ...input.Kind) (*dataset.Dataset, error) {
	for _, k := range need {
		if d.Reads != nil && !slices.Contains(d.Reads, k) {
			return nil, fmt.Errorf("internal error: %s reads %s, and does not declare it (cmdutil.Reads)", command, k.Data())
		}
	}
	if !d.Quiet {
		unreadHere(stderr, d, command, need)
	}
	ds, err := read(stdin, stderr, d, command, need...)
	if err == nil && !d.Quiet && slices.Contains(need, input.Transactions) && slices.Contains(need, input.Complaints) {
		purchases := dataset.ByMonth(ds, input.Transactions, d.Country)
		complaints := dataset.ByMonth(ds, input.Complaints, d.Country)
		for _, note := range []string{moreComplaintsNote(purchases, complaints, d.Country), unmatchedComplaintsNote(purchases, complaints, d.Country),
			uncoveredPurchasesNote(purchases, complaints, d.Country), purchaseGapNote(purchases, complaints, d.Country)} {
			if note != "" {
				fmt.Fprintln(stderr, note)
			}
		}
	}
	return ds, err
}

func read(stdin io.Reader, stderr io.Writer, d Options, command string, need ...input.Kind) (*dataset.Dataset, error) {
	b, err := d.Bucketer()
	if err != nil {
		return nil, err
	}
	cfg := input.Config{Bucketer: b, Country: d.Country}
	var keep []dataset.Option
	if d.OnlyCountry {
		keep = append(keep, dataset.OnlyCountry(d.Country))
	}
	if d.FromDatabase() {
		return fromDatabase(stderr, d, cfg, command, need, keep...)
	}
	sources := map[input.Kind][]input.Source{}
	if !d.HasFiles() {
		for _, k := range need {
			sources[k] = sample.Sources(k)
		}
		if !d.Quiet {
			fmt.Fprintf(stderr, "nollmission: no input files given: using the %s (illustrative data; %s to read your own)\n",
				sample.Label, flagList(need))
		}
		ds, err := dataset.Load(sources, cfg, keep...)
		if err != nil {
			return nil, exit.InputError(err)
		}
		ds.Sample = true
		return ds, nil
	}
	stdinUsed := ""
	for _, k := range need {
		if len(d.Files[k]) == 0 {
			return nil, exit.UsageError(fmt.Sprintf("add %s FILE", k.Flag()), "%s needs %s as well", command, k.Data())
		}
		srcs, dups, err := input.ResolveWithDuplicates(d.Files[k], stdin)
		if err != nil {
			return nil, exit.InputError(err)
		}
		if !d.Quiet {
			for _, dup := range dups {
				if dup.Name == dup.SameAs {
					fmt.Fprintf(stderr, "nollmission: %s is named twice: read once\n", input.Printable(dup.Name))
				} else {
					fmt.Fprintf(stderr, "nollmission: %s is the same file as %s: read once\n", input.Printable(dup.Name), input.Printable(dup.SameAs))
				}
			}
		}
		for _, s := range srcs {
			if s.Name == input.StdinName {
				if stdinUsed != "" {
					return nil, exit.UsageError("read one kind from stdin and name files for the others",
						"standard input (-) is given for both %s and %s", stdinUsed, k.Flag())
				}
				stdinUsed = k.Flag()
			}
		}
		sources[k] = srcs
	}
	cfg.Delimiter, cfg.Encoding = d.Delimiter, d.Encoding
	cfg.Columns, cfg.Headers, cfg.Sheet = d.Columns, d.Headers, d.Sheet
	var bar *progressbar.Bar
	if !d.Quiet && progressbar.IsTerminal(stderr) {
		bar = progressbar.Start(stderr, totalSize(sources), progressbar.Delay)
		for k, srcs := range sources {
			sources[k] = counted(srcs, bar)
		}
	}
	ds, err := dataset.Load(sources, cfg, keep...)
	if bar != nil {
		bar.Stop() // before any note, which the bar's line would overwrite
	}
	if err != nil {
		return nil, exit.InputError(err)
	}
	if !d.Quiet && d.NaiveTimezone == "" {
		for _, in := range ds.Inputs {
			if in.NaiveWithTime() {
				fmt.Fprintln(stderr, naiveNote(in, d.Timezone))
			}
		}
	}
	return ds, nil
}

// moreComplaintsNote names the months of country with more complaints than
// purchases (and some purchases): their rate is above a million per
// million and their satisfied per million below zero. The figures follow
// the definitions, but such a month almost always means files that do not
// match (complaints of every country against one country's purchases, a
// month of purchases missing, a count column read as events); "" when
// there is none.
func moreComplaintsNote(purchases, complaints map[period.Month]int64, country string) string {
	var months []period.Month
	for m, n := range complaints {
		if p := purchases[m]; p > 0 && n > p {
			months = append(months, m)
		}
	}
	if len(months) == 0 {
		return ""
	}
	which, counts := monthList(months, func(m period.Month) string {
		return fmt.Sprintf("%d against %d", complaints[m], purchases[m])
	})
	return fmt.Sprintf("nollmission: %s: %s more complaints than purchases (%s): a rate above a million per million; are the files for the same country and months, and is a count column read as counts?",
		country, which, counts)
}

// unmatchedComplaintsNote names the months of country with complaints and
// no purchases: they have no rate, and a year's figure leaves their
// complaints out (metrics.FullYears), where counting them would raise the
// year with nothing to set them against. Such a month is usually one whose
// purchases are not in the files yet; "" when there is none.
func unmatchedComplaintsNote(purchases, complaints map[period.Month]int64, country string) string {
	var months []period.Month
	for m, n := range complaints {
		if n > 0 && purchases[m] == 0 {
			months = append(months, m)
		}
	}
	if len(months) == 0 {
		return ""
	}
	which, counts := monthList(months, func(m period.Month) string {
		if complaints[m] == 1 {
			return "1 complaint"
		}
		return fmt.Sprintf("%d complaints", complaints[m])
	})
	return fmt.Sprintf("nollmission: %s: %s complaints and no purchases (%s): no rate, and a year's figure leaves them out; are the purchases of those months in the files?",
		country, which, counts)
}

// uncoveredPurchasesNote names the months of country with purchases that
// lie outside the months the complaints files have rows for (before the
// first or after the last; every month when they have none): such a month
// has a rate of 0 and pulls its year's figure down, and almost always means
// a complaints export that stops early or starts late, not a month without
// complaints. A month inside the span with no complaint rows is taken as
// one without complaints and gets no note; "" when there is none.
func uncoveredPurchasesNote(purchases, complaints map[period.Month]int64, country string) string {
	first, last, have := monthSpan(complaints, func(int64) bool { return true })
	var months []period.Month
	for m, n := range purchases {
		if n > 0 && (!have || m < first || m > last) {
			months = append(months, m)
		}
	}
	if len(months) == 0 {
		return ""
	}
	which, counts := monthList(months, func(m period.Month) string {
		return fmt.Sprintf("%d purchases", purchases[m])
	})
	span := "the complaints files have no rows for " + country
	if have && first == last {
		span = fmt.Sprintf("the complaints files have rows for %s only", first)
	} else if have {
		span = fmt.Sprintf("the complaints files have rows for %s to %s only", first, last)
	}
	return fmt.Sprintf("nollmission: %s: %s purchases and no complaint rows (%s), and %s: a rate of 0 there, and a year's figure counts them; are the complaints of those months in the files?",
		country, which, counts, span)
}

// purchaseGapNote names the months of country with neither purchases nor
// complaints between the first and the last month with purchases: a year
// with such a month is a year to date (the table says "11 of 12 months"),
// judged on_track or off_track as a year in progress even when it is long
// over, and such a hole almost always means a month's files left out. A
// gap month with complaints is unmatchedComplaintsNote's; "" when there is
// none.
func purchaseGapNote(purchases, complaints map[period.Month]int64, country string) string {
	first, last, have := monthSpan(purchases, func(n int64) bool { return n > 0 })
	var months []period.Month
	for m := first + 1; have && m < last; m++ {
		if purchases[m] <= 0 && complaints[m] <= 0 {
			months = append(months, m)
		}
	}
	if len(months) == 0 {
		return ""
	}
	which, list := months[0].String()+" has", ""
	if len(months) > 1 {
		which, list = fmt.Sprintf("%d months have", len(months)), " ("+firstMonths(months)+")"
	}
	return fmt.Sprintf("nollmission: %s: %s no purchases and no complaints%s, between months that have purchases (%s to %s): a year with such a month is a year to date, judged as one in progress; are the files of those months missing?",
		country, which, list, first, last)
}

// monthList says which months (sorted here) a note is about: "2019-01 has"
// and the first month's detail, or "3 months have" and the first six months
// with the first one's detail.
func monthList(months []period.Month, detail func(period.Month) string) (which, details string) {
	slices.Sort(months)
	first := months[0]
	if len(months) == 1 {
		return first.String() + " has", detail(first)
	}
	return fmt.Sprintf("%d months have", len(months)), fmt.Sprintf("%s; %s: %s", firstMonths(months), first, detail(first))
}

// firstMonths names the first six of months, and "..." for more.
func firstMonths(months []period.Month) string {
	names := make([]string, 0, 7)
	for _, m := range months[:min(len(months), 6)] {
		names = append(names, m.String())
	}
	if len(months) > 6 {
		names = append(names, "...")
	}
	return strings.Join(names, ", ")
}

// monthSpan is the first and the last month of counts whose count keep
// takes; ok is false when there is none.
func monthSpan(counts map[period.Month]int64, keep func(int64) bool) (first, last period.Month, ok bool) {
	for m, n := range counts {
		if !keep(n) {
			continue
		}
		if !ok || m < first {
			first = m
		}
		if !ok || m > last {
			last = m
		}
		ok = true
	}
	return first, last, ok
}

// naiveNote says how a file's timestamps without an offset were read, when
// no naive time zone was given: as wall time of the reporting zone, which
// puts UTC wall time (what most warehouses write) an hour or two late, and
// into the next month at a month's end. One line per file; a file whose
// naive timestamps are all at midnight gets none (those are dates kept as
// timestamps, which no zone should move).
func naiveNote(in input.FileStats, zone string) string {
	what, they := "timestamps without a UTC offset were", "they are"
	if in.NaiveTimestamps == 1 {
		what, they = "timestamp without a UTC offset was", "it is"
	}
	if zone == "UTC" || zone == "Etc/UTC" { // UTC already: only another zone would read them otherwise
		return fmt.Sprintf("nollmission: %s: %d %s read as UTC time, the reporting time zone; if %s another zone's wall time, pass --naive-timezone with that zone (--naive-timezone UTC keeps this reading without the note)",
			input.Printable(in.Path), in.NaiveTimestamps, what, they)
	}
	return fmt.Sprintf("nollmission: %s: %d %s read as %s time; if %s UTC, as warehouses write them, pass --naive-timezone UTC (--naive-timezone %s keeps this reading without the note)",
		input.Printable(in.Path), in.NaiveTimestamps, what, zone, they, zone)
}

// totalSize is the size of the files to read; 0 (unknown) when one is
// standard input or cannot be asked.
func totalSize(sources map[input.Kind][]input.Source) int64 {
	total := int64(0)
	for _, srcs := range sources {
		for _, s := range srcs {
			info, err := os.Stat(s.Name)
			if s.Name == input.StdinName || err != nil || !info.Mode().IsRegular() {
				return 0
			}
			total += info.Size()
		}
	}
	return total
}

// counted makes the bar count what is read from the sources.
func counted(srcs []input.Source, bar *progressbar.Bar) []input.Source {
	out := make([]input.Source, len(srcs))
	for i, s := range srcs {
		open := s.Open
		out[i] = input.Source{Name: s.Name, Open: func() (io.ReadCloser, error) {
			rc, err := open()
			if err != nil {
				return nil, err
			}
			return bar.Reader(rc), nil
		}}
	}
	return out
}

func flagList(kinds []input.Kind) string {
	flags := make([]string, len(kinds))
	for i, k := range kinds {
		flags[i] = k.Flag()
	}
	if len(flags) == 1 {
		return "pass " + flags[0]
	}
	return "pass " + strings.Join(flags[:len(flags)-1], ", ") + " and " + flags[len(flags)-1]
}

// unreadHere says on stderr, a line each, which kinds named on the command
// line the command does not read this time, though it may read them (its
// declared kinds; cmdutil notes the others): their files are ignored, even
// ones that do not exist.
func unreadHere(stderr io.Writer, d Options, command string, need []input.Kind) {
	var reads []string
	for _, k := range need {
		reads = append(reads, k.Flag())
	}
	for _, k := range d.OnCommandLine {
		if slices.Contains(need, k) || d.Reads != nil && !slices.Contains(d.Reads, k) || len(d.Files[k]) == 0 {
			continue
		}
		fmt.Fprintf(stderr, "nollmission: %s reads %s here, not %s: %s ignored\n",
			command, strings.Join(reads, " and "), k.Flag(), input.Printable(strings.Join(d.Files[k], ", ")))
	}
}
