package input

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/bits"
	"strings"
	"unsafe"

	"github.com/nollmission/nollmission/pkg/period"
)

// fastWorker reads the lines of blocks for one goroutine. A line takes one
// of three lanes:
//
//   - the tail lane, in a file of events (fastPlan.tails): the period by
//     monthCache, and the rest of the line looked up whole in the cache of
//     the tails the fast lane read before (tailLine);
//   - the fast lane reads the cells in place: the period by monthCache, a
//     count by countWord or parseCountBytes, and every other cell it uses
//     (country, channel, category, score) by looking its raw bytes up in
//     the worker's caches, which hold what the general reader made of the
//     same bytes before;
//   - a line the fast lane cannot read whole (a cell not met before, a
//     blank or ragged row, a period in another layout) takes the slow lane:
//     the general reader's own checks (fit and parse, bind.go and
//     values.go) on the line split into strings, as csv splits a line
//     without quotes. Its cells then go into the caches; a line it refuses
//     stops the block there, for the general reader.
//
// So a value is always checked and normalised by the general reader's code,
// once for each distinct raw cell, and the fast lane gives the same row for
// the same bytes: the cells it caches are each a function of their own bytes.
type fastWorker struct {
	p      *fastPlan
	cols   columns // the plan's, a copy: parse notes in it how the period was written
	months *monthCache
	codes  [26 * 26]int32 // index+1 of the two-letter country codes met
	raw    [3]rawCache    // by named column (countryNames, ...)
	scores [256]int8      // the score of a one-byte score cell met; 0 when none
	marks  marks          // of the text scanned
	rec    []string
	row    Row
	tails  rawCache // the tails of lines, when the plan's tails
	// tailsFull: the tails cache holds as many tails as it may; then the
	// cells are looked up one by one, as in a file of free text.
	tailsFull bool
}

func newFastWorker(p *fastPlan) *fastWorker {
	w := &fastWorker{p: p, cols: *p.cols, months: newMonthCache(p.bucketer)}
	w.cols.channels, w.cols.categories = nil, nil // its own: the general reader's are not for sharing
	return w
}

// scan adds the lines of data to sums, up to the first line it leaves to
// the general reader (stop, an offset in data; -1 when it read them all),
// and counts the lines it read. beyondASCII tells that the line at stop
// has the text's first byte beyond ASCII, read beneath an undecided
// decoder.
func (w *fastWorker) scan(data []byte, sums *blockSums) (lines, stop int, beyondASCII bool) {
	w.marks.mark(data, w.p.delim)
	// Lines from the first quote on are csv's; and beneath an undecided
	// decoder, lines from the first byte beyond ASCII are the decoder's.
	limit := len(data)
	if q := bytes.IndexByte(data, '"'); q >= 0 {
		limit = q
	}
	// The record guard refuses a NUL byte anywhere, in a column read or
	// not: its line is the general reader's.
	if z := bytes.IndexByte(data[:limit], 0); z >= 0 {
		limit = z
	}
	beyond := false
	switch {
	case w.p.undecided:
		if a := w.marks.asciiLength(limit); a < limit {
			limit, beyond = a, true
		}
	case w.p.checkUTF8 && !w.p.tails:
		// A line that is not UTF-8 is the general reader's, whose guard
		// refuses it (encodingGuard): data is whole lines, so no sequence
		// is cut at its end. (Not with the plan's tails: see fastPlan.)
		if bad := w.marks.invalidUTF8(data, limit); bad >= 0 {
			limit = bad
		}
	}
	for start := 0; start < len(data); lines++ {
		if w.p.tails && !w.tailsFull {
			if next, ok := w.tailLine(data, start, limit, sums); ok {
				start = next
				continue
			}
		}
		next, ok := w.line(data, start, limit, sums)
		if !ok {
			var end int
			if next, end, ok = w.slowLine(data, start, limit, sums); !ok {
				return lines, start, beyond && end > limit
			}
		}
		start = next
	}
	return lines, -1, false
}

// line reads the line that starts at data[start] in the fast lane: it
// returns the start of the next line, or false for the slow lane. A line
// that goes beyond limit is the slow lane's.
func (w *fastWorker) line(data []byte, start, limit int, sums *blockSums) (int, bool) {
	p := w.p
	key, n := p.baseKey, int64(1)
	w.months.naive = false
	i, e := start, start // the cell read: data[i:e]
	lastField := p.nfields - 1
	first := 0 // the first field not read yet
	if p.periodCountry {
		// The columns of nearly every export, first: a period in the usual
		// layout, and a country code met before, each before a delimiter
		// (the loop below reads anything else).
		m, k, ok := w.months.month(data[i:], p.delim)
		if j := i + k + 3; ok && j < len(data) && data[j-3] == p.delim && data[j] == p.delim && data[j-2]-'A' < 26 && data[j-1]-'A' < 26 {
			if id := w.codes[int(data[j-2]-'A')*26+int(data[j-1]-'A')]; id != 0 {
				key |= fastKey(m) | fastKey(id-1)<<countryShift
				i, e, first = j+1, j, 2
			}
		}
	}
	for f := first; f < len(p.roles); f++ {
		switch p.roles[f] {
		case periodField:
			if m, k, ok := w.months.month(data[i:], p.delim); ok {
				if e, ok = p.cellEnd(data, i+k, f == lastField); ok {
					key |= fastKey(m)
					break
				}
			}
			e = w.marks.fieldEnd(i)
			cell := trimSpace(cellAt(data, i, e))
			m, form, err := p.bucketer.Parse(text(cell))
			if err != nil {
				return 0, false
			}
			if form == period.FormNaive {
				w.months.naive, w.months.midnight = true, atMidnight(text(cell))
			}
			key |= fastKey(m)
		case countryField:
			if i+2 < len(data) && data[i+2] == p.delim && data[i]-'A' < 26 && data[i+1]-'A' < 26 {
				id := w.codes[int(data[i]-'A')*26+int(data[i+1]-'A')]
				if id == 0 {
					return 0, false
				}
				key |= fastKey(id-1) << countryShift
				e = i + 2
				break
			}
			e = w.marks.fieldEnd(i)
			part, ok := w.raw[countryNames].lookup(data[i:], cellLen(data, i, e))
			if !ok {
				return 0, false
			}
			key |= part
		case channelField:
			e = w.marks.fieldEnd(i)
			part, ok := w.raw[channelNames].lookup(data[i:], cellLen(data, i, e))
			if !ok {
				return 0, false
			}
			key |= part
		case categoryField:
			e = w.marks.fieldEnd(i)
			part, ok := w.raw[categoryNames].lookup(data[i:], cellLen(data, i, e))
			if !ok {
				return 0, false
			}
			key |= part
		case scoreField:
			e = w.marks.fieldEnd(i)
			cell := cellAt(data, i, e)
			if len(cell) != 1 || w.scores[cell[0]] == 0 {
				return 0, false
			}
			key |= fastKey(w.scores[cell[0]]) << scoreShift
		case countField:
			var ok bool
			if n, e, ok = countWord(data, i, p.delim); ok {
				break
			}
			e = w.marks.fieldEnd(i)
			var reason string
			if n, reason = parseCountBytes(cellAt(data, i, e)); reason != "" {
				return 0, false
			}
		case watchedField:
			e = w.marks.fieldEnd(i)
			if cellLen(data, i, e) != 0 {
				return 0, false // the slow lane looks closer
			}
		default:
			e = w.marks.fieldEnd(i)
		}
		// The cell ends at a delimiter, unless it is the line's last.
		if (e < len(data) && data[e] == p.delim) != (f < lastField) {
			return 0, false // too few fields, or too many
		}
		i = e + 1
	}
	end := e // the line's end: its line break, or the end of data
	if len(p.roles) < p.nfields {
		// The fields after the last one used: the line must have the
		// header's number of fields.
		// Written out, for the usual line that ends in the word it goes on
		// in or the next (marks.lineEnd and count, which are not inlined).
		end = -1
		if wi := i >> 6; wi+1 < len(w.marks.lines) {
			lines, delims := w.marks.lines[wi:wi+2:wi+2], w.marks.delims[wi:wi+2:wi+2]
			if x := lines[0] >> (uint(i) & 63); x != 0 {
				end = i + bits.TrailingZeros64(x)
				if bits.OnesCount64(delims[0]>>(uint(i)&63)&(1<<uint(end-i)-1)) != p.restDelims {
					return 0, false
				}
			} else if lines[1] != 0 {
				k := bits.TrailingZeros64(lines[1])
				end = (wi+1)<<6 + k
				if bits.OnesCount64(delims[0]>>(uint(i)&63))+bits.OnesCount64(delims[1]&(1<<uint(k)-1)) != p.restDelims {
					return 0, false
				}
			}
		}
		if end < 0 {
			end = w.marks.lineEnd(i)
			if count(w.marks.delims, i, end) != p.restDelims {
				return 0, false
			}
		}
	}
	if end > limit || sums.total > math.MaxInt64-n {
		return 0, false
	}
	sums.add(key, n)
	if w.months.naive {
		sums.addNaive(w.months.midnight)
	}
	if p.tails && !w.tailsFull {
		if w.tails.n >= maxRawCells {
			w.tailsFull = true
		} else {
			// The period cell has no delimiter: the tail starts after the
			// first.
			j := w.marks.fieldEnd(start) + 1
			w.tails.store(data[j:j+cellLen(data, j, end)], key&^(1<<monthBits-1))
		}
	}
	return end + 1, true
}

// tailLine reads a line whose tail, the cells after the period, is in the
// tails cache: the period and one lookup. It returns the start of the next
// line, or false for the lane of a line read cell by cell (line).
func (w *fastWorker) tailLine(data []byte, start, limit int, sums *blockSums) (int, bool) {
	w.months.naive = false
	m, k, ok := w.months.month(data[start:], w.p.delim)
	j := start + k
	if !ok || j >= len(data) || data[j] != w.p.delim {
		return 0, false
	}
	j++
	end := w.marks.lineEnd(j)
	if end > limit || sums.total == math.MaxInt64 {
		return 0, false
	}
	part, ok := w.tails.lookup(data[j:], cellLen(data, j, end))
	if !ok {
		return 0, false
	}
	sums.add(part|fastKey(m), 1)
	if w.months.naive {
		sums.addNaive(w.months.midnight)
	}
	return end + 1, true
}

// cellEnd tells whether a cell that ends before data[j] ends there, and
// returns where its delimiter or line break is: the last field of the line
// ends at the line break (after a carriage return, which csv drops) or at
// the end of data, any other at a delimiter.
func (p *fastPlan) cellEnd(data []byte, j int, last bool) (int, bool) {
	if !last {
		return j, j < len(data) && data[j] == p.delim
	}
	switch {
	case j == len(data) || data[j] == '\n':
		return j, true
	case data[j] == '\r' && (j+1 == len(data) || data[j+1] == '\n'):
		return j + 1, true
	}
	return j, false
}

// Words of bytes, for the checks eight bytes at a time.
const (
	ones     = 0x0101010101010101
	lowBits  = 0x7f7f7f7f7f7f7f7f
	highBits = 0x8080808080808080
)

// cellLen is the length of cellAt(data, i, e).
func cellLen(data []byte, i, e int) int {
	if e > i && data[e-1] == '\r' && (e == len(data) || data[e] == '\n') {
		return e - i - 1
	}
	return e - i
}

// cellAt is the cell data[i:e] as csv reads it: at the end of a line, a
// carriage return before the line break is dropped.
func cellAt(data []byte, i, e int) []byte {
	cell := data[i:e]
	if n := len(cell); n > 0 && cell[n-1] == '\r' && (e == len(data) || data[e] == '\n') {
		cell = cell[:n-1]
	}
	return cell
}

// slowLine reads the line that starts at data[start] as the general reader
// does: it returns the start of the next line and where the line ends, or
// false when the general reader must read it (a value it refuses, a quote
// or a byte beyond ASCII of an undecided decoder in the line, a value the
// sums cannot key, a sum that would overflow).
func (w *fastWorker) slowLine(data []byte, start, limit int, sums *blockSums) (next, end int, ok bool) {
	p := w.p
	end = w.marks.lineEnd(start)
	next = min(end+1, len(data))
	if end > limit {
		return next, end, false
	}
	line := data[start:end]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if len(line) == 0 {
		return next, end, true // an empty line is no record
	}
	rec := w.rec[:0]
	for {
		i := bytes.IndexByte(line, p.delim)
		if i < 0 {
			rec = append(rec, string(line))
			break
		}
		rec = append(rec, string(line[:i]))
		line = line[i+1:]
	}
	w.rec = rec
	if blank(rec) {
		return next, end, true
	}
	if w.cols.fit(rec, rune(p.delim)) != nil || w.cols.parse(rec, p.country, p.bucketer, &w.row) != nil {
		return next, end, false
	}
	for _, i := range p.watched {
		if i < len(rec) && strings.TrimSpace(rec[i]) != "" {
			return next, end, false // a value for the checks of the first rows to decide on
		}
	}
	r := &w.row
	country, ok := p.names.id(countryNames, r.Country)
	if !ok {
		return next, end, false
	}
	channel, ok := p.names.id(channelNames, r.Channel)
	if !ok {
		return next, end, false
	}
	category, ok := p.names.id(categoryNames, r.Category)
	if !ok {
		return next, end, false
	}
	if sums.total > math.MaxInt64-r.Count {
		return next, end, false
	}
	sums.add(makeKey(r.Month, country, channel, category, r.Score), r.Count)
	if w.cols.form == period.FormNaive {
		sums.addNaive(atMidnight(rec[w.cols.period]))
	}

	// Remember what the cells of the columns are, for the fast lane.
	c := p.cols
	if c.country != absent && c.country < len(rec) {
		cell := rec[c.country]
		if len(cell) == 2 && cell[0]-'A' < 26 && cell[1]-'A' < 26 {
			w.codes[int(cell[0]-'A')*26+int(cell[1]-'A')] = country + 1
		} else {
			w.raw[countryNames].store(bytesOf(cell), fastKey(country)<<countryShift)
		}
	}
	if c.channel != absent && c.channel < len(rec) {
		w.raw[channelNames].store(bytesOf(rec[c.channel]), fastKey(channel)<<channelShift)
	}
	if c.category != absent && c.category < len(rec) {
		w.raw[categoryNames].store(bytesOf(rec[c.category]), fastKey(category)<<categoryShift)
	}
	if c.score != absent && c.score < len(rec) && len(rec[c.score]) == 1 {
		w.scores[rec[c.score][0]] = int8(r.Score)
	}
	return next, end, true
}

// bytesOf views s as bytes, to look it up as the cells are.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// isSpace is the white space the fast path trims: space and tab, the two
// that are no control characters (values.go's controlChar). A cell that
// ends in other white space, ASCII (\v, \f, \r) or not, does not parse,
// and goes to the slow lane, whose general checks refuse the control
// characters.
func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// trimSpace trims space and tab (isSpace).
func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// text views b as a string without copying it: Bucketer.Parse,
// parseCount, controlChar and atMidnight take strings, and a copy would be
// the only allocation per row. It is safe because none keeps the string
// (their errors copy what they quote, and the fast path drops their
// errors), and b's buffer is reused only after they return.
func text(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// countWord reads the usual count cell, 1 to 7 digits, from the eight
// bytes at data[i], a word at a time: it returns the count and where the
// cell ends (as marks.fieldEnd finds it: its delimiter or line break, after
// a carriage return), or false for parseCountBytes to read it.
func countWord(data []byte, i int, delim byte) (int64, int, bool) {
	if i+8 > len(data) {
		return 0, 0, false
	}
	x := binary.LittleEndian.Uint64(data[i:]) ^ ones*'0' // a digit's byte is its value
	// The digits before the first byte that is none.
	k := bits.TrailingZeros64(notDigits(x)) >> 3
	if k == 0 || k == 8 {
		return 0, 0, false
	}
	e := i + k
	switch data[e] {
	case delim, '\n':
	case '\r':
		if e+1 < len(data) && data[e+1] != '\n' {
			return 0, 0, false
		}
		e++
	default:
		return 0, 0, false
	}
	// The digits moved to the top bytes, the first the most significant,
	// then added up in pairs, fours and eights.
	v := x << (64 - 8*k)
	v = (v*10 + v>>8) & 0x00ff00ff00ff00ff
	v = (v*100 + v>>16) & 0x0000ffff0000ffff
	v = (v*10000 + v>>32) & 0xffffffff
	return int64(v), e, true
}

// parseCountBytes is parseCount for a cell of bytes, without a detour for
// the usual plain digits.
func parseCountBytes(cell []byte) (int64, string) {
	digits := trimSpace(cell)
	if len(digits) == 0 || len(digits) > 18 { // 18 digits cannot overflow
		return parseCountSlow(cell)
	}
	n := int64(0)
	for _, c := range digits {
		if c < '0' || c > '9' {
			return parseCountSlow(cell)
		}
		n = n*10 + int64(c-'0')
	}
	return n, ""
}

// parseCountSlow is parseCount for a cell that is not plain digits; one
// with a control character is the general reader's to refuse (parseCount
// would trim a \v or \f around the digits).
func parseCountSlow(cell []byte) (int64, string) {
	if r, ok := controlChar(text(cell), false); ok {
		return 0, controlReason(r)
	}
	return parseCount(text(cell))
}
