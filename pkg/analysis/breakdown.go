package analysis

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"

	"github.com/nollmission/nollmission/pkg/channel"
	"github.com/nollmission/nollmission/pkg/dataset"
	"github.com/nollmission/nollmission/pkg/input"
	"github.com/nollmission/nollmission/pkg/metrics"
	"github.com/nollmission/nollmission/pkg/period"
)

// Grouping is what complaints are broken down by.
type Grouping string

const (
	ByChannel  Grouping = "channel"
	ByCategory Grouping = "category"
	ByCountry  Grouping = "country"
)

// Groupings lists every grouping, for flag help and validation.
var Groupings = []Grouping{ByChannel, ByCategory, ByCountry}

// BreakdownSpec says which breakdown to compute.
type BreakdownSpec struct {
	By      Grouping
	Country string // the country reported on; ignored when grouping by country (every country is a key)
	Year    int    // 0: every year
	// WithTransactions: purchases were read, so rates can be given.
	WithTransactions bool
	// AllAuthorities keeps the four authorities as keys even without
	// complaints, as the published table of external complaints does.
	AllAuthorities bool
	// MostKeys, when above 0, keeps at most that many categories or
	// countries as keys, those with the most complaints over the period
	// (equal ones by name), and sums the rest in each line's Other: a
	// table for people, whose memory is then the dataset's alone.
	// Channels are never folded.
	MostKeys int
}

// Tally is the complaints of a key (or subtotal) over a period, and the
// purchases its rate is taken over. No sum of tallies can overflow: the
// dataset bounds the grand total of each kind by the largest int64.
type Tally struct {
	Complaints   int64
	Transactions int64
}

func (t *Tally) add(o Tally) {
	t.Complaints += o.Complaints
	t.Transactions += o.Transactions
}

// KeyTally is one key's tally in a period.
type KeyTally struct {
	Key int // the key's index in Breakdown.Keys
	Tally
}

// Line is one period's tallies and subtotals. It is sparse, so that a
// breakdown of a million categories is as large as the data, not the
// months times the keys: Cells holds the keys with data in the period (for
// channels every key; for categories those with complaints rows; for
// countries those with complaints or purchases), in key order, and Tally
// gives any key's.
type Line struct {
	Cells    []KeyTally
	External Tally // channel grouping only: the four authorities
	Total    Tally
	// Other is the keys folded together (Breakdown.Folded); zero when
	// none are.
	Other Tally
	// absent is the tally of a key without a cell: no complaints, over the
	// period's purchases (none, by country: a country's own).
	absent Tally
}

// Tally is the tally of the key with index key.
func (l *Line) Tally(key int) Tally {
	if i, ok := slices.BinarySearchFunc(l.Cells, key, func(c KeyTally, k int) int { return cmp.Compare(c.Key, k) }); ok {
		return l.Cells[i].Tally
	}
	return l.absent
}

// BreakdownMonth is one month's line.
type BreakdownMonth struct {
	Month period.Month
	Line
}

// BreakdownYear is the sum of a year's months, with each key's share of
// the year and its place in the year's ranking (Pareto: largest first).
type BreakdownYear struct {
	Year          int
	MonthsCovered int
	Line
	// ranked lists the cells (indexes into Cells) largest first, equal
	// counts by key name. By cell: rankOf is the key's place in the year's
	// ranking of every key (folded ones too), from 0; cumulative the
	// complaints of the keys down to it.
	ranked, rankOf []int32
	cumulative     []int64
}

// Breakdown is the complaints per month and year by key.
type Breakdown struct {
	Spec BreakdownSpec
	Keys []string // in column order
	// Folded is the number of keys summed in the lines' Other (MostKeys).
	Folded int
	Months []BreakdownMonth
	Years  []BreakdownYear
}

// Rate is a tally's complaints per million purchases; nil without purchase
// data or purchases.
func (b *Breakdown) Rate(t Tally) *big.Rat {
	if !b.Spec.WithTransactions {
		return nil
	}
	return metrics.Ratio(t.Complaints, t.Transactions, metrics.Million)
}

// Share is a key's share of the year's complaints, its rank and the
// cumulative share down to it. A key without complaints rows in the year
// has no rank (0) and no cumulative share.
func (y *BreakdownYear) Share(key int) metrics.Share {
	i, ok := slices.BinarySearchFunc(y.Cells, key, func(c KeyTally, k int) int { return cmp.Compare(c.Key, k) })
	if !ok {
		return metrics.Share{Percent: metrics.Ratio(0, y.Total.Complaints, 100)}
	}
	return metrics.Share{
		Count:             y.Cells[i].Complaints,
		Percent:           metrics.Ratio(y.Cells[i].Complaints, y.Total.Complaints, 100),
		Rank:              int(y.rankOf[i]) + 1,
		CumulativePercent: metrics.Ratio(y.cumulative[i], y.Total.Complaints, 100),
	}
}

// Ranking lists the year's keys with cells (indexes into Breakdown.Keys)
// in the year's ranking: largest first, equal counts by name.
func (y *BreakdownYear) Ranking() []int {
	out := make([]int, len(y.ranked))
	for r, i := range y.ranked {
		out[r] = y.Cells[i].Key
	}
	return out
}

// Unspecified is a year's complaints without a channel (channel
// grouping): in the total, in no authority.
func (b *Breakdown) Unspecified(y BreakdownYear) int64 {
	if i := slices.Index(b.Keys, channel.Unspecified); i >= 0 && b.Spec.By == ByChannel {
		return y.Tally(i).Complaints
	}
	return 0
}

// cellSum is one dataset count in a month, under its grouping key (the
// dataset's ID of the channel, category or country).
type cellSum struct {
	month period.Month
	key   dataset.ID
	n     int64
}

// BreakdownOf computes a breakdown; a year without data is a *NoDataError.
// Time and memory grow with the dataset's cells, not with months times
// keys: sums are sorted lists of cells, not a grid.
func BreakdownOf(ds *dataset.Dataset, spec BreakdownSpec) (*Breakdown, error) {
	country := spec.Country
	if spec.By == ByCountry {
		country = "" // every country, each its own key
	}
	months, err := inYear(ds.Months(country, input.Transactions, input.Complaints),
		func(m period.Month) period.Month { return m }, spec.Year, "data", country)
	if err != nil {
		return nil, err
	}
	inPeriod := func(m period.Month) bool {
		_, ok := slices.BinarySearch(months, m)
		return ok
	}

	g := newGrouping(ds, spec.By)
	complaints := merged(collect(ds, input.Complaints, country, inPeriod, g.key))
	// The purchases a key's rate is taken over: its own country's when
	// grouping by country, else all of the month's (one sum a month).
	purchaseKey := func(dataset.Cell) dataset.ID { return 0 }
	if spec.By == ByCountry {
		purchaseKey = func(c dataset.Cell) dataset.ID { return c.Country }
	}
	purchases := merged(collect(ds, input.Transactions, country, inPeriod, purchaseKey))
	withoutChannel := ds.FilesWithoutChannel()
	// From here on only the names are used (g): a caller that keeps no
	// reference to the dataset lets its counts go while the keys are
	// ordered and the lines built.

	b := &Breakdown{Spec: spec}
	index, ranks := b.setKeys(g, complaints, purchases) // grouping ID → key index
	b.Months = b.monthLines(months, complaints, purchases, index)
	b.Years = b.sumYears(ranks)
	if spec.By == ByChannel {
		var all, none int64
		for _, y := range b.Years {
			all += y.Total.Complaints
			none += b.Unspecified(y)
		}
		if all > 0 && none == all {
			return nil, &NoChannelError{Year: spec.Year, Complaints: all, Files: withoutChannel}
		}
	}
	return b, nil
}

// collect lists the counts of a kind in the period under their grouping
// key, in a slice of the exact size (one pass counts, one fills).
func collect(ds *dataset.Dataset, kind input.Kind, country string, inPeriod func(period.Month) bool, key func(dataset.Cell) dataset.ID) []cellSum {
	n := 0
	ds.Each(kind, country, func(c dataset.Cell, _ int64) {
		if inPeriod(c.Month) {
			n++
		}
	})
	out := make([]cellSum, 0, n)
	ds.Each(kind, country, func(c dataset.Cell, count int64) {
		if inPeriod(c.Month) {
			out = append(out, cellSum{c.Month, key(c), count})
		}
	})
	return out
}

// merged sorts cell sums by month and key and adds up those of the same.
func merged(sums []cellSum) []cellSum {
	slices.SortFunc(sums, func(a, b cellSum) int { return cmp.Or(cmp.Compare(a.month, b.month), cmp.Compare(a.key, b.key)) })
	out := sums[:0]
	for _, s := range sums {
		if n := len(out); n > 0 && out[n-1].month == s.month && out[n-1].key == s.key {
			out[n-1].n += s.n
			continue
		}
		out = append(out, s)
	}
	return out
}

// grouping maps a dataset cell to its key and names the key. It holds
// the dataset's names, not the dataset: once the counts are collected,
// they can go.
type grouping struct {
	key  func(dataset.Cell) dataset.ID
	name func(dataset.ID) string
	ids  int // IDs run from 0 to ids
}

func newGrouping(ds *dataset.Dataset, by Grouping) grouping {
	var g grouping
	switch by {
	case ByCategory:
		// A file without a category column and an empty category cell are
		// the category unspecified: one key, under the ID of either.
		names := ds.CategoryNames()
		empty, unspecified := dataset.ID(math.MaxUint32), dataset.ID(math.MaxUint32)
		for id := range names.Len() {
			switch names.Name(dataset.ID(id)) {
			case "":
				empty = dataset.ID(id)
			case input.UnspecifiedCategory:
				unspecified = dataset.ID(id)
			}
		}
		g.key = func(c dataset.Cell) dataset.ID {
			if c.Category == empty && unspecified != math.MaxUint32 {
				return unspecified
			}
			return c.Category
		}
		g.name = func(id dataset.ID) string {
			if id == empty {
				return input.UnspecifiedCategory
			}
			return names.Name(id)
		}
		g.ids = names.Len()
	case ByCountry:
		names := ds.CountryNames()
		g.key = func(c dataset.Cell) dataset.ID { return c.Country }
		g.name = names.Name
		g.ids = names.Len()
	default:
		names := ds.ChannelNames()
		g.key = func(c dataset.Cell) dataset.ID { return dataset.ID(c.Channel) }
		g.name = names.Name
		g.ids = names.Len()
	}
	return g
}

// setKeys sets the columns and returns each grouping ID's key index (-1:
// no data; foldedKey: in Other): channels in presentation order (the
// bank's own, then the authorities as published), categories largest first
// over the period shown (equal ones by name), countries alphabetically.
// With MostKeys, it keeps the keys with the most complaints and returns
// their places in each year's ranking of every key (fold). Its tables are
// indexed by ID, not maps: a few bytes a key, and only the kept keys are
// named.
func (b *Breakdown) setKeys(g grouping, complaints, purchases []cellSum) (index []int32, ranks map[int][]rankAt) {
	volume := make([]int64, g.ids)
	has := make([]bool, g.ids)
	for _, c := range complaints {
		// Saturating: this sum only orders the columns.
		volume[c.key] = min(volume[c.key], math.MaxInt64-c.n) + c.n
		has[c.key] = true
	}
	if b.Spec.By == ByCountry {
		for _, c := range purchases {
			has[c.key] = true // a country with purchases and no complaints is a 0
		}
	}
	n := 0
	for _, ok := range has {
		if ok {
			n++
		}
	}
	ids := make([]dataset.ID, 0, n)
	for id, ok := range has {
		if ok {
			ids = append(ids, dataset.ID(id))
		}
	}
	has = nil
	index = make([]int32, g.ids)
	for i := range index {
		index[i] = -1
	}
	// byName orders IDs by name; largest by complaints, largest first,
	// equal ones by name.
	byName := func(a, c dataset.ID) int { return strings.Compare(g.name(a), g.name(c)) }
	largest := func(a, c dataset.ID) int { return cmp.Or(cmp.Compare(volume[c], volume[a]), byName(a, c)) }
	switch b.Spec.By {
	case ByChannel:
		for _, c := range channel.All {
			i := slices.IndexFunc(ids, func(id dataset.ID) bool { return g.name(id) == c })
			switch {
			case i >= 0:
				index[ids[i]] = int32(len(b.Keys))
				b.Keys = append(b.Keys, c)
			case b.Spec.AllAuthorities && channel.IsAuthority(c):
				b.Keys = append(b.Keys, c) // no complaints
			}
		}
		return index, nil
	case ByCategory:
		slices.SortFunc(ids, largest)
	default:
		slices.SortFunc(ids, byName)
	}
	if most := b.Spec.MostKeys; most > 0 && len(ids) > most {
		kept := ids[:most] // categories: in column order, largest first
		if b.Spec.By != ByCategory {
			kept = slices.Clone(ids)
			slices.SortFunc(kept, largest)
			kept = kept[:most:most]
			slices.SortFunc(kept, byName)
		}
		for _, id := range ids {
			index[id] = foldedKey
		}
		b.Folded = len(ids) - most
		ids = kept
	}
	volume = nil
	b.Keys = make([]string, len(ids))
	for i, id := range ids {
		index[id] = int32(i)
		b.Keys[i] = g.name(id)
	}
	if b.Folded > 0 {
		ranks = b.ranksOfKept(g, complaints, purchases, index)
	}
	return index, ranks
}

// monthLines builds each month's line from the merged sums.
func (b *Breakdown) monthLines(months []period.Month, complaints, purchases []cellSum, index []int32) []BreakdownMonth {
	out := make([]BreakdownMonth, len(months))
	ci, pi := 0, 0
	for mi, m := range months {
		bm := BreakdownMonth{Month: m}
		for ; ci < len(complaints) && complaints[ci].month < m; ci++ {
		}
		for ; pi < len(purchases) && purchases[pi].month < m; pi++ {
		}
		cend, pend := ci, pi
		for ; cend < len(complaints) && complaints[cend].month == m; cend++ {
		}
		for ; pend < len(purchases) && purchases[pend].month == m; pend++ {
		}
		cells := make([]KeyTally, 0, cend-ci+pend-pi)
		for ; ci < cend; ci++ {
			switch k := index[complaints[ci].key]; {
			case k >= 0:
				cells = append(cells, KeyTally{Key: int(k), Tally: Tally{Complaints: complaints[ci].n}})
			case k == foldedKey:
				bm.Other.Complaints += complaints[ci].n
			}
		}
		monthPurchases := int64(0)
		for ; pi < pend; pi++ {
			p := purchases[pi]
			monthPurchases += p.n
			if b.Spec.By == ByCountry {
				switch k := index[p.key]; {
				case k >= 0:
					cells = append(cells, KeyTally{Key: int(k), Tally: Tally{Transactions: p.n}})
				case k == foldedKey:
					bm.Other.Transactions += p.n
				}
			}
		}
		bm.Total.Transactions = monthPurchases
		if b.Spec.By != ByCountry {
			bm.absent.Transactions = monthPurchases
			if b.Folded > 0 {
				bm.Other.Transactions = monthPurchases
			}
		}
		bm.Cells = b.lineCells(cells, bm.absent)
		bm.Total.Complaints = bm.Other.Complaints
		for _, c := range bm.Cells {
			bm.Total.Complaints += c.Complaints
			if b.Spec.By == ByChannel && channel.IsAuthority(b.Keys[c.Key]) {
				bm.External.Complaints += c.Complaints
			}
		}
		bm.External.Transactions = bm.Total.Transactions
		out[mi] = bm
	}
	return out
}

// lineCells sorts a period's cells by key and merges a key's complaints
// and purchases; a key's purchases are the period's (absent) unless its
// own. Channels get a cell for every key: few, and each shown every month.
func (b *Breakdown) lineCells(cells []KeyTally, absent Tally) []KeyTally {
	slices.SortFunc(cells, func(a, c KeyTally) int { return cmp.Compare(a.Key, c.Key) })
	out := cells[:0]
	for _, c := range cells {
		if n := len(out); n > 0 && out[n-1].Key == c.Key {
			out[n-1].add(c.Tally)
			continue
		}
		out = append(out, c)
	}
	if b.Spec.By != ByCountry {
		for i := range out {
			out[i].Transactions = absent.Transactions
		}
	}
	if b.Spec.By == ByChannel && len(out) < len(b.Keys) {
		dense := make([]KeyTally, len(b.Keys))
		for i := range dense {
			dense[i] = KeyTally{Key: i, Tally: absent}
		}
		for _, c := range out {
			dense[c.Key] = c
		}
		return dense
	}
	if len(out) < cap(cells)/2 {
		return slices.Clone(out) // let the rest of cells go
	}
	return slices.Clip(out)
}

// sumYears adds the months of each year and ranks the keys within the year.
func (b *Breakdown) sumYears(ranks map[int][]rankAt) []BreakdownYear {
	var years []BreakdownYear
	for year, ms := range period.Years(b.Months, func(m BreakdownMonth) period.Month { return m.Month }) {
		y := BreakdownYear{Year: year, MonthsCovered: len(ms)}
		n := 0
		for _, m := range ms {
			n += len(m.Cells)
		}
		cells := make([]KeyTally, 0, n)
		for _, m := range ms {
			for _, c := range m.Cells {
				if b.Spec.By != ByCountry {
					c.Transactions = 0 // the year's purchases are set below
				}
				cells = append(cells, c)
			}
			y.External.add(m.External)
			y.Total.add(m.Total)
			y.Other.add(m.Other)
		}
		if b.Spec.By != ByCountry {
			y.absent.Transactions = y.Total.Transactions
		}
		y.Cells = b.lineCells(cells, y.absent)
		if ranks != nil {
			y.setRanks(ranks[year])
		} else {
			b.rankYear(&y)
		}
		years = append(years, y)
	}
	return years
}

// rankYear orders the year's cells largest first, equal counts by key
// name, and adds up the complaints down the ranking.
func (b *Breakdown) rankYear(y *BreakdownYear) {
	n := len(y.Cells)
	y.ranked = make([]int32, n)
	for i := range y.ranked {
		y.ranked[i] = int32(i)
	}
	slices.SortFunc(y.ranked, func(i, j int32) int {
		a, c := y.Cells[i], y.Cells[j]
		return cmp.Or(cmp.Compare(c.Complaints, a.Complaints), strings.Compare(b.Keys[a.Key], b.Keys[c.Key]))
	})
	y.rankOf, y.cumulative = make([]int32, n), make([]int64, n)
	running := int64(0)
	for r, i := range y.ranked {
		y.rankOf[i] = int32(r)
		running += y.Cells[i].Complaints
		y.cumulative[i] = running
	}
}

// foldedKey is the index of a grouping ID whose key is folded into Other
// (-1: not a key).
const foldedKey = -2

// rankAt is a shown key's place in a year's ranking of every key, from 0
// (-1: no data in the year), and the complaints down to it.
type rankAt struct {
	rank       int32
	cumulative int64
}

// ranksOfKept returns, by year, each kept key's place in the ranking of
// every key with data in the year (complaints, largest first, equal ones
// by name; by country, keys with purchases only, as 0), so that a kept
// key's cumulative share is the same as in the breakdown of every key.
func (b *Breakdown) ranksOfKept(g grouping, complaints, purchases []cellSum, index []int32) map[int][]rankAt {
	type keyCount struct {
		id dataset.ID
		n  int64
	}
	sizes := map[int]int{}
	for _, c := range complaints {
		sizes[c.month.Year()]++
	}
	if b.Spec.By == ByCountry {
		for _, c := range purchases {
			sizes[c.month.Year()]++
		}
	}
	byYear := make(map[int][]keyCount, len(sizes))
	for year, n := range sizes {
		byYear[year] = make([]keyCount, 0, n)
	}
	for _, c := range complaints {
		byYear[c.month.Year()] = append(byYear[c.month.Year()], keyCount{c.key, c.n})
	}
	if b.Spec.By == ByCountry {
		for _, c := range purchases {
			byYear[c.month.Year()] = append(byYear[c.month.Year()], keyCount{c.key, 0})
		}
	}
	ranks := map[int][]rankAt{}
	for year, counts := range byYear {
		slices.SortFunc(counts, func(a, c keyCount) int { return cmp.Compare(a.id, c.id) })
		merged := counts[:0]
		for _, c := range counts {
			if n := len(merged); n > 0 && merged[n-1].id == c.id {
				merged[n-1].n += c.n
				continue
			}
			merged = append(merged, c)
		}
		slices.SortFunc(merged, func(a, c keyCount) int {
			return cmp.Or(cmp.Compare(c.n, a.n), strings.Compare(g.name(a.id), g.name(c.id)))
		})
		at := make([]rankAt, len(b.Keys))
		for i := range at {
			at[i].rank = -1
		}
		running := int64(0)
		for r, c := range merged {
			running += c.n
			if k := index[c.id]; k >= 0 {
				at[k] = rankAt{rank: int32(r), cumulative: running}
			}
		}
		ranks[year] = at
		byYear[year] = nil
	}
	return ranks
}

// setRanks gives the year's cells their places in the ranking of every
// key (fold).
func (y *BreakdownYear) setRanks(at []rankAt) {
	n := len(y.Cells)
	y.ranked, y.rankOf, y.cumulative = make([]int32, n), make([]int32, n), make([]int64, n)
	for i, c := range y.Cells {
		y.ranked[i] = int32(i)
		y.rankOf[i], y.cumulative[i] = at[c.Key].rank, at[c.Key].cumulative
	}
	slices.SortFunc(y.ranked, func(i, j int32) int { return cmp.Compare(y.rankOf[i], y.rankOf[j]) })
}

// NoChannelError is a figure per channel asked of complaints none of which
// has a channel: every authority would show a silent 0.
type NoChannelError struct {
	Year       int   // the year asked for; 0 for every year
	Complaints int64 // the complaints of the period, none with a channel
	Files      []string
	// OtherGroupings: the command can group by category or country
	// instead, and the hint says so (WithOtherGroupings).
	OtherGroupings bool
}

// WithOtherGroupings marks a *NoChannelError of a command that can break
// down by category or country instead (breakdown, chart breakdown); err
// is returned as it is.
func WithOtherGroupings(err error) error {
	var nc *NoChannelError
	if errors.As(err, &nc) {
		nc.OtherGroupings = true
	}
	return err
}

func (e *NoChannelError) Error() string {
	of := ""
	if e.Year != 0 {
		of = fmt.Sprintf(" of %d", e.Year)
	}
	if e.Complaints == 1 {
		return fmt.Sprintf("the one complaint%s has no channel, so there are no figures per channel", of)
	}
	return fmt.Sprintf("none of the %d complaints%s has a channel, so there are no figures per channel", e.Complaints, of)
}

// Hint names the files without a channel and the fix.
func (e *NoChannelError) Hint() string {
	files := "the complaints files have"
	switch len(e.Files) {
	case 0:
	case 1:
		files = e.Files[0] + " has"
	default:
		files = strings.Join(e.Files, ", ") + " have"
	}
	hint := files + " no channel column (or only empty cells): rename the column that gives each complaint's channel to channel, or map it (--columns channel=COLUMN)"
	if e.OtherGroupings {
		hint += "; or break down --by category or --by country"
	}
	return hint
}
