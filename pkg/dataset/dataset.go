// Package dataset holds the counts read from the inputs, summed by month,
// country, channel, category and score: its size grows with the number of
// distinct keys, never with the number of rows, and stays within about a
// hundred bytes a key (BenchmarkDistinctKeys): each country, channel and
// category is kept once, in a dictionary, and a cell of counts names them by
// number.
package dataset

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/nollmission/nollmission/pkg/channel"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/period"
)

// Key identifies one cell of counts by name. Fields a kind does not have
// are empty.
type Key struct {
	Kind     input.Kind
	Month    period.Month
	Country  string
	Channel  string
	Category string
	Score    int
}

// ID numbers a country, channel or category in its dictionary.
type ID uint32

// Cell identifies one cell of counts by number: what the dataset keeps for
// each distinct key (16 bytes).
type Cell struct {
	Month    period.Month
	Country  ID
	Category ID
	Channel  uint16 // an ID; there are a handful of channels
	Kind     uint8  // an input.Kind
	Score    uint8
}

// Dataset is the summed counts of every input file.
type Dataset struct {
	counts cells
	// The dictionaries are objects of their own, so that Names can keep
	// them without the counts.
	countries, channels, category *dict
	// only, when set, is the one country whose counts are kept; the rows
	// of every other country are only added up by kind (seen), so that a
	// report on one country holds its months, not every country's.
	only string
	// seen is each country's count by kind, kept or not (-1: no row): the
	// countries the data has, and how much of each.
	seen [3][]int64
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
func New() *Dataset {
	return &Dataset{counts: newCells(), countries: newDict(), channels: newDict(), category: newDict()}
}

// Option changes how Load keeps what it reads.
type Option func(*Dataset)

// OnlyCountry keeps the counts of one country per month; the rows of
// every other country are only added up per country and kind (Countries
// and Seen still tell them), which keeps a report on one country small
// whatever the number of countries in the files.
func OnlyCountry(country string) Option {
	return func(d *Dataset) { d.only = country }
}

// Load reads every source of every kind into a new dataset.
func Load(sources map[input.Kind][]input.Source, cfg input.Config, opts ...Option) (*Dataset, error) {
	d := New()
	for _, o := range opts {
		o(d)
	}
	for _, kind := range input.Kinds {
		// Files in name order: the inputs list and the first error reported
		// do not depend on the order the files were named in.
		srcs := slices.SortedStableFunc(slices.Values(sources[kind]), func(a, b input.Source) int { return strings.Compare(a.Name, b.Name) })
		for _, src := range srcs {
			withChannel := false
			cfg.CountBefore = d.totals[kind] // the row that takes the sum beyond int64 is named at its line
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
	country, ok := d.countries.id(r.Country)
	if !ok {
		return tooMany(file)
	}
	seen := d.seen[kind]
	for int(country) >= len(seen) {
		seen = append(seen, -1) // -1: no row; a row of count 0 is a 0
	}
	seen[country] = max(seen[country], 0) + r.Count
	d.seen[kind] = seen
	if d.only != "" && r.Country != d.only {
		return nil
	}
	ch, ok := d.channels.id(r.Channel)
	if ch > math.MaxUint16 {
		return &input.DataError{File: file, Reason: fmt.Sprintf("more than %d distinct channels", math.MaxUint16+1),
			Hint: "a channel is one of a few; check the channel column"}
	}
	category, ok2 := d.category.id(r.Category)
	c := Cell{Kind: uint8(kind), Month: r.Month, Country: country, Category: category, Channel: uint16(ch), Score: uint8(r.Score)}
	if !ok || !ok2 || !d.counts.add(c, r.Count) {
		return tooMany(file)
	}
	return nil
}

// tooMany is more distinct values than a dataset numbers: some 4 billion,
// which no export of complaints has.
func tooMany(file string) error {
	return &input.DataError{File: file, Reason: "more than 4,294,967,294 distinct keys",
		Hint: "count the rows where they are (nollmission aggregate per shard) and read the counts"}
}

// Countries lists the countries that have rows of the given kinds, sorted;
// with OnlyCountry, the countries not kept too.
func (d *Dataset) Countries(kinds ...input.Kind) []string {
	var out []string
	for id := range d.countries.len() {
		name := d.countries.name(ID(id))
		for _, k := range kinds {
			if id < len(d.seen[k]) && d.seen[k][id] >= 0 {
				out = append(out, name)
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// Seen is the count of each country's rows of a kind (purchases,
// complaints or answers), whether kept or not.
func (d *Dataset) Seen(kind input.Kind) map[string]int64 {
	out := map[string]int64{}
	for id, n := range d.seen[kind] {
		if n >= 0 {
			out[d.countries.name(ID(id))] = n
		}
	}
	return out
}

// Has tells whether at least one file of the kind was read.
func (d *Dataset) Has(kind input.Kind) bool { return d.read[kind] }

// FilesWithoutChannel lists the complaints files, in reading order, in
// which no complaint has a channel: a file without a channel column, or
// with one under another name.
func (d *Dataset) FilesWithoutChannel() []string { return d.withoutChannel }

// Key names the fields of a cell.
func (d *Dataset) Key(c Cell) Key {
	return Key{Kind: input.Kind(c.Kind), Month: c.Month, Country: d.countries.name(c.Country),
		Channel: d.channels.name(ID(c.Channel)), Category: d.category.name(c.Category), Score: int(c.Score)}
}

// Names is the names of a dimension by ID (IDs run from 0 to Len). It
// keeps the names alone: a holder of Names and not of the dataset lets the
// counts go (a breakdown that has taken the counts it sums).
type Names struct{ d *dict }

func (n Names) Name(id ID) string { return n.d.name(id) }
func (n Names) Len() int          { return n.d.len() }

func (d *Dataset) CountryNames() Names  { return Names{d.countries} }
func (d *Dataset) ChannelNames() Names  { return Names{d.channels} }
func (d *Dataset) CategoryNames() Names { return Names{d.category} }

// Each calls f with every cell of a kind, and of one country ("" for
// every country), in no particular order.
func (d *Dataset) Each(kind input.Kind, country string, f func(c Cell, n int64)) {
	id, ok := d.countries.lookup(country)
	if country != "" && !ok {
		return
	}
	d.counts.each(func(c Cell, n int64) {
		if c.Kind == uint8(kind) && (country == "" || c.Country == id) {
			f(c, n)
		}
	})
}

// Sum adds the counts of one kind and country (every country when country is
// ""), grouped by group(key). No sum can overflow: loading checks the grand
// total of each kind.
func Sum[G comparable](d *Dataset, kind input.Kind, country string, group func(Key) G) map[G]int64 {
	out := map[G]int64{}
	d.Each(kind, country, func(c Cell, n int64) { out[group(d.Key(c))] += n })
	return out
}

// ByMonth is Sum grouped by month.
func ByMonth(d *Dataset, kind input.Kind, country string) map[period.Month]int64 {
	out := map[period.Month]int64{}
	d.Each(kind, country, func(c Cell, n int64) { out[c.Month] += n })
	return out
}

// Months lists the months that have any data of the given kinds, sorted.
func (d *Dataset) Months(country string, kinds ...input.Kind) []period.Month {
	set := map[period.Month]bool{}
	for _, k := range kinds {
		d.Each(k, country, func(c Cell, _ int64) { set[c.Month] = true })
	}
	months := make([]period.Month, 0, len(set))
	for m := range set {
		months = append(months, m)
	}
	slices.Sort(months)
	return months
}

// Sorted lists the cells of a kind with their counts, sorted by month,
// then by the names of country, channel and category (as category names
// them; nil keeps them), then score. Cells whose names are the same
// follow each other.
func (d *Dataset) Sorted(kind input.Kind, category func(string) string) []CellCount {
	size := 0
	d.Each(kind, "", func(Cell, int64) { size++ })
	out := make([]CellCount, 0, size)
	d.Each(kind, "", func(c Cell, n int64) { out = append(out, CellCount{c, n}) })
	countries, channels, categories := nameOrder(d.countries, nil), nameOrder(d.channels, nil), nameOrder(d.category, category)
	slices.SortFunc(out, func(a, b CellCount) int {
		return cmp.Or(
			cmp.Compare(a.Month, b.Month),
			cmp.Compare(countries[a.Country], countries[b.Country]),
			cmp.Compare(channels[a.Channel], channels[b.Channel]),
			cmp.Compare(categories[a.Category], categories[b.Category]),
			cmp.Compare(a.Score, b.Score),
		)
	})
	return out
}

// CellCount is a cell and its count.
type CellCount struct {
	Cell
	Count int64
}

// nameOrder gives each ID its place when the names are sorted, so that
// cells sort by comparing numbers.
func nameOrder(names *dict, rename func(string) string) []uint32 {
	ids := make([]uint32, names.len())
	for i := range ids {
		ids[i] = uint32(i)
	}
	name := func(id uint32) string { return names.name(ID(id)) }
	if rename != nil {
		name = func(id uint32) string { return rename(names.name(ID(id))) }
	}
	slices.SortFunc(ids, func(a, b uint32) int { return strings.Compare(name(a), name(b)) })
	order := make([]uint32, len(ids))
	for place, id := range ids {
		order[id] = uint32(place)
	}
	return order
}
