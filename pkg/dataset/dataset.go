// Package dataset holds the counts read from the inputs, summed by month,
// country, channel, category and score: its size grows with the number of
// distinct keys, never with the number of rows.
package dataset

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/nollmission/nollmission/pkg/channel"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/period"
)

// Key identifies one cell of counts. Fields a kind does not have are empty.
type Key struct {
	Kind     input.Kind
	Month    period.Month
	Country  string
	Channel  string
	Category string
	Score    int
}

// Dataset is the summed counts of every input file.
type Dataset struct {
	counts map[Key]int64
	// Inputs lists the files read, in reading order.
	Inputs []input.FileStats
	// Sample is true when the data is the embedded sample.
	Sample bool
	read   [3]bool // which kinds had at least one file
	// withoutChannel lists the complaints files in which no complaint has
	// a channel (no channel column, or only empty cells).
	withoutChannel []string
	// totals bounds every sum: while the grand total of a kind fits in an
	// int64, so does any month's, year's or channel's.
	totals [3]int64
}

// New returns an empty dataset.
func New() *Dataset { return &Dataset{counts: map[Key]int64{}} }

// Load reads every source of every kind into a new dataset.
func Load(sources map[input.Kind][]input.Source, cfg input.Config) (*Dataset, error) {
	d := New()
	for _, kind := range input.Kinds {
		// Files in name order: the inputs list and the first error reported
		// do not depend on the order the files were named in.
		srcs := slices.SortedStableFunc(slices.Values(sources[kind]), func(a, b input.Source) int { return strings.Compare(a.Name, b.Name) })
		for _, src := range srcs {
			withChannel := false
			stats, err := input.ReadSummed(src, kind, cfg, func(r *input.Row) error {
				withChannel = withChannel || r.Channel != channel.Unspecified
				return d.add(kind, r, src.Name)
			})
			if err != nil {
				return nil, err
			}
			d.Inputs = append(d.Inputs, stats)
			d.read[kind] = true
			if kind == input.Complaints && !withChannel && stats.Rows > 0 {
				d.withoutChannel = append(d.withoutChannel, src.Name)
			}
		}
	}
	return d, nil
}

func (d *Dataset) add(kind input.Kind, r *input.Row, file string) error {
	if d.totals[kind] > math.MaxInt64-r.Count {
		return &input.DataError{File: file, Reason: fmt.Sprintf("the %s add up beyond %d", kind, int64(math.MaxInt64)),
			Hint: "a count this large cannot be right; check the count column"}
	}
	d.totals[kind] += r.Count
	d.counts[Key{Kind: kind, Month: r.Month, Country: r.Country, Channel: r.Channel, Category: r.Category, Score: r.Score}] += r.Count
	return nil
}

// Countries lists the countries that have rows of the given kinds, sorted.
func (d *Dataset) Countries(kinds ...input.Kind) []string {
	set := map[string]bool{}
	for k := range d.counts {
		if slices.Contains(kinds, k.Kind) {
			set[k.Country] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// FilesWithoutChannel lists the complaints files, in reading order, in
// which no complaint has a channel: a file without a channel column, or
// with one under another name.
func (d *Dataset) FilesWithoutChannel() []string { return d.withoutChannel }

// Has tells whether at least one file of the kind was read.
func (d *Dataset) Has(kind input.Kind) bool { return d.read[kind] }

// Sum adds the counts of one kind and country (every country when country is
// ""), grouped by group(key). No sum can overflow: loading checks the grand
// total of each kind.
func Sum[G comparable](d *Dataset, kind input.Kind, country string, group func(Key) G) map[G]int64 {
	out := map[G]int64{}
	for k, n := range d.counts {
		if k.Kind == kind && (country == "" || k.Country == country) {
			out[group(k)] += n
		}
	}
	return out
}

// ByMonth is Sum grouped by month.
func ByMonth(d *Dataset, kind input.Kind, country string) map[period.Month]int64 {
	return Sum(d, kind, country, func(k Key) period.Month { return k.Month })
}

// Months lists the months that have any data of the given kinds, sorted.
func (d *Dataset) Months(country string, kinds ...input.Kind) []period.Month {
	set := map[period.Month]bool{}
	for k := range d.counts {
		if slices.Contains(kinds, k.Kind) && (country == "" || k.Country == country) {
			set[k.Month] = true
		}
	}
	months := make([]period.Month, 0, len(set))
	for m := range set {
		months = append(months, m)
	}
	slices.Sort(months)
	return months
}
