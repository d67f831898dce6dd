package cmdutil

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/nollmission/nollmission/pkg/config"
	"github.com/nollmission/nollmission/pkg/dataset"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/period"
	"github.com/nollmission/nollmission/pkg/progressbar"
	"github.com/nollmission/nollmission/pkg/sample"
)

// DataOptions choose and read the input data.
type DataOptions struct {
	Files    map[input.Kind][]string // paths and globs by kind; "-" is stdin
	Country  string
	Timezone string
	// Delimiter and Encoding override detection in the user's files (0 and
	// input.EncodingAuto detect); the embedded sample is always detected.
	Delimiter rune
	Encoding  input.Encoding
	// Quiet hides the progress bar and the note that the sample is read.
	Quiet bool
}

// The flags that override the detected dialect of the input files, and
// --quiet.
const (
	FlagDelimiter = "delimiter"
	FlagEncoding  = "encoding"
	FlagQuiet     = "quiet"
)

// DialectFlags reads --delimiter and --encoding; a value neither knows is
// a usage error.
func DialectFlags(flags *pflag.FlagSet) (rune, input.Encoding, error) {
	var delimiter rune
	var encoding input.Encoding
	if f := flags.Lookup(FlagDelimiter); f != nil {
		d, err := input.ParseDelimiter(f.Value.String())
		if err != nil {
			return 0, "", UsageError("use --delimiter auto, comma, semicolon, tab or pipe", "%v", err)
		}
		delimiter = d
	}
	if f := flags.Lookup(FlagEncoding); f != nil {
		e, err := input.ParseEncoding(f.Value.String())
		if err != nil {
			return 0, "", UsageError("use --encoding auto, utf-8, windows-1252, utf-16le or utf-16be", "%v", err)
		}
		encoding = e
	}
	return delimiter, encoding, nil
}

// FilesOf takes the input files from the settings.
func FilesOf(s config.Settings) map[input.Kind][]string {
	return map[input.Kind][]string{
		input.Transactions: s.Transactions,
		input.Complaints:   s.Complaints,
		input.Surveys:      s.Surveys,
	}
}

// Bucketer returns the month bucketing of the reporting time zone.
func (d DataOptions) Bucketer() (*period.Bucketer, error) {
	if d.Timezone == "" || d.Timezone == "Local" {
		// "" would be UTC and Local the machine's zone: neither is a
		// reporting time zone, and Local would make figures differ by machine.
		return nil, UsageError("use an IANA zone name such as --timezone Europe/Stockholm (or UTC)", "--timezone %q is not a reporting time zone", d.Timezone)
	}
	b, err := period.NewBucketer(d.Timezone)
	if err != nil {
		return nil, UsageError("use an IANA zone name such as --timezone Europe/Stockholm", "%v", err)
	}
	return b, nil
}

// LoadData reads the kinds of data a command needs: from the files given, or,
// when no file of any kind is given, from the embedded sample (said on
// stderr). A needed kind without files is a usage error naming the flag.
func LoadData(ios *IOStreams, d DataOptions, command string, need ...input.Kind) (*dataset.Dataset, error) {
	b, err := d.Bucketer()
	if err != nil {
		return nil, err
	}
	cfg := input.Config{Bucketer: b, Country: d.Country}
	sources := map[input.Kind][]input.Source{}
	useSample := true
	for _, k := range input.Kinds {
		if len(d.Files[k]) > 0 {
			useSample = false
		}
	}
	if useSample {
		for _, k := range need {
			sources[k] = sample.Sources(k)
		}
		if !d.Quiet {
			fmt.Fprintf(ios.ErrOut, "nollmission: no input files given: using the %s (illustrative data; %s to read your own)\n",
				sample.Label, flagList(need))
		}
		ds, err := dataset.Load(sources, cfg)
		if err != nil {
			return nil, InputError(err)
		}
		ds.Sample = true
		return ds, nil
	}
	stdinUsed := ""
	for _, k := range need {
		if len(d.Files[k]) == 0 {
			return nil, UsageError(fmt.Sprintf("add %s FILE", k.Flag()), "%s needs %s as well", command, k.Data())
		}
		srcs, err := input.Resolve(d.Files[k], ios.In)
		if err != nil {
			return nil, InputError(err)
		}
		for _, s := range srcs {
			if s.Name == input.StdinName {
				if stdinUsed != "" {
					return nil, UsageError("read one kind from stdin and name files for the others",
						"standard input (-) is given for both %s and %s", stdinUsed, k.Flag())
				}
				stdinUsed = k.Flag()
			}
		}
		sources[k] = srcs
	}
	cfg.Delimiter, cfg.Encoding = d.Delimiter, d.Encoding
	if !d.Quiet && progressbar.IsTerminal(ios.ErrOut) {
		bar := progressbar.Start(ios.ErrOut, totalSize(sources), progressbar.Delay)
		defer bar.Stop()
		for k, srcs := range sources {
			sources[k] = counted(srcs, bar)
		}
	}
	ds, err := dataset.Load(sources, cfg)
	if err != nil {
		return nil, InputError(err)
	}
	return ds, nil
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

// NoDataFor is the usage error for a --year the data does not cover: what
// names the data ("data", "survey data"), covered lists the months it has,
// and country is the filter in force ("" for every country).
func NoDataFor(year int, what string, covered []period.Month, country string) error {
	hint := fmt.Sprintf("the %s covers %s to %s", what, covered0(covered), coveredN(covered))
	if len(covered) == 0 {
		hint = fmt.Sprintf("the %s has no rows", what)
		if country != "" {
			hint += fmt.Sprintf(" for country %s; check --country", country)
		}
	}
	return UsageError(hint, "there is no %s for %d", what, year)
}

func covered0(m []period.Month) period.Month {
	if len(m) == 0 {
		return 0
	}
	return m[0]
}

func coveredN(m []period.Month) period.Month {
	if len(m) == 0 {
		return 0
	}
	return m[len(m)-1]
}

// NoDataForCountry is the usage error for a --country the data has no rows
// for while it has rows for others (an empty report would look like a
// country without complaints); nil otherwise.
func NoDataForCountry(ds *dataset.Dataset, country string, kinds ...input.Kind) error {
	countries := ds.Countries(kinds...)
	if len(countries) == 0 || slices.Contains(countries, country) {
		return nil
	}
	return UsageError("the data has rows for "+strings.Join(countries, ", ")+"; check --country",
		"there is no data for country %s", country)
}
