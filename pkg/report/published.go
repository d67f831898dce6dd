package report

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/nollmission/nollmission/pkg/channel"
	"github.com/nollmission/nollmission/pkg/decimal"
	"github.com/nollmission/nollmission/pkg/published"
)

// publishedIndex holds the published figures of the country by what they
// show, and counts those the page shows and those that do not match.
type publishedIndex struct {
	figures    map[figureKey][]published.Figure // in file order: each row is checked
	count      int                              // figures of the country
	shown      map[figureKey]bool
	mismatches []string
	other      int // figures of other countries
}

type figureKey struct{ metric, period, channel string }

func newPublishedIndex(figures []published.Figure, country string) *publishedIndex {
	p := &publishedIndex{figures: map[figureKey][]published.Figure{}, shown: map[figureKey]bool{}}
	for _, f := range figures {
		if f.Country != "" && f.Country != country {
			p.other++
			continue
		}
		ch := ""
		if f.Channel != "" {
			if strings.EqualFold(f.Channel, channel.External) {
				ch = channel.External
			} else if c, err := channel.Normalize(f.Channel); err == nil {
				ch = c
			} else {
				ch = f.Channel // unknown: no cell shows it
			}
		}
		// Every row is checked, as verify checks it: a row of the same figure
		// does not replace an earlier one, whose mismatch would go unseen.
		k := figureKey{f.Metric, f.Period.String(), ch}
		p.figures[k] = append(p.figures[k], f)
		p.count++
	}
	return p
}

// check compares the figure a cell shows with the published one, at the
// published precision, and returns the note for a figure that does not
// match ("" when it matches or nothing was published for the cell). A
// figure published in several rows is checked row by row, and the notes of
// those that do not match are joined.
//
// covered is the months a full-year cell covers (0 for a month's cell): a
// year with months missing has no full-year figure to match, as in verify.
func (p *publishedIndex) check(b *builder, metric, period, ch string, value *big.Rat, covered int) string {
	k := figureKey{metric, period, ch}
	figures, ok := p.figures[k]
	if !ok {
		return ""
	}
	p.shown[k] = true
	var notes []string
	for _, f := range figures {
		if note := p.checkOne(b, k, f, value, covered); note != "" {
			p.mismatches = append(p.mismatches, k.describe(b)+": "+note)
			notes = append(notes, note)
		}
	}
	return strings.Join(notes, "; ")
}

// checkOne is check for one published row.
func (p *publishedIndex) checkOne(b *builder, k figureKey, f published.Figure, value *big.Rat, covered int) string {
	text := b.l.Number(f.Text)
	if value == nil {
		return fmt.Sprintf(b.tx.PublishedNoData, text)
	}
	if covered > 0 && covered < 12 {
		return fmt.Sprintf(b.tx.PublishedYearToDate, text, covered)
	}
	if decimal.Round(value, f.Precision).Cmp(f.Value) == 0 {
		return ""
	}
	note := fmt.Sprintf(b.tx.PublishedNote, text)
	if k.channel == channel.External {
		if sum := p.sumOfAuthorities(k.period); sum != nil && sum.Cmp(f.Value) != 0 {
			note += "; " + fmt.Sprintf(b.tx.PublishedSum, b.l.Number(decimal.Short(sum)))
		}
	}
	return note
}

// sumOfAuthorities adds the four authorities' published figures of a
// month; nil unless all four are published.
func (p *publishedIndex) sumOfAuthorities(period string) *big.Rat {
	sum := new(big.Rat)
	for _, a := range channel.Authorities {
		figures := p.figures[figureKey{published.MetricComplaints, period, a}]
		if len(figures) == 0 {
			return nil
		}
		sum.Add(sum, figures[len(figures)-1].Value) // the last row of a figure published twice
	}
	return sum
}

// describe names a figure in the list of mismatches: "complaints 2019-12
// (Total per month)".
func (k figureKey) describe(b *builder) string {
	what := k.metric
	switch k.metric {
	case published.MetricRate:
		what = b.tx.MainCaption
	case published.MetricCSATPercent:
		what = "CSAT"
	case published.MetricDSATPercent:
		what = "DSAT"
	case published.MetricComplaints:
		what = b.tx.Authority
		if name, ok := b.tx.Authorities[k.channel]; ok {
			what = name
		} else if k.channel == channel.External {
			what = b.tx.Total
		}
	}
	return what + ", " + k.period
}

// published is the section on the published figures, with --published.
func (b *builder) published() *Section {
	if b.in.Published == nil {
		return nil
	}
	p, tx := b.pub, b.tx
	files := strings.Join(b.in.PublishedFiles, ", ")
	s := &Section{ID: "published", Heading: tx.PublishedHeading}
	checked := 0
	for k := range p.shown {
		checked += len(p.figures[k])
	}
	switch {
	case checked == 0:
		s.Intro = []string{fmt.Sprintf(tx.PublishedNone, files)}
		return s // every figure of the files is one not in the page
	case len(p.mismatches) > 0:
		s.Intro = []string{fmt.Sprintf(tx.PublishedSome, len(p.mismatches), checked, files)}
		s.List = p.mismatches
	case checked == 1:
		s.Intro = []string{fmt.Sprintf(tx.PublishedOnlyOne, files)}
	default:
		s.Intro = []string{fmt.Sprintf(tx.PublishedAll, checked, files)}
	}
	switch n := p.count - checked + p.other; {
	case n == 1:
		s.Notes = []string{tx.PublishedOtherOne}
	case n > 1:
		s.Notes = []string{fmt.Sprintf(tx.PublishedOther, n)}
	}
	return s
}
