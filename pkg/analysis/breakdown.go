package analysis

import (
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

// Line is one period's tallies: one per key, in key order, and the subtotals.
type Line struct {
	ByKey    []Tally
	External Tally // channel grouping only: the four authorities
	Total    Tally
}

// BreakdownMonth is one month's line.
type BreakdownMonth struct {
	Month period.Month
	Line
}

// BreakdownYear is the sum of a year's months, with each key's share of
// the year and its Pareto rank.
type BreakdownYear struct {
	Year          int
	MonthsCovered int
	Line
	Shares map[string]metrics.Share
}

// Breakdown is the complaints per month and year by key.
type Breakdown struct {
	Spec   BreakdownSpec
	Keys   []string // in column order
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

// monthKey is a month and a grouping key.
type monthKey struct {
	month period.Month
	key   string
}

// keyOf returns the grouping key of a count.
func keyOf(by Grouping) func(dataset.Key) string {
	switch by {
	case ByCategory:
		return func(k dataset.Key) string {
			if k.Category == "" {
				return input.UnspecifiedCategory // a file without a category column
			}
			return k.Category
		}
	case ByCountry:
		return func(k dataset.Key) string { return k.Country }
	}
	return func(k dataset.Key) string { return k.Channel }
}

// BreakdownOf computes a breakdown; a year without data is a *NoDataError.
func BreakdownOf(ds *dataset.Dataset, spec BreakdownSpec) (*Breakdown, error) {
	country := spec.Country
	if spec.By == ByCountry {
		country = "" // every country, each its own key
	}
	key := keyOf(spec.By)
	complaints := dataset.Sum(ds, input.Complaints, country, func(k dataset.Key) monthKey { return monthKey{k.Month, key(k)} })
	// The purchases a key's rate is taken over: its own country's when
	// grouping by country, else all of the month's (key "").
	transactions := dataset.Sum(ds, input.Transactions, country, func(k dataset.Key) monthKey {
		if spec.By == ByCountry {
			return monthKey{k.Month, k.Country}
		}
		return monthKey{month: k.Month}
	})
	months, err := inYear(ds.Months(country, input.Transactions, input.Complaints),
		func(m period.Month) period.Month { return m }, spec.Year, "data", country)
	if err != nil {
		return nil, err
	}
	inMonths := func(c monthKey) bool { _, ok := slices.BinarySearch(months, c.month); return ok }
	b := &Breakdown{Spec: spec, Keys: orderKeys(spec, complaints, transactions, inMonths)}
	for _, m := range months {
		bm := BreakdownMonth{Month: m, Line: Line{ByKey: make([]Tally, len(b.Keys))}}
		for i, k := range b.Keys {
			t := Tally{Complaints: complaints[monthKey{m, k}], Transactions: transactions[monthKey{m, ""}]}
			if spec.By == ByCountry {
				t.Transactions = transactions[monthKey{m, k}]
				bm.Total.Transactions += t.Transactions
			}
			bm.ByKey[i] = t
			if spec.By == ByChannel && channel.IsAuthority(k) {
				bm.External.Complaints += t.Complaints
			}
			bm.Total.Complaints += t.Complaints
		}
		if spec.By != ByCountry {
			bm.Total.Transactions = transactions[monthKey{m, ""}]
		}
		bm.External.Transactions = bm.Total.Transactions
		b.Months = append(b.Months, bm)
	}
	b.Years = sumYears(b.Keys, b.Months)
	if spec.By == ByChannel {
		var all, none int64
		for _, y := range b.Years {
			all += y.Total.Complaints
			none += b.Unspecified(y)
		}
		if all > 0 && none == all {
			return nil, &NoChannelError{Year: spec.Year, Complaints: all, Files: ds.FilesWithoutChannel()}
		}
	}
	return b, nil
}

// Unspecified is a year's complaints without a channel (channel
// grouping): in the total, in no authority.
func (b *Breakdown) Unspecified(y BreakdownYear) int64 {
	if i := slices.Index(b.Keys, channel.Unspecified); i >= 0 && b.Spec.By == ByChannel {
		return y.ByKey[i].Complaints
	}
	return 0
}

// NoChannelError is a figure per channel asked of complaints none of which
// has a channel: every authority would show a silent 0.
type NoChannelError struct {
	Year       int   // the year asked for; 0 for every year
	Complaints int64 // the complaints of the period, none with a channel
	Files      []string
}

func (e *NoChannelError) Error() string {
	of := ""
	if e.Year != 0 {
		of = fmt.Sprintf(" of %d", e.Year)
	}
	what := fmt.Sprintf("none of the %d complaints%s has", e.Complaints, of)
	if e.Complaints == 1 {
		what = fmt.Sprintf("the one complaint%s has no channel", of)
		return what + ", so there are no figures per channel"
	}
	return what + " a channel, so there are no figures per channel"
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
	return files + " no channel column (or only empty cells): rename the column that gives each complaint's channel to channel, or break down --by category or --by country"
}

// orderKeys gives the columns: channels in presentation order (the bank's
// own, then the authorities as published), categories largest first over
// the period shown, countries alphabetically.
func orderKeys(spec BreakdownSpec, complaints, transactions map[monthKey]int64, inMonths func(monthKey) bool) []string {
	volume := map[string]int64{}
	for c, n := range complaints {
		if inMonths(c) {
			// Saturating: this sum only orders the columns.
			volume[c.key] = min(volume[c.key], math.MaxInt64-n) + n
		}
	}
	if spec.By == ByCountry {
		for c := range transactions {
			if inMonths(c) {
				volume[c.key] += 0 // a country with purchases and no complaints is a 0
			}
		}
	}
	switch spec.By {
	case ByChannel:
		var keys []string
		for _, c := range channel.All {
			if _, ok := volume[c]; ok || (spec.AllAuthorities && channel.IsAuthority(c)) {
				keys = append(keys, c)
			}
		}
		return keys
	case ByCategory:
		var keys []string
		for _, s := range metrics.Pareto(volume) {
			keys = append(keys, s.Key)
		}
		return keys
	}
	keys := make([]string, 0, len(volume))
	for k := range volume {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// sumYears adds the months of each year and ranks the keys within the year.
func sumYears(keys []string, months []BreakdownMonth) []BreakdownYear {
	var years []BreakdownYear
	for year, ms := range period.Years(months, func(m BreakdownMonth) period.Month { return m.Month }) {
		y := BreakdownYear{Year: year, MonthsCovered: len(ms), Line: Line{ByKey: make([]Tally, len(keys))}}
		for _, m := range ms {
			for i := range keys {
				y.ByKey[i].add(m.ByKey[i])
			}
			y.External.add(m.External)
			y.Total.add(m.Total)
		}
		counts := make(map[string]int64, len(keys))
		for i, k := range keys {
			counts[k] = y.ByKey[i].Complaints
		}
		y.Shares = map[string]metrics.Share{}
		for _, s := range metrics.Pareto(counts) {
			y.Shares[s.Key] = s
		}
		years = append(years, y)
	}
	return years
}
